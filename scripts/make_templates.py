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

# name: (dark background?, [(kind, idx, x, y, w, h, size pt, extra)])
TITLE_TOP = ("title", 0, 0.6, 0.35, 12.1, 1.0, 32, {"anchor": "b", "bold": True})
LAYOUTS = {
    "Title Slide": (True, [("ctrTitle", 0, 0.8, 2.0, 11.7, 1.9, 40, {"anchor": "b", "bold": True}),
                           ("subTitle", 1, 0.8, 4.1, 11.7, 1.9, 24, {"anchor": "t"})]),
    "Title and Content": (False, [TITLE_TOP, ("body", 1, 0.6, 1.6, 12.1, 5.4, 26, {})]),
    "Section Header": (True, [("title", 0, 0.8, 2.2, 11.7, 1.6, 40, {"anchor": "b", "bold": True}),
                              ("text", 1, 0.8, 4.0, 11.7, 2.2, 24, {"anchor": "t", "bullets": False})]),
    "Two Content": (False, [TITLE_TOP, ("body", 1, 0.6, 1.6, 5.9, 5.4, 24, {}),
                            ("body", 2, 6.8, 1.6, 5.9, 5.4, 24, {})]),
    "Quote": (False, [TITLE_TOP, ("text", 1, 1.2, 1.8, 10.9, 3.7, 32, {"italic": True, "bullets": False, "anchor": "ctr"}),
                      ("text", 2, 1.2, 5.7, 10.9, 0.9, 20, {"align": "r", "bullets": False})]),
    "Title Only": (False, [TITLE_TOP]),
    "Closing": (True, [("title", 0, 0.8, 1.6, 11.7, 1.6, 40, {"anchor": "b", "bold": True}),
                       ("text", 1, 0.8, 3.4, 11.7, 3.2, 24, {"anchor": "t"})]),
    "Blank": (False, []),
}


def emu(inches: float) -> int:
    return int(Inches(inches))


def placeholder(shape_id: int, kind: str, idx: int, x, y, w, h, size: int, extra: dict) -> etree._Element:
    ph_type = {"ctrTitle": ' type="ctrTitle"', "title": ' type="title"', "subTitle": f' type="subTitle" idx="{idx}"',
               "text": f' type="body" idx="{idx}"', "body": f' idx="{idx}"'}[kind]
    colour = '<a:solidFill><a:schemeClr val="bg1"/></a:solidFill>' if extra.get("dark") else ""
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


def rebuild_layout(layout, name: str, dark: bool, shapes: list) -> None:
    element = layout._element
    element.cSld.set("name", name)
    tree = element.cSld.spTree
    for shape in list(tree)[2:]:
        tree.remove(shape)
    for number, (kind, idx, x, y, w, h, size, extra) in enumerate(shapes, start=2):
        tree.append(placeholder(number, kind, idx, x, y, w, h, size, {**extra, "dark": dark}))
    old_bg = element.cSld.find(qn("p:bg"))
    if old_bg is not None:
        element.cSld.remove(old_bg)
    if dark:
        bg = etree.fromstring(f'<p:bg {NS}><p:bgPr><a:solidFill><a:schemeClr val="tx2"/></a:solidFill>'
                              f"<a:effectLst/></p:bgPr></p:bg>")
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
    for layout, (name, (dark, shapes)) in zip(layouts, LAYOUTS.items()):
        rebuild_layout(layout, name, dark, shapes)
    for layout in layouts[len(LAYOUTS):]:
        prs.slide_layouts.remove(layout)
    prs.core_properties.title = "Workshop deck template"
    prs.core_properties.author = "Involvement Team"
    save(prs, TEMPLATES / "deck.pptx")


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
    doc.core_properties.title = "Facilitator guide template"
    doc.core_properties.author = "Involvement Team"
    save(doc, TEMPLATES / "guide.docx")


if __name__ == "__main__":
    TEMPLATES.mkdir(exist_ok=True)
    make_deck()
    make_guide()
    print(f"wrote {TEMPLATES / 'deck.pptx'} and {TEMPLATES / 'guide.docx'}")
