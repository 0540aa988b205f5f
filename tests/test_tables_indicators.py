"""Indicator tables to rows, on grids built from real sample rows.

TXT grids leave merged-over cells empty ("") and mark nothing merged; DOCX/PDF grids
repeat a merged cell's text and mark the covered positions in ``merged``.
"""

from __future__ import annotations

from decimal import Decimal

from sample_rows import (
    JIAYUGUAN_INDICATOR_HEADER,
    JIAYUGUAN_PROJECT_INDICATOR_HEADER,
    JIAYUGUAN_STAFF_SATISFACTION_ROW,
    JIAYUGUAN_TOTAL_ROW,
    YUEYANGLOU_BUDGET_CONTROL_ROW,
    YUEYANGLOU_ENROLMENT_PLAN_ROW,
    YUEYANGLOU_INDICATOR_HEADER,
    YUEYANGLOU_INTERNET_ROW,
    YUEYANGLOU_PARTICIPATION_ROW,
    YUEYANGLOU_RUBRIC_TOTAL,
    YUEYANGLOU_SATISFACTION_ROW,
    YUEYANGLOU_SUBSIDY_ROW,
    YUEYANGLOU_TIMELY_ROW,
    YUEYANGLOU_TOTAL_ROW,
)

from extractors.model import Paragraph, Table, assemble
from parsers.tables import TableTotal, read_tables
from records import IndicatorRecord


def _doc(*blocks: Table | Paragraph):
    return assemble("sample", "txt", list(blocks))


def _merged_repeats(rows: list[tuple[str, ...]], columns: set[int]) -> frozenset[tuple[int, int]]:
    """Positions in ``columns`` that repeat the cell above (a vertical merge in DOCX)."""
    return frozenset(
        (r, c)
        for r in range(1, len(rows))
        for c in columns
        if c < len(rows[r]) and rows[r][c] == rows[r - 1][c]
    )


# yueyanglou 附件2, the indicator block as the TXT reader rebuilds it (9 columns).
YUEYANGLOU_ROWS: tuple[tuple[str, ...], ...] = (
    YUEYANGLOU_INDICATOR_HEADER,
    YUEYANGLOU_PARTICIPATION_ROW,
    YUEYANGLOU_SUBSIDY_ROW,
    YUEYANGLOU_TIMELY_ROW,
    YUEYANGLOU_BUDGET_CONTROL_ROW,
    ("", "效益指标\n(30分)", "经济效\n益指标", "", "", "", "", "", ""),
    ("", "", "", "", "", "", "", "", ""),
    (
        "",
        "",
        "社会效\n益指标",
        "医保制度的有效执行，提升了群众的安全感、幸福感",
        "有效提升",
        "有效提升",
        "10",
        "9.5",
        "",
    ),
    ("", "", "生态效\n益指标", "", "", "", "", "", ""),
    YUEYANGLOU_ENROLMENT_PLAN_ROW,
    YUEYANGLOU_INTERNET_ROW,
    ("", "", "", "", "", "", "", "", ""),
    YUEYANGLOU_SATISFACTION_ROW,
    YUEYANGLOU_TOTAL_ROW,
)


def _row(level1, level2, level3, target_raw, actual_raw, target, actual, weight, score, **kw):
    """An expected department row; target/actual are (op, value, unit) and (value, unit)."""
    return IndicatorRecord(
        table_seq=kw.get("table_seq", 0),
        scope=kw.get("scope", "department"),
        project_name=kw.get("project_name"),
        level1=level1,
        level2=level2,
        level3=level3,
        target_raw=target_raw,
        actual_raw=actual_raw,
        target_op=target[0],
        target_value=target[1],
        target_unit=target[2],
        actual_value=actual[0],
        actual_unit=actual[1],
        weight=weight,
        score=score,
        note=kw.get("note"),
        page=kw.get("page"),
    )


NONE3 = (None, None, None)
NONE2 = (None, None)


