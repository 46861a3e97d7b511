"""Slide layouts made at build time, and custom document properties: the PresentationML details.

A layout placeholder's own text is the prompt PowerPoint shows in a slide's empty placeholder
("Click to add text" is exactly that); `hasCustomPrompt` tells the editor the text is ours.
Slides made from these layouts, by us or later by the charity, inherit the prompts, positions
and styles, so every editor keeps them editable and re-themable.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape

from lxml import etree
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import Part
from pptx.opc.packuri import PackURI
from pptx.oxml.ns import qn
from pptx.oxml.shapes.picture import CT_Picture
from pptx.parts.slide import SlideLayoutPart
from pptx.util import Emu

from facilitation.writers.ooxml.custom_properties import (CUSTOM_PROPERTIES_REL, CUSTOM_PROPERTIES_TYPE, EMPTY,
                                                          PART_NAME, from_json, property_text, to_json,
                                                          with_property)

NS = ('xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
      'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"')
PH_TYPES = {"title": ' type="title"', "ctrTitle": ' type="ctrTitle"', "subTitle": ' type="subTitle"',
            "body": ' type="body"', "table": ' type="tbl"'}


@dataclass(frozen=True)
class Placeholder:
    """One placeholder on a layout. Positions are EMU; `prompt` paragraphs show while it is empty."""

    kind: str  # title | ctrTitle | subTitle | body | table
    idx: int  # 0 for titles
    name: str
    x: int
    y: int
    w: int
    h: int
    size: int  # points, level one; lower levels step down to no less than 18
    prompt: tuple[str, ...] = ()
    bold: bool = False
    bullets: bool = True
    anchor: str = "t"  # t | ctr | b
    colour: str | None = None  # a scheme colour such as "tx2" or "bg1"


def _placeholder_xml(shape_id: int, spec: Placeholder) -> str:
    idx = f' idx="{spec.idx}"' if spec.idx else ""
    fill = f'<a:solidFill><a:schemeClr val="{spec.colour}"/></a:solidFill>' if spec.colour else ""
    weight = ' b="1"' if spec.bold else ""
    indent = "" if spec.bullets else ' marL="0" indent="0"'
    no_bullet = "" if spec.bullets else "<a:buNone/>"
    levels = "".join(f'<a:lvl{level}pPr{indent}>{no_bullet}<a:defRPr sz="{max(spec.size - 2 * (level - 1), 18) * 100}"'
                     f'{weight}>{fill}</a:defRPr></a:lvl{level}pPr>' for level in (1, 2, 3))
    paragraphs = "".join(f'<a:p><a:r><a:rPr lang="en-GB" dirty="0"/><a:t>{escape(line)}</a:t></a:r></a:p>'
                         for line in spec.prompt) or '<a:p><a:endParaRPr lang="en-GB"/></a:p>'
    return (f'<p:sp {NS}><p:nvSpPr><p:cNvPr id="{shape_id}" name="{escape(spec.name, {chr(34): "&quot;"})}"/>'
            f'<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr>'
            f'<p:nvPr><p:ph{PH_TYPES[spec.kind]}{idx} hasCustomPrompt="1"/></p:nvPr></p:nvSpPr>'
            f'<p:spPr><a:xfrm><a:off x="{spec.x}" y="{spec.y}"/><a:ext cx="{spec.w}" cy="{spec.h}"/></a:xfrm></p:spPr>'
            f'<p:txBody><a:bodyPr wrap="square" anchor="{spec.anchor}"><a:normAutofit/></a:bodyPr>'
            f'<a:lstStyle>{levels}</a:lstStyle>{paragraphs}</p:txBody></p:sp>')


def _layout_xml(name: str, placeholders: list[Placeholder], dark: bool) -> bytes:
    background = ('<p:bg><p:bgPr><a:solidFill><a:schemeClr val="tx2"/></a:solidFill><a:effectLst/></p:bgPr></p:bg>'
                  if dark else "")
    shapes = "".join(_placeholder_xml(n, spec) for n, spec in enumerate(placeholders, start=2))
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<p:sldLayout {NS} preserve="1" userDrawn="1"><p:cSld name="{escape(name, {chr(34): "&quot;"})}">'
            f'{background}<p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>'
            f'<p:grpSpPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/><a:chOff x="0" y="0"/>'
            f'<a:chExt cx="0" cy="0"/></a:xfrm></p:grpSpPr>{shapes}</p:spTree></p:cSld>'
            f'<p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>').encode("utf-8")


def add_layout(prs, name: str, placeholders: list[Placeholder], dark: bool = False):
    """A new layout on the first slide master, after the template's own; returns the SlideLayout."""
    master = prs.slide_master
    package = prs.part.package
    partname = package.next_partname("/ppt/slideLayouts/slideLayout%d.xml")
    part = SlideLayoutPart.load(partname, CT.PML_SLIDE_LAYOUT, package, _layout_xml(name, placeholders, dark))
    part.relate_to(master.part, RT.SLIDE_MASTER)
    rel_id = master.part.relate_to(part, RT.SLIDE_LAYOUT)
    layout_ids = master._element.find(qn("p:sldLayoutIdLst"))
    used = [int(node.get("id")) for node in layout_ids]
    used += [int(node.get("id")) for node in prs.part._element.iter(qn("p:sldMasterId"))]
    entry = etree.SubElement(layout_ids, qn("p:sldLayoutId"))
    entry.set("id", str(max(used) + 1))
    entry.set(qn("r:id"), rel_id)
    return part.slide_layout


