"""DOCX reader: body order, merged-cell grids, nested tables, text boxes, and refusals."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from docx_fixtures import (
    append_body_xml,
    append_run_xml,
    content_control,
    new_document,
    read_member,
    rewrite_member,
    save,
    text_box_run,
    vml_text_box_run,
    zip_of,
)
from hypothesis import given, settings
from hypothesis import strategies as st
from sample_rows import EBIAN_OPENING_PARAGRAPHS

from extractors.dispatch import read_document
from extractors.docx import read_docx
from extractors.docx_grid import CellSpec, Merge, RowSpec, layout_grid
from extractors.docx_safety import DOCX_RATIO_CHECK_MIN_BYTES, MemberSize, zip_bomb_reason
from extractors.errors import ReadError
from extractors.model import Document, Paragraph, Table
from extractors.settings import ReadSettings

SAMPLES = Path(__file__).parent / "fixtures" / "samples"
EBIAN = SAMPLES / "ebian-2024-dept-self-eval.docx"
JIAYUGUAN = SAMPLES / "jiayuguan-2021-dept-self-eval.docx"
DEFAULTS = ReadSettings()


def read(path: Path, read_settings: ReadSettings = DEFAULTS) -> Document:
    return read_docx(path.read_bytes(), path.name, read_settings)


def error_of(path: Path, read_settings: ReadSettings = DEFAULTS) -> ReadError:
    with pytest.raises(ReadError) as caught:
        read(path, read_settings)
    return caught.value


def texts(doc: Document) -> list[str]:
    return [block.text for block in doc.blocks]


def offsets_hold(doc: Document) -> bool:
    return all(doc.text[b.char_start : b.char_end] == b.text for b in doc.blocks)


@pytest.fixture(scope="module")
def jiayuguan() -> Document:
    return read(JIAYUGUAN)


@pytest.fixture(scope="module")
def overall_table(jiayuguan: Document) -> Table:
    """附件1: 2021年嘉峪关市医疗保障局整体支出绩效自评表, the first table."""
    return next(jiayuguan.tables())


# --- built fixtures -------------------------------------------------------------------


def test_paragraphs_and_tables_keep_body_order(tmp_path: Path) -> None:
    document = new_document()
    document.add_paragraph("一、部门基本情况")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "分值"
    table.cell(0, 1).text = "得分"
    document.add_paragraph("二、绩效自评结论")
    doc = read(save(document, tmp_path / "order.docx"))
    assert [type(b) for b in doc.blocks] == [Paragraph, Table, Paragraph]
    assert texts(doc) == ["一、部门基本情况", "分值\t得分", "二、绩效自评结论"]


def test_block_offsets_point_into_document_text(tmp_path: Path) -> None:
    document = new_document()
    document.add_paragraph("附件2")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "一级指标"
    table.cell(1, 1).text = "100%"
    document.add_paragraph("自评得分96分")
    doc = read(save(document, tmp_path / "offsets.docx"))
    assert doc.text == "附件2\n一级指标\t\n\t100%\n自评得分96分"
    assert [(b.char_start, b.char_end) for b in doc.blocks] == [(0, 3), (4, 15), (16, 23)]
    assert offsets_hold(doc)


def test_empty_paragraphs_are_dropped(tmp_path: Path) -> None:
    document = new_document()
    document.add_paragraph("")
    document.add_paragraph("附件1")
    document.add_paragraph("   ")
    doc = read(save(document, tmp_path / "empty.docx"))
    assert texts(doc) == ["附件1"]


def test_headers_and_footers_are_left_out(tmp_path: Path) -> None:
    document = new_document()
    document.sections[0].header.paragraphs[0].text = "嘉峪关市医疗保障局（页眉）"
    document.sections[0].footer.paragraphs[0].text = "— 7 —"
    document.add_paragraph("正文")
    doc = read(save(document, tmp_path / "furniture.docx"))
    assert doc.text == "正文"


def merged_fixture(tmp_path: Path) -> Document:
    """指标 spans two columns (gridSpan); 产出指标 spans two rows (vMerge)."""
    document = new_document()
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "指标"
    table.cell(0, 2).text = "分值"
    table.cell(1, 0).merge(table.cell(2, 0)).text = "产出指标"
    table.cell(1, 1).text = "数量指标"
    table.cell(1, 2).text = "10"
    table.cell(2, 1).text = "质量指标"
    table.cell(2, 2).text = "5"
    return read(save(document, tmp_path / "merged.docx"))


def test_merged_text_is_repeated_into_every_covered_position(tmp_path: Path) -> None:
    table = next(merged_fixture(tmp_path).tables())
    assert table.rows == (
        ("指标", "指标", "分值"),
        ("产出指标", "数量指标", "10"),
        ("产出指标", "质量指标", "5"),
    )


def test_covered_positions_are_marked_merged_but_not_the_origin(tmp_path: Path) -> None:
    table = next(merged_fixture(tmp_path).tables())
    assert table.merged == frozenset({(0, 1), (2, 0)})


def test_cell_paragraphs_are_joined_by_newline(tmp_path: Path) -> None:
    document = new_document()
    cell = document.add_table(rows=1, cols=1).cell(0, 0)
    cell.text = "部门管理"
    cell.add_paragraph("")
    cell.add_paragraph("（20分）")
    table = next(read(save(document, tmp_path / "cell.docx")).tables())
    assert table.rows == (("部门管理\n（20分）",),)
    assert table.text == "部门管理 （20分）"


def test_nested_table_follows_its_outer_table(tmp_path: Path) -> None:
    document = new_document()
    outer = document.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "项目名称"
    holder = outer.cell(0, 1)
    holder.text = "资金情况"
    inner = holder.add_table(rows=2, cols=1)
    inner.cell(0, 0).text = "年度资金总额"
    inner.cell(1, 0).text = "182"
    document.add_paragraph("表后说明")
    doc = read(save(document, tmp_path / "nested.docx"))
    assert [type(b) for b in doc.blocks] == [Table, Table, Paragraph]
    assert doc.blocks[0].rows == (("项目名称", "资金情况"),)
    assert doc.blocks[1].rows == (("年度资金总额",), ("182",))
    assert offsets_hold(doc)


def test_text_box_is_read_once_after_its_anchor_paragraph(tmp_path: Path) -> None:
    document = new_document()
    anchor = document.add_paragraph("锚定段落")
    append_run_xml(anchor, text_box_run("文本框内容"))
    document.add_paragraph("下一段")
    doc = read(save(document, tmp_path / "textbox.docx"))
    assert texts(doc) == ["锚定段落", "文本框内容", "下一段"]


def test_legacy_vml_text_box_is_read(tmp_path: Path) -> None:
    document = new_document()
    append_run_xml(document.add_paragraph(), vml_text_box_run("附件3"))
    doc = read(save(document, tmp_path / "vml.docx"))
    assert texts(doc) == ["附件3"]


def test_content_control_paragraph_keeps_its_place(tmp_path: Path) -> None:
    document = new_document()
    document.add_paragraph("前")
    append_body_xml(document, content_control("控件内文字"))
    document.add_paragraph("后")
    doc = read(save(document, tmp_path / "sdt.docx"))
    assert texts(doc) == ["前", "控件内文字", "后"]


def test_tracked_deletion_is_left_out_and_insertion_kept(tmp_path: Path) -> None:
    document = new_document()
    paragraph = document.add_paragraph("得分")
    append_run_xml(
        paragraph,
        '<w:del xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
        ' w:id="1" w:author="a"><w:r><w:delText>90</w:delText></w:r></w:del>',
    )
    append_run_xml(
        paragraph,
        '<w:ins xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
        ' w:id="2" w:author="a"><w:r><w:t>96</w:t></w:r></w:ins>',
    )
    assert texts(read(save(document, tmp_path / "tracked.docx"))) == ["得分96"]


def test_hidden_run_is_left_out(tmp_path: Path) -> None:
    document = new_document()
    paragraph = document.add_paragraph("自评等级：")
    paragraph.add_run("草稿").font.hidden = True
    paragraph.add_run("优秀")
    assert texts(read(save(document, tmp_path / "hidden.docx"))) == ["自评等级：优秀"]


# --- grid layout (pure) -------------------------------------------------------------------


def test_grid_before_and_short_rows_leave_empty_positions() -> None:
    grid = layout_grid(
        (
            RowSpec((CellSpec("a"), CellSpec("b"), CellSpec("c"))),
            RowSpec((CellSpec("d"),), grid_before=1),
        ),
        grid_columns=3,
    )
    assert grid.rows == (("a", "b", "c"), ("", "d", ""))
    assert grid.merged == frozenset()


def test_vertical_merge_over_a_spanned_cell_covers_every_column() -> None:
    grid = layout_grid(
        (
            RowSpec((CellSpec("资金情况", span=2, v_merge=Merge.RESTART), CellSpec("10"))),
            RowSpec((CellSpec("", span=2, v_merge=Merge.CONTINUE), CellSpec("9"))),
        )
    )
    assert grid.rows == (("资金情况", "资金情况", "10"), ("资金情况", "资金情况", "9"))
    assert grid.merged == frozenset({(0, 1), (1, 0), (1, 1)})


def test_legacy_horizontal_merge_takes_the_left_text() -> None:
    grid = layout_grid(
        (RowSpec((CellSpec("合计", h_merge=Merge.RESTART), CellSpec("", h_merge=Merge.CONTINUE))),)
    )
    assert grid.rows == (("合计", "合计"),)
    assert grid.merged == frozenset({(0, 1)})


def test_continuation_without_a_cell_above_keeps_its_own_text() -> None:
    grid = layout_grid((RowSpec((CellSpec("孤立", v_merge=Merge.CONTINUE),)),))
    assert grid.rows == (("孤立",),)
    assert grid.merged == frozenset()


cell_specs = st.builds(
    CellSpec,
    text=st.text(max_size=3),
    span=st.integers(min_value=1, max_value=3),
    v_merge=st.sampled_from(Merge),
    h_merge=st.sampled_from(Merge),
)
row_specs = st.builds(
    RowSpec,
    cells=st.lists(cell_specs, max_size=4).map(tuple),
    grid_before=st.integers(min_value=0, max_value=2),
)


@given(st.lists(row_specs, max_size=6).map(tuple), st.integers(min_value=0, max_value=8))
def test_grid_is_rectangular_and_merges_lie_inside_it(
    rows: tuple[RowSpec, ...], grid_columns: int
) -> None:
    grid = layout_grid(rows, grid_columns)
    widths = {len(row) for row in grid.rows}
    assert len(grid.rows) == len(rows)
    assert len(widths) <= 1
    width = widths.pop() if widths else 0
    assert width >= (grid_columns if rows else 0)
    assert all(0 <= r < len(rows) and 0 <= c < width for r, c in grid.merged)


@given(
    st.lists(
        st.tuples(st.text(min_size=1, max_size=3), st.integers(min_value=1, max_value=4)),
        min_size=1,
        max_size=5,
    )
)
def test_spanned_cells_repeat_their_text_and_only_the_origin_is_unmerged(
    cells: list[tuple[str, int]],
) -> None:
    grid = layout_grid((RowSpec(tuple(CellSpec(text, span=span) for text, span in cells)),))
    assert grid.rows[0] == tuple(text for text, span in cells for _ in range(span))
    origins = [sum(span for _, span in cells[:i]) for i in range(len(cells))]
    assert {c for _, c in grid.merged} == set(range(len(grid.rows[0]))) - set(origins)


# --- real samples ---------------------------------------------------------------------


def test_ebian_opens_with_its_title_lines() -> None:
    doc = read(EBIAN)
    assert texts(doc)[:7] == [*EBIAN_OPENING_PARAGRAPHS, "（2） 机构职能和人员概况。"]


def test_ebian_has_no_tables_and_offsets_hold() -> None:
    doc = read(EBIAN)
    assert list(doc.tables()) == []
    assert offsets_hold(doc)


def test_jiayuguan_has_three_tables_on_their_grids(jiayuguan: Document) -> None:
    assert [(t.n_rows, t.n_cols) for t in jiayuguan.tables()] == [(47, 9), (34, 9), (30, 7)]
    assert offsets_hold(jiayuguan)


def test_jiayuguan_tables_follow_their_captions(jiayuguan: Document) -> None:
    blocks = jiayuguan.blocks
    before = [blocks[i - 1].text for i, b in enumerate(blocks) if isinstance(b, Table)]
    assert before == ["2022年5月26日", "慢性病项目支出绩效自评表", "绩效评价自评表"]


def test_overall_table_title_spans_the_whole_grid(overall_table: Table) -> None:
    assert overall_table.rows[0] == ("2021年嘉峪关市医疗保障局整体支出绩效自评表",) * 9
    assert {c for r, c in overall_table.merged if r == 0} == set(range(1, 9))


def test_overall_table_spending_row_repeats_the_merged_label(overall_table: Table) -> None:
    assert overall_table.rows[3] == (
        "部门（单位）整体支出   （万元）",
        "全年支出",
        "729.97",
        "753.60",
        "750.6",
        "99.6%",
        "10",
        "9",
        "9",
    )
    assert [c for c in range(9) if overall_table.is_merged(3, c)] == [0, 8]


def test_overall_table_first_level_indicator_is_repeated_down(overall_table: Table) -> None:
    assert overall_table.rows[11] == (
        "年度绩效指标完成情况",
        "部门管理\n（20分）",
        "资金投入",
        "基本支出预算执行率率",
        "≧90%",
        "91%%",
        "2",
        "2",
        "",
    )
    assert overall_table.rows[20] == (
        "年度绩效指标完成情况",
        "部门管理\n（20分）",
        "重点工作管理",
        "重点工作管理制度健全性",
        "健全",
        "健全",
        "2",
        "2",
        "",
    )
    assert not overall_table.is_merged(11, 1)
    assert [c for c in range(9) if overall_table.is_merged(20, c)] == [0, 1]


def test_overall_table_new_first_level_indicator_starts_a_new_merge(overall_table: Table) -> None:
    assert overall_table.rows[21][:3] == (
        "年度绩效指标完成情况",
        "履职效果\n（50分）",
        "部门履职目标",
    )
    assert [c for c in range(9) if overall_table.is_merged(21, c)] == [0]


def test_overall_table_satisfaction_rows_repeat_only_what_word_merged(
    overall_table: Table,
) -> None:
    assert overall_table.rows[45] == (
        "年度绩效指标完成情况",
        "服务对象满意度（10分）",
        "服务对象的满意度",
        "业务经办人员的满意度",
        "≧85%",
        "90%",
        "5",
        "5",
        "",
    )
    assert [c for c in range(9) if overall_table.is_merged(45, c)] == [0, 1]


def test_overall_table_total_row(overall_table: Table) -> None:
    assert overall_table.rows[46] == ("合    计",) * 7 + ("98", "")
    assert [c for c in range(9) if overall_table.is_merged(46, c)] == [1, 2, 3, 4, 5, 6]


def test_dispatch_reads_a_docx_sample(jiayuguan: Document) -> None:
    doc = read_document(JIAYUGUAN.read_bytes(), JIAYUGUAN.name, DEFAULTS)
    assert doc.file_format == "docx"
    assert doc.text == jiayuguan.text


# --- refusals -------------------------------------------------------------------------


def test_highly_compressed_large_member_is_a_zip_bomb() -> None:
    sizes = [MemberSize("word/media/zeros.bin", 100_000_000, 100_000)]
    reason = zip_bomb_reason(sizes, 200 * 2**20, 100.0, DOCX_RATIO_CHECK_MIN_BYTES)
    assert reason is not None
    assert reason.startswith("zip bomb refused: word/media/zeros.bin expands 1000x")


def test_a_body_of_thousands_of_tables_compressing_150x_is_not_a_zip_bomb() -> None:
    # 5,000 small tables: 12.8 MB of highly repetitive XML, 85 KB compressed.
    sizes = [MemberSize("word/document.xml", 12_800_000, 85_000)]
    assert zip_bomb_reason(sizes, 200 * 2**20, 100.0, DOCX_RATIO_CHECK_MIN_BYTES) is None


def test_total_uncompressed_size_over_the_limit_is_a_zip_bomb() -> None:
    # jiayuguan's members add up to 1,098,016 bytes.
    error = error_of(JIAYUGUAN, ReadSettings(max_docx_uncompressed_bytes=1_000_000))
    assert error.error_type == "ZipBomb"
    assert "1,098,016" in error.message


def test_small_highly_compressed_parts_are_not_a_zip_bomb() -> None:
    sizes = [MemberSize("word/styles.xml", 349_628, 12_196)]
    assert zip_bomb_reason(sizes, 200 * 2**20, 10.0) is None


@pytest.mark.parametrize(
    "doctype",
    [
        b'<!DOCTYPE w:document [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>',
        b'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
        b'<!DOCTYPE w:document SYSTEM "http://example.com/evil.dtd">',
    ],
)
def test_doctype_or_entity_declaration_is_unsafe_xml(tmp_path: Path, doctype: bytes) -> None:
    xml = read_member(EBIAN, "word/document.xml")
    declaration_end = xml.index(b"?>") + 2
    hostile = xml[:declaration_end] + doctype + xml[declaration_end:]
    path = rewrite_member(EBIAN, tmp_path / "dtd.docx", "word/document.xml", hostile)
    assert error_of(path).error_type == "UnsafeXML"


def test_truncated_docx_is_corrupt(tmp_path: Path) -> None:
    data = JIAYUGUAN.read_bytes()
    path = tmp_path / "truncated.docx"
    path.write_bytes(data[: len(data) // 2])
    error = error_of(path)
    assert error.error_type == "CorruptFile"
    assert error.message.startswith("corrupt DOCX: ")


def test_zip_without_word_document_is_the_wrong_kind_of_file(tmp_path: Path) -> None:
    path = tmp_path / "archive.docx"
    path.write_bytes(zip_of({"readme.txt": "绩效自评".encode()}))
    error = error_of(path)
    assert error.error_type == "WrongExtension"
    assert "word/document.xml" in error.message


def test_workbook_renamed_docx_is_named_as_excel(tmp_path: Path) -> None:
    rels = (
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Target="xl/workbook.xml" Type="http://schemas.openxmlformats'
        b'.org/officeDocument/2006/relationships/officeDocument"/></Relationships>'
    )
    workbook = b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>'
    path = tmp_path / "book.docx"
    path.write_bytes(zip_of({"_rels/.rels": rels, "xl/workbook.xml": workbook}))
    error = error_of(path)
    assert error.error_type == "WrongExtension"
    assert "Excel" in error.message


def test_malformed_document_xml_is_corrupt(tmp_path: Path) -> None:
    path = rewrite_member(EBIAN, tmp_path / "bad.docx", "word/document.xml", b"<w:document>")
    error = error_of(path)
    assert error.error_type == "CorruptFile"
    assert "word/document.xml" in error.message


def test_body_xml_ending_in_a_nul_is_corrupt_on_one_line(tmp_path: Path) -> None:
    # lxml's message for this byte spans two lines; an error row holds one.
    xml = read_member(EBIAN, "word/document.xml")
    path = rewrite_member(EBIAN, tmp_path / "nul.docx", "word/document.xml", xml[:-1] + b"\x00")
    error = error_of(path)
    assert error.error_type == "CorruptFile"
    assert error.message.startswith("corrupt DOCX: word/document.xml is not well-formed XML (")
    assert "\n" not in error.message


def test_read_error_message_is_always_one_line() -> None:
    error = ReadError("CorruptFile", "corrupt DOCX: bad XML (Char 0x0 out of range\n  line 2\r\n)")
    assert error.message == "corrupt DOCX: bad XML (Char 0x0 out of range line 2 )"
    assert str(error) == error.message


def test_docx_without_body_text_says_so(tmp_path: Path) -> None:
    document = new_document()
    document.add_paragraph("")
    error = error_of(save(document, tmp_path / "blank.docx"))
    assert error.error_type == "NoText"


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**32 - 1), flips=st.integers(1, 30))
def test_mutated_sample_gives_a_document_or_a_read_error(
    tmp_path_factory: pytest.TempPathFactory, seed: int, flips: int
) -> None:
    rng = random.Random(seed)
    data = bytearray(JIAYUGUAN.read_bytes())
    for _ in range(flips):
        data[rng.randrange(len(data))] = rng.randrange(256)
    path = tmp_path_factory.mktemp("fuzz") / "mutated.docx"
    path.write_bytes(bytes(data))
    try:
        doc = read(path)
    except ReadError as error:
        assert error.error_type in {"CorruptFile", "ZipBomb", "WrongExtension", "UnsafeXML"}
        assert "\n" not in error.message
    else:
        assert offsets_hold(doc)
