"""How a PPTX really shows its text: sizes, fonts, spacing, colours and what lies behind them.

A run's look comes from the first of these that says: the run itself; the paragraph's level in
the shape's own list style; the same placeholder on the layout, then on the master; the master's
text styles (title, body or other); the presentation's default text style. Colours named by theme
slot (tx1, bg1, accent1 …) go through the colour map to the theme's colour scheme. Only the XML
is read (python-pptx's element tree), so the deck writer and `facilitation check` agree.
"""

from __future__ import annotations

import colorsys
from dataclasses import dataclass

from lxml import etree
from pptx.opc.constants import RELATIONSHIP_TYPE as RT

from facilitation.writers.pptx.fit import Box, Para, Span

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
EMU_PER_PT = 12700
DEFAULT_SIZE = 18.0  # PowerPoint's size when nothing says otherwise
TITLE_KINDS = ("title", "ctrTitle")
BODY_KINDS = ("body", "obj", "subTitle")
PRESET_COLOURS = {"black": "#000000", "white": "#FFFFFF", "red": "#FF0000", "green": "#008000",
                  "blue": "#0000FF", "yellow": "#FFFF00", "gray": "#808080", "grey": "#808080"}
# Medium Style 2 – Accent 1, python-pptx's (and PowerPoint's) default table style: its parts are
# not written into the file, so the colours it gives are known here.
MEDIUM_STYLE_2_ACCENT_1 = "{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}"


def _pt(emu: str | int | None) -> float | None:
    return None if emu is None else int(emu) / EMU_PER_PT


def _flag(value: str | None) -> bool | None:
    return None if value is None else value in ("1", "true", "on")


_NV_PR, _PH = f"{P}nvPr", f"{P}ph"


def placeholder(shape) -> etree._Element | None:
    """The <p:ph> element of a shape, or None when it is not a placeholder: `./*/p:nvPr/p:ph`,
    walked by hand (a path query costs more than the rest of the fit step's lookups together)."""
    for child in shape:
        nv_pr = child.find(_NV_PR)
        if nv_pr is not None:
            ph = nv_pr.find(_PH)
            if ph is not None:
                return ph
    return None


def _kind(ph) -> str:
    return ph.get("type", "obj")


# ---- colours ---------------------------------------------------------------------------------------


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(min(max(c, 0.0), 1.0) * 255):02X}" for c in rgb)


