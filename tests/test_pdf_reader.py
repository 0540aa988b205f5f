"""The PDF reader: text, tables, furniture, the fast path, and failures.

Expected values were read off the sample reports (the PDFs are LibreOffice exports of
the DOCX samples; the TXT exports of the same reports agree paragraph for paragraph).
"""

from __future__ import annotations

import ctypes
import hashlib
import io
import math
import struct
from collections.abc import Callable, Iterator
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pdf_streams import pdf_file
from PIL import Image, ImageDraw
from sample_rows import EBIAN_OPENING_PARAGRAPHS, JIAYUGUAN_INDICATOR_HEADER

from extractors.dispatch import read_document
from extractors.errors import ReadError
from extractors.model import Document, Paragraph, Table
from extractors.pdf import read_pdf
from extractors.pdf_layout import PageContent, layout_pages
from extractors.pdf_tables import PageTable, grid_table
from extractors.pdf_text import Glyph, Line, build_lines
from extractors.settings import OcrSettings, ReadSettings
from extractors.time_budget import time_extensions_to

SAMPLES = Path(__file__).parent / "fixtures" / "samples"
EBIAN = SAMPLES / "ebian-2024-dept-self-eval.pdf"
JIAYUGUAN = SAMPLES / "jiayuguan-2021-dept-self-eval.pdf"
SETTINGS = ReadSettings()

_cache: dict[tuple[Path, bool], Document] = {}


def read(path: Path, all_pdfplumber: bool = False) -> Document:
    key = (path, all_pdfplumber)
    if key not in _cache:
        _cache[key] = read_pdf(
            path.read_bytes(), path.name, SETTINGS, all_pdfplumber=all_pdfplumber
        )
    return _cache[key]


def paragraphs(doc: Document) -> list[Paragraph]:
    return list(doc.paragraphs())


def tables(doc: Document) -> list[Table]:
    return list(doc.tables())


def overall_table(doc: Document) -> Table:
    return next(
        t for t in doc.tables() if t.cell(0, 0) == "2021年嘉峪关市医疗保障局整体支出绩效自评表"
    )


# --- fixtures made in the tests ---------------------------------------------------------


def _save(doc: pdfium.PdfDocument) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _add_text(doc: pdfium.PdfDocument, page: pdfium.PdfPage, text: str, x: float, y: float) -> None:
    obj = pdfium_c.FPDFPageObj_NewTextObj(doc.raw, b"Helvetica", 10.5)
    encoded = ctypes.create_string_buffer((text + "\0").encode("utf-16-le"))
    pdfium_c.FPDFText_SetText(obj, ctypes.cast(encoded, ctypes.POINTER(pdfium_c.FPDF_WCHAR)))
    pdfium_c.FPDFPageObj_Transform(obj, 1, 0, 0, 1, x, y)
    pdfium_c.FPDFPage_InsertObject(page.raw, obj)


def with_furniture(source: Path, target: Path) -> Path:
    """The sample with a `— n —` page number at the foot and a running header on every page."""
    doc = pdfium.PdfDocument(source)
    for index, page in enumerate(doc):
        _add_text(doc, page, f"\u2014 {index + 1} \u2014", 280, 40)
        _add_text(doc, page, "Ebian County Medical Security Bureau 2024", 190, 810)
        pdfium_c.FPDFPage_GenerateContent(page.raw)
    target.write_bytes(_save(doc))
    return target


def with_turned_text(source: Path, target: Path, degrees: float, page: int = 0) -> Path:
    """The sample with a large text turned by ``degrees`` across its page ``page`` (0-based)."""
    doc = pdfium.PdfDocument(source)
    page = doc[page]
    obj = pdfium_c.FPDFPageObj_NewTextObj(doc.raw, b"Helvetica", 40)
    encoded = ctypes.create_string_buffer("WATERMARK\0".encode("utf-16-le"))
    pdfium_c.FPDFText_SetText(obj, ctypes.cast(encoded, ctypes.POINTER(pdfium_c.FPDF_WCHAR)))
    a = math.radians(degrees)
    pdfium_c.FPDFPageObj_Transform(
        obj, math.cos(a), math.sin(a), -math.sin(a), math.cos(a), 200, 300
    )
    pdfium_c.FPDFPage_InsertObject(page.raw, obj)
    pdfium_c.FPDFPage_GenerateContent(page.raw)
    target.write_bytes(_save(doc))
    return target


