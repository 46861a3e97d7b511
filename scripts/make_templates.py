"""Rebuild templates/deck.pptx and templates/guide.docx from python-pptx's and python-docx's defaults.

The generated files are committed; a designer may replace them with files made in PowerPoint or
Word, as long as the layout names (deck) and style names (guide) stay the same. The same script
makes the same bytes (fixed zip times and order, fixed document dates), so rerunning it leaves
git clean and does not make every pack look changed.

    python scripts/make_templates.py
"""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn as qn_w
from docx.shared import Cm, Pt, RGBColor
from lxml import etree
from pptx import Presentation
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches

from facilitation.writers.ooxml import normalise_zip

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
NS = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" ' \
     'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"'
WIDE = Inches(13.333)
MADE = datetime(2026, 11, 26)  # the templates' date (UTC), in their zip entries and document properties

# name: (background, [(kind, idx, x, y, w, h, size pt, extra)]). Backgrounds: "light" (white), "dark"
# (the primary colour, tx2) or "accent" (the secondary colour, accent2: section slides). A title is tall
# enough for two lines at 40 pt, so large print keeps its size; the bottom strip is for the slide
# number (left) and the charity's logo (right, added per charity by the deck writer).
TITLE_TOP = ("title", 0, 0.6, 0.2, 12.1, 1.45, 32, {"anchor": "b", "bold": True})
LAYOUTS = {
    "Title Slide": ("dark", [("ctrTitle", 0, 0.8, 2.0, 11.7, 1.9, 40, {"anchor": "b", "bold": True}),
                             ("subTitle", 1, 0.8, 4.25, 11.7, 1.9, 24, {"anchor": "t"})]),
    "Title and Content": ("light", [TITLE_TOP, ("body", 1, 0.6, 1.9, 12.1, 4.85, 26, {})]),
    "Section Header": ("accent", [("title", 0, 1.2, 2.2, 11.3, 1.6, 40, {"anchor": "b", "bold": True}),
                                  ("text", 1, 1.2, 4.15, 11.3, 2.2, 24, {"anchor": "t", "bullets": False})]),
    "Two Content": ("light", [TITLE_TOP, ("body", 1, 0.6, 1.9, 5.9, 4.85, 24, {}),
                              ("body", 2, 6.8, 1.9, 5.9, 4.85, 24, {})]),
    "Quote": ("light", [TITLE_TOP, ("text", 1, 1.2, 1.95, 10.9, 3.4, 32, {"italic": True, "bullets": False,
                                                                         "anchor": "ctr"}),
                        ("text", 2, 1.2, 5.45, 10.9, 1.25, 20, {"align": "r", "bullets": False})]),
    "Title Only": ("light", [TITLE_TOP]),
    "Closing": ("dark", [("title", 0, 0.8, 1.6, 11.7, 1.6, 40, {"anchor": "b", "bold": True}),
                         ("text", 1, 0.8, 3.45, 11.7, 3.2, 24, {"anchor": "t"})]),
    "Blank": ("light", []),
}
# Text colours by background: white on the primary; on the secondary, black (the deck writer
# switches it to white when white reads better on the charity's own secondary colour).
TEXT_ON = {"light": None, "dark": "bg1", "accent": "tx1"}
BACKGROUND = {"dark": "tx2", "accent": "accent2"}
# (x, y, w, h) inches of the accent bars in the secondary colour, by background: under the title
# (on dark slides, between the title and what follows it); the section slide's is a strip of the
# primary down its left edge.
ACCENT_BARS = {"light": (0.68, 1.72, 1.4, 0.07), "dark": (0.88, None, 1.4, 0.1), "accent": (0.0, 0.0, 0.45, 7.5)}
SLIDE_NUMBER = (0.6, 6.9, 1.6, 0.5)  # inches, bottom left


def emu(inches: float) -> int:
    return int(Inches(inches))