def test_txt_department_table_gives_every_indicator_with_levels_filled_down():
    facts = read_tables(_doc(Table(rows=YUEYANGLOU_ROWS)), 2023)
    assert facts.indicators == [
        _row(
            "产出指标",
            "数量指标",
            "城乡居民参保率",
            "≥95%",
            "96.19%",
            (">=", 95.0, "%"),
            (96.19, "%"),
            20.0,
            20.0,
        ),
        _row(
            "产出指标",
            "质量指标",
            "城乡居民参保各项财政补助资金到位率",
            "100%",
            "100%",
            (None, 100.0, "%"),
            (100.0, "%"),
            10.0,
            10.0,
        ),
        _row(
            "产出指标",
            "时效指标",
            "资金到位及时率",
            "各项资金到位及时率",
            "全部及时到位",
            NONE3,
            NONE2,
            10.0,
            10.0,
        ),
        _row(
            "产出指标",
            "支出预算控制",
            "支出预算控制",
            "≤2299.31万元",
            "2299.31万元",
            ("<=", 2299.31, "万元"),
            (2299.31, "万元"),
            10.0,
            10.0,
        ),
        _row(
            "效益指标",
            "社会效益指标",
            "医保制度的有效执行,提升了群众的安全感、幸福感",
            "有效提升",
            "有效提升",
            NONE3,
            NONE2,
            10.0,
            9.5,
        ),
        _row(
            "效益指标",
            "可持续影响指标",
            "岳阳楼区2024年度城乡居民基本医疗保险参保缴费工作实施方案",
            "出台",
            "出台",
            NONE3,
            NONE2,
            10.0,
            10.0,
        ),
        _row(
            "效益指标",
            "可持续影响指标",
            "“互联网+医保”服务",
            "出台",
            "出台",
            NONE3,
            NONE2,
            10.0,
            10.0,
        ),
        _row(
            "满意度指标",
            "服务对象满意度指标",
            "相关部门和参保对象满意度",
            "≥98%",
            "95%",
            (">=", 98.0, "%"),
            (95.0, "%"),
            10.0,
            9.0,
        ),
    ]


def test_txt_total_row_whose_label_was_an_image_gives_the_table_total():
    facts = read_tables(_doc(Table(rows=YUEYANGLOU_ROWS)), 2023)
    assert [(t.table_seq, t.weight, t.score, t.scope) for t in facts.totals] == [
        (0, 100.0, 98.5, "department")
    ]


def test_level_totals_written_in_level1_cells_are_kept_for_checks():
    facts = read_tables(_doc(Table(rows=YUEYANGLOU_ROWS)), 2023)
    assert facts.totals[0].level_weights == (
        ("产出指标", 50.0),
        ("效益指标", 30.0),
        ("满意度指标", 10.0),
    )


def test_department_table_total_score_is_the_self_score():
    facts = read_tables(_doc(Table(rows=YUEYANGLOU_ROWS)), 2023)
    assert str(facts.summary.self_score) == "98.5"


# jiayuguan 慢性病鉴定费 project table as the DOCX reader gives it: merged text repeated.
JIAYUGUAN_PROJECT_ROWS: list[tuple[str, ...]] = [
    (
        "项目名称",
        "项目名称",
        "项目名称",
        "慢性病鉴定费",
        "慢性病鉴定费",
        "慢性病鉴定费",
        "慢性病鉴定费",
        "慢性病鉴定费",
        "慢性病鉴定费",
    ),
    JIAYUGUAN_PROJECT_INDICATOR_HEADER,
    (
        "绩\n效\n指\n标",
        "产\n出\n指\n标\n（50分）",
        "数量指标",
        "慢性病申请人数",
        "1700人",
        "1782人",
        "5",
        "5",
        "",
    ),
    (
        "绩\n效\n指\n标",
        "产\n出\n指\n标\n（50分）",
        "数量指标",
        "鉴定通过率",
        "≧80%",
        "81%",
        "5",
        "5",
        "",
    ),
    (
        "绩\n效\n指\n标",
        "产\n出\n指\n标\n（50分）",
        "质量指标",
        "慢性病申请程序效率",
        "不断简化",
        "不断简化",
        "6",
        "6",
        "",
    ),
    (
        "绩\n效\n指\n标",
        "满意度指标（10分）",
        "服务对象满意度指标",
        "参保群众满意程度",
        "≧80%",
        "90%",
        "5",
        "5",
        "",
    ),
    ("总       分       ",) * 6 + ("100   100", "100   100", ""),
    ("说明", "说明", "说明", "无", "无", "无", "无", "无", "无"),
]


