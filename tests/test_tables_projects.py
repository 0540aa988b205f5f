"""Project forms to ProjectRecords, with their indicator rows."""

from __future__ import annotations

from decimal import Decimal

from sample_rows import (
    JIAYUGUAN_PROJECT_FUNDS_HEADER,
    JIAYUGUAN_PROJECT_FUNDS_TOTAL,
    MIANZHU_BUDGET_ROW,
    MIANZHU_INDICATOR_HEADER,
    MIANZHU_QUANTITY_ROW,
    MIANZHU_SATISFACTION_ROW,
)

from extractors.model import Table, assemble
from parsers.tables import read_tables
from records import ProjectRecord


def _facts(*tables: Table, fiscal_year: int = 2021):
    return read_tables(assemble("s", "txt", list(tables)), fiscal_year)


# mianzhu 项目绩效目标完成情况表 (TXT grid): money as label | value pairs.
MIANZHU_FORM = (
    ("项目绩效目标完成情况表\n(2020年度)", "", "", "", "", ""),
    ("项目名称", "二乙伤残军人医疗", "", "", "", ""),
    ("预算单位", "绵竹市医疗保障局", "", "", "", ""),
    MIANZHU_BUDGET_ROW,
    ("", "其中-财政拨款:", "21.74万元", "其中-财政拨款:", "21.74万元", ""),
    ("", "其它资金:", "0", "其它资金:", "0", ""),
    ("年度目标完成情况", "预期目标", "实际完成目标", "", "", ""),
    (
        "",
        "2020年对我市75名二乙伤残军人（1-6级伤残军人）适当医疗补助，预期补助率100%。",
        "2020年对我市75名二乙伤残军人（1-6级伤残军人）适当医疗补助，补助率达100%。",
        "",
        "",
        "",
    ),
    MIANZHU_INDICATOR_HEADER,
    MIANZHU_QUANTITY_ROW,
    ("", "项目完成指标", "质量指标", "残疾军人每人每年补助标准", "≤6000元", "2899元"),
    ("", "项目完成指标", "时效指标", "项目完成时间", "2020年12月31日", "2020年12月31日"),
    ("", "项目完成指标", "成本指标", "项目完成成本", "≥45万元", "21.74万元"),
    ("", "效益指标", "社会效益指标", "完成对我市75名二乙伤残军人补助率", "100%", "100%"),
    MIANZHU_SATISFACTION_ROW,
)


def test_form_with_budget_as_label_value_pairs_gives_the_project():
    facts = _facts(Table(rows=MIANZHU_FORM), fiscal_year=2020)
    assert facts.projects == [
        ProjectRecord(
            project_name="二乙伤残军人医疗",
            budget_initial_wan=Decimal("21.74"),
            executed_wan=Decimal("21.74"),
        )
    ]


def test_project_form_indicators_are_project_scoped_with_dates_and_units():
    facts = _facts(Table(rows=MIANZHU_FORM), fiscal_year=2020)
    rows = [
        (
            r.scope,
            r.project_name,
            r.level1,
            r.level2,
            r.level3,
            r.target_op,
            r.target_value,
            r.target_unit,
            r.actual_value,
            r.actual_unit,
        )
        for r in facts.indicators
    ]
    name = "二乙伤残军人医疗"
    assert rows == [
        (
            "project",
            name,
            "项目完成指标",
            "数量指标",
            "我市二乙伤残军人(1-6级伤残军人)",
            ">=",
            75.0,
            "名",
            75.0,
            "人",
        ),
        (
            "project",
            name,
            "项目完成指标",
            "质量指标",
            "残疾军人每人每年补助标准",
            "<=",
            6000.0,
            "元",
            2899.0,
            "元",
        ),
        ("project", name, "项目完成指标", "时效指标", "项目完成时间", None, None, None, None, None),
        (
            "project",
            name,
            "项目完成指标",
            "成本指标",
            "项目完成成本",
            ">=",
            45.0,
            "万元",
            21.74,
            "万元",
        ),
        (
            "project",
            name,
            "效益指标",
            "社会效益指标",
            "完成对我市75名二乙伤残军人补助率",
            None,
            100.0,
            "%",
            100.0,
            "%",
        ),
        (
            "project",
            name,
            "满意度指标",
            "服务对象满意度指标",
            "我市75名二乙伤残军人满意率",
            ">=",
            95.0,
            "%",
            95.0,
            "%",
        ),
    ]
    assert facts.indicators[2].target_raw == "2020年12月31日"
    assert all(r.weight is None and r.score is None for r in facts.indicators)


