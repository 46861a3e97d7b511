"""Custom document properties (File > Properties > Custom), the same part in PowerPoint and Word:
how an output the toolkit made describes itself, so a filled copy can be read back. The engines
find or add the part in their own package; the XML inside it is handled here, once."""

from __future__ import annotations

import json

from lxml import etree

CUSTOM_PROPERTIES_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
CUSTOM_PROPERTIES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
PROPERTY_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
PART_NAME = "/docProps/custom.xml"
EMPTY = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
         f'<Properties xmlns="{CUSTOM_NS}" xmlns:vt="{VT_NS}"/>').encode()


def with_property(blob: bytes, name: str, text: str) -> bytes:
    """The part's XML with the property `name` set to `text` (replacing any earlier value)."""
    root = etree.fromstring(blob)
    for old in root.findall(f"{{{CUSTOM_NS}}}property"):
        if old.get("name") == name:
            root.remove(old)
    pids = [int(p.get("pid", "1")) for p in root.findall(f"{{{CUSTOM_NS}}}property")]
    node = etree.SubElement(root, f"{{{CUSTOM_NS}}}property")
    node.set("fmtid", PROPERTY_FMTID)
    node.set("pid", str(max(pids, default=1) + 1))
    node.set("name", name)
    etree.SubElement(node, f"{{{VT_NS}}}lpwstr").text = text
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def property_text(blob: bytes, name: str) -> str | None:
    """The property's text, or None when it is missing or the part is not XML (an editor may have changed it)."""
    try:
        root = etree.fromstring(blob)
    except etree.XMLSyntaxError:
        return None
    for node in root.findall(f"{{{CUSTOM_NS}}}property"):
        if node.get("name") == name:
            return "".join(node.itertext())
    return None


def to_json(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def from_json(text: str | None):
    """The value, or None when there is none or it is not JSON."""
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None
