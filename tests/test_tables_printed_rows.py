"""Forms a web page printed one row per line (``|`` between cells), leaving out the cells
a merge covers: each row's figures still land under their header's columns."""

from __future__ import annotations

from decimal import Decimal

from extractors.txt import read_txt
from parsers.tables import read_tables
from records import ProjectRecord


def _facts(*lines: str, fiscal_year: int = 2023):
    doc = read_txt("\n".join(lines).encode("utf-8"), "s.txt")
    return read_tables(doc, fiscal_year)


def test_txt_pipe_table_keeps_the_width_each_row_was_printed_with() -> None:
    doc = read_txt("项目 | 年初预算 | 执行数 |\n总额 | 12.5 |\n".encode(), "s.txt")
    (table,) = doc.blocks
    assert table.rows == (("项目", "年初预算", "执行数"), ("总额", "12.5", ""))
    assert table.printed_widths == (3, 2)


def test_budget_row_without_the_merged_block_label_lands_under_its_columns() -> None:
    # the header carries the block label 预算执行情况（10分） that spans the rows below;
    # the rows, printed without it, start one cell further left
    facts = _facts(
        "项目名称 | 51000021R000000018888-乡村道路养护经费 |",
        "预算执行情况（10分） | 年度预算数（万元） | 年初预算 | 调整后预算数 | 预算执行数 | 预算执行率 | 权重 | 得分 |",
        "总额 | 80.00 | 95.50 | 90.20 | 94.45% | 10 | 9 |",
        "其中：财政资金 | 80.00 | 95.50 | 90.20 | 94.45% | / |",
    )
    assert facts.projects == [
        ProjectRecord(
            project_name="乡村道路养护经费",
            budget_initial_wan=Decimal("80.00"),
            budget_final_wan=Decimal("95.50"),
            executed_wan=Decimal("90.20"),
            execution_rate=Decimal("0.9445"),
        )
    ]


def test_department_form_rows_without_the_merged_money_label_are_read() -> None:
    facts = _facts(
        "部门（单位）总体资金（万元） | 资金来源 | 年初预算数（A） | 全年执行数（B） | 分值 | 得分 | 得分计算方法 |",
        "年度资金总额： | 640.00 | 702.40 | 10 | 10 | 执行率乘以分值 |",
        "基本支出 | 520.00 | 498.30 | 10 | 10 |",
        "项目支出 | 120.00 | 204.10 | 10 | 10 |",
    )
    summary = facts.summary
    assert (summary.budget_initial_wan, summary.expenditure_wan) == (
        Decimal("640.00"),
        Decimal("702.40"),
    )
    assert summary.basic_expenditure_wan == Decimal("498.30")
    assert summary.project_expenditure_wan == Decimal("204.10")


def test_indicator_rows_without_their_merged_level_cells_keep_name_weight_and_score() -> None:
    facts = _facts(
        "一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因 |",
        "产出指标 | 数量指标 | 指标1：培训基层经办人员 | ≥300人次 | 326人次 | 20 | 20 | |",
        "指标2：印发宣传折页 | ≥5000份 | 4800份 | 10 | 9 | 印刷推迟 |",
        "质量指标 | 培训考核合格率 | ≥90% | 96% | 10 | 10 | |",
    )
    rows = [(i.level1, i.level2, i.level3, i.weight, i.score) for i in facts.indicators]
    assert rows == [
        ("产出指标", "数量指标", "培训基层经办人员", 20.0, 20.0),
        ("产出指标", "数量指标", "印发宣传折页", 10.0, 9.0),
        ("产出指标", "质量指标", "培训考核合格率", 10.0, 10.0),
    ]


def test_scoring_table_rows_keep_their_number_in_the_first_column() -> None:
    # a 部门整体 scoring table: 三级指标 | 指标分值 | explanation | 自评得分, rows under a
    # merged 一级/二级 cell printed without it
    facts = _facts(
        "序号 | 一级指标 | 二级指标 | 三级指标 | 指标分值 | 评分标准 | 自评得分 |",
        "1 | 决策（20分） | 目标设定（8分） | 绩效目标合理性 | 4 | 目标符合实际得4分 | 4 |",
        "2 | 绩效目标明确性 | 4 | 目标细化量化得4分 | 3 |",
        "3 | 预算编制（12分） | 预算编制科学性 | 6 | 依据充分得6分 | 5 |",
    )
    rows = [(i.level1, i.level2, i.level3, i.weight, i.score) for i in facts.indicators]
    assert rows == [
        ("决策", "目标设定", "绩效目标合理性", 4.0, 4.0),
        ("决策", "目标设定", "绩效目标明确性", 4.0, 3.0),
        ("决策", "预算编制", "预算编制科学性", 6.0, 5.0),
    ]


def test_rows_printed_with_all_their_cells_stay_where_they_are() -> None:
    # a level-2 label that is not a known level name (支出预算控制) in a full row
    facts = _facts(
        "一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |",
        "产出指标 | 支出预算控制 | 支出不超预算 | ≤50万元 | 48万元 | 10 | 10 |",
    )
    assert [(i.level2, i.level3) for i in facts.indicators] == [("支出预算控制", "支出不超预算")]
