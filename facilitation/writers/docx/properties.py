"""Custom document properties in a Word document, as JSON: how a form the toolkit made describes
itself so a filled copy can be read back. The XML is handled in writers/ooxml/custom_properties."""

from __future__ import annotations

from docx.opc.packuri import PackURI
from docx.opc.part import Part

from facilitation.writers.ooxml.custom_properties import (CUSTOM_PROPERTIES_REL, CUSTOM_PROPERTIES_TYPE, EMPTY,
                                                          PART_NAME, from_json, property_text, to_json,
                                                          with_property)


def _custom_part(doc, create: bool):
    package = doc.part.package
    for rel in package.rels.values():
        if rel.reltype == CUSTOM_PROPERTIES_REL and not rel.is_external:
            return rel.target_part
    if not create:
        return None
    part = Part(PackURI(PART_NAME), CUSTOM_PROPERTIES_TYPE, EMPTY, package)
    package.relate_to(part, CUSTOM_PROPERTIES_REL)
    return part


def set_json_property(doc, name: str, value) -> None:
    part = _custom_part(doc, create=True)
    part._blob = with_property(part.blob, name, to_json(value))


def json_property(doc, name: str):
    """The property's value, or None when it is missing or not JSON (an editor may have changed it)."""
    part = _custom_part(doc, create=False)
    return None if part is None else from_json(property_text(part.blob, name))