def add_layout_picture(layout, image_path: str, *, right: int, bottom: int, height: int, name: str, alt: str) -> None:
    """A picture (a logo) on a layout, so every slide made from it shows it and nobody moves it by accident."""
    image_part, rel_id = layout.part.get_or_add_image_part(image_path)
    width, height = image_part.scale(None, height)
    tree = layout._element.cSld.spTree
    shape_id = max(int(node.get("id")) for node in tree.iter(qn("p:cNvPr"))) + 1
    picture = CT_Picture.new_pic(shape_id, name, alt, rel_id, Emu(right - width), Emu(bottom - height),
                                 Emu(width), Emu(height))
    tree.append(picture)


def rename(shape, name: str) -> None:
    shape._element.xpath("./*[1]/p:cNvPr")[0].set("name", name)


def describe(shape, text: str) -> None:
    """Alternative text for a shape (what a screen reader says)."""
    shape._element.xpath("./*[1]/p:cNvPr")[0].set("descr", text)


def set_row_heights(table, height: int) -> None:
    for row in table.rows:
        row.height = Emu(height)


def set_level_sizes(body, sizes: list[float]) -> None:
    """A text body's own sizes by outline level (its a:lstStyle), for text typed now or later;
    no sizes: the layout's again."""
    styles = body.find(qn("a:lstStyle"))
    if styles is None:
        styles = etree.Element(qn("a:lstStyle"))
        body.insert(1, styles)
    for child in list(styles):
        styles.remove(child)
    for level, size in enumerate(sizes, start=1):
        etree.SubElement(etree.SubElement(styles, qn(f"a:lvl{level}pPr")), qn("a:defRPr")).set("sz", str(int(size * 100)))


def set_cell_text_size(cell, size: int) -> None:
    """The size of any text in a table cell, typed now or later, in any editor."""
    set_level_sizes(cell.text_frame._txBody, [size])
    for paragraph in cell.text_frame.paragraphs:
        end = paragraph._p.get_or_add_endParaRPr()
        end.set("sz", str(size * 100))
        end.set("lang", "en-GB")


# ---- custom document properties (File > Properties > Custom) ---------------------------------------


def _custom_part(prs, create: bool):
    package = prs.part.package
    for rel in package._rels.values():
        if rel.reltype == CUSTOM_PROPERTIES_REL and not rel.is_external:
            return rel.target_part
    if not create:
        return None
    part = Part(PackURI(PART_NAME), CUSTOM_PROPERTIES_TYPE, package, EMPTY)
    package.relate_to(part, CUSTOM_PROPERTIES_REL)
    return part


def set_custom_property(prs, name: str, value: str) -> None:
    part = _custom_part(prs, create=True)
    part._blob = with_property(part.blob, name, value)


def custom_property(prs, name: str) -> str | None:
    part = _custom_part(prs, create=False)
    return None if part is None else property_text(part.blob, name)


def set_json_property(prs, name: str, value) -> None:
    set_custom_property(prs, name, to_json(value))


def json_property(prs, name: str):
    return from_json(custom_property(prs, name))


# ---- slide numbers ------------------------------------------------------------------------------

SLIDE_NUMBER_FIELD = "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}"


def add_slide_number(slide, number: int) -> bool:
    """The slide's own copy of its layout's slide-number placeholder, holding the slide-number field.

    python-pptx's add_slide leaves it out, and PowerPoint and LibreOffice show only a slide's own
    copy. The field renumbers itself when slides move; `number` is only what shows until then.
    Returns False when the layout has no slide number."""
    layout_ph = next((ph for sp in slide.slide_layout._element.iter(qn("p:sp"))
                      if (ph := sp.find(f"./{qn('p:nvSpPr')}/{qn('p:nvPr')}/{qn('p:ph')}")) is not None
                      and ph.get("type") == "sldNum"), None)
    if layout_ph is None:
        return False
    tree = slide.shapes._spTree
    shape_id = max(int(node.get("id")) for node in tree.iter(qn("p:cNvPr"))) + 1
    idx = f' idx="{layout_ph.get("idx")}"' if layout_ph.get("idx") else ""
    # the layout's own list style goes with it: LibreOffice sizes a field from the master otherwise
    styles = layout_ph.getparent().getparent().getparent().find(f"{qn('p:txBody')}/{qn('a:lstStyle')}")
    styles = etree.tostring(styles).decode() if styles is not None else "<a:lstStyle/>"
    tree.append(etree.fromstring(
        f'<p:sp {NS}><p:nvSpPr><p:cNvPr id="{shape_id}" name="Slide Number {shape_id}"/><p:cNvSpPr>'
        f'<a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph type="sldNum" sz="quarter"{idx}/></p:nvPr></p:nvSpPr>'
        f'<p:spPr/><p:txBody><a:bodyPr/>{styles}<a:p><a:fld id="{SLIDE_NUMBER_FIELD}" type="slidenum">'
        f'<a:rPr lang="en-GB"/><a:t>{number}</a:t></a:fld><a:endParaRPr lang="en-GB"/></a:p></p:txBody></p:sp>'))
    return True
