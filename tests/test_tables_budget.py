"""Budget blocks and 基础数据表 rows to table-sourced amounts and the doc summary."""

from __future__ import annotations

from decimal import Decimal

from sample_rows import (
    JIAYUGUAN_BUDGET_HEADER,
    JIAYUGUAN_BUDGET_TOTAL,
    YUEYANGLOU_BASIC_DATA_MONEY_HEADER,
    YUEYANGLOU_BASIC_DATA_THREE_PUBLIC,
    YUEYANGLOU_BUDGET_HEADER,
    YUEYANGLOU_BUDGET_TOTAL,
)

from extractors.model import Paragraph, Table, assemble
from parsers.sections import segment
from parsers.tables import read_tables
from parsers.tables.layout import header_fields


def _facts(rows, fiscal_year, merged=frozenset()):
    return read_tables(assemble("s", "txt", [Table(rows=tuple(rows), merged=merged)]), fiscal_year)


# jiayuguan 整体支出绩效自评表, budget block (TXT grid).
JIAYUGUAN_BUDGET = [
    ("2021年嘉峪关市医疗保障局整体支出绩效自评表", "", "", "", "", "", "", "", ""),
    ("部门（单位）名称", "嘉峪关市医疗保障局", "", "", "", "", "", "", ""),
    JIAYUGUAN_BUDGET_HEADER,
    JIAYUGUAN_BUDGET_TOTAL,
    ("", "   其中：基本支出", "531.45", "555.08", "555.08", "100%", "—", "—", ""),
    ("", "        项目支出", "198.52", "198.52", "195.52", "98.49%", "—", "—", ""),
    ("年度总体绩效目标完成情况", "预期目标", "目标实际完成情况", "", "", "", "", "", ""),
]


def test_department_budget_block_fills_the_summary():
    summary = _facts(JIAYUGUAN_BUDGET, 2021).summary
    assert summary.budget_initial_wan == Decimal("729.97")
    assert summary.budget_final_wan == Decimal("753.60")
    assert summary.expenditure_wan == Decimal("750.6")
    assert summary.execution_rate == Decimal("0.996")
    assert summary.basic_expenditure_wan == Decimal("555.08")
    assert summary.project_expenditure_wan == Decimal("195.52")


def test_budget_cells_become_table_amounts_with_the_header_unit():
    amounts = _facts(JIAYUGUAN_BUDGET, 2021).amounts
    first = amounts[0]
    assert (first.metric, first.value_wan, first.raw_value, first.raw_unit) == (
        "年初预算数",
        Decimal("729.97"),
        "729.97",
        "万元",
    )
    assert (first.source, first.char_start, first.subject) == ("table", None, None)
    assert first.sentence == "全年支出\t729.97\t753.60\t750.6\t99.6%\t10\t9"
    assert [(a.metric, a.raw_value) for a in amounts] == [
        ("年初预算数", "729.97"),
        ("全年预算数", "753.60"),
        ("执行数", "750.6"),
        ("基本支出", "531.45"),
        ("基本支出", "555.08"),
        ("基本支出", "555.08"),
        ("项目支出", "198.52"),
        ("项目支出", "198.52"),
        ("项目支出", "195.52"),
    ]


# yueyanglou 整体支出绩效自评表: figures written inside label cells.
YUEYANGLOU_BUDGET = [
    ("预算单位 名称", "岳阳楼区医疗保障局", "", "", "", "", "", "", ""),
    YUEYANGLOU_BUDGET_HEADER,
    YUEYANGLOU_BUDGET_TOTAL,
    ("", "按收入性质分：", "按支出性质分：", "", "", "", "", "", ""),
    ("", "其中：  一般公共预算：2277.28", "其中：基本支出：1304.81", "", "", "", "", "", ""),
    ("", "政府性基金拨款：", "项目支出：994.5", "", "", "", "", "", ""),
    ("", "纳入专户管理的非税收入拨款：", "", "", "", "", "", "", ""),
    ("", "其他资金：22.03", "", "", "", "", "", "", ""),
    ("年度总体 目 标", "预期目标", "实际完成情况", "", "", "", "", "", ""),
]


def test_execution_rate_above_one_is_kept_as_stated():
    summary = _facts(YUEYANGLOU_BUDGET, 2023).summary
    assert (summary.budget_initial_wan, summary.budget_final_wan, summary.expenditure_wan) == (
        Decimal("1022.77"),
        Decimal("2299.31"),
        Decimal("2299.31"),
    )
    assert summary.execution_rate == Decimal("2.2481")


def test_figures_inside_label_cells_give_basic_and_project_expenditure():
    summary = _facts(YUEYANGLOU_BUDGET, 2023).summary
    assert summary.basic_expenditure_wan == Decimal("1304.81")
    assert summary.project_expenditure_wan == Decimal("994.5")