def test_two_forms_in_one_table_are_two_projects():
    second = tuple(
        tuple(
            cell.replace("二乙伤残军人医疗", "城乡医疗一体化专项经费").replace("21.74", "36")
            for cell in row
        )
        for row in MIANZHU_FORM
    )
    facts = _facts(Table(rows=MIANZHU_FORM + second), fiscal_year=2020)
    assert [(p.project_name, p.executed_wan) for p in facts.projects] == [
        ("二乙伤残军人医疗", Decimal("21.74")),
        ("城乡医疗一体化专项经费", Decimal("36")),
    ]
    assert [(r.table_seq, r.project_name) for r in facts.indicators[5:7]] == [
        (0, "二乙伤残军人医疗"),
        (1, "城乡医疗一体化专项经费"),
    ]


def test_project_money_becomes_amounts_with_the_project_as_subject():
    facts = _facts(Table(rows=MIANZHU_FORM), fiscal_year=2020)
    assert [(a.metric, a.subject, a.value_wan, a.raw_unit) for a in facts.amounts] == [
        ("年初预算数", "二乙伤残军人医疗", Decimal("21.74"), "万元"),
        ("执行数", "二乙伤残军人医疗", Decimal("21.74"), "万元"),
    ]


# jiayuguan 转移支付 table (DOCX grid): budget block with (A)/(B)/(B/A) columns.
TRANSFER = (
    ("转移支付\n名称",) + ("医疗服务与保障能力提升补助资金（医疗保障能力建设部分）",) * 6,
    (
        "项目\n资金    （万元）",
        "\u3000",
        "\u3000",
        "全年预算数（A）",
        "全年执行数（B）",
        "预算执行率（B/A）",
        "预算执行率（B/A）",
    ),
    ("项目\n资金    （万元）", "年度资金总额", "年度资金总额", "182", "179", "98.35%", "98.35%"),
    (
        "项目\n资金    （万元）",
        "其中：中央补助",
        "其中：中央补助",
        "182",
        "179",
        "98.35%",
        "98.35%",
    ),
    (
        "项目\n资金    （万元）",
        "      地方资金",
        "      地方资金",
        "\u3000",
        "\u3000",
        "\u3000",
        "\u3000",
    ),
)


def test_transfer_payment_table_gives_budget_execution_and_rate():
    merged = frozenset(
        {(0, c) for c in range(2, 7)}
        | {(r, 0) for r in range(2, 5)}
        | {(r, 2) for r in range(1, 5)}
        | {(r, 6) for r in range(1, 5)}
    )
    facts = _facts(Table(rows=TRANSFER, merged=merged))
    assert facts.projects == [
        ProjectRecord(
            project_name="医疗服务与保障能力提升补助资金(医疗保障能力建设部分)",
            budget_final_wan=Decimal("182"),
            executed_wan=Decimal("179"),
            execution_rate=Decimal("0.9835"),
        )
    ]


def test_project_money_does_not_reach_the_department_summary():
    facts = _facts(Table(rows=TRANSFER))
    assert facts.summary.budget_final_wan is None
    assert facts.summary.expenditure_wan is None


