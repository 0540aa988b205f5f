"""项目支出绩效目标表 (budgets' project target tables): indicators listed beside their project,
and list headers (项目名称 | 金额 | 绩效目标) that name no project.

Rows are made up in the shape of the published tables.
"""

from __future__ import annotations

from decimal import Decimal

from extractors.model import Paragraph, Table, assemble
from parsers.tables import read_tables


def _facts(*rows: tuple[str, ...], title: str = "2025年项目支出绩效目标表"):
    doc = assemble("b.txt", "txt", [Paragraph(title), Table(rows=tuple(rows))])
    return read_tables(doc, 2025)


TARGET_HEADER = (
    "序号",
    "项目名称",
    "当年财政拨款预算金额",
    "指标名称",
    "指标性质",
    "指标值",
    "计量单位",
)
TARGET_ROWS = (
    ("1", "乡村道路养护经费", "320.50", "养护里程", "≥", "120", "公里"),
    ("1", "乡村道路养护经费", "320.50", "群众满意度", "≥", "90", "%"),
)


def test_a_target_table_row_per_indicator_yields_indicators():
    facts = _facts(TARGET_HEADER, *TARGET_ROWS)
    assert [(i.level3, i.target_raw) for i in facts.indicators] == [
        ("养护里程", "120"),
        ("群众满意度", "90"),
    ]


def test_a_target_tables_indicators_belong_to_the_listed_project():
    facts = _facts(TARGET_HEADER, *TARGET_ROWS)
    assert {(i.scope, i.project_name) for i in facts.indicators} == {
        ("project", "乡村道路养护经费")
    }


def test_a_target_tables_project_carries_its_budget():
    facts = _facts(TARGET_HEADER, *TARGET_ROWS)
    assert [(p.project_name, p.budget_initial_wan) for p in facts.projects] == [
        ("乡村道路养护经费", Decimal("320.50"))
    ]


def test_a_target_has_no_actual_value():
    facts = _facts(TARGET_HEADER, *TARGET_ROWS)
    assert {i.actual_raw for i in facts.indicators} == {None}


def test_a_list_header_names_no_project():
    facts = _facts(
        ("单位名称", "项目名称", "金额", "绩效目标"),
        ("某区气候中心", "气象观测站维护", "85.00", "保障观测站全年稳定运行"),
        title="表11：2025年部门项目支出绩效表",
    )
    assert "金额" not in [p.project_name for p in facts.projects]


def test_a_project_form_continued_under_a_repeated_header_is_one_project():
    facts = _facts(
        ("项目名称", "城区照明维护", "主管部门", "某区城管局"),
        ("绩效指标", "指标名称", "指标性质", "指标值", "计量单位"),
        ("绩效指标", "路灯完好率", "≥", "95", "%"),
        ("绩效指标", "指标名称", "指标性质", "指标值", "计量单位"),
        ("绩效指标", "投诉处理及时率", "≥", "98", "%"),
    )
    assert [p.project_name for p in facts.projects] == ["城区照明维护"]


def test_a_list_of_project_scores_yields_one_project_per_row():
    facts = _facts(
        ("项目名称", "自评分数"),
        ("河道保洁服务", "98.50"),
        ("防汛物资储备", "100"),
        title="2023年度项目支出绩效自评结果",
    )
    assert [(p.project_name, p.score) for p in facts.projects] == [
        ("河道保洁服务", Decimal("98.5")),
        ("防汛物资储备", Decimal("100.0")),
    ]


def test_a_project_lists_total_row_is_not_a_project():
    facts = _facts(
        ("单位名称", "项目名称", "金额", "绩效目标"),
        ("", "合计", "185.00", ""),
        ("某区气候中心", "气象观测站维护", "85.00", "保障观测站全年稳定运行"),
        ("某区气候中心", "气象科普宣传", "100.00", "开展科普活动12场"),
        title="表11：2025年部门项目支出绩效表",
    )
    assert [(p.project_name, p.budget_initial_wan) for p in facts.projects] == [
        ("气象观测站维护", Decimal("85.00")),
        ("气象科普宣传", Decimal("100.00")),
    ]


def test_a_fee_schedule_with_a_project_name_column_lists_no_projects():
    # a budget's 行政事业性收费 schedule: items priced per unit, not projects with money
    facts = _facts(
        ("序号", "项目名称", "适用范围", "收费标准"),
        ("1", "机动车临时停放", "城区道路白天", "4 元/小时"),
        ("2", "占道施工恢复", "人行道彩砖", "160 元/㎡"),
        title="某市占道收费标准",
    )
    assert facts.projects == []