# yueyanglou 附件1 基础数据表 (TXT grid), the money part.
BASIC_DATA = [
    YUEYANGLOU_BASIC_DATA_MONEY_HEADER,
    YUEYANGLOU_BASIC_DATA_THREE_PUBLIC,
    ("1、公务用车购置和维护经费", "", "", ""),
    ("3、公务接待", "", "10", "0.13"),
    ("项目支出：", "231.98", "276", "994.5"),
    ("1、业务工作经费", "201.98", "166", "154"),
    ("3、编外用工人员经费", "77.48", "75", "77.19"),
    ("公用经费", "950.31", "84", "210.67"),
    ("其中：办公经费", "15.17", "2", "2.82"),
]


def test_basic_data_table_takes_the_evaluated_years_final_accounts_column():
    facts = _facts(BASIC_DATA, 2023)
    assert [(a.metric, a.subject, a.raw_value) for a in facts.amounts] == [
        ("三公经费", None, "0.13"),
        ("公务接待费", None, "0.13"),
        ("项目支出", None, "994.5"),
        ("项目支出", "业务工作经费", "154"),
        ("项目支出", "编外用工人员经费", "77.19"),
        ("公用经费", None, "210.67"),
        ("公用经费", "办公经费", "2.82"),
    ]
    assert facts.summary.three_public_wan == Decimal("0.13")


def test_basic_data_table_of_the_previous_year_reads_that_years_column():
    facts = _facts(BASIC_DATA, 2022)
    assert [(a.metric, a.raw_value) for a in facts.amounts][:2] == [
        ("项目支出", "231.98"),
        ("项目支出", "201.98"),
    ]
    assert facts.summary.three_public_wan is None


def test_basic_data_table_without_a_known_year_reads_the_latest_final_accounts():
    facts = _facts(BASIC_DATA, None)
    assert facts.summary.three_public_wan == Decimal("0.13")


def test_a_budget_block_makes_no_indicator_rows():
    assert _facts(JIAYUGUAN_BUDGET, 2021).indicators == []


# The Ministry of Finance 部门整体支出绩效自评表 layout: a 年度主要任务 list with its own
# 预算数/执行数 columns before the budget block, 按支出性质 figures as label | value cells,
# and a 自评等级 row. Figures are yueyanglou's, arranged the standard way.
STANDARD_DEPARTMENT = [
    ("部门（单位）名称", "岳阳楼区医疗保障局", "", "", "", "", "", ""),
    ("年度主要任务", "任务名称", "主要内容", "预算数", "执行数", "", "", ""),
    ("", "业务工作经费", "城乡居民参保", "166", "154", "", "", ""),
    ("", "运行维护经费", "信息系统运行维护", "35", "16.1", "", "", ""),
    (
        "年度部门整体支出预算执行情况（万元）",
        "",
        "年初预算数",
        "全年预算数",
        "全年执行数",
        "分值",
        "执行率",
        "得分",
    ),
    ("", "年度资金总额", "1022.77", "2299.31", "2299.31", "10", "224.81%", "10"),
    ("", "其中：一般公共预算", "", "2277.28", "", "其中：基本支出", "1304.81", ""),
    ("", "其他资金", "", "22.03", "", "项目支出", "994.5", ""),
    ("自评等级", "优", "", "", "", "", "", ""),
]


def test_budget_block_with_a_total_row_wins_over_a_task_list():
    summary = _facts(STANDARD_DEPARTMENT, 2023).summary
    assert (summary.budget_initial_wan, summary.budget_final_wan, summary.expenditure_wan) == (
        Decimal("1022.77"),
        Decimal("2299.31"),
        Decimal("2299.31"),
    )


def test_expenditure_by_nature_written_as_label_value_cells():
    summary = _facts(STANDARD_DEPARTMENT, 2023).summary
    assert (summary.basic_expenditure_wan, summary.project_expenditure_wan) == (
        Decimal("1304.81"),
        Decimal("994.5"),
    )


def test_task_rows_become_amounts_named_by_their_task():
    amounts = _facts(STANDARD_DEPARTMENT, 2023).amounts
    tasks = [(a.metric, a.subject, a.raw_value) for a in amounts if a.subject == "信息系统运行维护"]
    assert tasks == [
        ("年初预算数", "信息系统运行维护", "35"),
        ("执行数", "信息系统运行维护", "16.1"),
    ]


def test_grade_row_of_the_department_table_fills_the_grade():
    summary = _facts(STANDARD_DEPARTMENT, 2023).summary
    assert (summary.grade_raw, summary.grade) == ("优", "优")


def test_rate_without_percent_sign_under_a_percent_header_is_a_fraction():
    rows = [
        (
            "部门（单位）整体支出（万元）",
            "",
            "年初预算数",
            "全年预算数（A）",
            "实际支出数（B）",
            "执行率（%）",
        ),
        ("", "全年支出", "729.97", "753.60", "750.6", "99.6"),
    ]
    assert _facts(rows, 2021).summary.execution_rate == Decimal("0.996")


