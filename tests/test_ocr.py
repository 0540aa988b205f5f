"""OCR of scanned PDF pages: recognised boxes become lines and tables, a scanned page reads
like its text layer did, and the engine is made once per process."""

from __future__ import annotations

import difflib
import time
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from cli.main import main
from extractors.dispatch import read_document
from extractors.model import Paragraph, Table
from extractors.ocr import (
    OcrBox,
    group_rows,
    layout_boxes,
    ocr_engine,
    ocr_textless_pages,
    split_cells,
)
from extractors.pdf_layout import PageContent
from extractors.settings import ReadSettings
from jixiao.extraction import extract_document
from jixiao.store import CuratedStore

SAMPLES = Path(__file__).parent / "fixtures" / "samples"
EBIAN_PDF = SAMPLES / "ebian-2024-dept-self-eval.pdf"
SCANNED_PAGE = 2  # ebian's page 2: the 主要职责 list and 人员概况, all prose
SCAN_DPI = 200
# Measured on this fixture: 504 of 512 characters right (0.984); "。" read as "·" is the
# usual miss. The floor leaves room for another ONNX Runtime build, not for a regression.
ACCURACY_FLOOR = 0.95


def box(text: str, x0: float, top: float, x1: float, bottom: float) -> OcrBox:
    return OcrBox(text, x0, top, x1, bottom, 0.99)


# --- boxes to lines and tables ----------------------------------------------------------------


def test_boxes_overlapping_vertically_share_a_row_read_left_to_right() -> None:
    rows = group_rows(
        [
            box("执行数", 300, 101, 340, 115),
            box("项目", 72, 100, 100, 114),
            box("下一行", 72, 130, 110, 144),
        ]
    )
    assert [[b.text for b in row] for row in rows] == [["项目", "执行数"], ["下一行"]]


def test_a_gap_wider_than_one_and_a_half_line_heights_splits_cells() -> None:
    row = [
        box("年初预算数", 72, 100, 132, 114),
        box("（万元）", 134, 100, 170, 114),
        box("51.00", 300, 100, 330, 114),
    ]
    assert [[b.text for b in cell] for cell in split_cells(row)] == [
        ["年初预算数", "（万元）"],
        ["51.00"],
    ]


def test_rows_split_into_cells_become_a_table_and_prose_stays_lines() -> None:
    # Rows as the jiayuguan 整体支出绩效自评表 prints them (values in 万元), under a title.
    boxes = [
        box("2021年嘉峪关市医疗保障局整体支出绩效自评表", 120, 60, 470, 76),
        box("项目", 72, 100, 100, 114),
        box("年初预算数", 200, 100, 260, 114),
        box("全年执行数", 330, 100, 390, 114),
        box("年度资金总额", 72, 124, 144, 138),
        box("1,174.33", 200, 124, 250, 138),
        box("1,147.66", 330, 124, 380, 138),
    ]
    lines, tables = layout_boxes(boxes, page=8)
    assert [ln.text for ln in lines] == ["2021年嘉峪关市医疗保障局整体支出绩效自评表"]
    assert len(tables) == 1
    assert tables[0].rows == (
        ("项目", "年初预算数", "全年执行数"),
        ("年度资金总额", "1,174.33", "1,147.66"),
    )
    assert tables[0].row_pages == (8, 8)


def test_a_single_split_row_is_a_line_not_a_table() -> None:
    boxes = [box("单位：万元", 72, 100, 130, 114), box("第2页", 400, 100, 430, 114)]
    lines, tables = layout_boxes(boxes, page=1)
    assert tables == []
    assert [ln.text for ln in lines] == ["单位：万元 第2页"]


def test_jittering_box_heights_do_not_look_like_a_font_change() -> None:
    boxes = [
        box("5.推进医疗保障基金支付方式改革，拟定全县定点医药机构", 103, 138, 522, 152),
        box("协议和支付管理办法并组织实施。", 72, 165, 300, 180),
    ]
    lines, _ = layout_boxes(boxes, page=2)
    assert lines[0].size == lines[1].size


def test_ocr_engine_is_created_once_per_process() -> None:
    assert ocr_engine() is ocr_engine()


def test_time_limit_stops_ocr_and_says_how_to_raise_it() -> None:
    page = PageContent(1, 842.0, (), ())
    pages, done, warnings = ocr_textless_pages(
        b"never parsed", [page], [1], started=time.monotonic() - 10, time_limit_s=5
    )
    assert (pages, done) == ([page], ())
    assert warnings == (
        "time limit of 5 s reached: 1 scanned pages not OCRed (from page 1); "
        "raise read.time_limit_s (jixiao.toml or --set) to read them all",
    )


# --- a scanned page end to end -------------------------------------------------------------


def page_text_layer(path: Path, number: int) -> str:
    pdf = pdfium.PdfDocument(path)
    try:
        page = pdf[number - 1]
        return page.get_textpage().get_text_range()
    finally:
        pdf.close()


