"""DOCX reader: a Word file's body as ordered Paragraph and Table blocks.

The safety checks of ``docx_safety`` run on the zip before any XML is parsed; the main
document part is then parsed with lxml (no DTD loading, no entity resolution, no network)
and walked by ``docx_body``. The body is read directly rather than through
``docx.Document()``, which would also load styles and every other part, and refuses
files whose main part has a macro-enabled or template content type (.docm/.dotx renamed
.docx) although their body is ordinary WordprocessingML.
"""

from __future__ import annotations

from docx.oxml.ns import qn
from lxml import etree

from extractors.docx_body import body_blocks
from extractors.docx_safety import (
    DOCX_RATIO_CHECK_MIN_BYTES,
    check_xml,
    check_zip_limits,
    main_part_name,
    not_word_error,
    open_zip,
    read_member,
)
from extractors.errors import ReadError
from extractors.model import Document, assemble
from extractors.settings import ReadSettings

XML_PARSER = etree.XMLParser(
    resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False
)
PICTURE_TAGS = (qn("w:drawing"), qn("w:pict"))


def read_docx(data: bytes, source_path: str, settings: ReadSettings) -> Document:
    """The body of the Word file whose bytes are ``data``."""
    with open_zip(data) as archive:
        check_zip_limits(
            archive,
            settings.max_docx_uncompressed_bytes,
            settings.max_docx_compression_ratio,
            ratio_min_bytes=DOCX_RATIO_CHECK_MIN_BYTES,
        )
        part = main_part_name(archive)
        xml = read_member(archive, part)
        names = archive.namelist()
    check_xml(xml, part)
    root = _parse(xml, part)
    if root.tag != qn("w:document"):
        raise not_word_error(names, f"{part} is not a WordprocessingML document")
    body = root.find(qn("w:body"))
    blocks = body_blocks(body) if body is not None else []
    doc = assemble(source_path, "docx", blocks)
    if not doc.blocks:
        raise _no_text_error(body)
    return doc


def _parse(data: bytes, part: str) -> etree._Element:
    try:
        return etree.fromstring(data, XML_PARSER)
    except etree.XMLSyntaxError as exc:
        raise ReadError(
            "CorruptFile",
            f"corrupt DOCX: {part} is not well-formed XML ({' '.join(str(exc).split())})",
        ) from exc


def _no_text_error(body: etree._Element | None) -> ReadError:
    has_pictures = body is not None and any(True for _ in body.iter(*PICTURE_TAGS))
    if has_pictures:
        return ReadError(
            "NoText",
            "no text in the DOCX body, only pictures (a scan pasted into Word?): "
            "export it as PDF to have it OCR-read",
        )
    return ReadError("NoText", "no text in the DOCX body: the document is empty")