def test_label_value_pairs_running_past_the_header_do_not_shift_its_columns():
    rows = [
        (
            "年度部门整体支出预算执行情况（万元）",
            "",
            "年初预算数",
            "全年预算数",
            "全年执行数",
            "分值",
            "执行率",
            "得分",
            "",
        ),
        YUEYANGLOU_BUDGET_TOTAL,
        ("", "其中：一般公共预算", "", "2277.28", "", "", "其中：基本支出", "", "1304.81"),
    ]
    summary = _facts(rows, 2023).summary
    assert (summary.budget_initial_wan, summary.execution_rate) == (
        Decimal("1022.77"),
        Decimal("2.2481"),
    )
    assert summary.basic_expenditure_wan == Decimal("1304.81")


def test_a_final_accounts_table_closed_by_heji_does_not_make_department_figures():
    # mianzhu 2020: “三公”经费 决算 0.67 万元, 41.9% of its budget (about 1.6 万元)
    rows = [
        ("“三公”经费财政拨款支出决算表", "", "", ""),
        ("项目", "年初预算数", "调整预算数", "决算数"),
        ("合计", "1.6", "1.6", "0.67"),
        ("公务接待费", "1.6", "1.6", "0.67"),
    ]
    facts = _facts(rows, 2020)
    assert facts.summary.budget_initial_wan is None
    assert facts.summary.expenditure_wan is None
    assert ("公务接待费", "0.67") in [(a.metric, a.raw_value) for a in facts.amounts]


def test_a_negative_budget_cell_becomes_an_amount_without_its_sign_in_value():
    # jiayuguan's budget block with the project row's actual spending written as a minus
    rows = [
        row if row[1].strip() != "项目支出" else (*row[:4], "-195.52", *row[5:])
        for row in JIAYUGUAN_BUDGET
    ]
    amounts = _facts(rows, 2021).amounts
    signed = [a for a in amounts if a.raw_value == "-195.52"]
    assert [(a.metric, a.value_wan) for a in signed] == [("项目支出", Decimal("195.52"))]
    assert all(a.value_wan >= 0 for a in amounts)


def test_table_amounts_take_the_section_their_table_sits_in():
    # jiayuguan's budget block under two of ebian's headings
    doc = assemble(
        "s",
        "txt",
        [
            Paragraph("一、部门基本情况"),
            Table(rows=tuple(JIAYUGUAN_BUDGET)),
            Paragraph("二、部门财政资金收支情况"),
            Paragraph("2024年部门财政资金结转结余5.18万元。"),
            Table(rows=tuple(JIAYUGUAN_BUDGET)),
        ],
    )
    sections = segment(doc)
    amounts = read_tables(doc, 2021, sections=sections).amounts
    half = len(amounts) // 2
    assert {a.section for a in amounts[:half]} == {"部门概况"}
    assert {a.section for a in amounts[half:]} == {"收支情况"}


def test_table_amounts_have_no_section_when_none_are_given():
    assert {a.section for a in _facts(JIAYUGUAN_BUDGET, 2021).amounts} == {None}


# A one-page 部门整体绩效自评表 whose budget block numbers its columns: the adjusted budget is
# headed only 小计③=①+② after the 年中调整 column, and the unspent money has a column.
ADJUSTED_FORM = [
    ("部门整体绩效自评表（2023年度）",) * 10,
    ("部门（单位）名称", "", "某县文化和旅游局", "", "", "", "", "", "", ""),
    (
        "资金情况",
        "",
        "预算安排",
        "预算安排",
        "预算安排",
        "拨付情况",
        "拨付情况",
        "结余情况",
        "分值",
        "得分",
    ),
    (
        "资金情况",
        "",
        "年初部门预算安排金额①",
        "年中调整金额②",
        "小计③=①+②",
        "年度拨付金额④",
        "支出实现率(%)⑤=④/③",
        "本年度结余金额⑥=③-④",
        "分值",
        "得分",
    ),
    ("资金情况", "合计", "1500.00", "120.40", "1620.40", "1458.36", "90.00", "162.04", "10", "9"),
    (
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "指标分值",
        "自评得分",
        "",
        "",
        "",
    ),
    ("产出指标", "数量指标", "送戏下乡场次", "≥40场", "46场", "50", "50", "", "", ""),
    (
        "效益指标",
        "社会效益指标",
        "群众文化活动参与人次",
        "≥2万人次",
        "2.6万人次",
        "40",
        "40",
        "",
        "",
        "",
    ),
]


def test_a_subtotal_after_the_adjustment_column_is_the_adjusted_budget():
    summary = _facts(ADJUSTED_FORM, 2023).summary
    assert summary.budget_initial_wan == Decimal("1500.00")
    assert summary.budget_final_wan == Decimal("1620.40")
    assert summary.expenditure_wan == Decimal("1458.36")
    assert summary.execution_rate == Decimal("0.9")


def test_the_unspent_column_of_a_budget_block_is_the_carryover():
    assert _facts(ADJUSTED_FORM, 2023).summary.carryover_wan == Decimal("162.04")


def test_a_subtotal_not_after_an_adjustment_names_no_column():
    fields = header_fields(("项目", "年初预算数", "小计", "执行数"))
    assert "budget_final" not in fields