def _docx_project_table() -> Table:
    rows = JIAYUGUAN_PROJECT_ROWS
    merged = set(_merged_repeats(rows, {0, 1, 2}))
    merged |= {(0, 1), (0, 2)} | {(0, c) for c in range(4, 9)}
    merged |= {(6, c) for c in range(1, 6)} | {(6, 7)}
    merged |= {(7, 1), (7, 2)} | {(7, c) for c in range(4, 9)}
    return Table(rows=tuple(rows), merged=frozenset(merged))


def test_docx_project_table_rows_carry_scope_and_project_name():
    facts = read_tables(_doc(_docx_project_table()), 2021)
    project = {"scope": "project", "project_name": "慢性病鉴定费"}
    assert facts.indicators == [
        _row(
            "产出指标",
            "数量指标",
            "慢性病申请人数",
            "1700人",
            "1782人",
            (None, 1700.0, "人"),
            (1782.0, "人"),
            5.0,
            5.0,
            **project,
        ),
        _row(
            "产出指标",
            "数量指标",
            "鉴定通过率",
            "≧80%",
            "81%",
            (">=", 80.0, "%"),
            (81.0, "%"),
            5.0,
            5.0,
            **project,
        ),
        _row(
            "产出指标",
            "质量指标",
            "慢性病申请程序效率",
            "不断简化",
            "不断简化",
            NONE3,
            NONE2,
            6.0,
            6.0,
            **project,
        ),
        _row(
            "满意度指标",
            "服务对象满意度指标",
            "参保群众满意程度",
            "≧80%",
            "90%",
            (">=", 80.0, "%"),
            (90.0, "%"),
            5.0,
            5.0,
            **project,
        ),
    ]


def test_total_with_weight_and_score_in_one_merged_cell_is_split():
    facts = read_tables(_doc(_docx_project_table()), 2021)
    assert facts.totals == [
        TableTotal(
            table_seq=0,
            weight=100.0,
            score=100.0,
            scope="project",
            project_name="慢性病鉴定费",
            level_weights=(("产出指标", 50.0), ("满意度指标", 10.0)),
        )
    ]


def test_txt_total_row_with_only_a_score_after_its_label():
    rows = (
        JIAYUGUAN_INDICATOR_HEADER,
        (
            "",
            "服务对象满意度（10分）",
            "服务对象的满意度",
            "参保人员的满意度",
            "≧90%",
            "95%",
            "5",
            "5",
            "",
        ),
        JIAYUGUAN_STAFF_SATISFACTION_ROW,
        JIAYUGUAN_TOTAL_ROW,
    )
    facts = read_tables(_doc(Table(rows=rows)), 2021)
    assert len(facts.indicators) == 2
    assert [(t.weight, t.score) for t in facts.totals] == [(None, 98.0)]


# jiayuguan transfer-payment table in the PDF: one row cut by the page break (pages 12/13).
PDF_SPLIT_ROWS = (
    (
        "绩效\n指标",
        "一级\n指标",
        "二级\n指标",
        "三级指标",
        "年度指标值",
        "全年完成值",
        "未完成原因和改进措施",
    ),
    (
        "绩效\n指标",
        "产出\n指标",
        "数量\n指标",
        "报送工作信息情况",
        "工作信息报送及时、质量较高",
        "工作信息报送及时、质量较高",
        "",
    ),
    ("绩效\n指标", "产出\n指标", "数量\n指标", "医保规范性文件和政策措", "全覆盖", "已全覆盖", ""),
    ("绩效\n指标", "产出\n指标", "数量\n指标", "施的合法性审查、公平竞争审查", "", "", ""),
    ("绩效\n指标", "产出\n指标", "数量\n指标", "定点医药机构监督检查覆盖率", "100%", "100%", ""),
)