def placeholder(shape_id: int, kind: str, idx: int, x, y, w, h, size: int, extra: dict) -> etree._Element:
    ph_type = {"ctrTitle": ' type="ctrTitle"', "title": ' type="title"', "subTitle": f' type="subTitle" idx="{idx}"',
               "text": f' type="body" idx="{idx}"', "body": f' idx="{idx}"'}[kind]
    colour = f'<a:solidFill><a:schemeClr val="{extra["text"]}"/></a:solidFill>' if extra.get("text") else ""
    bullets = extra.get("bullets", kind == "body")
    align = f' algn="{extra["align"]}"' if "align" in extra else ""
    indent = "" if bullets else ' marL="0" indent="0"'
    no_bullet = "" if bullets else "<a:buNone/>"
    weight = (' b="1"' if extra.get("bold") else "") + (' i="1"' if extra.get("italic") else "")
    styles = "".join(
        f'<a:lvl{level}pPr{align}{indent}>{no_bullet}'
        f'<a:defRPr sz="{max(size - 4 * (level - 1), 18) * 100}"{weight}>{colour}</a:defRPr></a:lvl{level}pPr>'
        for level in (1, 2, 3))
    name = {"ctrTitle": "Title", "title": "Title", "subTitle": "Subtitle"}.get(kind, "Content")
    prompt = {"ctrTitle": "Click to add title", "title": "Click to add title",
              "subTitle": "Click to add subtitle"}.get(kind, "Click to add text")
    xml = (f'<p:sp {NS}><p:nvSpPr><p:cNvPr id="{shape_id}" name="{name} {shape_id}"/>'
           f'<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph{ph_type}/></p:nvPr></p:nvSpPr>'
           f'<p:spPr><a:xfrm><a:off x="{emu(x)}" y="{emu(y)}"/><a:ext cx="{emu(w)}" cy="{emu(h)}"/></a:xfrm></p:spPr>'
           f'<p:txBody><a:bodyPr anchor="{extra.get("anchor", "t")}"><a:normAutofit/></a:bodyPr>'
           f'<a:lstStyle>{styles}</a:lstStyle><a:p><a:r><a:rPr lang="en-GB"/><a:t>{prompt}</a:t></a:r></a:p></p:txBody></p:sp>')
    return etree.fromstring(xml)


def accent_bar(shape_id: int, background: str, title_bottom: float) -> etree._Element:
    """A decorative bar (no text, marked decorative so screen readers skip it)."""
    x, y, w, h = ACCENT_BARS[background]
    y = title_bottom + 0.1 if y is None else y
    colour = "tx2" if background == "accent" else "accent2"
    return etree.fromstring(
        f'<p:sp {NS}><p:nvSpPr><p:cNvPr id="{shape_id}" name="Accent bar"><a:extLst>'
        f'<a:ext uri="{{C183D7F6-B498-43B3-948B-1728B52AA6E4}}"><adec:decorative '
        f'xmlns:adec="http://schemas.microsoft.com/office/drawing/2017/decorative" val="1"/></a:ext></a:extLst>'
        f'</p:cNvPr><p:cNvSpPr/><p:nvPr userDrawn="1"/></p:nvSpPr><p:spPr><a:xfrm><a:off x="{emu(x)}" y="{emu(y)}"/>'
        f'<a:ext cx="{emu(w)}" cy="{emu(h)}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
        f'<a:solidFill><a:schemeClr val="{colour}"/></a:solidFill><a:ln><a:noFill/></a:ln></p:spPr></p:sp>')


def slide_number(shape_id: int, text: str | None) -> etree._Element:
    """The layout's slide-number placeholder; each slide made from the layout carries its own copy."""
    x, y, w, h = SLIDE_NUMBER
    colour = text or "tx2"
    return etree.fromstring(
        f'<p:sp {NS}><p:nvSpPr><p:cNvPr id="{shape_id}" name="Slide Number"/><p:cNvSpPr><a:spLocks noGrp="1"/>'
        f'</p:cNvSpPr><p:nvPr><p:ph type="sldNum" sz="quarter" idx="12"/></p:nvPr></p:nvSpPr><p:spPr><a:xfrm>'
        f'<a:off x="{emu(x)}" y="{emu(y)}"/><a:ext cx="{emu(w)}" cy="{emu(h)}"/></a:xfrm></p:spPr>'
        f'<p:txBody><a:bodyPr anchor="ctr"/><a:lstStyle><a:lvl1pPr algn="l"><a:defRPr sz="1800">'
        f'<a:solidFill><a:schemeClr val="{colour}"/></a:solidFill></a:defRPr></a:lvl1pPr></a:lstStyle>'
        f'<a:p><a:fld id="{{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}}" type="slidenum"><a:rPr lang="en-GB"/>'
        f'<a:t>‹#›</a:t></a:fld><a:endParaRPr lang="en-GB"/></a:p></p:txBody></p:sp>')


def rebuild_layout(layout, name: str, background: str, shapes: list) -> None:
    element = layout._element
    element.cSld.set("name", name)
    tree = element.cSld.spTree
    for shape in list(tree)[2:]:
        tree.remove(shape)
    if name != "Blank":
        title = shapes[0]
        tree.append(accent_bar(2, background, title[3] + title[5]))
    text = TEXT_ON[background]
    for number, (kind, idx, x, y, w, h, size, extra) in enumerate(shapes, start=3):
        tree.append(placeholder(number, kind, idx, x, y, w, h, size, {**extra, "text": text}))
    tree.append(slide_number(len(shapes) + 3, text))
    old_bg = element.cSld.find(qn("p:bg"))
    if old_bg is not None:
        element.cSld.remove(old_bg)
    if background in BACKGROUND:
        bg = etree.fromstring(f'<p:bg {NS}><p:bgPr><a:solidFill><a:schemeClr val="{BACKGROUND[background]}"/>'
                              f"</a:solidFill><a:effectLst/></p:bgPr></p:bg>")
        element.cSld.insert(0, bg)


