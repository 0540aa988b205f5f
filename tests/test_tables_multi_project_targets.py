"""Target tables listing several projects' indicators, over several PDF pages.

A budget's 项目支出绩效目标表 may hold every project in one long table (the project's name
on each row) that the PDF reader gives as one table per page, the next page's table
sometimes narrower (a column empty there is not drawn) and with the text of a merged
cell left between the two. Rows are made up in the shapes of the published tables.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from extractors.model import Paragraph, Table, assemble
from parsers.tables import read_tables

HEADER = (
    "项目名称",
    "项目总额",
    "绩效目标",
    "一级指标",
    "二级指标",
    "三级指标",
    "绩效指标性质",
    "本年绩效指标值",
    "绩效度量单位",
)
GOAL_A = "完成社区花园建设。"
GOAL_B = "开展古树巡查。"
GOAL_C = "办好全民植树活动。"


def _row(name: str, money: str, goal: str, *indicator: str) -> tuple[str, ...]:
    return (name, money, goal, *indicator)


def _page(number: int, *rows: tuple[str, ...]) -> Table:
    return Table(rows=rows, page=number)


def _facts(*blocks: Paragraph | Table):
    return read_tables(assemble("t.pdf", "pdf", list(blocks)), 2026)


PAGE_1 = _page(
    1,
    HEADER,
    _row(
        "31010026T000000000101-社区花园建设",
        "80.000000",
        GOAL_A,
        "产出指标",
        "数量指标",
        "新建社区花园",
        "＝",
        "12",
        "个",
    ),
    _row(
        "31010026T000000000101-社区花园建设",
        "80.000000",
        GOAL_A,
        "满意度指标",
        "服务对象满意度指标",
        "居民满意度",
        "≥",
        "90",
        "%",
    ),
    _row(
        "31010026T000000000102-古树巡查",
        "45.500000",
        GOAL_B,
        "产出指标",
        "数量指标",
        "巡查古树",
        "≥",
        "3000",
        "株",
    ),
)
PAGE_2 = _page(
    2,
    _row(
        "31010026T000000000102-古树巡查",
        "45.500000",
        GOAL_B,
        "产出指标",
        "时效指标",
        "巡查完成时间",
        "定性",
        "11月底前",
        "",
    ),
    _row(
        "31010026T000000000102-古树巡查",
        "45.500000",
        GOAL_B,
        "成本指标",
        "经济成本指标",
        "巡查成本",
        "≤",
        "45.5",
        "万元",
    ),
    _row(
        "31010026T000000000103-全民植树活动",
        "30.000000",
        GOAL_C,
        "产出指标",
        "数量指标",
        "植树株数",
        "≥",
        "5000",
        "株",
    ),
)


def test_each_project_of_a_long_target_table_gets_its_own_rows():
    facts = _facts(Paragraph("项目支出绩效目标表"), PAGE_1, PAGE_2)
    assert Counter(i.project_name for i in facts.indicators) == {
        "社区花园建设": 2,
        "古树巡查": 3,
        "全民植树活动": 1,
    }


def test_a_project_cut_by_the_page_break_keeps_its_rows_together():
    facts = _facts(PAGE_1, PAGE_2)
    rows = [(i.level3, i.page) for i in facts.indicators if i.project_name == "古树巡查"]
    assert rows == [("巡查古树", 1), ("巡查完成时间", 2), ("巡查成本", 2)]
    seqs = {i.table_seq for i in facts.indicators if i.project_name == "古树巡查"}
    assert len(seqs) == 1


def test_every_listed_project_is_a_project_with_its_total():
    facts = _facts(PAGE_1, PAGE_2)
    assert [(p.project_name, p.budget_initial_wan) for p in facts.projects] == [
        ("社区花园建设", Decimal("80.000000")),
        ("古树巡查", Decimal("45.500000")),
        ("全民植树活动", Decimal("30.000000")),
    ]


def test_operator_and_unit_columns_complete_the_target():
    facts = _facts(PAGE_1)
    first = facts.indicators[0]
    assert (first.target_raw, first.target_op, first.target_value, first.target_unit) == (
        "12",
        "=",
        12.0,
        "个",
    )
    timed = _facts(PAGE_1, PAGE_2).indicators[3]
    assert (timed.level3, timed.target_op, timed.target_raw) == ("巡查完成时间", None, "11月底前")


def test_a_name_written_once_above_blank_cells_covers_the_rows_below():
    facts = _facts(
        _page(
            1,
            HEADER,
            _row(
                "河道保洁", "60", GOAL_A, "产出指标", "数量指标", "保洁河道长度", "≥", "40", "公里"
            ),
            _row("", "", "", "产出指标", "质量指标", "水面洁净率", "≥", "95", "%"),
        ),
        _page(2, _row("", "", "", "效益指标", "生态效益指标", "水质达标率", "≥", "90", "%")),
    )
    assert [(i.project_name, i.level3) for i in facts.indicators] == [
        ("河道保洁", "保洁河道长度"),
        ("河道保洁", "水面洁净率"),
        ("河道保洁", "水质达标率"),
    ]


# A department's 整体支出绩效目标表 whose rows go on on a narrower next-page table: the
# label column is not drawn there and the merged 指标值 | 指标值 heading is one column.
DEPT_HEADER = ("", "一级指标", "二级指标", "指标内容", "指标内容", "指标值", "指标值")
DEPT_PAGE_1 = _page(
    5,
    (
        "部门名称",
        "某市档案馆",
        "某市档案馆",
        "某市档案馆",
        "某市档案馆",
        "某市档案馆",
        "某市档案馆",
    ),
    DEPT_HEADER,
    ("", "产出指标", "数量指标", "档案数字化", "档案数字化", "≥20万页", "≥20万页"),
    ("", "产出指标", "数量指标", "查档接待", "查档接待", "≥5000人次", "≥5000人次"),
)
DEPT_PAGE_2 = _page(
    6,
    ("", "", "馆藏修复", "≥800卷"),
    ("", "质量指标", "数字化差错率", "≤0.5%"),
    ("满意度指标", "服务对象满意度指标", "查档群众满意度", "≥95%"),
)


def test_a_narrower_next_page_table_continues_the_block_column_for_column():
    facts = _facts(
        Paragraph("部门整体支出绩效目标表"),
        DEPT_PAGE_1,
        Paragraph("产出"),
        Paragraph("指标"),
        DEPT_PAGE_2,
    )
    assert [(i.level1, i.level2, i.level3, i.target_raw) for i in facts.indicators] == [
        ("产出指标", "数量指标", "档案数字化", "≥20万页"),
        ("产出指标", "数量指标", "查档接待", "≥5000人次"),
        ("产出指标", "数量指标", "馆藏修复", "≥800卷"),
        ("产出指标", "质量指标", "数字化差错率", "≤0.5%"),
        ("满意度指标", "服务对象满意度指标", "查档群众满意度", "≥95%"),
    ]
    assert {i.table_seq for i in facts.indicators} == {0}


def test_a_titled_table_after_a_block_is_not_its_continuation():
    facts = _facts(DEPT_PAGE_1, Paragraph("表16 专项资金绩效目标表"), DEPT_PAGE_2)
    assert [i.level3 for i in facts.indicators] == ["档案数字化", "查档接待"]


def test_a_narrower_table_two_pages_later_is_not_a_continuation():
    later = Table(rows=DEPT_PAGE_2.rows, page=8)
    facts = _facts(DEPT_PAGE_1, later)
    assert [i.level3 for i in facts.indicators] == ["档案数字化", "查档接待"]


def test_a_narrower_table_starting_with_no_indicator_is_not_a_continuation():
    other = _page(6, ("单位", "人数", "", ""), ("某市档案馆", "35", "", ""))
    facts = _facts(DEPT_PAGE_1, other)
    assert [i.level3 for i in facts.indicators] == ["档案数字化", "查档接待"]


def test_one_indicator_column_writing_its_levels_before_the_name():
    facts = _facts(
        _page(
            9,
            ("活动", "绩效指标", "指标性质", "指标值", "度量单位"),
            ("档案利用服务", "产出指标数量指标接待查档人次", "≥", "5000", "人次"),
            ("档案利用服务", "满意度指标服务对象满意度指标查档满意度", "≥", "95", "%"),
        )
    )
    assert [(i.level1, i.level2, i.level3, i.target_op) for i in facts.indicators] == [
        ("产出指标", "数量指标", "接待查档人次", ">="),
        ("满意度指标", "服务对象满意度指标", "查档满意度", ">="),
    ]
    assert {i.scope for i in facts.indicators} == {"department"}


def test_the_group_label_beside_level_headings_is_not_the_name_column():
    facts = _facts(
        _page(
            3,
            ("绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值"),
            ("绩效指标", "产出指标", "数量指标", "修缮校舍", "3处"),
        )
    )
    assert [(i.level1, i.level3) for i in facts.indicators] == [("产出指标", "修缮校舍")]
