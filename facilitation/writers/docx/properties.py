"""Custom document properties (File > Properties > Custom) in a Word document, as JSON: how a
form the toolkit made describes itself so a filled copy can be read back."""

from __future__ import annotations

import json

from docx.opc.packuri import PackURI
from docx.opc.part import Part
from lxml import etree

CUSTOM_PROPERTIES_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
CUSTOM_PROPERTIES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
PROPERTY_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"


def _custom_part(doc, create: bool):
    package = doc.part.package
    for rel in package.rels.values():
        if rel.reltype == CUSTOM_PROPERTIES_REL and not rel.is_external:
            return rel.target_part
    if not create:
        return None
    blob = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Properties xmlns="{CUSTOM_NS}" xmlns:vt="{VT_NS}"/>').encode()
    part = Part(PackURI("/docProps/custom.xml"), CUSTOM_PROPERTIES_TYPE, blob, package)
    package.relate_to(part, CUSTOM_PROPERTIES_REL)
    return part


def set_json_property(doc, name: str, value) -> None:
    part = _custom_part(doc, create=True)
    root = etree.fromstring(part.blob)
    for old in root.findall(f"{{{CUSTOM_NS}}}property"):
        if old.get("name") == name:
            root.remove(old)
    pids = [int(p.get("pid", "1")) for p in root.findall(f"{{{CUSTOM_NS}}}property")]
    node = etree.SubElement(root, f"{{{CUSTOM_NS}}}property")
    node.set("fmtid", PROPERTY_FMTID)
    node.set("pid", str(max(pids, default=1) + 1))
    node.set("name", name)
    etree.SubElement(node, f"{{{VT_NS}}}lpwstr").text = json.dumps(value, ensure_ascii=False, sort_keys=True,
                                                                   separators=(",", ":"))
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def json_property(doc, name: str):
    """The property's value, or None when it is missing or not JSON (an editor may have changed it)."""
    part = _custom_part(doc, create=False)
    if part is None:
        return None
    try:
        root = etree.fromstring(part.blob)
    except etree.XMLSyntaxError:
        return None
    for node in root.findall(f"{{{CUSTOM_NS}}}property"):
        if node.get("name") == name:
            try:
                return json.loads("".join(node.itertext()))
            except ValueError:
                return None
    return None
