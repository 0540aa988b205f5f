"""Build tests/fixtures/bad/: the broken and hostile inputs jixiao must survive.

Run from the repository root: ``.venv/bin/python scripts/make_bad_corpus.py``. Every file is
made from the in-repo samples or from nothing, so the corpus can be rebuilt at any time;
tests/test_bad_inputs.py states what extraction must make of each file. Rebuilding gives
the same bytes except for encrypted.pdf (its encryption salt is random).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pypdf
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "tests" / "fixtures" / "samples"
OUT = ROOT / "tests" / "fixtures" / "bad"
SAMPLE_PDF = SAMPLES / "ebian-2024-dept-self-eval.pdf"
SAMPLE_TXT = SAMPLES / "ebian-2024-dept-self-eval.txt"

ZIP_DATE = (2024, 1, 1, 0, 0, 0)  # fixed member dates: the same script writes the same bytes
BOMB_BYTES = 300 * 1024 * 1024  # uncompressed size of the zip bomb's document.xml
HUGE_TABLE_ROWS = 5000
GBK_EXCERPT_LINES = 30
ENCRYPTED_PASSWORD = "jixiao"
TRUNCATED_BYTES = 32 * 1024
A4_POINTS = (595, 842)


def empty() -> bytes:
    return b""


def truncated_pdf() -> bytes:
    return SAMPLE_PDF.read_bytes()[:TRUNCATED_BYTES]


def encrypted_pdf() -> bytes:
    writer = pypdf.PdfWriter()
    writer.add_blank_page(A4_POINTS[0], A4_POINTS[1])
    writer.encrypt(user_password=ENCRYPTED_PASSWORD, algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def zero_pages_pdf() -> bytes:
    out = io.BytesIO()
    pypdf.PdfWriter().write(out)
    return out.getvalue()


def text_named_pdf() -> bytes:
    return "\n".join(SAMPLE_TXT.read_text(encoding="utf-8").splitlines()[:8]).encode("utf-8")


def legacy_doc() -> bytes:
    # An OLE compound file header (what Word 97-2003 writes), padded to one sector.
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)


def spreadsheet_xlsx() -> bytes:
    return _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})


def scan_png() -> bytes:
    out = io.BytesIO()
    Image.new("L", (64, 64), 255).save(out, "PNG")
    return out.getvalue()


def gbk_mixed_line_ends() -> bytes:
    """The sample's first lines in GBK, ending in CRLF, LF and CR in turn."""
    lines = SAMPLE_TXT.read_text(encoding="utf-8").splitlines()[:GBK_EXCERPT_LINES]
    ends = ("\r\n", "\n", "\r")
    return "".join(line + ends[i % 3] for i, line in enumerate(lines)).encode("gbk")


def no_body_docx() -> bytes:
    out = io.BytesIO()
    document = docx.Document()
    body = document.element.body
    for child in list(body):
        if child.tag.endswith("}p"):
            body.remove(child)
    document.save(out)
    return _rezip(out.getvalue())


def zip_bomb_docx() -> bytes:
    """A real DOCX whose document.xml is padded with whitespace to 300 MiB (≈300 KB packed)."""
    out = io.BytesIO()
    docx.Document().save(out)
    source = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    target = io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name in source.namelist():
            if name != "word/document.xml":
                archive.writestr(_info(name), source.read(name))
                continue
            xml = source.read(name)
            head, tail = xml.split(b"<w:body>", 1)
            with archive.open(_info(name), "w", force_zip64=True) as member:
                member.write(head + b"<w:body>")
                chunk = b" " * (1 << 20)
                for _ in range(BOMB_BYTES >> 20):
                    member.write(chunk)
                member.write(tail)
    return target.getvalue()


def entity_bomb_docx() -> bytes:
    """A DOCX whose document.xml declares nested entities ("billion laughs"): a few hundred
    bytes that an entity-expanding parser would blow up to gigabytes."""
    out = io.BytesIO()
    docx.Document().save(out)
    source = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    ]
    members = {name: source.read(name) for name in source.namelist()}
    xml = members["word/document.xml"].decode("utf-8")
    head, root = xml.split("<w:document", 1)
    doctype = "<!DOCTYPE w:document [" + "".join(entities) + "]>"
    body = (head + doctype + "<w:document" + root).replace(
        "<w:body>", "<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>", 1
    )
    members["word/document.xml"] = body.encode("utf-8")
    return _zip(members)


def huge_table_txt() -> bytes:
    """A 项目支出 table of 5,000 rows, flattened the way the TXT samples are (one cell per
    TAB line, a blank line after each row)."""
    lines = ["项目支出明细表", "单位：万元", ""]
    header = ("序号", "项目名称", "预算数", "执行数")
    rows = [header] + [
        (str(i), f"项目{i}", f"{i % 97 + 1}.{i % 100:02d}", f"{i % 89 + 1}.{i % 100:02d}")
        for i in range(1, HUGE_TABLE_ROWS + 1)
    ]
    for row in rows:
        lines.extend("\t" + cell for cell in row)
        lines.append("")
    lines.append("填报说明：以上数据为测试用。")
    return ("\n".join(lines) + "\n").encode("utf-8")


CORPUS: dict[str, Callable[[], bytes]] = {
    "empty.pdf": empty,
    "truncated.pdf": truncated_pdf,
    "encrypted.pdf": encrypted_pdf,
    "zero-pages.pdf": zero_pages_pdf,
    "text-named.pdf": text_named_pdf,
    "legacy.doc": legacy_doc,
    "spreadsheet.xlsx": spreadsheet_xlsx,
    "scan.png": scan_png,
    "gbk-mixed-line-ends.txt": gbk_mixed_line_ends,
    "no-body.docx": no_body_docx,
    "zip-bomb.docx": zip_bomb_docx,
    "entity-bomb.docx": entity_bomb_docx,
    "huge-table.txt": huge_table_txt,
}


def _info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(_info(name), data)
    return out.getvalue()


def _rezip(data: bytes) -> bytes:
    """The same archive with fixed member dates, so rebuilding gives the same bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    return _zip({name: source.read(name) for name in source.namelist()})


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, make in CORPUS.items():
        data = make()
        (OUT / name).write_bytes(data)
        print(f"{name}: {len(data):,} bytes")


if __name__ == "__main__":
    main()