def with_blank_page(source: Path, target: Path) -> Path:
    """The sample's first page, then a page with nothing on it (left empty between parts)."""
    doc = pdfium.PdfDocument.new()
    doc.import_pages(pdfium.PdfDocument(source), [0])
    doc.new_page(595, 842)
    target.write_bytes(_save(doc))
    return target


def with_image_page(
    source: Path, target: Path, draw: Callable[[ImageDraw.ImageDraw], None]
) -> Path:
    """The sample's first page, then an image-only page (a scan) with what ``draw`` drew on
    a white A4 page at 72 dpi (one pixel per point)."""
    image = Image.new("L", (595, 842), 255)
    draw(ImageDraw.Draw(image))
    buffer = io.BytesIO()
    image.save(buffer, "PDF", resolution=72.0)
    doc = pdfium.PdfDocument.new()
    doc.import_pages(pdfium.PdfDocument(source), [0])
    doc.import_pages(pdfium.PdfDocument(buffer.getvalue()))
    target.write_bytes(_save(doc))
    return target


def marks_like_a_line_of_text(draw: ImageDraw.ImageDraw) -> None:
    for i in range(12):  # twelve character-sized blots with the gaps of print between them
        draw.rectangle((100 + 16 * i, 300, 110 + 16 * i, 314), fill=0)


def ruled_grid(draw: ImageDraw.ImageDraw) -> None:
    """The spill of a table's grid onto a page of its own: rulings and nothing inside."""
    for y in range(80, 400, 40):
        draw.line((60, y, 535, y), fill=0, width=1)
    for x in (60, 200, 380, 535):
        draw.line((x, 80, x, 360), fill=0, width=1)


def page_number_only(draw: ImageDraw.ImageDraw) -> None:
    draw.rectangle((290, 800, 296, 808), fill=0)  # "3", drawn small at the foot


_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def _rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out, i, j = bytearray(), 0, 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def encrypted_pdf(user_password: bytes, owner_password: bytes = b"owner") -> bytes:
    """A one-page PDF encrypted by the standard security handler (RC4 40-bit, revision 2),
    built by the spec's algorithms 3.2-3.4 so no encryption library is needed."""
    file_id = hashlib.md5(b"jixiao-encrypted-fixture").digest()
    permissions = -4
    owner_key = hashlib.md5((owner_password + _PAD)[:32]).digest()[:5]
    o_entry = _rc4(owner_key, (user_password + _PAD)[:32])
    key = hashlib.md5(
        (user_password + _PAD)[:32] + o_entry + struct.pack("<i", permissions) + file_id
    ).digest()[:5]
    u_entry = _rc4(key, _PAD)

    def object_key(number: int) -> bytes:
        return hashlib.md5(key + struct.pack("<i", number)[:3] + b"\0\0").digest()[:10]

    content = _rc4(object_key(4), b"BT /F1 24 Tf 72 720 Td (Secret) Tj ET")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >>"
        % (o_entry.hex().encode(), u_entry.hex().encode(), permissions),
    ]
    file_id_hex = file_id.hex().encode()
    return pdf_file(objects, b"/Encrypt 6 0 R /ID [<%s> <%s>] " % (file_id_hex, file_id_hex))


@pytest.fixture
def encrypted(tmp_path: Path) -> Path:
    path = tmp_path / "locked.pdf"
    path.write_bytes(encrypted_pdf(b"secret"))
    return path


# --- text ---------------------------------------------------------------------------------


def test_first_paragraphs_of_ebian_are_its_opening_lines_on_page_1() -> None:
    first = paragraphs(read(EBIAN))[:6]
    assert [p.text for p in first] == list(EBIAN_OPENING_PARAGRAPHS)
    assert {p.page for p in first} == {1}


def test_paragraph_on_a_later_page_carries_that_page() -> None:
    found = [p for p in paragraphs(read(EBIAN)) if p.text == "2024年部门财政资金结转结余5.18万元。"]
    assert [p.page for p in found] == [5]


