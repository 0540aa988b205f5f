"""The standard 部门决算 / 部门预算 tables (parsers/data/templates.toml) to headline figures.

Each test builds a small table of one template's shape (title line, 单位 line, header rows,
rows), with made-up departments and figures; expected values are read off the rows.
"""

from __future__ import annotations

from decimal import Decimal

from extractors.model import Document, Paragraph, Table, assemble
from parsers.checks import check_template_sums
from parsers.tables import read_tables
from parsers.tables.template_rules import match_title
from parsers.tables.template_summary import document_kind
from parsers.tables.template_tables import find_template_tables, parse_table_money


def doc_of(*blocks: Paragraph | Table) -> Document:
    return assemble("report.txt", "txt", list(blocks))


def table(*rows: tuple[str, ...]) -> Table:
    return Table(rows=tuple(rows))


def summary_of(*blocks: Paragraph | Table):
    return read_tables(doc_of(*blocks), 2023).summary


# 收入支出决算总表: two sides, a 行次 column before each 决算数 column.
FINAL_HEADER = (
    ("收入", "收入", "收入", "支出", "支出", "支出"),
    ("项目", "行次", "决算数", "项目", "行次", "决算数"),
    ("栏次", "", "1", "栏次", "", "2"),
)
FINAL_ROWS = (
    ("一、一般公共预算财政拨款收入", "1", "820.40", "一、一般公共服务支出", "20", "760.10"),
    ("二、其他收入", "2", "12.60", "二、住房保障支出", "21", "60.30"),
    ("本年收入合计", "3", "833.00", "本年支出合计", "22", "820.40"),
)
FINAL_CARRY = (
    ("年初结转和结余", "4", "40.00", "年末结转和结余", "23", "52.60"),
    ("总计", "5", "873.00", "总计", "24", "873.00"),
)


def test_final_accounts_income_and_expenditure_are_the_year_totals_not_the_grand_totals():
    summary = summary_of(
        Paragraph("收入支出决算总表"),
        Paragraph("部门：某市档案馆 单位：万元"),
        table(*FINAL_HEADER, *FINAL_ROWS, *FINAL_CARRY),
    )
    assert summary.income_wan == Decimal("833.00")
    assert summary.expenditure_wan == Decimal("820.40")
    assert summary.carryover_wan == Decimal("52.60")


def test_carryover_on_the_continuation_page_is_found():
    summary = summary_of(
        Paragraph("表1"),
        Paragraph("收入支出决算总表"),
        table(*FINAL_HEADER, *FINAL_ROWS),
        Paragraph("3"),
        Paragraph("表1"),
        table(*FINAL_CARRY),
    )
    assert summary.carryover_wan == Decimal("52.60")


def test_a_page_under_the_same_title_again_continues_the_table():
    summary = summary_of(
        Paragraph("收入支出决算总表"),
        table(*FINAL_HEADER, *FINAL_ROWS),
        Paragraph("收入支出决算总表"),
        Paragraph("单位：万元"),
        table(*FINAL_HEADER, *FINAL_CARRY),
    )
    assert summary.carryover_wan == Decimal("52.60")


def test_a_table_after_another_title_is_not_a_continuation():
    tables = find_template_tables(
        doc_of(
            Paragraph("收入支出决算总表"),
            table(*FINAL_HEADER, *FINAL_ROWS),
            Paragraph("单位职工培训情况表"),
            table(*FINAL_CARRY),
        )
    )
    assert [len(t.parts) for t in tables] == [1]


def test_expenditure_table_total_row_gives_basic_and_project_spending():
    summary = summary_of(
        Paragraph("支出决算表"),
        Paragraph("单位：万元"),
        table(
            ("科目编码", "科目名称", "本年支出合计", "基本支出", "项目支出"),
            ("", "栏次", "1", "2", "3"),
            ("", "合计", "500.00", "320.00", "180.00"),
            ("201", "一般公共服务支出", "500.00", "320.00", "180.00"),
        ),
    )
    assert (summary.basic_expenditure_wan, summary.project_expenditure_wan) == (
        Decimal("320.00"),
        Decimal("180.00"),
    )


def test_three_public_spending_is_the_final_accounts_total_not_the_budget():
    summary = summary_of(
        Paragraph("财政拨款“三公”经费支出决算表"),
        table(
            ("预算数", "预算数", "预算数", "决算数", "决算数", "决算数"),
            ("合计", "因公出国（境）费", "公务接待费", "合计", "因公出国（境）费", "公务接待费"),
            ("1", "2", "3", "4", "5", "6"),
            ("9.50", "5.00", "4.50", "7.25", "4.00", "3.25"),
        ),
    )
    assert summary.three_public_wan == Decimal("7.25")


def test_three_public_table_with_a_row_per_budget_and_actual():
    summary = summary_of(
        Paragraph("财政拨款“三公”经费、会议费、培训费支出决算表"),
        table(
            ("项目", "“三公”经费小计", "因公出国（境）费", "公务接待费", "会议费"),
            ("栏次", "1", "2", "3", "4"),
            ("预算数", "30.00", "10.00", "20.00", "8.00"),
            ("决算数", "26.40", "9.00", "17.40", "7.10"),
        ),
    )
    assert summary.three_public_wan == Decimal("26.40")


