"""Archival and accessible at once: PDF/A-3a and PDF/UA-1 declared together.

WeasyPrint's ``pdf/a-3a`` variant writes the tagged PDF, the sRGB output intent, the file
identifier, ``/AF`` with each attachment's ``/AFRelationship`` and XMP with ``pdfaid``; it can
declare only one standard, so this finisher step adds ``pdfuaid:part=1`` to the same XMP
packet, with the PDF/A extension schema that PDF/A requires for any property outside its
predefined schemas.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

import pydyf

from letterpipe.errors import RenderError

PDF_VARIANT = "pdf/a-3a"
PDFUA_PART = "1"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
PDFAID = "http://www.aiim.org/pdfa/ns/id/"
PDFUAID = "http://www.aiim.org/pdfua/ns/id/"
EXTENSION = "http://www.aiim.org/pdfa/ns/extension/"
SCHEMA = "http://www.aiim.org/pdfa/ns/schema#"
PROPERTY = "http://www.aiim.org/pdfa/ns/property#"
_PREFIXES = {"pdfaExtension": EXTENSION, "pdfaSchema": SCHEMA, "pdfaProperty": PROPERTY, "pdfuaid": PDFUAID}

_UA_SCHEMA = f"""<rdf:Description xmlns:rdf="{RDF}" xmlns:pdfaExtension="{EXTENSION}" xmlns:pdfaSchema="{SCHEMA}"
 xmlns:pdfaProperty="{PROPERTY}" rdf:about="">
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>{PDFUAID}</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>"""


def declare_pdfua(pdf: pydyf.PDF) -> None:
    """Add ``pdfuaid:part`` (and its extension schema) beside ``pdfaid`` in the XMP packet."""
    for prefix, uri in _PREFIXES.items():
        ET.register_namespace(prefix, uri)
    reference = pdf.catalog.get("Metadata")
    stream = pdf.objects[int(reference.split()[0])] if isinstance(reference, bytes) else None
    if stream is None:
        raise RenderError("PDF/A: WeasyPrint wrote no XMP metadata")
    packet = b"".join(item if isinstance(item, bytes) else bytes(item) for item in stream.stream)
    start, end = packet.index(b"<rdf:RDF"), packet.index(b"</rdf:RDF>") + len(b"</rdf:RDF>")
    rdf = ET.fromstring(packet[start:end])
    identification = next((d for d in rdf if d.get(f"{{{PDFAID}}}part")), None)
    if identification is None:
        raise RenderError("PDF/A: the XMP packet has no pdfaid identification")
    identification.set(f"{{{PDFUAID}}}part", PDFUA_PART)
    rdf.append(ET.fromstring(_UA_SCHEMA))
    stream.stream = [packet[:start] + ET.tostring(rdf, encoding="utf-8", xml_declaration=False) + packet[end:]]


def list_attachments_once(pdf: pydyf.PDF) -> None:
    """WeasyPrint lists each attachment twice in the catalog's ``/AF``: keep one of each."""
    files = pdf.catalog.get("AF")
    if isinstance(files, list):
        pdf.catalog["AF"] = pydyf.Array(dict.fromkeys(files))


def finisher(*steps: Any) -> Any:
    """One WeasyPrint finisher running ``steps`` (each ``step(document, pdf)``) in order."""

    def finish(document: Any, pdf: pydyf.PDF) -> None:
        for step in steps:
            step(document, pdf)

    return finish


def accessible_archive(script: str, *steps: Any) -> Any:
    """The finisher every letter PDF gets: ``steps`` first, then tags repaired, then PDF/UA declared.

    ``script`` is the page language's ISO 15924 script: text runs wholly in another script get
    their own ``/Lang`` (see :mod:`letterpipe.render.tags`).
    """
    from letterpipe.render.tags import repair_tags

    return finisher(
        *steps,
        lambda document, pdf: repair_tags(document, pdf, script),
        lambda _, pdf: declare_pdfua(pdf),
        lambda _, pdf: list_attachments_once(pdf),
    )