def test_no_space_is_injected_between_chinese_and_digits() -> None:
    # The PDF widens the gap around 2024 and 880.52 (autospace) without a space character.
    texts = [p.text for p in paragraphs(read(EBIAN))]
    assert (
        "县医保局2024年财政拨款预算收入880.52万元，其中上级资金0万元，县级资金880.52万元。" in texts
    )


def test_real_space_characters_are_kept() -> None:
    # The report itself writes a space after the numbering: （2） 机构职能和人员概况。
    assert "（2） 机构职能和人员概况。" in [p.text for p in paragraphs(read(EBIAN))]


def test_paragraph_running_over_a_page_break_is_one_paragraph_on_its_first_page() -> None:
    para = next(p for p in paragraphs(read(EBIAN)) if p.text.startswith("12.提升经办服务能力"))
    assert para.text == (
        "12.提升经办服务能力。深化“最多跑一次”改革，加快推进服务事项网上办理，"
        "提高“一网通办”，“网上办”“掌上办”办结率。积极推广医保电子凭证，"
        "不断拓展使用渠道，鼓励参保群众使用医保电子凭证就医购药。"
    )
    assert para.page == 4


def test_number_broken_across_lines_is_rejoined() -> None:
    lines = (
        Line("县医保局2024年财政拨款预算收入1022.", 71.0, 523.0, 100.0, 16.0, 1),
        Line("89万元，其中上级资金0万元。", 71.0, 310.0, 128.0, 16.0, 1),
    )
    blocks = layout_pages([PageContent(1, 842.0, lines, ())])
    assert [b.text for b in blocks] == [
        "县医保局2024年财政拨款预算收入1022.89万元，其中上级资金0万元。"
    ]


def test_overprinted_characters_appear_once() -> None:
    glyphs = [
        Glyph(ch, 100.0 + 14 * i + dx, 114.0 + 14 * i + dx, 300.0, 14.0)
        for i, ch in enumerate("医保局")
        for dx in (0.0, 0.3)  # fake bold: each glyph drawn twice, slightly shifted
    ]
    assert [line.text for line in build_lines(glyphs)] == ["医保局"]


def test_gap_between_latin_words_is_a_space_but_not_between_chinese_and_latin() -> None:
    size = 14.0
    glyphs = [Glyph("于", 100.0, 114.0, 300.0, size)]
    glyphs += [Glyph(c, 117.0 + 7 * i, 124.0 + 7 * i, 300.0, size) for i, c in enumerate("DRG")]
    glyphs += [Glyph(c, 143.0 + 7 * i, 150.0 + 7 * i, 300.0, size) for i, c in enumerate("DIP")]
    assert build_lines(glyphs)[0].text == "于DRG DIP"


def test_block_offsets_index_the_document_text() -> None:
    for path in (EBIAN, JIAYUGUAN):
        doc = read(path)
        assert doc.blocks
        for block in doc.blocks:
            assert doc.text[block.char_start : block.char_end] == block.text


def test_every_paragraph_of_the_samples_is_a_paragraph_of_their_txt_export() -> None:
    for path in (EBIAN, JIAYUGUAN):
        txt = path.with_suffix(".txt").read_text(encoding="utf-8-sig")
        txt_lines = {"".join(line.split()) for line in txt.splitlines()}
        txt_lines |= {line.removeprefix("[bookmark:_GoBack]") for line in txt_lines}
        missing = [
            p.text for p in paragraphs(read(path)) if "".join(p.text.split()) not in txt_lines
        ]
        assert missing == []


# --- tables -------------------------------------------------------------------------------


def test_overall_self_evaluation_table_rows_with_merged_first_level_indicator() -> None:
    table = overall_table(read(JIAYUGUAN))
    assert table.rows[10] == JIAYUGUAN_INDICATOR_HEADER
    assert table.rows[11] == (
        "年度绩效指标完成情况",
        "部门管理（20分）",
        "资金投入",
        "基本支出预算执行率率",
        "≧90%",
        "91%%",
        "2",
        "2",
        "",
    )
    assert table.rows[12][1:8] == (
        "部门管理（20分）",
        "资金投入",
        "项目支出预算执行率",
        "100%",
        "100%",
        "2",
        "2",
    )
    # 部门管理（20分） starts in row 11 and covers the rows below it.
    assert not table.is_merged(11, 1)
    assert table.is_merged(12, 1)
    assert table.is_merged(11, 0)