def test_a_one_fund_table_is_not_taken_for_the_title_it_contains():
    template = match_title("一般公共预算财政拨款支出决算表")
    assert template is not None and template.part


def test_a_table_in_yuan_is_converted_to_wan():
    summary = summary_of(
        Paragraph("2024年单位收支预算总表"),
        Paragraph("编制单位：某研究院 单位：元"),
        table(
            ("收入", "收入", "支出", "支出"),
            ("项目", "预算数", "项目", "预算数"),
            ("财政拨款收入", "3,456,700", "一般公共服务支出", "3,456,700"),
            ("收入总计", "3,456,700", "支出总计", "3,456,700"),
        ),
    )
    assert summary.budget_initial_wan == Decimal("345.67")


def test_a_table_that_states_no_unit_follows_the_unit_of_the_table_before_it():
    # a 单位预算's 收入预算总表 forgets the 单位：元 that its 收支预算总表 states
    facts = read_tables(
        doc_of(
            Paragraph("2026年预算单位财务收支预算总表"),
            Paragraph("编制单位：某数据中心 单位：元"),
            table(
                ("本年收入", "本年收入", "本年支出", "本年支出"),
                ("项目", "预算数", "项目", "预算数"),
                ("一、财政拨款收入", "2,310,450", "一、一般公共服务支出", "2,310,450"),
                ("收入总计", "2,310,450", "支出总计", "2,310,450"),
            ),
            Paragraph("2026年预算单位收入预算总表"),
            Paragraph("编制单位：某数据中心"),
            table(
                ("功能分类科目名称", "合计", "财政拨款收入"),
                ("一般公共服务支出", "2,310,450", "2,310,450"),
                ("合计", "2,310,450", "2,310,450"),
            ),
        ),
        2026,
    )
    read = {a.value_wan for a in facts.amounts if a.raw_value == "2,310,450"}
    assert read == {Decimal("231.045")}


def test_digits_grouped_in_the_wrong_place_still_read_as_the_number():
    money = parse_table_money("45678,900", "元")
    assert money is not None and money.value_wan == Decimal("4567.89")


def test_budget_totals_fill_initial_budget_and_income_not_expenditure():
    doc = doc_of(
        Paragraph("部门收支总表"),
        table(
            ("收入", "收入", "支出", "支出"),
            ("项目", "预算数", "项目", "预算数"),
            ("一、一般公共预算拨款收入", "610.00", "一、教育支出", "640.00"),
            ("本年收入合计", "610.00", "本年支出合计", "640.00"),
            ("上年结转结余", "30.00", "结转下年", "0.00"),
            ("收入总计", "640.00", "支出总计", "640.00"),
        ),
    )
    summary = read_tables(doc, 2024).summary
    assert (summary.income_wan, summary.budget_initial_wan, summary.expenditure_wan) == (
        Decimal("640.00"),
        Decimal("640.00"),
        None,
    )


def test_a_budget_whose_totals_head_the_table_reads_each_side():
    summary = summary_of(
        Paragraph("2024年部门收支总体情况表"),
        table(
            ("收入", "收入", "支出", "支出"),
            ("项 目", "预算数", "项 目", "预算数"),
            ("合 计", "1,200.50", "合 计", "1,200.50"),
            ("一、一般公共预算资金", "1,000.50", "一、农林水支出", "1,200.50"),
        ),
    )
    assert (summary.income_wan, summary.budget_initial_wan) == (
        Decimal("1200.50"),
        Decimal("1200.50"),
    )


def test_basic_spending_under_a_group_header_adds_its_parts():
    summary = summary_of(
        Paragraph("表3：部门支出预算总表"),
        table(
            ("科目名称", "总计", "基本支出", "基本支出", "项目支出"),
            ("科目名称", "总计", "人员支出", "日常公用支出", "项目支出"),
            ("合计", "900.00", "500.00", "150.00", "250.00"),
        ),
    )
    assert summary.basic_expenditure_wan == Decimal("650.00")


def test_basic_spending_takes_the_groups_subtotal_when_it_has_one():
    summary = summary_of(
        Paragraph("部门支出总表"),
        table(
            ("科目名称", "合计", "基本支出", "基本支出", "基本支出", "项目支出"),
            ("科目名称", "合计", "小计", "人员经费", "公用经费", "项目支出"),
            ("合计", "900.00", "650.00", "500.00", "150.00", "250.00"),
        ),
    )
    assert summary.basic_expenditure_wan == Decimal("650.00")


def test_a_total_row_on_the_continuation_page_is_read_with_the_first_pages_header():
    summary = summary_of(
        Paragraph("支出预算总表"),
        table(
            ("科目名称", "合计", "基本支出", "项目支出"),
            ("教育支出", "400.00", "300.00", "100.00"),
        ),
        Paragraph("单位：万元"),
        table(
            ("卫生健康支出", "200.00", "150.00", "50.00"),
            ("合计", "600.00", "450.00", "150.00"),
        ),
    )
    assert summary.project_expenditure_wan == Decimal("150.00")


