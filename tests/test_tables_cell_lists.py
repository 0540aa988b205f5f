"""Indicators written as one numbered list inside one table cell, one cell per project.

The lists are made up in the shapes published target tables use: the budget system's
code-prefixed levels with 实施周期指标值/年度指标值, labelled fields (一级指标:…), and
levels joined to the name with dashes.
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from extractors.model import Paragraph, Table, assemble
from parsers.tables import read_tables
from parsers.tables.cell_lists import parse_indicator_list, split_level_prefix

CODED = (
    "1、1-产出指标；11-数量指标；培训场次；实施周期指标值:≥6场；年度指标值:≥3场。"
    "2、1-产出指标；12-质量指标；结业考核通过率；实施周期指标值:≥95%；年度指标值:≥92%。"
    "3、4-成本指标；41-经济成本指标；人均培训成本；实施周期指标值:≤800元；年度指标值:≤850元。"
)


def _entries(text: str) -> list[tuple[str | None, str | None, str | None, str | None]]:
    return [(e.level1, e.level2, e.name, e.target_raw) for e in parse_indicator_list(text)]


def test_a_coded_list_gives_one_indicator_per_number():
    assert _entries(CODED) == [
        ("产出指标", "数量指标", "培训场次", "≥3场"),
        ("产出指标", "质量指标", "结业考核通过率", "≥92%"),
        ("成本指标", "经济成本指标", "人均培训成本", "≤850元"),
    ]


def test_the_annual_value_is_the_target_and_the_period_value_stands_in_without_one():
    text = "1、2-效益指标；22-社会效益；受益群众人数；实施周期指标值:≥3万人。"
    assert _entries(text) == [("效益指标", "社会效益指标", "受益群众人数", "≥3万人")]


def test_a_figure_with_a_decimal_point_is_not_an_entry_number():
    text = "1、1-产出指标；11-数量指标；新建绿道长度；年度指标值:≥2.5公里。2、1-产出指标；13-时效指标；完工时间；年度指标值:10月底前。"
    assert [e[2] for e in _entries(text)] == ["新建绿道长度", "完工时间"]
    assert _entries(text)[0][3] == "≥2.5公里"


def test_line_breaks_inside_the_cell_are_wraps_even_inside_a_code():
    text = "1、4-成本指标；\n4\n1-经济成本指标；设备采购\n单价；年度指标\n值:≤3万元/台。"
    assert _entries(text) == [("成本指标", "经济成本指标", "设备采购单价", "≤3万元/台")]


def test_a_level_word_after_both_levels_is_the_name():
    text = "1、3-满意度指标；31-服务对象满意度；服务对象满意度；年度指标值:≥90%。"
    assert _entries(text) == [("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥90%")]


def test_labelled_fields_and_bracketed_numbers():
    text = (
        "(1)一级指标:产出指标;二级指标:质量指标;三级指标:验收合格率;指标值:100%"
        "(2)一级指标:效益指标;二级指标:生态效益指标;三级指标:新增绿地面积;指标值:≥1.2公顷"
    )
    assert _entries(text) == [
        ("产出指标", "质量指标", "验收合格率", "100%"),
        ("效益指标", "生态效益指标", "新增绿地面积", "≥1.2公顷"),
    ]


def test_circled_numbers_and_levels_joined_by_dashes():
    text = "①产出指标-时效指标-完成时间：11月底前②满意度指标-服务对象满意度指标-学员满意度：≥88%"
    assert _entries(text) == [
        ("产出指标", "时效指标", "完成时间", "11月底前"),
        ("满意度指标", "服务对象满意度指标", "学员满意度", "≥88%"),
    ]


def test_a_numbered_goal_in_prose_is_no_indicator_list():
    assert parse_indicator_list("1、完成校舍维修3处；2、师生满意度达到90%以上。") == []


def test_a_name_starting_like_a_level_keeps_its_words():
    assert split_level_prefix("满意度回访覆盖率") == (None, None, "满意度回访覆盖率")
    assert split_level_prefix("产出指标数量指标培训场次") == ("产出指标", "数量指标", "培训场次")


# A project list whose last column holds each project's list (units' subtotals between).
LIST_HEADER = ("项目名称（资金使用单位）", "总计", "财政拨款", "绩效目标", "绩效指标")
LIST_ROWS = (
    ("合计", "1,250.00", "1,250.00", "", ""),
    ("某市职业培训中心", "850.00", "850.00", "", ""),
    ("职工技能提升培训", "600.00", "600.00", "全年完成培训任务。", CODED),
    (
        "培训基地设备更新",
        "250.00",
        "250.00",
        "更新实训设备。",
        "1、1-产出指标；11-数量指标；更新设备台数；年度指标值:≥40台。",
    ),
    ("某市就业服务站", "400.00", "400.00", "", ""),
    (
        "就业信息平台运维",
        "400.00",
        "400.00",
        "保障平台稳定运行。",
        "1、1-产出指标；12-质量指标；平台可用率；年度指标值:≥99%。"
        "2、3-满意度指标；31-服务对象满意度；求职者满意度；年度指标值:≥90%。",
    ),
)


def _facts(*blocks: Paragraph | Table, year: int = 2026):
    return read_tables(assemble("t.pdf", "pdf", list(blocks)), year)


def test_each_projects_cell_list_becomes_that_projects_indicators():
    facts = _facts(Paragraph("项目支出绩效目标表"), Table(rows=(LIST_HEADER, *LIST_ROWS)))
    assert [(i.project_name, i.level3) for i in facts.indicators] == [
        ("职工技能提升培训", "培训场次"),
        ("职工技能提升培训", "结业考核通过率"),
        ("职工技能提升培训", "人均培训成本"),
        ("培训基地设备更新", "更新设备台数"),
        ("就业信息平台运维", "平台可用率"),
        ("就业信息平台运维", "求职者满意度"),
    ]
    assert {i.scope for i in facts.indicators} == {"project"}


def test_each_projects_list_is_its_own_indicator_table():
    facts = _facts(Table(rows=(LIST_HEADER, *LIST_ROWS)))
    seqs = {i.project_name: i.table_seq for i in facts.indicators}
    assert len(set(seqs.values())) == 3


def test_a_cell_lists_targets_are_parsed():
    facts = _facts(Table(rows=(LIST_HEADER, *LIST_ROWS)))
    first = facts.indicators[0]
    assert (first.target_raw, first.target_op, first.target_value, first.target_unit) == (
        "≥3场",
        ">=",
        3.0,
        "场",
    )


def test_units_subtotals_and_the_total_are_not_projects_of_a_cell_list_table():
    facts = _facts(Table(rows=(LIST_HEADER, *LIST_ROWS)))
    assert sorted(p.project_name for p in facts.projects) == [
        "培训基地设备更新",
        "就业信息平台运维",
        "职工技能提升培训",
    ]
    budgets = {p.project_name: p.budget_initial_wan for p in facts.projects}
    assert budgets["就业信息平台运维"] == Decimal("400.00")


def test_unnumbered_entries_each_open_with_their_level():
    text = "数量指标：培训人次≥500人次；质量指标：结业率≥95%；满意度指标：学员满意度≥90%"
    assert _entries(text) == [
        (None, "数量指标", "培训人次", "≥500人次"),
        (None, "质量指标", "结业率", "≥95%"),
        ("满意度指标", None, "学员满意度", "≥90%"),
    ]


def test_unnumbered_entries_one_per_line_with_wrapped_names():
    text = "产出指标-数量指标-发放宣传\n册:≥2000份\n效益指标-社会效益指标-政策知晓率:≥80%"
    assert _entries(text) == [
        ("产出指标", "数量指标", "发放宣传册", "≥2000份"),
        ("效益指标", "社会效益指标", "政策知晓率", "≥80%"),
    ]


def test_a_formula_in_a_name_is_not_its_target():
    text = "1、4-成本指标；41-经济成本指标；预算控制率=实际费用/预算*100%；年度指标值:≤100%。"
    assert _entries(text) == [
        ("成本指标", "经济成本指标", "预算控制率=实际费用/预算*100%", "≤100%")
    ]


LEVEL_PAIRS = (
    ("1", "产出指标", "11", "数量指标"),
    ("1", "产出指标", "13", "时效指标"),
    ("2", "效益指标", "22", "社会效益指标"),
    ("3", "满意度指标", "31", "服务对象满意度指标"),
    ("4", "成本指标", "41", "经济成本指标"),
)
NAME_CHARS = "培训道路养护里程宣传册完工绿地面积档案修复"


@given(
    st.lists(
        st.tuples(
            st.sampled_from(LEVEL_PAIRS),
            st.text(alphabet=NAME_CHARS, min_size=2, max_size=12),
            st.integers(min_value=0, max_value=99999),
            st.sampled_from(["个", "场", "人次", "%", "万元"]),
        ),
        min_size=1,
        max_size=12,
    )
)
def test_a_coded_list_reads_back_every_entry_as_written(entries):
    text = "".join(
        f"{n}、{c1}-{l1}；{c2}-{l2.removesuffix('指标')}；{name}；"
        f"实施周期指标值:≥{value * 2}{unit}；年度指标值:≥{value}{unit}。"
        for n, ((c1, l1, c2, l2), name, value, unit) in enumerate(entries, start=1)
    )
    assert _entries(text) == [
        (l1, l2, name, f"≥{value}{unit}") for (_, l1, _, l2), name, value, unit in entries
    ]