def test_table_title_row_spans_all_columns() -> None:
    table = overall_table(read(JIAYUGUAN))
    assert table.n_cols == 9
    assert set(table.rows[0]) == {"2021年嘉峪关市医疗保障局整体支出绩效自评表"}
    assert all(table.is_merged(0, c) for c in range(1, 9))


def test_table_text_is_not_repeated_as_paragraphs() -> None:
    doc = read(JIAYUGUAN)
    texts = " ".join(p.text for p in paragraphs(doc))
    for cell_text in ("基本支出预算执行率", "年度指标值", "慢性病申请人数", "参保人员的满意度"):
        assert cell_text not in texts
    assert "项目支出7187.78万元" in texts  # prose stays prose


def test_table_continued_on_the_next_page_is_one_table() -> None:
    table = overall_table(read(JIAYUGUAN))
    assert (table.page, table.page_end) == (8, 9)
    assert table.n_rows == 47  # 26 rows on page 8, 21 on page 9, no repeated header
    assert table.row_pages[25] == 8 and table.row_pages[26] == 9
    assert table.rows[25][3] == "基金监管安全性指标"
    assert table.rows[26][3:8] == ("基金报表及时性", "及时", "及时", "4", "4")
    assert table.rows[46][0] == "合 计" and table.rows[46][7] == "98"


def test_merged_cell_cut_by_the_page_break_carries_its_text_onto_the_next_page() -> None:
    table = overall_table(read(JIAYUGUAN))
    # 履职效果（50分） and 部门履职目标 run from page 8 into page 9; on page 9 their cells are empty.
    assert table.rows[26][:3] == ("年度绩效指标完成情况", "履职效果（50分）", "部门履职目标")
    assert all(table.is_merged(26, c) for c in range(3))
    assert table.rows[30][2] == "部门效果目标" and not table.is_merged(30, 2)


def test_row_split_by_the_page_break_is_one_row() -> None:
    table = tables(read(JIAYUGUAN))[2]
    # 医保规范性文件和政策措 | 施的合法性审查、公平竞争审查 is cut between pages 12 and 13.
    assert table.n_rows == 30
    assert table.rows[14][3:6] == (
        "医保规范性文件和政策措施的合法性审查、公平竞争审查",
        "全覆盖",
        "已全覆盖",
    )
    assert table.row_pages[14] == 12
    assert table.rows[15][3] == "定点医药机构监督检查覆盖率" and table.row_pages[15] == 13


def test_wrapped_cell_lines_join_but_explicit_breaks_stay() -> None:
    overall, _, transfer = tables(read(JIAYUGUAN))
    assert overall.rows[2][5] == "执行率（B/A）"  # wrapped: （B/A） did not fit after 执行率
    assert transfer.rows[10][1] == "一级\n指标"  # a break with room left on the line


def test_pdf_tables_are_the_tables_of_the_docx_the_pdf_was_exported_from() -> None:
    docx = read_document(JIAYUGUAN.with_suffix(".docx").read_bytes(), "j.docx", SETTINGS)

    def squeezed(table: Table) -> list[tuple[str, ...]]:
        return [tuple("".join(cell.split()) for cell in row) for row in table.rows]

    pdf_tables, docx_tables = tables(read(JIAYUGUAN)), tables(docx)
    assert [squeezed(t) for t in pdf_tables] == [squeezed(t) for t in docx_tables]
    assert [t.merged for t in pdf_tables] == [t.merged for t in docx_tables]