GENERAL_BUDGET = (
    ("科目编码", "科目名称", "合计", "基本支出", "项目支出"),
    ("", "合计", "600.00", "450.00", "150.00"),
)
BUDGET_TOTALS = (
    ("收入", "收入", "支出", "支出"),
    ("项目", "预算数", "项目", "预算数"),
    ("收入总计", "{total}", "支出总计", "{total}"),
)


def _budget_totals(total: str) -> Table:
    return table(*(tuple(c.format(total=total) for c in row) for row in BUDGET_TOTALS))


def test_a_one_fund_table_speaks_for_the_department_when_its_total_is_the_whole():
    summary = summary_of(
        Paragraph("收支总表"),
        _budget_totals("600.00"),
        Paragraph("一般公共预算支出表"),
        table(*GENERAL_BUDGET),
    )
    assert summary.basic_expenditure_wan == Decimal("450.00")


def test_a_one_fund_table_is_left_out_when_other_funds_add_to_the_whole():
    summary = summary_of(
        Paragraph("收支总表"),
        _budget_totals("980.00"),
        Paragraph("一般公共预算支出表"),
        table(*GENERAL_BUDGET),
    )
    assert summary.basic_expenditure_wan is None


def test_budget_tables_alone_make_a_budget_document():
    tables = find_template_tables(doc_of(Paragraph("收支总表"), _budget_totals("600.00")))
    assert document_kind(tables) == "预算"


def test_template_figures_are_table_amounts_with_their_metric():
    facts = read_tables(
        doc_of(Paragraph("收入支出决算总表"), table(*FINAL_HEADER, *FINAL_ROWS, *FINAL_CARRY)),
        2023,
    )
    carry = [a for a in facts.amounts if a.raw_value == "52.60"]
    assert [(a.metric, a.source) for a in carry] == [("结转结余", "table")]


def _sums(*blocks: Paragraph | Table) -> dict[str, bool]:
    figures = read_tables(doc_of(*blocks), 2023).template_figures
    return {r.name: r.passed for r in check_template_sums(figures)}


def test_final_accounts_grand_total_is_spending_plus_carryover():
    sums = _sums(Paragraph("收入支出决算总表"), table(*FINAL_HEADER, *FINAL_ROWS, *FINAL_CARRY))
    assert sums == {"income_covers_spending_and_carryover": True}


def test_a_grand_total_other_than_spending_plus_carryover_fails_the_check():
    doctored = (FINAL_CARRY[0], ("总计", "5", "900.00", "总计", "24", "900.00"))
    sums = _sums(Paragraph("收入支出决算总表"), table(*FINAL_HEADER, *FINAL_ROWS, *doctored))
    assert sums == {"income_covers_spending_and_carryover": False}


def test_basic_plus_project_spending_is_the_tables_total():
    sums = _sums(
        Paragraph("支出决算表"),
        table(
            ("科目名称", "本年支出合计", "基本支出", "项目支出"),
            ("合计", "500.00", "320.00", "170.00"),
        ),
    )
    assert sums == {"basic_and_project_make_the_total": False}


def test_three_public_parts_add_up_to_its_total():
    sums = _sums(
        Paragraph("“三公”经费支出决算表"),
        table(
            ("决算数", "决算数", "决算数", "决算数", "决算数"),
            (
                "合计",
                "因公出国（境）费",
                "公务用车购置及运行费",
                "公务用车购置及运行费",
                "公务接待费",
            ),
            ("合计", "因公出国（境）费", "小计", "公务用车运行费", "公务接待费"),
            ("12.30", "4.00", "6.00", "6.00", "2.30"),
        ),
    )
    assert sums == {"three_public_parts_add_up": True}


def test_staff_and_running_costs_columns_add_up_to_basic_spending():
    summary = summary_of(
        Paragraph("收支总表"),
        _budget_totals("600.00"),
        Paragraph("2019年部门综合预算一般公共预算支出明细表（按支出功能分类科目）"),
        table(
            (
                "功能科目编码",
                "功能科目名称",
                "合计",
                "人员经费支出",
                "公用经费支出",
                "专项业务经费支出",
            ),
            ("", "合计", "600.00", "380.00", "70.00", "150.00"),
        ),
    )
    assert (summary.basic_expenditure_wan, summary.project_expenditure_wan) == (
        Decimal("450.00"),
        Decimal("150.00"),
    )


def test_a_lone_spending_table_without_headline_figures_does_not_make_a_budget():
    # an evaluation report's 项目支出情况表 (预算批复 | 实际执行 | 执行率) shares the title
    rows = (
        ("序号", "项目名称", "预算批复", "实际执行", "执行率"),
        ("1", "社区养老补助", "80.00", "76.00", "95.00%"),
    )
    tables = find_template_tables(doc_of(Paragraph("项目支出情况表"), table(*rows)))
    assert document_kind(tables) is None
