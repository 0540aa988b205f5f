"""The samples end to end: read_document + read_tables, every format.

Expected rows are read off the reports (tests/fixtures/samples), not off the program.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from extractors.dispatch import read_document
from extractors.settings import ReadSettings
from parsers.checks import check_project_execution, check_scores_add_up
from parsers.sections import segment
from parsers.tables import TableFacts, read_tables

SAMPLES = Path(__file__).parent / "fixtures" / "samples"


def _read(name: str, fiscal_year: int) -> TableFacts:
    doc = read_document((SAMPLES / name).read_bytes(), name, ReadSettings())
    if name.endswith(".pdf") and not any(True for _ in doc.tables()):
        pytest.skip("the PDF reader gives no tables yet")
    return read_tables(doc, fiscal_year)


# jiayuguan 2021 整体支出绩效自评表: (level1, level2, level3, target, actual, weight, score).
JIAYUGUAN_DEPARTMENT = [
    ("部门管理", "资金投入", "基本支出预算执行率率", "≧90%", "91%%", 2, 2),
    ("部门管理", "资金投入", "项目支出预算执行率", "100%", "100%", 2, 2),
    ("部门管理", "资金投入", "“三公经费”控制率", "较上一年度下降", "较上一年度下降", 2, 2),
    ("部门管理", "资金投入", "结转结余变动率", "≧5%", "5.5%", 1, 1),
    ("部门管理", "财务管理", "财务管理制度健全性", "健全", "健全", 3, 3),
    ("部门管理", "财务管理", "资金使用规范性", "规范", "规范", 2, 2),
    ("部门管理", "采购管理", "政府采购规范性", "规范", "规范", 2, 2),
    ("部门管理", "资产管理", "资产管理规范性", "规范", "规范", 2, 2),
    ("部门管理", "人员管理", "在职人员控制率", "≧98%", "98%", 2, 2),
    ("部门管理", "重点工作管理", "重点工作管理制度健全性", "健全", "健全", 2, 2),
    ("履职效果", "部门履职目标", "定点医疗机构管理", "216个", "216个", 3, 3),
    ("履职效果", "部门履职目标", "医疗机构合规性指标", "≧95%", "95%", 3, 3),
    ("履职效果", "部门履职目标", "时效性", "及时", "及时", 4, 4),
    ("履职效果", "部门履职目标", "基金监管数量", "2项", "2项", 3, 3),
    ("履职效果", "部门履职目标", "基金监管安全性指标", "≧95%", "95%", 3, 3),
    ("履职效果", "部门履职目标", "基金报表及时性", "及时", "及时", 4, 4),
    ("履职效果", "部门履职目标", "医保业务经办范围", "全市居民", "全市居民", 3, 3),
    ("履职效果", "部门履职目标", "医保政策知晓率", "≧95%", "95%", 3, 3),
    ("履职效果", "部门履职目标", "医保业务经办质量", "达标", "达标", 3, 3),
    ("履职效果", "部门效果目标", "对定点医疗机构的管理", "不断加强", "不断加强", 4, 3),
    ("履职效果", "部门效果目标", "对医疗机构验收合规的力度", "不断提升", "不断提升", 3, 3),
    ("履职效果", "部门效果目标", "监管医疗保险基金安全性", "不断加强", "不断加强", 4, 4),
    ("履职效果", "部门效果目标", "监管医疗保险基金数量", "进一步提高", "进一步提高", 2, 2),
    ("履职效果", "部门效果目标", "医保业务经办范围普及性", "不断提升", "不断提升", 4, 4),
    ("履职效果", "部门效果目标", "医保业务经办能力", "不断提升", "不断提升", 4, 4),
    ("履职效果", "社会影响", "单位获奖情况", "0", "0", 2, 2),
    ("履职效果", "社会影响", "违法违纪情况", "0", "0", 2, 2),
    ("能力建设", "长效管理", "中期规划建设完备程度", "逐步完备", "逐步完备", 2, 2),
    ("能力建设", "组织建设", "党建工作开展规律性", "不断强化", "不断强化", 1, 1),
    ("能力建设", "信息化建设情况", "信息化管理覆盖率", "逐步全覆盖", "逐步全覆盖", 2, 2),
    ("能力建设", "人力资源建设", "人员培训机制完备性", "逐步完备", "逐步完备", 2, 2),
    ("能力建设", "辅助用工创城奖", "创城奖金发放率", "100%", "100%", 2, 2),
    ("能力建设", "档案管理", "档案管理完备性", "逐步完备", "逐步完备", 1, 1),
    ("服务对象满意度", "服务对象的满意度", "参保人员的满意度", "≧90%", "95%", 5, 5),
    ("服务对象满意度", "服务对象的满意度", "业务经办人员的满意度", "≧85%", "90%", 5, 5),
]

JIAYUGUAN_FORMATS = ["txt", "docx", "pdf"]


@pytest.fixture(scope="module", params=JIAYUGUAN_FORMATS)
def jiayuguan(request) -> tuple[str, TableFacts]:
    return request.param, _read(f"jiayuguan-2021-dept-self-eval.{request.param}", 2021)


def test_jiayuguan_department_table_rows_in_every_format(jiayuguan):
    _, facts = jiayuguan
    rows = [
        (r.level1, r.level2, r.level3, r.target_raw, r.actual_raw, r.weight, r.score)
        for r in facts.indicators
        if r.table_seq == 0
    ]
    assert rows == JIAYUGUAN_DEPARTMENT
    assert {r.scope for r in facts.indicators if r.table_seq == 0} == {"department"}


def test_jiayuguan_has_three_indicator_tables_of_35_20_and_18_rows(jiayuguan):
    _, facts = jiayuguan
    counts = [sum(1 for r in facts.indicators if r.table_seq == seq) for seq in range(3)]
    assert counts == [35, 20, 18]
    assert facts.table_kinds == ["department", "project", "project"]


def test_jiayuguan_project_table_rows_in_every_format(jiayuguan):
    _, facts = jiayuguan
    rows = [r for r in facts.indicators if r.table_seq == 1]
    assert {r.project_name for r in rows} == {"慢性病鉴定费"}
    first, last = rows[0], rows[-1]
    assert (first.level1, first.level2, first.level3, first.target_value, first.target_unit) == (
        "产出指标",
        "数量指标",
        "慢性病申请人数",
        1700.0,
        "人",
    )
    assert (first.actual_value, first.weight, first.score) == (1782.0, 5.0, 5.0)
    assert (last.level1, last.level3, last.target_op, last.target_value, last.actual_value) == (
        "满意度指标",
        "经办人员满意度",
        ">=",
        90.0,
        95.0,
    )


def test_jiayuguan_transfer_table_rows_have_no_scores(jiayuguan):
    _, facts = jiayuguan
    rows = [r for r in facts.indicators if r.table_seq == 2]
    assert rows[0].level3 == "召开医保工作省级新闻发布会、政策吹风会"
    assert (rows[0].target_op, rows[0].target_value, rows[0].target_unit) == (">=", 2.0, "次")
    assert rows[3].level3 == "医保规范性文件和政策措施的合法性审查、公平竞争审查"
    assert rows[-1].level3 == "参保人员对医保服务的满意度"
    assert all(r.weight is None and r.score is None for r in rows)


def test_jiayuguan_totals_in_every_format(jiayuguan):
    _, facts = jiayuguan
    assert [(t.table_seq, t.weight, t.score, t.project_name) for t in facts.totals] == [
        (0, None, 98.0, None),
        (1, 100.0, 100.0, "慢性病鉴定费"),
    ]


def test_jiayuguan_department_summary_from_its_budget_block(jiayuguan):
    _, facts = jiayuguan
    s = facts.summary
    assert (s.budget_initial_wan, s.budget_final_wan, s.expenditure_wan) == (
        Decimal("729.97"),
        Decimal("753.60"),
        Decimal("750.6"),
    )
    assert (s.basic_expenditure_wan, s.project_expenditure_wan) == (
        Decimal("555.08"),
        Decimal("195.52"),
    )
    assert s.execution_rate == Decimal("0.996")
    assert s.self_score == Decimal("98")


def test_jiayuguan_projects(jiayuguan):
    _, facts = jiayuguan
    transfer = facts.projects[1]
    assert transfer.project_name == "医疗服务与保障能力提升补助资金(医疗保障能力建设部分)"
    assert (transfer.budget_final_wan, transfer.executed_wan, transfer.execution_rate) == (
        Decimal("182"),
        Decimal("179"),
        Decimal("0.9835"),
    )
    chronic = facts.projects[0]
    assert (chronic.project_name, chronic.executed_wan, chronic.score) == (
        "慢性病鉴定费",
        Decimal("1"),
        Decimal("100"),
    )
    assert check_project_execution(facts.projects).passed


def test_jiayuguan_project_table_adds_up_in_every_format(jiayuguan):
    _, facts = jiayuguan
    project = [
        r for r in check_scores_add_up(facts.indicators, facts.totals) if "慢性病" in r.message
    ]
    assert project and all(r.passed for r in project)


def test_jiayuguan_pdf_rows_carry_their_page():
    facts = _read("jiayuguan-2021-dept-self-eval.pdf", 2021)
    pages = {seq: [r.page for r in facts.indicators if r.table_seq == seq] for seq in range(3)}
    assert pages[0][0] == 8
    assert (pages[1][0], pages[1][-1]) == (10, 11)
    assert (pages[2][0], pages[2][-1]) == (12, 13)


def test_yueyanglou_txt_department_table():
    facts = _read("yueyanglou-2023-dept-self-eval.txt", 2023)
    assert [(r.level1, r.level2, r.level3, r.weight, r.score) for r in facts.indicators] == [
        ("产出指标", "数量指标", "城乡居民参保率", 20, 20),
        ("产出指标", "质量指标", "城乡居民参保各项财政补助资金到位率", 10, 10),
        ("产出指标", "时效指标", "资金到位及时率", 10, 10),
        ("产出指标", "支出预算控制", "支出预算控制", 10, 10),
        ("效益指标", "社会效益指标", "医保制度的有效执行,提升了群众的安全感、幸福感", 10, 9.5),
        (
            "效益指标",
            "可持续影响指标",
            "岳阳楼区2024年度城乡居民基本医疗保险参保缴费工作实施方案",
            10,
            10,
        ),
        ("效益指标", "可持续影响指标", "“互联网+医保”服务", 10, 10),
        ("满意度指标", "服务对象满意度指标", "相关部门和参保对象满意度", 10, 9),
    ]
    assert [(t.weight, t.score) for t in facts.totals] == [(100.0, 98.5)]
    assert all(r.passed for r in check_scores_add_up(facts.indicators, facts.totals))


def test_yueyanglou_txt_summary_from_both_tables():
    s = _read("yueyanglou-2023-dept-self-eval.txt", 2023).summary
    assert (s.budget_initial_wan, s.budget_final_wan, s.expenditure_wan, s.execution_rate) == (
        Decimal("1022.77"),
        Decimal("2299.31"),
        Decimal("2299.31"),
        Decimal("2.2481"),
    )
    assert (s.basic_expenditure_wan, s.project_expenditure_wan, s.three_public_wan) == (
        Decimal("1304.81"),
        Decimal("994.5"),
        Decimal("0.13"),
    )
    assert s.self_score == Decimal("98.5")


def test_yueyanglou_rubric_is_left_out():
    facts = _read("yueyanglou-2023-dept-self-eval.txt", 2023)
    assert {r.table_seq for r in facts.indicators} == {0}
    assert not any("评分" in (r.level3 or "") for r in facts.indicators)


def test_mianzhu_txt_five_project_forms():
    facts = _read("mianzhu-2020-final-accounts.txt", 2020)
    assert [(p.project_name, p.budget_initial_wan, p.executed_wan) for p in facts.projects] == [
        ("二乙伤残军人医疗", Decimal("21.74"), Decimal("21.74")),
        ("城乡医疗一体化专项经费", Decimal("36"), Decimal("36")),
        ("医保监管聘请专家、双随机及第三方审计专项经费", Decimal("5"), Decimal("5")),
        ("城乡居民补充医疗保险补助1", Decimal("420.5985"), Decimal("420.5985")),
        ("城乡居民补充医疗保险补助2", Decimal("523.5718"), Decimal("523.5718")),
    ]
    assert [sum(1 for r in facts.indicators if r.table_seq == s) for s in range(5)] == [6] * 5
    assert {r.scope for r in facts.indicators} == {"project"}


def test_mianzhu_txt_rows_of_the_third_project():
    facts = _read("mianzhu-2020-final-accounts.txt", 2020)
    rows = [
        (r.level2, r.level3, r.target_raw, r.actual_raw, r.target_op, r.target_value, r.target_unit)
        for r in facts.indicators
        if r.table_seq == 2
    ]
    assert rows == [
        ("数量指标", "医疗监管工作开展次数", "≥10次", "≥100次", ">=", 10.0, "次"),
        ("质量指标", "医疗监管工作完成率", "≥100%", "100%", ">=", 100.0, "%"),
        ("时效指标", "项目完成时间", "2020年12月31日", "2020年12月31日", None, None, None),
        ("成本指标", "项目成本", "≥5万元", "5万元", ">=", 5.0, "万元"),
        ("社会效益指标", "提高医疗基金安全率", "≥100%", "100%", ">=", 100.0, "%"),
        (
            "服务对象满意度指标",
            "减少非正常医疗等情况,提高参保人员的满意率",
            "≥95%",
            "≥95%",
            ">=",
            95.0,
            "%",
        ),
    ]


@pytest.mark.parametrize(
    "name",
    [
        "ebian-2024-dept-self-eval.txt",
        "ebian-2024-dept-self-eval.docx",
        "ebian-2024-dept-self-eval.pdf",
        "fengnan-2023-finance-key-eval.txt",
    ],
)
def test_reports_without_tables_give_no_rows(name):
    doc = read_document((SAMPLES / name).read_bytes(), name, ReadSettings())
    facts = read_tables(doc, 2024)
    assert (facts.indicators, facts.projects, facts.amounts, facts.totals) == ([], [], [], [])


def test_yueyanglou_basic_data_amounts_sit_in_the_annex_section_of_their_table():
    # The 基础数据表 follows the line 附件1 (section 其他), before the report's own headings.
    name = "yueyanglou-2023-dept-self-eval.txt"
    doc = read_document((SAMPLES / name).read_bytes(), name, ReadSettings())
    sections = segment(doc)
    amounts = read_tables(doc, 2023, sections=sections).amounts
    three_public = [a for a in amounts if a.metric == "三公经费"]
    assert [(a.raw_value, a.section) for a in three_public] == [("0.13", "其他")]
    assert {a.section for a in amounts} == {"其他"}  # both tables are attachments