def ruled_table(page: int, rows: list[list[tuple[str, int]]], top: float = 100.0) -> PageTable:
    """A ruled table as a page would give it: cells of (text, columns spanned), 60pt columns."""
    cells, glyphs = [], []
    for r, row in enumerate(rows):
        col = 0
        for text, span in row:
            x0, y0 = 70.0 + 60 * col, top + 20 * r
            cells.append((x0, y0, x0 + 60 * span, y0 + 20))
            glyphs += [
                Glyph(ch, x0 + 3 + 10 * i, x0 + 13 + 10 * i, y0 + 15, 10.0)
                for i, ch in enumerate(text)
            ]
            col += span
    return grid_table(cells, glyphs, page)


def test_header_repeated_on_the_next_page_is_dropped() -> None:
    header = [("指标", 1), ("分值", 1), ("得分", 1)]
    first = ruled_table(1, [header, [("时效性", 1), ("4", 1), ("4", 1)]], top=700.0)
    cont = ruled_table(2, [header, [("满意度", 1), ("5", 1), ("5", 1)]], top=72.0)
    blocks = layout_pages([PageContent(1, 842.0, (), (first,)), PageContent(2, 842.0, (), (cont,))])
    assert len(blocks) == 1
    table = blocks[0]
    assert isinstance(table, Table)
    assert table.rows == (("指标", "分值", "得分"), ("时效性", "4", "4"), ("满意度", "5", "5"))
    assert table.row_pages == (1, 1, 2)


def test_continuation_without_a_column_split_joins_onto_the_finer_grid() -> None:
    first = ruled_table(
        1, [[("指标", 1), ("分值", 1), ("得分", 1)], [("时效性", 1), ("4", 1), ("4", 1)]], top=700.0
    )
    cont = ruled_table(2, [[("说明", 2), ("无", 1)]], top=72.0)
    blocks = layout_pages([PageContent(1, 842.0, (), (first,)), PageContent(2, 842.0, (), (cont,))])
    assert len(blocks) == 1
    table = blocks[0]
    assert isinstance(table, Table)
    assert table.rows[2] == ("说明", "说明", "无")
    assert table.is_merged(2, 1) and not table.is_merged(2, 0)


def test_samples_hold_three_tables_each_spanning_two_pages() -> None:
    doc = read(JIAYUGUAN)
    assert [(t.page, t.page_end) for t in tables(doc)] == [(8, 9), (10, 11), (12, 13)]


# --- page furniture -------------------------------------------------------------------------


def test_page_numbers_are_dropped(tmp_path: Path) -> None:
    doc = read_pdf(with_furniture(EBIAN, tmp_path / "f.pdf").read_bytes(), "f.pdf", SETTINGS)
    assert "— 7 —" not in doc.text and "— 1 —" not in doc.text


def test_a_running_header_is_read_once_on_its_first_page(tmp_path: Path) -> None:
    # A form may name its department only in the header repeated above every page.
    doc = read_pdf(with_furniture(EBIAN, tmp_path / "f.pdf").read_bytes(), "f.pdf", SETTINGS)
    header = [b for b in doc.blocks if "Ebian County" in b.text]
    assert doc.text.count("Ebian County") == 1
    assert header[0].page == 1
    body = [b.text for b in doc.blocks if b not in header]
    assert body == [b.text for b in read(EBIAN).blocks]


@pytest.mark.parametrize("degrees", [45, 90], ids=["diagonal", "sideways"])
def test_turned_text_is_left_out_by_both_paths(tmp_path: Path, degrees: float) -> None:
    path = with_turned_text(EBIAN, tmp_path / "w.pdf", degrees)
    fast = read_pdf(path.read_bytes(), "w.pdf", SETTINGS)
    reference = read_pdf(path.read_bytes(), "w.pdf", SETTINGS, all_pdfplumber=True)
    assert fast.blocks == reference.blocks
    assert [b.text for b in fast.blocks] == [b.text for b in read(EBIAN).blocks]


# --- the fast path and the pdfplumber path ------------------------------------------------


@pytest.mark.parametrize("path", [EBIAN, JIAYUGUAN], ids=["ebian", "jiayuguan"])
def test_fast_path_gives_the_same_blocks_as_the_pdfplumber_path(path: Path) -> None:
    fast, reference = read(path), read(path, all_pdfplumber=True)
    assert fast.blocks == reference.blocks
    assert fast.text == reference.text