def test_pdf_row_cut_by_a_page_break_is_one_indicator():
    table = Table(
        rows=PDF_SPLIT_ROWS,
        merged=_merged_repeats(list(PDF_SPLIT_ROWS), {0, 1, 2}),
        page=12,
        row_pages=(12, 12, 12, 13, 13),
    )
    facts = read_tables(_doc(table), 2021)
    assert [(r.level3, r.target_raw, r.page) for r in facts.indicators] == [
        ("报送工作信息情况", "工作信息报送及时、质量较高", 12),
        ("医保规范性文件和政策措施的合法性审查、公平竞争审查", "全覆盖", 12),
        ("定点医药机构监督检查覆盖率", "100%", 13),
    ]


def test_table_continued_in_the_next_block_without_header_is_the_same_table():
    first = Table(rows=PDF_SPLIT_ROWS[:3], page=12, row_pages=(12, 12, 12))
    rest = Table(rows=PDF_SPLIT_ROWS[4:], page=13, row_pages=(13,))
    facts = read_tables(_doc(first, rest), 2021)
    assert [(r.table_seq, r.level1, r.level2, r.level3) for r in facts.indicators] == [
        (0, "产出指标", "数量指标", "报送工作信息情况"),
        (0, "产出指标", "数量指标", "医保规范性文件和政策措"),
        (0, "产出指标", "数量指标", "定点医药机构监督检查覆盖率"),
    ]


def test_table_continued_with_repeated_header_is_the_same_table():
    first = Table(rows=PDF_SPLIT_ROWS[:3], page=12, row_pages=(12, 12, 12))
    rest = Table(rows=(PDF_SPLIT_ROWS[0], PDF_SPLIT_ROWS[4]), page=13, row_pages=(13, 13))
    facts = read_tables(_doc(first, rest), 2021)
    assert {r.table_seq for r in facts.indicators} == {0}
    assert len(facts.indicators) == 3


def test_indicator_tables_are_numbered_in_document_order():
    second = Table(rows=tuple(JIAYUGUAN_PROJECT_ROWS))
    facts = read_tables(
        _doc(Table(rows=YUEYANGLOU_ROWS), Paragraph("慢性病项目支出绩效自评表"), second), 2021
    )
    assert sorted({(r.table_seq, r.scope) for r in facts.indicators}) == [
        (0, "department"),
        (1, "project"),
    ]


# yueyanglou 附件5: a scoring rubric with 一级/二级指标 but no 三级指标 or target.
RUBRIC_ROWS = (
    ("一级指标", "二级指标", "评分标准", "评分"),
    (
        "实施评价\n30分",
        "单位自查\n（20分）",
        "区级预算单位都要开展绩效自查，转移支付项目单位都要开展绩效自查",
        "",
    ),
    (
        "",
        "提交报告\n（10分）",
        "按时向区财政局报送报告的得10分；每推迟一天报送报告的扣1分，最多扣10分。",
        "",
    ),
    YUEYANGLOU_RUBRIC_TOTAL,
)


def test_scoring_rubric_is_not_an_indicator_table():
    facts = read_tables(_doc(Table(rows=RUBRIC_ROWS)), 2023)
    assert facts.indicators == []
    assert facts.totals == []


def test_title_line_before_a_table_without_project_row_makes_it_project_scoped():
    rows = tuple(JIAYUGUAN_PROJECT_ROWS[1:6])
    facts = read_tables(_doc(Paragraph("慢性病项目支出绩效自评表"), Table(rows=rows)), 2021)
    assert {(r.scope, r.project_name) for r in facts.indicators} == {("project", None)}
    assert facts.summary.self_score is None


def test_long_prose_before_a_table_is_not_its_title():
    prose = "本单位按要求对2020年项目支出绩效自评表所列项目逐一开展自评，" * 3
    facts = read_tables(_doc(Paragraph(prose), Table(rows=YUEYANGLOU_ROWS)), 2023)
    assert {r.scope for r in facts.indicators} == {"department"}