def _rgb(colour: str) -> tuple[float, float, float]:
    value = colour.lstrip("#")
    return tuple(int(value[i:i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def tint(colour: str, amount: float) -> str:
    """DrawingML's tint: `amount` of the colour, the rest white (tint 40 % is a pale shade)."""
    return _hex(tuple(c * amount + (1 - amount) for c in _rgb(colour)))


def _modify(colour: str, node) -> str:
    """Apply DrawingML's colour transforms (lumMod, lumOff, tint, shade) that themes commonly use."""
    r, g, b = _rgb(colour)
    for child in node:
        name, value = etree.QName(child).localname, int(child.get("val", "100000")) / 100000
        if name in ("lumMod", "lumOff"):
            h, l, s = colorsys.rgb_to_hls(r, g, b)
            l = l * value if name == "lumMod" else l + value
            r, g, b = colorsys.hls_to_rgb(h, min(max(l, 0.0), 1.0), s)
        elif name == "tint":  # towards white
            r, g, b = (c * value + (1 - value) for c in (r, g, b))
        elif name == "shade":  # towards black
            r, g, b = (c * value for c in (r, g, b))
    return _hex((r, g, b))


class Theme:
    """A master's colour scheme, colour map and fonts."""

    def __init__(self, master):
        self.master = master
        theme = etree.fromstring(master.part.part_related_by(RT.THEME).blob)
        self.scheme: dict[str, str] = {}
        scheme = theme.find(f".//{A}clrScheme")
        for slot in scheme if scheme is not None else ():
            value = slot[0] if len(slot) else None
            if value is None:
                continue
            colour = value.get("val") if etree.QName(value).localname == "srgbClr" else value.get("lastClr")
            if colour:
                self.scheme[etree.QName(slot).localname] = "#" + colour.upper()
        self.fonts = {}
        for kind, key in (("majorFont", "+mj-lt"), ("minorFont", "+mn-lt")):
            latin = theme.find(f".//{A}{kind}/{A}latin")
            self.fonts[key] = latin.get("typeface") if latin is not None else "Arial"
        clr_map = master._element.find(f"{P}clrMap")
        self.colour_map = dict(clr_map.attrib) if clr_map is not None else {}

    def font(self, typeface: str | None) -> str:
        if not typeface:
            return self.fonts["+mn-lt"]
        return self.fonts.get(typeface, typeface)

    def slot(self, name: str, colour_map: dict[str, str] | None = None) -> str | None:
        """A theme colour by its slot name (bg1, tx1, accent1 …) through the colour map."""
        mapping = colour_map or self.colour_map
        return self.scheme.get(mapping.get(name, name))

    def colour(self, fill, colour_map: dict[str, str] | None = None, placeholder_colour: str | None = None) -> str | None:
        """The colour of a fill element (solidFill, or a colour element itself), as #RRGGBB."""
        if fill is None:
            return None
        node = fill if etree.QName(fill).localname != "solidFill" else (fill[0] if len(fill) else None)
        if node is None:
            return None
        name = etree.QName(node).localname
        if name == "srgbClr":
            base = "#" + node.get("val", "000000").upper()
        elif name == "sysClr":
            base = "#" + node.get("lastClr", "000000").upper()
        elif name == "prstClr":
            base = PRESET_COLOURS.get(node.get("val", ""), None)
        elif name == "schemeClr":
            slot = node.get("val")
            if slot == "phClr":
                base = placeholder_colour
            else:
                mapping = colour_map or self.colour_map
                base = self.scheme.get(mapping.get(slot, slot))
        elif name == "scrgbClr":
            base = _hex(tuple(int(node.get(k, "0")) / 100000 for k in ("r", "g", "b")))
        else:
            base = None
        return _modify(base, node) if base else None


# ---- looks ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ShapeText:
    """A shape's text as it shows: paragraphs (with colours), the box it has, and what is behind it."""

    paras: tuple[Para, ...]
    box: Box | None  # None when the shape's position is unknown (inside a group)
    top: float | None  # points from the slide's top
    grows: bool  # the box grows to fit its text (spAutoFit)
    background: str | None  # the colour behind the text, None when unknown (a picture)
    font_scale: float  # PowerPoint's stored shrink-on-overflow scale (1.0 when none)


class DeckStyle:
    """Resolves the effective look of text on the slides (and layouts) of one presentation."""

    def __init__(self, prs):
        self.prs = prs
        self.default_text = prs.part._element.find(f"{P}defaultTextStyle")
        self._themes: dict[int, Theme] = {}
        self._parents: dict[int, list] = {}  # by the sheet's part: python-pptx looks parents up slowly
        self._inherited: dict[tuple, list] = {}
        # layouts and masters do not change while slides are drawn or checked: what a paragraph
        # inherits from them, and how a layout's own paragraphs look, are found once
        self._level_styles: dict[tuple, list] = {}
        self._layout_looks: dict[tuple, Para] = {}
        self._paragraph_looks: dict[tuple, _Look] = {}
        self._inheritance_keys: dict[int, tuple] = {}

    @property
    def slide_height(self) -> float:
        return self.prs.slide_height / EMU_PER_PT

    def theme(self, master) -> Theme:
        key = id(master.part)
        if key not in self._themes:
            self._themes[key] = Theme(master)
        return self._themes[key]

    # ---- the sheets behind a sheet: slide -> layout -> master ----------------------------------------

    def parents(self, sheet) -> list:
        key = id(sheet.part)
        if key not in self._parents:
            chain = []
            if hasattr(sheet, "slide_layout"):
                chain.append(sheet.slide_layout)
                sheet = sheet.slide_layout
            if hasattr(sheet, "slide_master"):
                chain.append(sheet.slide_master)
            self._parents[key] = chain
        return self._parents[key]

    def inheritance_key(self, sheet) -> tuple:
        """What a sheet's placeholders inherit from, as a key: its layout and master (slides made
        from one layout share what they inherit, so it is looked up once per layout, not per slide)."""
        key = id(sheet.part)
        if key not in self._inheritance_keys:
            self._inheritance_keys[key] = tuple(id(parent.part) for parent in self.parents(sheet))
        return self._inheritance_keys[key]

    def master_of(self, sheet):
        return ([sheet] + self.parents(sheet))[-1]

    def colour_map(self, sheet) -> dict[str, str]:
        for each in [sheet] + self.parents(sheet):
            override = each._element.find(f"{P}clrMapOvr/{A}overrideClrMapping")
            if override is not None:
                return dict(override.attrib)
        return self.theme(self.master_of(sheet)).colour_map

    def inherited(self, sheet, shape) -> list:
        """The shape, then the placeholder it inherits from on the layout, then on the master."""
        ph = placeholder(shape)
        if ph is None:
            return [shape]
        key = (self.inheritance_key(sheet), _kind(ph), ph.get("idx", "0"))
        if key not in self._inherited:
            found = []
            for parent in self.parents(sheet):
                match = self.matching(parent, ph, is_master=not hasattr(parent, "slide_master"))
                if match is not None:
                    found.append(match)
                    ph = placeholder(match)
            self._inherited[key] = found
        return [shape] + self._inherited[key]

    @staticmethod
    def matching(parent, ph, is_master: bool):
        """The placeholder on a layout (by idx, then type) or master (by type) that `ph` inherits from."""
        kind, idx = _kind(ph), ph.get("idx", "0")
        candidates = [sp for sp in parent._element.iter(f"{P}sp") if placeholder(sp) is not None]
        if not is_master and idx != "0":
            for sp in candidates:
                if placeholder(sp).get("idx", "0") == idx:
                    return sp
        if kind in TITLE_KINDS:
            wanted = ("title",) if is_master else TITLE_KINDS
        else:
            wanted = ("body",) if is_master and kind in BODY_KINDS else (kind,)
        for sp in candidates:
            if _kind(placeholder(sp)) in wanted:
                return sp
        return None

    def text_style(self, sheet, shape):
        """The master's text style for this shape: title, body, or other."""
        master = self.master_of(sheet)
        styles = master._element.find(f"{P}txStyles")
        ph = placeholder(shape)
        if ph is None:
            return None
        name = "titleStyle" if _kind(ph) in TITLE_KINDS else "bodyStyle" if _kind(ph) in BODY_KINDS else "otherStyle"
        return styles.find(f"{P}{name}") if styles is not None else None

    def level_styles(self, sheet, shape, level: int) -> list:
        """The lvlNpPr elements that apply to a paragraph at this level, most specific first:
        the shape's own list style, then what it inherits (looked up once per placeholder)."""
        tag = f"{A}lvl{level + 1}pPr"
        own = shape.find(f"./{P}txBody/{A}lstStyle/{tag}")
        ph = placeholder(shape)
        key = (self.inheritance_key(sheet), _kind(ph), ph.get("idx", "0"), level) if ph is not None else None
        if key is None or key not in self._level_styles:
            found = []
            for sp in self.inherited(sheet, shape)[1:]:
                node = sp.find(f"./{P}txBody/{A}lstStyle/{tag}")
                if node is not None:
                    found.append(node)
            style = self.text_style(sheet, shape)
            source = style if style is not None else self.default_text
            node = source.find(tag) if source is not None else None
            if node is not None:
                found.append(node)
            if key is None:
                return ([own] if own is not None else []) + found
            self._level_styles[key] = found
        return ([own] if own is not None else []) + self._level_styles[key]

    def body_properties(self, sheet, shape) -> list:
        return [node for sp in self.inherited(sheet, shape) if (node := sp.find(f"./{P}txBody/{A}bodyPr")) is not None]

    def position(self, sheet, shape) -> tuple[float, float, float, float] | None:
        """(left, top, width, height) in points, from the shape or what it inherits."""
        emu = self.position_emu(sheet, shape)
        return None if emu is None else tuple(_pt(value) for value in emu)  # type: ignore[return-value]

    def position_emu(self, sheet, shape) -> tuple[int, int, int, int] | None:
        """(left, top, width, height) in EMU, as python-pptx's shape.left … give them."""
        for sp in self.inherited(sheet, shape):
            xfrm = sp.find(f"./{P}spPr/{A}xfrm")
            if xfrm is None:
                xfrm = sp.find(f"./{P}xfrm")  # a graphic frame
            if xfrm is not None and xfrm.find(f"{A}off") is not None and xfrm.find(f"{A}ext") is not None:
                off, ext = xfrm.find(f"{A}off"), xfrm.find(f"{A}ext")
                return (int(off.get("x")), int(off.get("y")), int(ext.get("cx")), int(ext.get("cy")))
        return None

    # ---- fills and backgrounds ---------------------------------------------------------------------------

    def shape_fill(self, sheet, shape) -> tuple[bool, str | None]:
        """(has a fill, its colour). A shape with no fill of its own shows what is behind it."""
        theme, colour_map = self.theme(self.master_of(sheet)), self.colour_map(sheet)
        for sp in self.inherited(sheet, shape):
            properties = sp.find(f"./{P}spPr")
            if properties is None:
                continue
            if properties.find(f"{A}noFill") is not None:
                return False, None
            solid = properties.find(f"{A}solidFill")
            if solid is not None:
                return True, theme.colour(solid, colour_map)
            gradient = properties.find(f"{A}gradFill/{A}gsLst/{A}gs")
            if gradient is not None and len(gradient):
                return True, theme.colour(gradient[0], colour_map)
            if properties.find(f"{A}blipFill") is not None or properties.find(f"{A}pattFill") is not None:
                return True, None
        reference = shape.find(f"./{P}style/{A}fillRef")
        if reference is not None and reference.get("idx", "0") != "0" and len(reference):
            return True, theme.colour(reference[0], colour_map)
        return False, None

    def background(self, sheet) -> str | None:
        """The slide's background colour, from the slide, its layout or its master."""
        theme = self.theme(self.master_of(sheet))
        colour_map = self.colour_map(sheet)
        for each in [sheet] + self.parents(sheet):
            bg = each._element.find(f"{P}cSld/{P}bg")
            if bg is None:
                continue
            properties = bg.find(f"{P}bgPr")
            if properties is not None:
                solid = properties.find(f"{A}solidFill")
                if solid is not None:
                    return theme.colour(solid, colour_map)
                gradient = properties.find(f"{A}gradFill/{A}gsLst/{A}gs")
                if gradient is not None and len(gradient):
                    return theme.colour(gradient[0], colour_map)
                return None  # a picture or pattern: unknown
            reference = bg.find(f"{P}bgRef")
            if reference is not None and len(reference):
                return theme.colour(reference[0], colour_map)
        return theme.slot("bg1", colour_map)

    def behind(self, sheet, shape, tree_shapes: list) -> str | None:
        """The colour behind a shape's text: its own fill, else the topmost filled shape under its
        centre that comes before it, else the slide's background."""
        filled, colour = self.shape_fill(sheet, shape)
        if filled:
            return colour
        where = self.position(sheet, shape)
        if where is not None:
            cx, cy = where[0] + where[2] / 2, where[1] + where[3] / 2
            index = tree_shapes.index(shape) if shape in tree_shapes else len(tree_shapes)
            for other in reversed(tree_shapes[:index]):
                box = self.position(sheet, other)
                if box is None or not (box[0] <= cx <= box[0] + box[2] and box[1] <= cy <= box[1] + box[3]):
                    continue
                if etree.QName(other).localname == "pic":
                    return None
                filled, colour = self.shape_fill(sheet, other)
                if filled:
                    return colour
        return self.background(sheet)

    # ---- text ---------------------------------------------------------------------------------------------

    def paragraphs(self, sheet, shape, body=None, scale: float = 1.0, default_colour: str | None = None,
                   default_bold: bool = False) -> tuple[Para, ...]:
        """Every paragraph of a shape's text body (or of `body`, a table cell's) with effective looks.

        `scale` is auto-fit's stored font scale; `default_colour` and `default_bold` are a table
        style's, which outrank the master's and the presentation's text styles."""
        own_body = shape.find(f"./{P}txBody")
        body = body if body is not None else own_body
        if body is None:
            return ()
        theme, colour_map = self.theme(self.master_of(sheet)), self.colour_map(sheet)
        font_ref = shape.find(f"./{P}style/{A}fontRef")
        shape_colour = theme.colour(font_ref[0], colour_map) if font_ref is not None and len(font_ref) else None
        fallback = default_colour or shape_colour or theme.slot("tx1", colour_map)
        autofit = own_body.find(f"{A}bodyPr/{A}normAutofit") if own_body is not None else None
        reduction = int(autofit.get("lnSpcReduction", "0")) / 100000 if autofit is not None and body is own_body else 0
        paras = []
        ph = placeholder(shape)
        looks = (tuple(colour_map.items()), fallback, default_colour, default_bold,
                 (self.inheritance_key(sheet), _kind(ph), ph.get("idx", "0")) if ph is not None else None)
        for p in body.findall(f"{A}p"):
            ppr = p.find(f"{A}pPr")
            level = int(ppr.get("lvl", "0")) if ppr is not None else 0
            own = [ppr] if ppr is not None else []
            if body is not own_body:  # a table cell's own list style
                own += [node for node in [body.find(f"{A}lstStyle/{A}lvl{level + 1}pPr")] if node is not None]
            look = self._paragraph_look(sheet, shape, level, own, theme, colour_map, looks)
            spans = tuple(_span(node, look.run, theme, colour_map, scale) for node in p
                          if etree.QName(node).localname in ("r", "fld", "br"))
            end = p.find(f"{A}endParaRPr")
            empty_size = int(end.get("sz")) / 100 if end is not None and end.get("sz") else look.run.size
            size = max((span.size for span in spans if span.text.strip()), default=empty_size * scale)
            paras.append(Para(spans, margin=look.margin, indent=look.indent,
                              space_before=_spacing(look.before, size), space_after=_spacing(look.after, size),
                              line_spacing=look.line_factor * (1 - reduction), exact_line=look.exact_line,
                              empty_size=empty_size * scale))
        return tuple(paras)

    def _paragraph_look(self, sheet, shape, level: int, own: list, theme: Theme, colour_map, looks: tuple) -> "_Look":
        """How a paragraph at `level` looks before its runs say more: found once for each look of
        its own properties, list style and what it inherits (a deck's paragraphs share a few)."""
        inherited = self.level_styles(sheet, shape, level)
        key = None
        if looks[-1] is not None:  # what it inherits is known by its placeholder; what it says itself, by its XML
            key = (level, looks, tuple(etree.tostring(node) for node in own),
                   etree.tostring(inherited[0]) if inherited and inherited[0].getparent().getparent().getparent() is shape
                   else None)
            if key in self._paragraph_looks:
                return self._paragraph_looks[key]
        fallback, default_colour, default_bold = looks[1:4]
        levels = _Levels(own + inherited, own if default_colour else own + inherited)
        spacing = levels.child(f"{A}lnSpc")
        look = _Look(levels.run_look(theme, colour_map, fallback, default_bold), _pt(levels.value("marL")) or 0.0,
                     _pt(levels.value("indent")) or 0.0, _space(levels.child(f"{A}spcBef")),
                     _space(levels.child(f"{A}spcAft")), _line_factor(spacing), _exact_line(spacing))
        if key is not None:
            self._paragraph_looks[key] = look
        return look

    def shape_text(self, sheet, shape, tree_shapes: list | None) -> ShapeText:
        """The shape's text as it shows. `tree_shapes`: the shapes drawn before it, to find what is
        behind it; None when only its fit is asked (the writer's), so no background is looked for."""
        bodies = self.body_properties(sheet, shape)

        def body_value(attribute: str, default: str) -> str:
            for node in bodies:
                if node.get(attribute) is not None:
                    return node.get(attribute)
            return default

        own = bodies[0] if bodies and bodies[0].getparent().getparent() is shape else None
        autofit = own.find(f"{A}normAutofit") if own is not None else None
        scale = int(autofit.get("fontScale", "100000")) / 100000 if autofit is not None else 1.0
        grows = own is not None and own.find(f"{A}spAutoFit") is not None
        where = self.position(sheet, shape)
        box = None
        if where is not None:
            box = Box(where[2], where[3], left=_pt(body_value("lIns", "91440")), top=_pt(body_value("tIns", "45720")),
                      right=_pt(body_value("rIns", "91440")), bottom=_pt(body_value("bIns", "45720")),
                      wrap=body_value("wrap", "square") != "none")
        return ShapeText(self.paragraphs(sheet, shape, scale=scale), box, where[1] if where else None, grows,
                         None if tree_shapes is None else self.behind(sheet, shape, tree_shapes), scale)

    def layout_paragraph_look(self, layout, idx: int, level: int) -> Para:
        """How a paragraph at `level` looks in the layout's placeholder `idx` (for the writer's split)."""
        key = (id(layout.part), idx, level)
        if key not in self._layout_looks:
            shape = self.layout_placeholder(layout, idx)
            probe = etree.fromstring(f'<a:txBody xmlns:a="{A[1:-1]}"><a:p><a:pPr lvl="{level}"/><a:r><a:t>x</a:t>'
                                     f'</a:r></a:p></a:txBody>')
            self._layout_looks[key] = self.paragraphs(layout, shape, body=probe)[0]
        return self._layout_looks[key]

    def layout_placeholder(self, layout, idx: int):
        for sp in layout._element.iter(f"{P}sp"):
            ph = placeholder(sp)
            if ph is not None and int(ph.get("idx", "0")) == idx:
                return sp
        raise KeyError(idx)

    def layout_box(self, layout, idx: int) -> Box:
        shape = self.layout_placeholder(layout, idx)
        return self.shape_text(layout, shape, None).box



class _Levels:
    """The paragraph-level styles that apply to one paragraph, most specific first."""

    def __init__(self, nodes: list, colour_nodes: list):
        self.nodes, self.colour_nodes = nodes, colour_nodes

    def value(self, attribute: str, run: bool = False) -> str | None:
        for node in self.nodes:
            target = node.find(f"{A}defRPr") if run else node
            if target is not None and target.get(attribute) is not None:
                return target.get(attribute)
        return None

    def child(self, path: str, nodes: list | None = None):
        for node in self.nodes if nodes is None else nodes:
            found = node.find(path)
            if found is not None:
                return found
        return None

    def run_look(self, theme: Theme, colour_map, fallback: str | None, default_bold: bool) -> Span:
        """A run's look when the run itself says nothing (its text left empty)."""
        fill = self.child(f"{A}defRPr/{A}solidFill", self.colour_nodes)
        latin = self.child(f"{A}defRPr/{A}latin")
        bold = _flag(self.value("b", run=True))
        return Span("", int(self.value("sz", run=True) or DEFAULT_SIZE * 100) / 100,
                    default_bold if bold is None else bold, bool(_flag(self.value("i", run=True))),
                    theme.font(latin.get("typeface") if latin is not None else None),
                    theme.colour(fill, colour_map) if fill is not None else fallback)


def _span(node, look: Span, theme: Theme, colour_map, scale: float) -> Span:
    """One run (or field, or line break) with what it sets itself over the paragraph's look."""
    if etree.QName(node).localname == "br":
        return Span("\n", look.size * scale, look.bold, look.italic, look.font, look.colour)
    rpr = node.find(f"{A}rPr")
    if rpr is None:
        rpr = etree.Element(f"{A}rPr")
    latin, fill = rpr.find(f"{A}latin"), rpr.find(f"{A}solidFill")
    text = node.find(f"{A}t")
    return Span("".join(text.itertext()) if text is not None else "",
                (int(rpr.get("sz")) / 100 if rpr.get("sz") else look.size) * scale,
                _flag(rpr.get("b")) if rpr.get("b") is not None else look.bold,
                _flag(rpr.get("i")) if rpr.get("i") is not None else look.italic,
                theme.font(latin.get("typeface")) if latin is not None else look.font,
                theme.colour(fill, colour_map) if fill is not None else look.colour)


@dataclass(frozen=True)
class _Look:
    """A paragraph's look from its levels' styles: its runs' default look, indents, spacing."""

    run: Span
    margin: float
    indent: float
    before: tuple[str, int] | None  # ("points" | "percent", val), read by _spacing
    after: tuple[str, int] | None
    line_factor: float
    exact_line: float | None


def _space(node) -> tuple[str, int] | None:
    """A spacing element (spcBef, spcAft) as what `_spacing` needs of it."""
    if node is None:
        return None
    percent, points = node.find(f"{A}spcPct"), node.find(f"{A}spcPts")
    if points is not None:
        return "points", int(points.get("val", "0"))
    if percent is not None:
        return "percent", int(percent.get("val", "0"))
    return None


def _spacing(space: tuple[str, int] | None, size: float) -> float:
    if space is None:
        return 0.0
    kind, value = space
    return value / 100 if kind == "points" else value / 100000 * size * 1.2


def _line_factor(node) -> float:
    percent = node.find(f"{A}spcPct") if node is not None else None
    return int(percent.get("val", "100000")) / 100000 if percent is not None else 1.0


def _exact_line(node) -> float | None:
    points = node.find(f"{A}spcPts") if node is not None else None
    return int(points.get("val", "0")) / 100 if points is not None else None

