"""Small DOCX files built in the tests: python-docx for the ordinary parts, raw XML where
python-docx has no API (text boxes, content controls), zipfile for broken archives."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
from docx.oxml import parse_xml

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NAMESPACES = (
    f'xmlns:w="{W_NS}" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)


def new_document() -> docx.document.Document:
    return docx.Document()


def save(document: docx.document.Document, path: Path) -> Path:
    document.save(str(path))
    return path


def text_box_run(text: str) -> str:
    """A run holding a DrawingML text box with its VML fallback copy, as Word 2010+ writes."""
    box = f"<w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent>"
    return (
        f"<w:r {NAMESPACES}><mc:AlternateContent>"
        '<mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic>'
        '<a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        f"<wps:wsp><wps:txbx>{box}</wps:txbx></wps:wsp>"
        "</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict><v:shape><v:textbox>{box}</v:textbox></v:shape></w:pict>"
        "</mc:Fallback></mc:AlternateContent></w:r>"
    )


def vml_text_box_run(text: str) -> str:
    """A run holding a legacy VML text box (Word 2003-2007 style, no mc:AlternateContent)."""
    return (
        f"<w:r {NAMESPACES}><w:pict><v:shape><v:textbox><w:txbxContent>"
        f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"
        "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
    )


def append_run_xml(paragraph: docx.text.paragraph.Paragraph, run_xml: str) -> None:
    paragraph._p.append(parse_xml(run_xml))


def append_body_xml(document: docx.document.Document, block_xml: str) -> None:
    """Append a block-level element to the body (before the final w:sectPr)."""
    body = document.element.body
    body.insert(len(body) - 1, parse_xml(block_xml))


def content_control(text: str) -> str:
    return (
        f"<w:sdt {NAMESPACES}><w:sdtPr><w:alias w:val="
        '"控件"/></w:sdtPr>'
        f"<w:sdtContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:sdtContent></w:sdt>"
    )


def rewrite_member(source: Path, target: Path, name: str, data: bytes | None) -> Path:
    """Copy a zip, replacing member ``name`` by ``data`` (None removes it; new names are added)."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename != name:
                dst.writestr(info, src.read(info.filename))
        if data is not None:
            dst.writestr(name, data)
    return target


def read_member(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read(name)


def zip_of(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()