@pytest.fixture(scope="module")
def scanned_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """ebian's page 2 rendered at 200 dpi and wrapped as an image-only PDF (no text layer)."""
    pdf = pdfium.PdfDocument(EBIAN_PDF)
    try:
        image = pdf[SCANNED_PAGE - 1].render(scale=SCAN_DPI / 72).to_pil().convert("RGB")
    finally:
        pdf.close()
    path = tmp_path_factory.mktemp("scan") / "scanned.pdf"
    image.save(path, "PDF", resolution=float(SCAN_DPI))
    return path


@pytest.fixture(scope="module")
def scanned_document(scanned_pdf: Path):  # type: ignore[no-untyped-def]
    ocr_engine()  # the one-off model load is not part of a page's time
    started = time.perf_counter()
    doc = read_document(scanned_pdf.read_bytes(), "scanned.pdf", ReadSettings())
    print(f"\nOCR of one scanned page: {time.perf_counter() - started:.1f} s")
    return doc


def test_the_fixture_has_no_text_layer(scanned_pdf: Path) -> None:
    assert page_text_layer(scanned_pdf, 1).strip() == ""


def test_scanned_page_is_ocred_and_not_reported_as_missing_text(scanned_document) -> None:  # type: ignore[no-untyped-def]
    assert scanned_document.ocr_pages == (1,)
    assert scanned_document.warnings == ()
    assert {b.page for b in scanned_document.blocks} == {1}


def test_ocr_text_holds_the_pages_sentences(scanned_document) -> None:  # type: ignore[no-untyped-def]
    texts = [b.text for b in scanned_document.blocks if isinstance(b, Paragraph)]
    assert "10.完成县委、县政府交办的其他工作。" in texts
    assert "8.负责职责范围内的安全生产和职业健康、生态环境保护、服务便民化等工作。" in texts
    assert any(t.startswith("人员概况：县医保局经机构编制委员会批准行政编制18人") for t in texts)


def test_wrapped_ocr_lines_join_into_one_paragraph(scanned_document) -> None:  # type: ignore[no-untyped-def]
    texts = [b.text for b in scanned_document.blocks]
    assert any(
        t.startswith("9.与县卫生健康局的职责分工")
        and t.endswith("提高医疗资源使用效率和医疗保障水平。")
        for t in texts
    )


def test_ocr_reads_at_least_95_percent_of_the_characters_right(scanned_document) -> None:  # type: ignore[no-untyped-def]
    known = "".join(page_text_layer(EBIAN_PDF, SCANNED_PAGE).split())
    read = "".join(scanned_document.text.split())
    matcher = difflib.SequenceMatcher(None, known, read, autojunk=False)
    right = sum(m.size for m in matcher.get_matching_blocks())
    print(f"\nOCR accuracy: {right} of {len(known)} characters right ({right / len(known):.3f})")
    assert right / len(known) >= ACCURACY_FLOOR


def test_scanned_pdf_extracts_with_status_ok(scanned_document) -> None:  # type: ignore[no-untyped-def]
    result = extract_document(scanned_document, "scan")
    assert (result.document.status, result.errors) == ("ok", [])
    assert result.document.page_count == 1


def test_table_blocks_come_from_ocr_tables() -> None:
    boxes = [
        box("项目", 72, 100, 100, 114),
        box("执行数", 300, 100, 340, 114),
        box("合计", 72, 124, 100, 138),
        box("51.00", 300, 124, 330, 138),
    ]
    lines, tables = layout_boxes(boxes, page=3)
    from extractors.pdf_layout import layout_pages

    blocks = layout_pages([PageContent(3, 842.0, tuple(lines), tuple(tables))])
    assert [type(b) for b in blocks] == [Table]
    assert blocks[0].rows == (("项目", "执行数"), ("合计", "51.00"))


# --- through the command line, in the isolation worker --------------------------------------


def one_line_scan(path: Path) -> Path:
    """One line of ebian's page 2 (its item 10) scanned at 200 dpi: a small image-only page."""
    pdf = pdfium.PdfDocument(EBIAN_PDF)
    try:
        image = pdf[SCANNED_PAGE - 1].render(scale=SCAN_DPI / 72).to_pil().convert("RGB")
    finally:
        pdf.close()
    left, top, right, bottom = (round(v * SCAN_DPI / 72) for v in (90, 605, 360, 637))
    image.crop((left, top, right, bottom)).save(path, "PDF", resolution=float(SCAN_DPI))
    return path


@pytest.mark.slow
def test_a_scanned_pdf_comes_out_ok_through_jixiao_extract(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    one_line_scan(raw / "scan.pdf")
    out = tmp_path / "out"
    code = main(["extract", str(raw), "--out", str(out), "--dagster-home", str(tmp_path / "h")])
    documents = CuratedStore(out).read_table("documents").to_pylist()
    assert [(d["status"], d["ocr_pages"], d["error"]) for d in documents] == [("ok", "1", None)]
    assert code == 0
