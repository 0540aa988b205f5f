"""A 部门整体绩效自评表 that fills its 专项名称 with the department's whole budget
(``127部门整体``) and numbers its columns with a formula (``小计③=①+②``,
``支出实现率(%)⑤=④/③``), as some provinces' forms do.

Rows are made up in the shape of the published form; the figures are our own.
"""

from __future__ import annotations

from decimal import Decimal

from extractors.model import Paragraph, Table, assemble
from parsers.tables import read_tables
from parsers.tables.headers import column_field

SIDE = "财政资金安排和使用情况"
FORM = (
    ("专项名称", "专项名称", "063部门整体", "063部门整体", "063部门整体", "063部门整体", "", ""),
    (
        "部门（单位）名称",
        "部门（单位）名称",
        "某市人民政府办公室",
        "某市人民政府办公室",
        "部门预算编码",
        "063",
        "",
        "",
    ),
    (
        SIDE,
        "",
        "年初部门预算安排金额（含历年结余结转）①",
        "年中调整金额②",
        "小计 ③ = ①+②",
        "年度拨付金额 ④",
        "支出实现率(%) ⑤=④/③",
        "分值",
        "得分",
    ),
    (SIDE, "合计", "5120.40", "310.60", "5431.00", "4887.90", "90.00", "10", "8"),
    (SIDE, "①中央财政资金", "0.00", "0.00", "0.00", "0.00", "0.00", "", ""),
    (SIDE, "③地方财政资金", "5120.40", "310.60", "5431.00", "4887.90", "90.00", "", ""),
    ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "指标分值", "自评得分", ""),
    ("产出指标", "数量指标", "公文办理件数", "≥800件", "912件", "10", "10", ""),
)


def _merged(rows: tuple[tuple[str, ...], ...]) -> frozenset[tuple[int, int]]:
    """A cell repeating its left or upper neighbour is covered by that neighbour's merge."""
    return frozenset(
        (r, c)
        for r, row in enumerate(rows)
        for c, text in enumerate(row)
        if text and ((c and row[c - 1] == text) or (r and rows[r - 1][c] == text))
    )


def _facts():
    rows = tuple(row + ("",) * (9 - len(row)) for row in FORM)
    table = Table(rows=rows, merged=_merged(rows))
    doc = assemble("f.txt", "txt", [Paragraph("部门整体绩效自评表"), table])
    return read_tables(doc, 2024)


def test_a_form_named_for_the_whole_department_is_no_project():
    assert _facts().projects == []


def test_a_whole_department_forms_indicators_are_the_departments():
    assert {(i.scope, i.project_name) for i in _facts().indicators} == {("department", None)}


def test_the_whole_department_forms_total_row_gives_budget_and_spending():
    summary = _facts().summary
    assert summary.budget_initial_wan == Decimal("5120.40")
    assert summary.expenditure_wan == Decimal("4887.90")


def test_a_column_number_and_its_formula_do_not_hide_the_header():
    assert column_field("支出实现率(%) ⑤=④/③") == "rate"
    assert column_field("年度拨付金额 ④") == "executed"
    assert column_field("年初部门预算安排金额（含历年结余结转）①") == "budget_initial"