def test_setting_forces_the_pdfplumber_path(monkeypatch: pytest.MonkeyPatch) -> None:
    import extractors.pdf as pdf_module

    def no_pdfium(*args: object, **kwargs: object) -> Iterator[object]:
        raise AssertionError("PDFium must not be used")

    monkeypatch.setattr(pdf_module, "_open_pdfium", no_pdfium)
    doc = read_pdf(EBIAN.read_bytes(), "e.pdf", ReadSettings(pdf_all_pdfplumber=True))
    assert doc.blocks == read(EBIAN).blocks


# --- failures and limits -----------------------------------------------------------------


def test_encrypted_fixture_opens_with_its_password(encrypted: Path) -> None:
    doc = pdfium.PdfDocument(encrypted, password="secret")
    assert doc[0].get_textpage().get_text_range() == "Secret"


@pytest.mark.parametrize("all_pdfplumber", [False, True], ids=["fast", "pdfplumber"])
def test_encrypted_pdf_needs_a_password(encrypted: Path, all_pdfplumber: bool) -> None:
    with pytest.raises(ReadError) as err:
        read_pdf(encrypted.read_bytes(), "locked.pdf", SETTINGS, all_pdfplumber=all_pdfplumber)
    assert (err.value.error_type, err.value.message) == (
        "EncryptedPDF",
        "encrypted PDF: a password is required",
    )