# A filled-in blank template (财政部 项目支出绩效自评表, as published by county bureaus):
# the template's 指标1:/指标2:/…… rows, "/" for not applicable, level-1 names lost to images.
TEMPLATE_ROWS = (
    (
        "年度绩效指标完成情况",
        "一级\n指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "分值",
        "得分",
        "偏差原因分析及改进措施",
    ),
    ("", "(50分)", "数量指标", "指标1:完成中型灌区节水改造项目数量", "1", "1", "10", "10", ""),
    ("", "", "", "指标2:", "", "", "", "", ""),
    ("", "", "", "……", "", "", "", "", ""),
    ("", "", "质量指标", "指标1:工程质量合格", "", "", "10", "10", ""),
    ("", "(30分)", "生态效益\n指标", "指标1:", "/", "/", "/", "", ""),
    (
        "",
        "满意度指标\n(10分)",
        "服务对象\n满意度指标",
        "指标1:服务对象满意度",
        "90%",
        "100%",
        "10",
        "10",
        "",
    ),
    ("总分", "", "", "", "", "", "100", "100", ""),
)


def test_blank_template_rows_and_numbering_are_dropped():
    facts = read_tables(_doc(Table(rows=TEMPLATE_ROWS)), 2022)
    assert [
        (r.level1, r.level2, r.level3, r.target_raw, r.actual_raw, r.weight, r.score)
        for r in facts.indicators
    ] == [
        (None, "数量指标", "完成中型灌区节水改造项目数量", "1", "1", 10.0, 10.0),
        (None, "质量指标", "工程质量合格", None, None, 10.0, 10.0),
        ("满意度指标", "服务对象满意度指标", "服务对象满意度", "90%", "100%", 10.0, 10.0),
    ]
    assert [(t.weight, t.score) for t in facts.totals] == [(100.0, 100.0)]


def test_continued_rows_before_a_new_block_stay_in_the_open_table():
    first = Table(rows=PDF_SPLIT_ROWS[:3], page=12, row_pages=(12, 12, 12))
    budget_header = (
        "项目资金（万元）",
        "",
        "",
        "全年预算数（A）",
        "全年执行数（B）",
        "预算执行率（B/A）",
        "",
    )
    rest = Table(
        rows=(
            PDF_SPLIT_ROWS[4],
            budget_header,
            ("", "年度资金总额", "", "182", "179", "98.35%", ""),
        ),
        page=13,
        row_pages=(13, 13, 13),
    )
    facts = read_tables(_doc(first, rest), 2021)
    assert [(r.table_seq, r.level3) for r in facts.indicators][-1] == (
        0,
        "定点医药机构监督检查覆盖率",
    )
    assert facts.summary.budget_final_wan == Decimal("182")


def test_indicator_table_printed_with_pipes_in_txt_gives_its_rows():
    # held-out style: a web page's indicator table, one row per line, `|` between cells
    from extractors.txt import read_txt

    text = "\n".join(
        [
            "一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施",
            "产出指标 | 数量指标 | 城乡居民参保人数 | ≥30万人 | 31.2万人 | 20 | 20 |",
            " | 质量指标 | 基金支付准确率 | ≥98% | 99% | 20 | 20 |",
            "效益指标 | 社会效益指标 | 群众就医负担 | 有所减轻 | 有所减轻 | 30 | 28 | 宣传不足",
            "合计 | | | | | 70 | 68 |",
        ]
    )
    doc = read_txt(text.encode("utf-8"), "x.txt")
    rows = read_tables(doc, 2023).indicators
    assert [(r.level1, r.level2, r.level3, r.weight, r.score) for r in rows] == [
        ("产出指标", "数量指标", "城乡居民参保人数", 20.0, 20.0),
        ("产出指标", "质量指标", "基金支付准确率", 20.0, 20.0),
        ("效益指标", "社会效益指标", "群众就医负担", 30.0, 28.0),
    ]
    assert (rows[1].target_op, rows[1].target_value, rows[1].target_unit) == (">=", 98.0, "%")
    assert rows[2].note == "宣传不足"
