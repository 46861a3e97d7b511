"""python-pptx's slow paths, made cheap, with the same XML as a result.

A deck of 800 slides spent most of its time here, not in our own code:
- every placeholder test ran an XPath query (`ph`), tens of thousands of them per pack;
- each new slide cloned its layout's placeholders one by one, looking up a free shape id and
  name for each; slides from one layout always get the same clones, so they are made once and
  copied;
- each notes slide cloned the notes master's placeholders and walked the whole package for a
  free part name; notes slides start the same, so one is made and copied, and they are numbered
  in the order they are made, as python-pptx names them.

Tests compare decks written this way with python-pptx's own, byte for byte.
"""

from __future__ import annotations

import io
import zipfile
from copy import deepcopy
from typing import Mapping

from lxml import etree
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.packuri import PackURI
from pptx.oxml.ns import qn
from pptx.oxml.shapes.shared import BaseShapeElement
from pptx.opc.serialized import PackageWriter
from pptx.parts.slide import NotesSlidePart

from facilitation.writers.ooxml import Members

_NV_PR, _PH = qn("p:nvPr"), qn("p:ph")


def _ph(self):
    """The `p:ph` of a shape (under its first child's `p:nvPr`), or None: XPath's
    `./*[1]/p:nvPr/p:ph`, found with lxml's much quicker `find`."""
    for child in self:
        if isinstance(child.tag, str):  # the first element; comments and PIs are not
            nv_pr = child.find(_NV_PR)
            return nv_pr.find(_PH) if nv_pr is not None else None
    return None


BaseShapeElement.ph = property(_ph)


MIN_SLIDE_ID, MAX_SLIDE_ID = 256, 2147483647


def _add_slide_id(slide_ids, rel_id: str) -> None:
    """slide_ids.add_sldId(rel_id): the next id after the largest, found without an XPath query."""
    next_id = max([MIN_SLIDE_ID - 1] + [int(entry.get("id")) for entry in slide_ids]) + 1
    if next_id > MAX_SLIDE_ID:  # python-pptx looks for a free id lower down
        slide_ids.add_sldId(rel_id)
    else:
        slide_ids._add_sldId(id=next_id, rId=rel_id)


class SlideFactory:
    """New slides and notes slides for one presentation, copied from the first of each kind."""

    def __init__(self, prs, clones: dict[bytes, list] | None = None):
        self.prs = prs
        self._placeholders: dict[int, list] = {}  # by layout part: the cloned placeholder shapes
        # by the layout's XML: the same clones for every deck drawn from one template in this process
        self._clones = clones if clones is not None else {}
        self._notes = None  # a fresh notes slide's XML, before any text
        self._notes_count = 0

    def add_slide(self, layout):
        """prs.slides.add_slide(layout), with its placeholders copied from the layout's first slide."""
        slides = self.prs.slides
        key = id(layout.part)
        if key not in self._placeholders:
            xml = etree.tostring(layout._element)
            if xml not in self._clones:
                slide = slides.add_slide(layout)
                tree = slide.shapes._spTree
                self._placeholders[key] = self._clones[xml] = [deepcopy(shape) for shape in tree.iter_shape_elms()]
                return slide
            self._placeholders[key] = self._clones[xml]
        rel_id, slide = self.prs.part.add_slide(layout)
        tree = slide.shapes._spTree
        for shape in self._placeholders[key]:
            tree.append(deepcopy(shape))
        _add_slide_id(slides._sldIdLst, rel_id)
        return slide

    def notes_slide(self, slide):
        """slide.notes_slide, a new one copied from the first this presentation made."""
        part = slide.part
        try:
            return part.part_related_by(RT.NOTES_SLIDE).notes_slide
        except KeyError:
            pass
        if self._notes is None:
            notes = slide.notes_slide  # python-pptx's way, once: it names the part notesSlideN
            self._notes_count = int(notes.part.partname.idx)
            self._notes = deepcopy(notes._element)
            return notes
        self._notes_count += 1
        package = part.package
        notes_part = NotesSlidePart(PackURI(f"/ppt/notesSlides/notesSlide{self._notes_count}.xml"),
                                    CT.PML_NOTES_SLIDE, package, deepcopy(self._notes))
        notes_part.relate_to(package.presentation_part.notes_master_part, RT.NOTES_MASTER)
        notes_part.relate_to(part, RT.SLIDE)
        part.relate_to(notes_part, RT.NOTES_SLIDE)
        return notes_part.notes_slide


# What drawing a deck may change in its template's own parts: the slide list and its
# relationships, the package's part list, the document properties set on saving, and the slide
# masters (the report-back adds layouts to them). Slides relate to their layouts, and notes
# slides to their master, from their own parts: the layouts, themes and pictures stay as read.
CHANGED_BY_DRAWING = frozenset(("[Content_Types].xml", "_rels/.rels", "ppt/presentation.xml",
                                "ppt/_rels/presentation.xml.rels", "docProps/core.xml"))
CHANGED_BY_DRAWING_UNDER = ("ppt/slideMasters/",)


def package_members(prs, unchanged: Mapping[str, bytes] | None = None) -> list[tuple[str, bytes]]:
    """The presentation's zip members as prs.save would write them (python-pptx 1.x's writer).

    `unchanged`: members known to be as they were read (a template's layouts, masters, themes and
    pictures, whose bytes are these); written as they are rather than serialized again."""
    package = prs.part.package
    writer, members = PackageWriter(None, package._rels, tuple(package.iter_parts())), Members()
    writer._write_content_types_stream(members)
    writer._write_pkg_rels(members)
    known = unchanged or {}
    for part in writer._parts:  # PackageWriter._write_parts, with the unchanged members as they are
        name = part.partname.membername
        members.items.append((name, known[name] if name in known else part.blob))
        if part._rels:
            rels = part.partname.rels_uri.membername
            members.items.append((rels, known[rels] if rels in known else rels_xml(part.rels)))
    return members.items


_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"


def rels_xml(rels) -> bytes:
    """rels.xml, python-pptx's serialization of a part's relationships (by number, external ones
    marked), built in one go rather than parsing a new element for each relationship."""
    def number(rel_id: str) -> int:
        return int(rel_id[3:]) if rel_id.startswith("rId") and rel_id[3:].isdigit() else 0

    root = etree.Element(f"{{{_RELATIONSHIPS}}}Relationships", nsmap={None: _RELATIONSHIPS})
    for _, rel_id in sorted((number(rel_id), rel_id) for rel_id in rels.keys()):
        rel = rels[rel_id]
        entry = etree.SubElement(root, f"{{{_RELATIONSHIPS}}}Relationship")
        entry.set("Id", rel_id)
        entry.set("Type", rel.reltype)
        entry.set("Target", rel.target_ref)
        if rel.is_external:
            entry.set("TargetMode", "External")
    return etree.tostring(root, encoding="UTF-8", standalone=True)


def unchanged_members(package: bytes) -> dict[str, bytes]:
    """A template package's members that drawing slides leaves as they are (`CHANGED_BY_DRAWING`)."""
    with zipfile.ZipFile(io.BytesIO(package)) as source:
        return {name: source.read(name) for name in source.namelist()
                if name not in CHANGED_BY_DRAWING and not name.startswith(CHANGED_BY_DRAWING_UNDER)}