def test_truncated_pdf_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "cut.pdf"
    path.write_bytes(EBIAN.read_bytes()[: EBIAN.stat().st_size // 2])
    with pytest.raises(ReadError) as err:
        read_pdf(path.read_bytes(), "cut.pdf", SETTINGS)
    assert err.value.error_type == "CorruptFile"
    assert err.value.message.startswith("corrupt PDF: ")


def test_pdf_with_a_broken_body_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 9 0 R\ngarbage\n%%EOF\n")
    with pytest.raises(ReadError) as err:
        read_pdf(path.read_bytes(), "broken.pdf", SETTINGS)
    assert err.value.error_type == "CorruptFile"
    assert "\n" not in err.value.message


@pytest.mark.parametrize("all_pdfplumber", [False, True], ids=["fast", "pdfplumber"])
def test_pdf_with_no_pages_is_empty(tmp_path: Path, all_pdfplumber: bool) -> None:
    path = tmp_path / "empty.pdf"
    path.write_bytes(_save(pdfium.PdfDocument.new()))
    with pytest.raises(ReadError) as err:
        read_pdf(path.read_bytes(), "empty.pdf", SETTINGS, all_pdfplumber=all_pdfplumber)
    assert (err.value.error_type, err.value.message) == (
        "EmptyPDF",
        "empty PDF: the file has no pages",
    )


def test_pdf_with_no_pages_read_after_an_encrypted_one_is_still_empty(
    encrypted: Path, tmp_path: Path
) -> None:
    # PDFium keeps its last error across documents: the encrypted file's "password" code
    # must not be taken for the failure of the next open.
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(_save(pdfium.PdfDocument.new()))
    outcomes = []
    for path in (encrypted, empty, encrypted):
        with pytest.raises(ReadError) as err:
            read_pdf(path.read_bytes(), path.name, SETTINGS)
        outcomes.append(err.value.error_type)
    assert outcomes == ["EncryptedPDF", "EmptyPDF", "EncryptedPDF"]


def test_dispatch_reads_pdf_through_this_reader(encrypted: Path) -> None:
    assert read_document(EBIAN.read_bytes(), "e.pdf", SETTINGS).blocks == read(EBIAN).blocks
    with pytest.raises(ReadError, match="a password is required"):
        read_document(encrypted.read_bytes(), "locked.pdf", SETTINGS)


def test_page_limit_reads_the_first_pages_and_says_how_to_raise_it() -> None:
    doc = read_pdf(EBIAN.read_bytes(), "e.pdf", ReadSettings(max_pages=3))
    assert doc.page_count == 11
    assert {b.page for b in doc.blocks} == {1, 2, 3}
    assert doc.warnings == (
        "page limit: read the first 3 of 11 pages; raise read.max_pages (jixiao.toml or --set) to read them all",
    )


def no_text_found(data: bytes, page: int) -> list[Glyph]:
    """An OCR step that finds nothing on the page (a blank scan), without running OCR."""
    return []


def test_time_limit_stops_reading_and_says_how_to_raise_it() -> None:
    doc = read_pdf(EBIAN.read_bytes(), "e.pdf", ReadSettings(time_limit_s=0.0))
    assert doc.blocks == ()
    assert doc.warnings == (
        "time limit: stopped after 0 of 11 pages (0 s); raise read.time_limit_s (jixiao.toml or --set) to read them all",
    )


def never_ocr(data: bytes, page: int) -> list[Glyph]:
    raise AssertionError(f"page {page} must not be sent to OCR")


def test_a_blank_page_is_neither_ocred_nor_warned_about(tmp_path: Path) -> None:
    path = with_blank_page(EBIAN, tmp_path / "b.pdf")
    doc = read_pdf(path.read_bytes(), "b.pdf", SETTINGS, read_textless_page=never_ocr)
    assert (doc.ocr_pages, doc.warnings) == ((), ())
    assert {b.page for b in doc.blocks} == {1}


def test_a_page_holding_only_a_table_grid_is_blank(tmp_path: Path) -> None:
    path = with_image_page(EBIAN, tmp_path / "grid.pdf", ruled_grid)
    doc = read_pdf(path.read_bytes(), "grid.pdf", SETTINGS, read_textless_page=never_ocr)
    assert (doc.ocr_pages, doc.warnings) == ((), ())


def test_a_page_holding_only_a_small_mark_is_blank(tmp_path: Path) -> None:
    path = with_image_page(EBIAN, tmp_path / "number.pdf", page_number_only)
    doc = read_pdf(path.read_bytes(), "number.pdf", SETTINGS, read_textless_page=never_ocr)
    assert (doc.ocr_pages, doc.warnings) == ((), ())


def test_a_scanned_page_ocr_finds_nothing_on_is_taken_for_blank(tmp_path: Path) -> None:
    path = with_image_page(EBIAN, tmp_path / "s.pdf", marks_like_a_line_of_text)
    doc = read_pdf(path.read_bytes(), "s.pdf", SETTINGS, read_textless_page=no_text_found)
    assert (doc.ocr_pages, doc.warnings) == ((), ())


def test_a_page_whose_text_layer_the_reader_missed_is_not_sent_to_ocr(tmp_path: Path) -> None:
    doc = pdfium.PdfDocument.new()
    doc.import_pages(pdfium.PdfDocument(EBIAN), [0])
    doc.new_page(595, 842)
    doc.save(tmp_path / "plain.pdf")
    path = with_turned_text(tmp_path / "plain.pdf", tmp_path / "turned.pdf", 45, page=1)
    read = read_pdf(path.read_bytes(), "turned.pdf", SETTINGS, read_textless_page=never_ocr)
    assert read.warnings == ("the text layer of pages 2 could not be read",)


def test_ocr_setting_off_leaves_textless_pages_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import extractors.ocr as ocr_module

    def no_ocr(*args: object, **kwargs: object) -> object:
        raise AssertionError("OCR must not run when ocr.enabled is false")

    monkeypatch.setattr(ocr_module, "ocr_textless_pages", no_ocr)
    path = with_image_page(EBIAN, tmp_path / "s.pdf", marks_like_a_line_of_text)
    doc = read_pdf(path.read_bytes(), "s.pdf", ReadSettings(ocr=OcrSettings(enabled=False)))
    assert (doc.ocr_pages, doc.warnings) == (
        (),
        ("no text layer on pages 2 (OCR is off: ocr.enabled)",),
    )


def test_textless_pages_go_to_the_ocr_step_when_one_is_given(tmp_path: Path) -> None:
    asked: list[int] = []

    def fake_ocr(data: bytes, page: int) -> list[Glyph]:
        asked.append(page)
        return [
            Glyph(ch, 100.0 + 14 * i, 114.0 + 14 * i, 200.0, 14.0) for i, ch in enumerate("扫描页")
        ]

    path = with_image_page(EBIAN, tmp_path / "s.pdf", marks_like_a_line_of_text)
    doc = read_pdf(path.read_bytes(), "s.pdf", SETTINGS, read_textless_page=fake_ocr)
    assert asked == [2]
    assert doc.ocr_pages == (2,)
    assert doc.warnings == ()
    assert [(b.text, b.page) for b in doc.blocks][-1] == ("扫描页", 2)


def test_pdf_without_any_text_layer_fails_with_no_text_layer(tmp_path: Path) -> None:
    doc = pdfium.PdfDocument.new()
    doc.new_page(595, 842)
    path = tmp_path / "scan.pdf"
    path.write_bytes(_save(doc))
    with pytest.raises(ReadError) as err:
        read_pdf(path.read_bytes(), "scan.pdf", SETTINGS, read_textless_page=no_text_found)
    assert err.value.error_type == "NoTextLayer"


def only_scans(tmp_path: Path) -> Path:
    image = Image.new("L", (595, 842), 255)
    marks_like_a_line_of_text(ImageDraw.Draw(image))
    path = tmp_path / "scan.pdf"
    image.save(path, "PDF", resolution=72.0)
    return path


def test_when_ocr_fails_on_every_page_the_error_gives_the_cause(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import extractors.ocr as ocr_module

    def engine_fails(*args: object) -> PageContent:
        raise RuntimeError("failed to map segment from shared object")

    monkeypatch.setattr(ocr_module, "read_scanned_page", engine_fails)
    with pytest.raises(ReadError) as err:
        read_pdf(only_scans(tmp_path).read_bytes(), "scan.pdf", SETTINGS)
    assert (err.value.error_type, err.value.message) == (
        "OcrFailed",
        "no text layer on any of the 1 pages and OCR read none: page 1 could not be OCRed: "
        "RuntimeError: failed to map segment from shared object",
    )


def test_each_page_sent_to_ocr_extends_the_time_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import extractors.ocr as ocr_module

    def read_scan(data: bytes, number: int, height: float, *args: object) -> PageContent:
        return PageContent(number, height, (Line("扫描页", 100, 142, 114, 14, number),), ())

    monkeypatch.setattr(ocr_module, "read_scanned_page", read_scan)
    granted: list[float] = []
    with time_extensions_to(granted.append):
        doc = read_pdf(
            only_scans(tmp_path).read_bytes(),
            "scan.pdf",
            ReadSettings(ocr=OcrSettings(time_per_page_s=25)),
        )
    assert (doc.ocr_pages, granted) == ((1,), [25])


# --- properties ----------------------------------------------------------------------------

_CJK_OR_DIGIT = st.sampled_from(list("医疗保障局绩效自评报告万元，。；（）0123456789.%"))


@settings(max_examples=60, deadline=None, derandomize=True)
@given(
    text=st.text(_CJK_OR_DIGIT, min_size=1, max_size=40),
    gaps=st.lists(st.floats(min_value=0.0, max_value=0.24), min_size=40, max_size=40),
)
def test_glyphs_closer_than_a_quarter_character_join_without_spaces(
    text: str, gaps: list[float]
) -> None:
    size, x, glyphs = 14.0, 71.0, []
    for char, gap in zip(text, gaps, strict=False):
        width = size if ord(char) > 0x2000 else size / 2
        glyphs.append(Glyph(char, x, x + width, 300.0, size))
        x += width + gap * size
    assert [line.text for line in build_lines(glyphs)] == [text]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_damaged_sample_gives_a_document_or_a_read_error(
    tmp_path: Path, data: st.DataObject
) -> None:
    raw = bytearray(EBIAN.read_bytes())
    start = data.draw(st.integers(0, len(raw) - 1), label="start")
    junk = data.draw(st.binary(min_size=1, max_size=400), label="junk")
    raw[start : start + len(junk)] = junk
    path = tmp_path / "damaged.pdf"
    path.write_bytes(bytes(raw))
    try:
        doc = read_pdf(path.read_bytes(), "damaged.pdf", SETTINGS, read_textless_page=no_text_found)
    except ReadError as err:
        assert err.error_type and "\n" not in err.message
    else:
        for block in doc.blocks:
            assert doc.text[block.char_start : block.char_end] == block.text