def style_master(prs) -> None:
    master = prs.slide_master
    for shape in master.shapes:  # widen the master's own placeholders to 16:9
        shape.left, shape.width = Emu(int(shape.left * 4 / 3)), Emu(int(shape.width * 4 / 3))
    styles = master._element.find(qn("p:txStyles"))
    title = styles.find(qn("p:titleStyle")).find(qn("a:lvl1pPr"))
    title.set("algn", "l")
    rpr = title.find(qn("a:defRPr"))
    rpr.set("sz", "3200")
    rpr.find(qn("a:solidFill")).find(qn("a:schemeClr")).set("val", "tx2")
    body = styles.find(qn("p:bodyStyle"))
    for level, size in zip(range(1, 10), (2600, 2200, 2000, 1800, 1800, 1800, 1800, 1800, 1800)):
        body.find(qn(f"a:lvl{level}pPr")).find(qn("a:defRPr")).set("sz", str(size))


def style_theme(prs) -> None:
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    theme_part = prs.slide_master.part.part_related_by(RT.THEME)
    theme = etree.fromstring(theme_part.blob)
    a = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    theme.find(f".//{a}clrScheme").set("name", "Facilitation")
    colours = {"dk2": "1F4E79", "accent1": "1F4E79", "accent2": "F2A900"}
    for name, value in colours.items():
        slot = theme.find(f".//{a}clrScheme/{a}{name}")
        for child in list(slot):
            slot.remove(child)
        etree.SubElement(slot, f"{a}srgbClr").set("val", value)
    for font in ("majorFont", "minorFont"):
        theme.find(f".//{a}{font}/{a}latin").set("typeface", "Arial")
    theme_part._blob = etree.tostring(theme, xml_declaration=True, encoding="UTF-8", standalone=True)


def save(document, path: Path) -> None:
    """Write the same bytes for the same template; an unchanged file is not touched."""
    document.core_properties.created = document.core_properties.modified = MADE
    stream = io.BytesIO()
    document.save(stream)
    data = normalise_zip(stream.getvalue(), MADE)
    if not path.is_file() or path.read_bytes() != data:
        path.write_bytes(data)


def make_deck() -> None:
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDE, Inches(7.5)
    style_master(prs)
    style_theme(prs)
    layouts = list(prs.slide_layouts)
    for layout, (name, (background, shapes)) in zip(layouts, LAYOUTS.items()):
        rebuild_layout(layout, name, background, shapes)
    for layout in layouts[len(LAYOUTS):]:
        prs.slide_layouts.remove(layout)
    prs.core_properties.title = "Workshop deck template"
    prs.core_properties.author = "Involvement Team"
    save(prs, TEMPLATES / "deck.pptx")


TABLE_STYLES = ("Table Grid",)  # every table the writers make uses it (writers/docx/text.set_table_style)


def keep_only_the_table_styles_we_use(doc) -> None:
    """python-docx's default template carries 60 table styles (300 KB of the 350 KB styles part)
    and Word 2010's second copy of every style (stylesWithEffects, 440 KB). Every document the
    toolkit writes would parse, save and compress them; Word adds any built-in table style again
    when someone picks it, and writes its own stylesWithEffects when it saves."""
    root = doc.styles.element
    for style in root.findall(qn_w("w:style")):
        table = style.get(qn_w("w:type")) == "table"
        name = style.find(qn_w("w:name"))
        kept = style.get(qn_w("w:default")) == "1" or (name is not None and name.get(qn_w("w:val")) in TABLE_STYLES)
        if table and not kept:
            root.remove(style)
    for rel_id, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            doc.part.drop_rel(rel_id)


def make_guide() -> None:
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.0))
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name, normal.font.size = "Arial", Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    for name, size in (("Title", 28), ("Heading 1", 18), ("Heading 2", 14), ("Heading 3", 12)):
        style = styles[name]
        style.font.name, style.font.size = "Arial", Pt(size)
        style.font.color.rgb = RGBColor(0x1F, 0x4E, 0x79)
    if "Note" not in [s.name for s in styles]:
        note = styles.add_style("Note", WD_STYLE_TYPE.PARAGRAPH)
        note.base_style = normal
        note.font.size = Pt(10)
        note.font.color.rgb = RGBColor(0x40, 0x40, 0x40)
    keep_only_the_table_styles_we_use(doc)
    doc.core_properties.title = "Facilitator guide template"
    doc.core_properties.author = "Involvement Team"
    save(doc, TEMPLATES / "guide.docx")


if __name__ == "__main__":
    TEMPLATES.mkdir(exist_ok=True)
    make_deck()
    make_guide()
    print(f"wrote {TEMPLATES / 'deck.pptx'} and {TEMPLATES / 'guide.docx'}")