# The Ministry of Finance 项目支出绩效自评表 layout (as in the hidden reports' templates):
# budget block with 分值/执行率/得分, indicator block, 总分 row. Cells from the jiayuguan
# forms, arranged the standard way.
STANDARD_INFO = (
    ("项目支出绩效自评表", "", "", "", "", "", "", "", ""),
    ("项目名称", "慢性病鉴定费", "", "", "", "", "", "", ""),
    ("主管部门", "嘉峪关市医疗保障局", "", "", "实施单位", "嘉峪关市医疗保障局", "", "", ""),
    (
        "项目资金（万元）",
        "",
        "年初预算数",
        "全年预算数",
        "全年执行数",
        "分值",
        "执行率",
        "得分",
        "",
    ),
    ("", "年度资金总额", "1", "1", "1", "10", "100%", "10", ""),
    ("", "其中：当年财政拨款", "1", "1", "1", "—", "—", "—", ""),
)
STANDARD_INDICATORS = (
    (
        "绩效指标",
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "分值",
        "得分",
        "偏差原因分析及改进措施",
    ),
    ("", "产出指标（50分）", "数量指标", "慢性病申请人数", "1700人", "1782人", "50", "50", ""),
    (
        "",
        "效益指标（30分）",
        "社会效益指标",
        "群众参保率",
        "不断提升",
        "不断提升",
        "30",
        "28",
        "宣传不足",
    ),
    (
        "",
        "满意度指标（10分）",
        "服务对象满意度指标",
        "参保群众满意程度",
        "≧80%",
        "90%",
        "10",
        "10",
        "",
    ),
    ("总分", "", "", "", "", "", "100", "98", ""),
)


def test_standard_project_form_gives_budget_rate_and_total_score():
    facts = _facts(Table(rows=STANDARD_INFO + STANDARD_INDICATORS))
    assert facts.projects == [
        ProjectRecord(
            project_name="慢性病鉴定费",
            budget_initial_wan=Decimal("1"),
            budget_final_wan=Decimal("1"),
            executed_wan=Decimal("1"),
            execution_rate=Decimal("1"),
            score=Decimal("98"),
        )
    ]
    assert facts.indicators[1].note == "宣传不足"
    total = facts.totals[0]
    assert (total.weight, total.score, total.execution_weight, total.execution_score) == (
        100.0,
        98.0,
        10.0,
        10.0,
    )


def test_project_info_and_indicators_in_two_adjacent_tables_are_one_project():
    facts = _facts(Table(rows=STANDARD_INFO), Table(rows=STANDARD_INDICATORS))
    assert {(r.scope, r.project_name) for r in facts.indicators} == {("project", "慢性病鉴定费")}
    assert [p.project_name for p in facts.projects] == ["慢性病鉴定费"]
    assert facts.summary.self_score is None


def test_project_name_written_in_the_label_cell():
    rows = (("项目名称：城乡居民补充医疗保险补助2",), ("预算数：523.5718万元",))
    facts = _facts(Table(rows=rows))
    assert [(p.project_name, p.budget_initial_wan) for p in facts.projects] == [
        ("城乡居民补充医疗保险补助2", Decimal("523.5718"))
    ]


# jiayuguan 慢性病 资金情况 block as the TXT reader rebuilds it: 项目投资数 takes one column
# where DOCX spans two (上年结转|当年安排), so the data rows run one column further right.
TXT_FUNDS = (
    ("项目名称", "慢性病鉴定费", "", "", "", "", "", "", ""),
    JIAYUGUAN_PROJECT_FUNDS_HEADER,
    ("", "", "上年结转", "当年安排", "", "10", "100%", "10", ""),
    JIAYUGUAN_PROJECT_FUNDS_TOTAL,
    ("", "其中：中央财政资金", "", "", "", "--", "", "--", ""),
)


def test_txt_header_one_column_short_of_its_data_is_aligned_right():
    facts = _facts(Table(rows=TXT_FUNDS))
    assert facts.projects == [
        ProjectRecord(
            project_name="慢性病鉴定费",
            budget_final_wan=Decimal("1"),
            executed_wan=Decimal("1"),
            execution_rate=Decimal("1"),
        )
    ]


def test_budget_system_code_before_the_project_name_is_not_part_of_it():
    # held-out style: a 部门预算项目支出绩效自评表 printing the project's budget code
    rows = (
        ("项目名称", "51092422T000000512233-医保基金监管工作经费", "", ""),
        ("主管部门", "射洪市医疗保障局", "实施单位", "射洪市医疗保障局"),
        ("预算数：38.5万元", "", "", ""),
    )
    facts = _facts(Table(rows=rows))
    assert [p.project_name for p in facts.projects] == ["医保基金监管工作经费"]


def test_project_name_that_starts_with_a_year_keeps_it():
    rows = (("项目名称", "2021年国有企业退休人员社会化管理补助资金"), ("预算数：30.5万元", ""))
    facts = _facts(Table(rows=rows))
    assert [p.project_name for p in facts.projects] == ["2021年国有企业退休人员社会化管理补助资金"]