def _target_form(unit: str, total: str) -> Table:
    return Table(
        rows=(
            ("项目名称", "日常办公经费", "", ""),
            ("主管部门", "某市农业农村局", "实施单位", unit),
            ("专项资金情况（万元）", "资金总额", total, ""),
            ("专项资金情况（万元）", "财政拨款", total, ""),
            ("一级指标", "二级指标", "三级指标", "指标值"),
            ("产出指标", "数量指标", "农技培训场次", "≥6次"),
        )
    )


def test_a_target_forms_fund_total_is_the_projects_budget():
    doc = assemble(
        "b.txt", "txt", [Paragraph("日常办公经费项目绩效目标表"), _target_form("某站", "52.00")]
    )
    facts = read_tables(doc, 2025)
    assert [(p.project_name, p.budget_initial_wan) for p in facts.projects] == [
        ("日常办公经费", Decimal("52.00"))
    ]


def test_forms_of_one_name_with_different_money_are_different_projects():
    # each unit of the department files its own 日常办公经费 form
    title = "日常办公经费项目绩效目标表"
    blocks = [Paragraph(title), _target_form("农技推广站", "52.00"), Paragraph("第2页")]
    blocks += [Paragraph(title), _target_form("农机服务中心", "18.50")]
    facts = read_tables(assemble("b.txt", "txt", blocks), 2025)
    assert [(p.project_name, p.budget_initial_wan) for p in facts.projects] == [
        ("日常办公经费", Decimal("52.00")),
        ("日常办公经费", Decimal("18.50")),
    ]


TWO_PROJECT_ROWS = (
    ("1", "乡村道路养护经费", "320.50", "养护里程", "≥", "120", "公里"),
    ("1", "乡村道路养护经费", "320.50", "群众满意度", "≥", "90", "%"),
    ("2", "农村公路安全设施", "88.00", "新增护栏长度", "≥", "15", "公里"),
    ("2", "农村公路安全设施", "88.00", "设施完好率", "≥", "95", "%"),
    ("2", "农村公路安全设施", "88.00", "事故隐患整改率", "=", "100", "%"),
)


def test_a_target_table_of_several_projects_yields_each_with_its_budget():
    facts = _facts(TARGET_HEADER, *TWO_PROJECT_ROWS)
    assert [(p.project_name, p.budget_initial_wan) for p in facts.projects] == [
        ("乡村道路养护经费", Decimal("320.50")),
        ("农村公路安全设施", Decimal("88.00")),
    ]


def test_each_indicator_of_a_several_project_table_belongs_to_its_row_project():
    facts = _facts(TARGET_HEADER, *TWO_PROJECT_ROWS)
    assert [(i.project_name, i.level3) for i in facts.indicators] == [
        ("乡村道路养护经费", "养护里程"),
        ("乡村道路养护经费", "群众满意度"),
        ("农村公路安全设施", "新增护栏长度"),
        ("农村公路安全设施", "设施完好率"),
        ("农村公路安全设施", "事故隐患整改率"),
    ]


def test_the_unit_line_above_a_form_gives_its_bare_budget_figure_a_unit():
    doc = assemble(
        "b.txt",
        "txt",
        [
            Paragraph("单位：万元"),
            Table(
                rows=(
                    ("项目名称", "城区绿化养护专项", "主管部门", "某市园林局"),
                    ("当年预算", "1,250.00", "市级支出", "1,250.00"),
                    ("绩效指标", "指标名称", "指标性质", "指标值"),
                    ("绩效指标", "绿地养护面积", "≥", "300公顷"),
                )
            ),
        ],
    )
    facts = read_tables(doc, 2025)
    assert [(p.project_name, p.budget_initial_wan) for p in facts.projects] == [
        ("城区绿化养护专项", Decimal("1250.00"))
    ]


def test_a_numbered_list_with_execution_columns_lists_its_projects():
    facts = _facts(
        ("序号", "项目名称", "预算批复", "实际执行", "执行率"),
        ("1", "老旧小区改造补助", "600.00", "588.00", "98.00%"),
        ("2", "背街小巷整治", "240.00", "240.00", "100.00%"),
        title="专项资金支出情况表",
    )
    assert [p.project_name for p in facts.projects] == ["老旧小区改造补助", "背街小巷整治"]


def test_a_project_listed_by_its_code_alone_is_a_project():
    facts = _facts(
        ("项目名称（资金使用单位）", "总计", "财政拨款", "绩效目标"),
        ("某市大数据中心", "1,200.00", "1,200.00", ""),
        ("政务云平台运维项目", "980.00", "980.00", "保障云平台稳定运行"),
        ("XMCODE2024-SM-017", "220.00", "220.00", "涉密项目"),
        ("**", "1", "2", "3"),
    )
    assert [p.project_name for p in facts.projects] == ["政务云平台运维项目", "XMCODE2024-SM-017"]
