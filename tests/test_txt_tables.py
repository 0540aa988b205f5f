"""Tables flattened into TAB lines, rebuilt as grids (expected rows read off the samples)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from sample_rows import (
    JIAYUGUAN_BUDGET_HEADER,
    JIAYUGUAN_PROJECT_FUNDS_HEADER,
    JIAYUGUAN_PROJECT_FUNDS_TOTAL,
    JIAYUGUAN_PROJECT_INDICATOR_HEADER,
    JIAYUGUAN_STAFF_SATISFACTION_ROW,
    MIANZHU_BUDGET_ROW,
    MIANZHU_INDICATOR_HEADER,
    MIANZHU_QUANTITY_ROW,
    MIANZHU_SATISFACTION_ROW,
    YUEYANGLOU_BUDGET_HEADER,
    YUEYANGLOU_BUDGET_TOTAL,
    YUEYANGLOU_INDICATOR_HEADER,
    YUEYANGLOU_INTERNET_ROW,
    YUEYANGLOU_PARTICIPATION_ROW,
    YUEYANGLOU_RUBRIC_TOTAL,
    YUEYANGLOU_SATISFACTION_ROW,
    YUEYANGLOU_TIMELY_ROW,
)

from extractors.model import Paragraph, Table
from extractors.txt import read_txt
from extractors.txt_tables import rebuild_tables

SAMPLES = Path(__file__).parent / "fixtures" / "samples"


def read_sample(name: str):
    return read_txt((SAMPLES / name).read_bytes(), name)


def tables_of(name: str) -> list[Table]:
    return [b for b in read_sample(name).blocks if isinstance(b, Table)]


def table_starting(name: str, first_cell: str) -> Table:
    return next(t for t in tables_of(name) if t.rows[0][0] == first_cell)


def padded(*cells: str, width: int) -> tuple[str, ...]:
    return (*cells, *("",) * (width - len(cells)))


def block_after(name: str, table: Table):
    blocks = read_sample(name).blocks
    return blocks[blocks.index(table) + 1]


def block_before(name: str, table: Table):
    blocks = read_sample(name).blocks
    return blocks[blocks.index(table) - 1]


YUE = "yueyanglou-2023-dept-self-eval.txt"
JIA = "jiayuguan-2021-dept-self-eval.txt"
MIAN = "mianzhu-2020-final-accounts.txt"


@pytest.mark.parametrize(
    ("name", "count"),
    [
        ("ebian-2024-dept-self-eval.txt", 0),
        ("fengnan-2023-finance-key-eval.txt", 0),
        (JIA, 3),
        (MIAN, 5),
        (YUE, 3),
    ],
)
def test_number_of_tables_per_sample(name, count):
    assert len(tables_of(name)) == count


@pytest.mark.parametrize("name", [JIA, MIAN, YUE])
def test_grids_are_rectangular_and_nothing_is_marked_merged(name):
    for table in tables_of(name):
        assert len({len(row) for row in table.rows}) == 1
        assert table.merged == frozenset()


# --- yueyanglou 基础数据表 -------------------------------------------------------------


def test_yueyanglou_basic_data_table_shape():
    table = table_starting(YUE, "预算单位名称")
    assert (table.n_rows, table.n_cols) == (27, 7)


def test_yueyanglou_basic_data_table_money_rows():
    rows = table_starting(YUE, "预算单位名称").rows
    assert (
        padded("经费控制情况(万元)", "2022年决算数", "2023年预算数", "2023年决算数", width=7)
        in rows
    )
    assert padded("三公经费", "", "10", "0.13", width=7) in rows
    assert padded("项目支出：", "231.98", "276", "994.5", width=7) in rows
    assert padded("会议费、培训费", "0.06", "", "", width=7) in rows


def test_yueyanglou_basic_data_table_multi_line_header_cells():
    rows = table_starting(YUE, "预算单位名称").rows
    assert rows[24] == (
        "楼堂馆所控制情况\n(2022年完工项目)",
        "批复规模\n(m²)",
        "实际规\n模(m²)",
        "规模控制率",
        "预算投资\n(万元)",
        "实际\n投资\n(万元)",
        "投资概\n算控制\n率",
    )
    assert rows[25] == ("",) * 7
    assert rows[26] == padded("厉行节约保障措施", "制定事前报备，事后审核制度", width=7)


def test_note_after_basic_data_table_is_a_paragraph():
    table = table_starting(YUE, "预算单位名称")
    after = block_after(YUE, table)
    assert isinstance(after, Paragraph)
    assert after.text.startswith("说明：“项目支出”需要填报基本支出以外的所有项目支出情况")


# --- yueyanglou 整体支出绩效自评表 --------------------------------------------------------


def test_yueyanglou_self_eval_table_shape():
    table = table_starting(YUE, "预算单位 名称")
    assert (table.n_rows, table.n_cols) == (29, 9)


def test_yueyanglou_indicator_header_row():
    rows = table_starting(YUE, "预算单位 名称").rows
    assert rows[10] == YUEYANGLOU_INDICATOR_HEADER


def test_yueyanglou_level1_cell_rebuilt_from_continuation_lines():
    rows = table_starting(YUE, "预算单位 名称").rows
    assert rows[11] == YUEYANGLOU_PARTICIPATION_ROW


def test_yueyanglou_rows_with_merged_cells_above():
    rows = table_starting(YUE, "预算单位 名称").rows
    assert rows[13] == YUEYANGLOU_TIMELY_ROW
    assert rows[25] == YUEYANGLOU_INTERNET_ROW


def test_yueyanglou_row_split_by_an_empty_paragraph_is_one_row():
    rows = table_starting(YUE, "预算单位 名称").rows
    assert rows[27] == YUEYANGLOU_SATISFACTION_ROW


def test_yueyanglou_budget_rows_of_the_self_eval_table():
    rows = table_starting(YUE, "预算单位 名称").rows
    assert rows[1] == YUEYANGLOU_BUDGET_HEADER
    assert rows[2] == YUEYANGLOU_BUDGET_TOTAL


def test_table_text_shows_multi_line_cell_on_one_line():
    table = table_starting(YUE, "预算单位 名称")
    assert "\t产出指标 (50分)\t数量指标\t城乡居民参保率\t≥95%\t96.19%\t20\t20\t" in table.text


def test_signoff_after_self_eval_table_is_a_paragraph():
    after = block_after(YUE, table_starting(YUE, "预算单位 名称"))
    assert after == Paragraph(
        "填表人：童璇   联系电话：13873029299    单位负责人签字：     填报日期：2024-5-27",
        char_start=after.char_start,
        char_end=after.char_end,
    )


def test_yueyanglou_scoring_rubric_table():
    table = table_starting(YUE, "一级指标")
    assert (table.n_rows, table.n_cols) == (8, 4)
    assert table.rows[1][:2] == ("实施评价\n30分", "单位自查\n（20分）")
    assert table.rows[7] == YUEYANGLOU_RUBRIC_TOTAL


# --- jiayuguan ----------------------------------------------------------------------


def test_jiayuguan_department_table_shape_and_title_row():
    table = tables_of(JIA)[0]
    assert (table.n_rows, table.n_cols) == (47, 9)
    assert table.rows[0] == padded("2021年嘉峪关市医疗保障局整体支出绩效自评表", width=9)


def test_jiayuguan_department_budget_rows():
    rows = tables_of(JIA)[0].rows
    assert rows[2] == JIAYUGUAN_BUDGET_HEADER
    assert rows[3] == ("", "全年支出", "729.97", "753.60", "750.6", "99.6%", "10", "9", "")
    assert rows[5] == ("", "项目支出", "198.52", "198.52", "195.52", "98.49%", "—", "—", "")


def test_jiayuguan_level1_cell_continued_after_a_blank_line():
    rows = tables_of(JIA)[0].rows
    assert rows[11] == (
        "",
        "部门管理\n（20分）",
        "资金投入",
        "基本支出预算执行率率",
        "≧90%",
        "91%%",
        "2",
        "2",
        "",
    )
    assert rows[21] == (
        "",
        "履职效果\n（50分）",
        "部门履职目标",
        "定点医疗机构管理",
        "216个",
        "216个",
        "3",
        "3",
        "",
    )


def test_jiayuguan_department_table_ends_with_its_total():
    rows = tables_of(JIA)[0].rows
    assert rows[45] == JIAYUGUAN_STAFF_SATISFACTION_ROW
    assert rows[46] == padded("合    计", "98", width=9)


def test_title_between_tables_is_a_paragraph_not_a_cell():
    table = tables_of(JIA)[1]
    before = block_before(JIA, table)
    assert isinstance(before, Paragraph)
    assert before.text == "慢性病项目支出绩效自评表"
    assert table.rows[0] == padded("项目名称", "慢性病鉴定费", width=9)


def test_jiayuguan_project_table_stacked_letter_cells():
    table = tables_of(JIA)[1]
    assert (table.n_rows, table.n_cols) == (34, 9)
    assert table.rows[11] == JIAYUGUAN_PROJECT_INDICATOR_HEADER
    assert table.rows[12] == (
        "",
        "产\n出\n指\n标\n（50分）",
        "数量指标",
        "慢性病申请人数",
        "1700人",
        "1782人",
        "5",
        "5",
        "",
    )
    assert table.rows[21] == (
        "",
        "效\n益\n指\n标\n（30分）",
        "经济效益指标",
        "医保综合监管能力",
        "有所提高",
        "有所提高",
        "3",
        "3",
        "",
    )


def test_jiayuguan_project_table_funding_rows():
    rows = tables_of(JIA)[1].rows
    assert rows[2] == JIAYUGUAN_PROJECT_FUNDS_HEADER
    assert rows[4] == JIAYUGUAN_PROJECT_FUNDS_TOTAL


def test_jiayuguan_transfer_table_rows():
    table = tables_of(JIA)[2]
    assert (table.n_rows, table.n_cols) == (30, 7)
    assert table.rows[0] == padded(
        "转移支付\n名称", "医疗服务与保障能力提升补助资金（医疗保障能力建设部分）", width=7
    )
    assert table.rows[4] == padded("", "年度资金总额", "182", "179", "98.35%", width=7)
    assert table.rows[28] == (
        "",
        "满意度指标",
        "服务\n对象\n满意度指标",
        "参保人员对医保服务\n的满意度",
        "≧85%",
        "90%",
        "",
    )


def test_header_row_then_row_split_by_empty_paragraphs():
    rows = tables_of(JIA)[2].rows
    assert rows[8] == padded("年度\n总体\n目标", "年初设定目标", "全年实际完成情况", width=7)
    goals = rows[9]
    assert goals[0] == ""
    assert goals[1].startswith("一是加强医保政策宣传")
    assert goals[2].startswith("一是医药服务管理工作落地见效")
    assert "\n基金运行基本安全平稳；七是持续优化医保经办服务" in goals[2]
    assert goals[3:] == ("",) * 4


def test_titles_above_transfer_table_are_paragraphs():
    blocks = read_sample(JIA).blocks
    i = blocks.index(tables_of(JIA)[2])
    assert [b.text for b in blocks[i - 2 : i]] == [
        "医疗服务与保障能力提升补助资金",
        "绩效评价自评表",
    ]


# --- mianzhu 项目绩效目标完成情况表 ---------------------------------------------------------


def test_mianzhu_back_to_back_project_tables_split_at_their_titles():
    tables = tables_of(MIAN)
    assert [(t.n_rows, t.n_cols) for t in tables] == [(15, 6)] * 5
    assert all(t.rows[0] == padded("项目绩效目标完成情况表\n(2020年度)", width=6) for t in tables)
    assert [t.rows[1][1] for t in tables] == [
        "二乙伤残军人医疗",
        "城乡医疗一体化专项经费",
        "医保监管聘请专家、双随机及第三方审计专项经费",
        "城乡居民补充医疗保险补助1",
        "城乡居民补充医疗保险补助2",
    ]


def test_mianzhu_first_project_table_rows():
    rows = tables_of(MIAN)[0].rows
    assert rows[3] == MIANZHU_BUDGET_ROW
    assert rows[8] == MIANZHU_INDICATOR_HEADER
    assert rows[9] == MIANZHU_QUANTITY_ROW
    assert rows[14] == MIANZHU_SATISFACTION_ROW


def test_mianzhu_last_table_drops_trailing_empty_row_and_prose_follows():
    table = tables_of(MIAN)[4]
    assert table.rows[-1] == (
        "",
        "满意度指标",
        "服务对象\n满意度指标",
        "提高参保人员的满意率",
        "≥95%",
        "95%",
    )
    assert block_after(MIAN, table).text == "2.部门绩效评价结果。"


# --- the rules, on small inputs -----------------------------------------------------


def test_blank_line_ends_a_row():
    blocks = rebuild_tables(
        ["\t项目名称", "\t慢性病鉴定费", "", "\t主管部门", "\t嘉峪关市医疗保障局"]
    )
    assert blocks == [
        Table(rows=(("项目名称", "慢性病鉴定费"), ("主管部门", "嘉峪关市医疗保障局")))
    ]


def test_continuation_after_a_blank_line_stays_in_the_cell():
    lines = ["\t一级指标", "\t二级指标", "", "\t", "\t部门管理", "", "（20分）", "\t资金投入"]
    assert rebuild_tables(lines) == [
        Table(rows=(("一级指标", "二级指标", ""), ("", "部门管理\n（20分）", "资金投入")))
    ]


def test_prose_line_right_after_a_table_is_a_paragraph():
    lines = ["\t合    计", "\t98", "", "", "填表人：张三  联系电话：123", "一、基本情况"]
    assert rebuild_tables(lines) == [
        Table(rows=(("合    计", "98"),)),
        Paragraph("填表人：张三  联系电话：123"),
        Paragraph("一、基本情况"),
    ]


def test_long_prose_glued_to_the_last_cell_at_the_end_is_a_paragraph():
    prose = "二是持续做好数据保障。缴费平台已延伸至街道（乡）、社区（村），我们将进一步放大两级平台的功能。"
    lines = ["\t说明", "\t无", prose]
    assert rebuild_tables(lines) == [Table(rows=(("说明", "无"),)), Paragraph(prose)]


def test_single_tab_prose_line_is_a_paragraph():
    lines = [
        "（一）持续推进2024年度城乡居民医保征缴工作",
        "\t一是不断提升宣传效果。加大医保宣传力度，让医保政策家喻户晓。",
        "二是持续做好数据保障。缴费平台已延伸至街道（乡）、社区（村）。",
    ]
    assert rebuild_tables(lines) == [Paragraph(line.strip()) for line in lines]


def test_tab_lines_without_any_text_give_no_block():
    assert rebuild_tables(["一、基本情况", "\t", "\t　", "", "\t", "二、收支情况"]) == [
        Paragraph("一、基本情况"),
        Paragraph("二、收支情况"),
    ]


def test_one_cell_title_row_starts_a_new_table():
    lines = [
        "\t项目绩效目标完成情况表",
        "(2020年度)",
        "",
        "\t项目名称",
        "\t二乙伤残军人医疗",
        "",
        "\t项目绩效目标完成情况表",
        "",
        "\t项目名称",
        "\t城乡医疗一体化专项经费",
    ]
    assert rebuild_tables(lines) == [
        Table(rows=(("项目绩效目标完成情况表\n(2020年度)", ""), ("项目名称", "二乙伤残军人医疗"))),
        Table(rows=(("项目绩效目标完成情况表", ""), ("项目名称", "城乡医疗一体化专项经费"))),
    ]


def test_lines_with_tabs_between_cells_are_a_table_of_one_row_per_line():
    lines = [
        "基本支出情况",
        "项目\t预算数\t执行数",
        "全年支出\t729.97\t750.6",
        "项目支出\t198.52",
        "合计为上。",
    ]
    assert rebuild_tables(lines) == [
        Paragraph("基本支出情况"),
        Table(
            rows=(
                ("项目", "预算数", "执行数"),
                ("全年支出", "729.97", "750.6"),
                ("项目支出", "198.52", ""),
            )
        ),
        Paragraph("合计为上。"),
    ]


def test_heading_like_line_between_two_cell_lines_stays_in_the_cell():
    lines = [
        "\t年度目标",
        "\t一、全力做好疫情防控医疗保障工作；",
        "二、医药服务管理工作落地见效。",
        "\t已完成",
    ]
    assert rebuild_tables(lines) == [
        Table(
            rows=(
                (
                    "年度目标",
                    "一、全力做好疫情防控医疗保障工作；\n二、医药服务管理工作落地见效。",
                    "已完成",
                ),
            )
        )
    ]


def test_signoff_glued_under_a_table_is_a_paragraph_even_if_a_table_follows():
    lines = ["\t合计", "\t98", "填表人：童璇", "", "\t项目名称", "\t慢性病鉴定费"]
    assert rebuild_tables(lines) == [
        Table(rows=(("合计", "98"),)),
        Paragraph("填表人：童璇"),
        Table(rows=(("项目名称", "慢性病鉴定费"),)),
    ]


def test_paragraphs_indented_with_a_tab_are_not_a_table():
    lines = [
        "\t一是不断提升宣传效果。加大医保宣传力度，让医保政策家喻户晓。",
        "",
        "\t二是持续做好数据保障。缴费平台已延伸至街道（乡）、社区（村）。",
        "\t三是持续加大基金监管力度。继续严格督促各医疗机构认真遵守国家医保政策。",
    ]
    assert rebuild_tables(lines) == [Paragraph(line.strip()) for line in lines if line]


def test_one_row_table_of_short_cells_stays_a_table():
    lines = ["\t项目名称", "\t医疗保险征缴及医疗保险基金安全监管工作相关经费"]
    assert rebuild_tables(lines) == [
        Table(rows=(("项目名称", "医疗保险征缴及医疗保险基金安全监管工作相关经费"),))
    ]


# A generated grid, flattened the way the exports do it, reads back as the same grid.
_PIECE = st.text(
    st.sampled_from(list("医疗保障预算执行率项目支出指标分值得分0123456789%≥（）")),
    min_size=1,
    max_size=12,
)
_CELL = st.one_of(st.just([]), st.lists(_PIECE, min_size=1, max_size=3))


def _flatten(grid: list[list[list[str]]]) -> list[str]:
    lines: list[str] = []
    for row in grid:
        for cell in row:
            lines.append("\t" + (cell[0] if cell else ""))
            lines.extend(cell[1:])
        lines.append("")
    return lines


@st.composite
def _grids(draw):
    width = draw(st.integers(min_value=2, max_value=6))
    height = draw(st.integers(min_value=1, max_value=8))
    return [[draw(_CELL) for _ in range(width)] for _ in range(height)]


@given(_grids())
def test_flattened_grid_reads_back_as_the_same_grid(grid):
    assume(any(grid[0]) and any(grid[-1]))
    expected = tuple(tuple("\n".join(cell) for cell in row) for row in grid)
    assert rebuild_tables(_flatten(grid)) == [Table(rows=expected)]


# --- tables printed with `|` between cells (web pages, PDF-to-text) ----------------------


def test_lines_with_pipes_between_cells_are_a_table_and_a_title_row_is_a_paragraph() -> None:
    lines = [
        "满意度指标 | 服务对象满意度指标 | 参保群众满意度 | ≥ | 95 | % | 10 | ||",
        "合计 | 100 | ||||||",
        "部门预算项目支出绩效自评表(2022年度) | |||||||",
        "项目名称 | 医保经办能力提升经费 | |||||",
        "2.项目实施内容及过程概述 | |||||||",
        "城乡居民参保率达到98%以上。",
    ]
    blocks = rebuild_tables(lines)
    assert [type(b).__name__ for b in blocks] == ["Table", "Paragraph", "Table", "Paragraph"]
    first, title, second = blocks[0], blocks[1], blocks[2]
    assert isinstance(first, Table) and isinstance(second, Table)
    assert first.rows[0][:7] == (
        "满意度指标",
        "服务对象满意度指标",
        "参保群众满意度",
        "≥",
        "95",
        "%",
        "10",
    )
    assert first.rows[1][:2] == ("合计", "100")
    assert title == Paragraph("部门预算项目支出绩效自评表(2022年度)")
    assert [row[:2] for row in second.rows] == [
        ("项目名称", "医保经办能力提升经费"),
        ("2.项目实施内容及过程概述", ""),
    ]


def test_pipe_table_frame_and_markdown_rule_row_are_not_cells() -> None:
    lines = ["| 项目 | 预算数 | 执行数 |", "|---|:---:|---|", "| 基本支出 | 412.6 | 409.3 |"]
    assert rebuild_tables(lines) == [
        Table(
            rows=(("项目", "预算数", "执行数"), ("基本支出", "412.6", "409.3")),
            printed_widths=(3, 3),
        )
    ]


def test_single_line_with_a_pipe_is_a_paragraph() -> None:
    assert rebuild_tables(["登录 | 注册", "", "某县医疗保障局2023年度部门决算"]) == [
        Paragraph("登录 | 注册"),
        Paragraph("某县医疗保障局2023年度部门决算"),
    ]


def test_words_spaced_out_by_pdf_to_text_are_closed_up() -> None:
    lines = ["目 录", "一、部 门 概 况", "评价结果 良 好86分", "第一部分 部门概况"]
    assert rebuild_tables(lines) == [
        Paragraph("目录"),
        Paragraph("一、部门概况"),
        Paragraph("评价结果 良好86分"),
        Paragraph("第一部分 部门概况"),
    ]


def test_spaced_out_letters_of_a_table_cell_are_closed_up() -> None:
    lines = ["\t绩 效 指 标", "\t产出指标", "", "\t合 计", "\t100"]
    assert rebuild_tables(lines) == [Table(rows=(("绩效指标", "产出指标"), ("合计", "100")))]


def test_run_on_line_that_lost_its_line_breaks_is_cut_at_its_numbered_headings() -> None:
    body = "区医保局为区政府工作部门，负责全区医疗保障制度的组织实施和基金监督管理。" * 4
    line = (
        "第三部分 附件 某市某区医疗保障局 2022 年度部门整体支出绩效评价报告 一、部门概况 "
        f"（一）基本情况。 {body} 1.主要职能。 {body} （2）组织实施全区医疗保障筹资政策。"
    )
    assert [b.text for b in rebuild_tables([line])] == [
        "第三部分 附件 某市某区医疗保障局 2022 年度部门整体支出绩效评价报告",
        "一、部门概况",
        f"（一）基本情况。 {body}",
        f"1.主要职能。 {body}",
        "（2）组织实施全区医疗保障筹资政策。",
    ]


def test_long_paragraph_with_one_inline_number_stays_one_line() -> None:
    sentence = "全年支出合计1234.5万元，较上年增长 1.5%，基本支出按标准足额保障。"
    line = sentence * 5 + "其中 （1）项为人员经费。" + sentence * 5
    assert [b.text for b in rebuild_tables([line])] == [line]


def test_pipe_row_opening_with_a_separator_in_an_unframed_table_has_an_empty_first_cell():
    lines = [
        "一级指标 | 二级指标 | 三级指标 | 分值",
        "产出指标 | 数量指标 | 城乡居民参保人数 | 20",
        " | 质量指标 | 基金支付准确率 | 20",
    ]
    assert rebuild_tables(lines) == [
        Table(
            rows=(
                ("一级指标", "二级指标", "三级指标", "分值"),
                ("产出指标", "数量指标", "城乡居民参保人数", "20"),
                ("", "质量指标", "基金支付准确率", "20"),
            ),
            printed_widths=(4, 4, 4),
        )
    ]


# --- space-aligned tables ---------------------------------------------------------------


def test_lines_with_columns_set_apart_by_spaces_are_a_table() -> None:
    blocks = rebuild_tables(
        [
            "项目资金（万元）    年初预算数    全年执行数    执行率",
            "年度资金总额            52.5          50.1       95.43%",
        ]
    )
    assert blocks == [
        Table(
            rows=(
                ("项目资金（万元）", "年初预算数", "全年执行数", "执行率"),
                ("年度资金总额", "52.5", "50.1", "95.43%"),
            )
        )
    ]


def test_a_sentence_with_a_wide_gap_stays_prose() -> None:
    blocks = rebuild_tables(
        [
            "本部门全年支出50.1万元，    执行率95.43%。",
            "主要用于医保经办与宣传，    成效明显。",
        ]
    )
    assert all(isinstance(b, Paragraph) for b in blocks)


def test_two_label_value_lines_alone_are_not_a_table() -> None:
    blocks = rebuild_tables(["报告日期：    2024年3月", "评价机构：    本局评价组"])
    assert all(isinstance(b, Paragraph) for b in blocks)
