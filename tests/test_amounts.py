"""Money figures in prose: found, normalised to 万元, and given metric, subject and evidence.

Inputs are sentences copied from the sample reports (tests/fixtures/samples); expected
values are read off those sentences.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractors.model import Document, Paragraph, Table, assemble
from parsers.amounts import find_amounts, money_figures, suspicious_amounts
from records import AmountRecord, SectionRecord


def doc_of(*lines: str, page: int | None = None) -> Document:
    return assemble("sample.txt", "txt", [Paragraph(line, page=page) for line in lines])


def amounts_in(*lines: str) -> list[AmountRecord]:
    return find_amounts(doc_of(*lines), [])


def only(amounts: list[AmountRecord]) -> AmountRecord:
    assert len(amounts) == 1, amounts
    return amounts[0]


# --- finding and normalising ------------------------------------------------------------


def test_amount_in_wan_is_kept_exactly() -> None:
    # ebian 二（三）
    amount = only(amounts_in("     2024年部门财政资金结转结余5.18万元。"))
    assert amount.value_wan == Decimal("5.18")
    assert (amount.raw_value, amount.raw_unit) == ("5.18", "万元")


def test_amount_in_yuan_becomes_wan() -> None:
    # mianzhu 附件2
    amounts = amounts_in("2020年1-8月该项目资金已使用14.55万元，全年使用217402.51元，完成率100%。")
    assert [a.value_wan for a in amounts] == [Decimal("14.55"), Decimal("21.740251")]
    assert (amounts[1].raw_value, amounts[1].raw_unit) == ("217402.51", "元")


def test_amount_in_yi_becomes_wan() -> None:
    # mianzhu 第一部分
    amount = only(
        amounts_in("截至12月底全市定点医疗机构住院审核结算9.49万人次，医保基金支付2.70亿元；")
    )
    assert amount.value_wan == Decimal("27000")
    assert (amount.raw_value, amount.raw_unit) == ("2.70", "亿元")


def test_thousands_separator_is_kept_in_raw_value() -> None:
    # fengnan 二（二）
    amount = only(
        amounts_in("（2023年度决算收、支均为2,118.33万元，原因是省财政在2023决算中将其中")
    )
    assert amount.raw_value == "2,118.33"
    assert amount.value_wan == Decimal("2118.33")


def test_fullwidth_comma_as_thousands_separator() -> None:
    amount = only(amounts_in("2023年度决算收、支均为2，118.33万元"))
    assert amount.value_wan == Decimal("2118.33")


def test_space_between_number_and_unit() -> None:
    amount = only(amounts_in("年度资金总额：年初预算数1022.89 万元"))
    assert amount.value_wan == Decimal("1022.89")
    assert amount.raw_value == "1022.89"


def test_fullwidth_digits() -> None:
    amount = only(amounts_in("基本支出３７２．３４万元，"))
    assert amount.value_wan == Decimal("372.34")
    assert amount.raw_value == "３７２．３４"
    assert amount.metric == "基本支出"


def test_number_broken_by_a_line_break_is_one_amount() -> None:
    doc = doc_of("该部门2023年年初预算安排1022.", "89万元，年末支出9968.66万元")
    amounts = find_amounts(doc, [])
    assert [a.value_wan for a in amounts] == [Decimal("1022.89"), Decimal("9968.66")]
    first = amounts[0]
    assert first.raw_value == "1022.89"
    assert first.metric == "年初预算数"
    assert doc.text[first.char_start : first.char_start + 5] == "1022."


def test_hard_wrapped_line_continues_the_sentence() -> None:
    # jiayuguan 一（二）, wrapped as PDF text wraps it
    amount = only(
        amounts_in(
            "我单位是财政全额拨款的一级预算单位，单位性质为参公事业，2021年基本支出收入人员经",
            "费522.63万元，主要用于基本工资、津贴补贴、奖金、社会保障缴费等；",
        )
    )
    assert amount.metric == "人员经费"
    assert amount.sentence.startswith("我单位是财政全额拨款")


def test_heading_line_is_not_part_of_the_sentence() -> None:
    amount = only(
        amounts_in("（三）部门财政资金结转结余情况", "     2024年部门财政资金结转结余5.18万元。")
    )
    assert amount.sentence == "2024年部门财政资金结转结余5.18万元。"


def test_wan_alone_after_reimbursement_is_wan_yuan() -> None:
    # yueyanglou 7. 特殊门诊: 万 without 元, read as 万元
    amounts = amounts_in(
        "7. 特殊门诊。居民特门待遇享受35733人次，其中新增1301人，医保报销2112.27万；"
        "职工特门待遇享受20017人次，其中新增355人，医保报销816.13万元。"
    )
    assert [(a.value_wan, a.raw_unit) for a in amounts] == [
        (Decimal("2112.27"), "万元"),
        (Decimal("816.13"), "万元"),
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        # people and visits counted in 万
        "⑴2020年城乡居民医疗救助资金资助特殊人员参加城乡居民基本医疗保险1.67万人，城乡居民门诊和住院医疗救助0.3万人次；",
        "预计2020年征地农民等参保人数9.3万余人",
        "今年以来，全区共受理门慢（特）评审5716人次，全区慢特性病患者约4.7万人。",
        # years, document numbers, phone numbers, percentages, copies
        "根据峨委办〔2019〕39号文件批复的三定方案，我单位的主要职责是：",
        "填表人：童璇   联系电话：13873029299    单位负责人签字：     填报日期：2024-5-27",
        "截至3月底，我区城乡居民医保缴费人数为389888人，职工医保参保人数为39310人，参保人数共计429198人，参保率96.19%，",
        "共悬挂宣传横幅485条，宣传展板128块，印刷宣传手册12000册，宣传资料56000份，",
        "发送政策解读宣传短信20万余条，开展医保政策宣讲下乡、进社区活动10余次",
    ],
)
def test_counts_years_phones_and_percentages_are_not_money(sentence: str) -> None:
    assert amounts_in(sentence) == []


def test_per_person_standard_is_money_with_a_per_person_subject() -> None:
    # jiayuguan 产出指标 数量指标
    sentence = "参保居民门诊就医的合理费用按照75%的比例直接报销，每人每年可报销120元。"
    amount = only(amounts_in(sentence))
    assert amount.value_wan == Decimal("0.012")
    assert amount.subject == "人均标准"
    assert amount.sentence == sentence


def test_per_visit_figures_joined_by_and_share_their_subject() -> None:
    # fengnan 三（三）
    amounts = amounts_in(
        "据测算，改革后区医院、区中医院就医报销比例分别提高3.8%和5.9%，次均费用下降2900元和1300元。"
    )
    assert [(a.value_wan, a.subject) for a in amounts] == [
        (Decimal("0.29"), "次均标准"),
        (Decimal("0.13"), "次均标准"),
    ]


# --- metric -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "metric"),
    [
        ("基本支出372.34万元，", "基本支出"),
        ("（三）项目支出情况 项目支出994.5万元，", "项目支出"),
        ("该部门2023年度财政拨款本年收入9968.66万元，", "收入"),
        ("完成年初预算10710.15万元的93.08%；", "年初预算数"),
        ("该部门2023年年初预算安排10710.15万元，", "年初预算数"),
        ("预算总额年初40万元，", "年初预算数"),
        ("调整后27.26万元，", "全年预算数"),
        ("项目全年预算数21.74万元，", "全年预算数"),
        ("执行数为21.74万元，完成预算的100%。", "执行数"),
        ("年末实际支出54.31万元，", "执行数"),
        ("2020年本年支出合计1880.22万元，", "执行数"),
        ("2024年部门财政资金结转结余5.18万元。", "结转结余"),
        ("2020年“三公”经费财政拨款支出决算为0.67万元，完成预算41.9%，", "三公经费"),
        ("该部门2023年年初“三公经费”预算安排12.99万元，", "三公经费"),
        ("3.公务接待费支出0.67万元，完成预算100%。", "公务接待费"),
        ("2.公务用车购置及运行维护费支出0万元,完成预算0%。", "公务用车购置及运行维护费"),
        ("1.因公出国（境）经费支出0万元，完成预算0%。", "因公出国（境）费"),
        ("其中：人员经费677.38万元，", "人员经费"),
        ("日常公用经费62.37万元，主要包括：", "公用经费"),
        ("2020年，绵竹市医疗保障局机关运行经费支出62.37万元，", "机关运行经费"),
        ("2020年，绵竹市医疗保障局政府采购支出总额21.08万元，", "政府采购"),
        ("2020年政府性基金预算拨款支出420.6万元。", "政府性基金支出"),
        ("项目13个，涉及资金9236.97万元，", "项目支出"),
    ],
)
def test_metric_comes_from_the_words_before_the_figure(sentence: str, metric: str) -> None:
    assert amounts_in(sentence)[0].metric == metric


def test_metric_word_separated_from_the_figure_by_other_words_is_not_its_metric() -> None:
    # ebian 项目2: 支出 belongs to 按往年支出测算, not to 40万元
    amount = only(
        amounts_in(
            "年度目标：按实全额报销离休、二残人员的医疗费用以及尘肺病人医疗救助，按往年支出测算约需40万元。"
        )
    )
    assert amount.metric is None


def test_figure_without_metric_words_has_no_metric() -> None:
    amount = only(amounts_in("第一时间向华西绵竹医院拨付500万元肺炎防控预付金。"))
    assert amount.metric is None


# --- subject ----------------------------------------------------------------------------


def test_department_figure_has_no_subject() -> None:
    amount = only(amounts_in("县医保局2024特定目标类项目为4个，项目支出为508.18万元。"))
    assert amount.subject is None


def test_project_opener_names_the_subject() -> None:
    # ebian 三（二）2.具体项目
    amount = only(amounts_in("项目1：医疗保险征缴及医疗保险基金安全监管工作相关经费10万元。 "))
    assert amount.subject == "医疗保险征缴及医疗保险基金安全监管工作相关经费"
    assert amount.metric == "项目支出"


def test_figures_after_a_project_opener_belong_to_the_project() -> None:
    # ebian 三（三）项目2
    amounts = amounts_in(
        "项目2：医疗补助费用（按实）27.26万元。",
        "年度目标：按实全额报销离休、二残人员的医疗费用以及尘肺病人医疗救助，按往年支出测算约需40万元。",
        "预算执行情况：预算总额年初40万元，调整后27.26万元，执行数27.26万元，执行率100% 。",
    )
    assert {a.subject for a in amounts} == {"医疗补助费用(按实)"}
    assert [a.metric for a in amounts[2:]] == ["年初预算数", "全年预算数", "执行数"]


def test_a_heading_ends_the_project_block() -> None:
    amounts = amounts_in(
        "项目4：峨边医保局2024年乡村振兴补助资金项目（县级）200万元。",
        "（四）结果应用情况。",
        "     2024年部门财政资金结转结余5.18万元。",
    )
    assert amounts[-1].subject is None


def test_attached_project_report_scopes_its_figures() -> None:
    # mianzhu 附件2: a project's own report, its name in brackets under the title
    amounts = amounts_in(
        "附件2",
        "2020年度项目支出绩效自评报告",
        "（二乙伤残军人医疗）",
        "一、项目概况",
        "1．资金计划:年初预算21.74万元。",
    )
    assert only(amounts).subject == "二乙伤残军人医疗"


def test_list_items_under_a_total_are_subjects_with_its_metric() -> None:
    # yueyanglou 二（二）
    amounts = amounts_in(
        "项目支出994.5万元，其中：业务工作经费154万元，运行维护经费16.1万元，"
        "编外用工人员经费77.19万元，审批专项703.21万元，医疗保障专项44万元。"
    )
    assert [(a.subject, a.metric) for a in amounts] == [
        (None, "项目支出"),
        ("业务工作经费", "项目支出"),
        ("运行维护经费", "项目支出"),
        ("编外用工人员经费", "项目支出"),
        ("审批专项", "项目支出"),
        ("医疗保障专项", "项目支出"),
    ]


def test_numbered_fund_item_is_the_subject() -> None:
    # fengnan 二（二）
    amounts = amounts_in(
        "其中7850.33万元收支汇入社保基金统计：1、城乡居民医疗保险财政负担部分5983.76万元；"
    )
    assert amounts[1].subject == "城乡居民医疗保险财政负担部分"


def test_fund_income_names_the_fund() -> None:
    # yueyanglou 六（一）基金收支情况
    amounts = amounts_in(
        "截至2023年11月底，城镇职工基本医疗保险统筹收入11720.82万元，个人账户收入2019.69万元；"
    )
    assert [(a.metric, a.subject) for a in amounts] == [
        ("收入", "城镇职工基本医疗保险统筹"),
        ("收入", "个人账户"),
    ]


def test_bare_measure_after_a_fund_figure_keeps_the_fund() -> None:
    amounts = amounts_in("城乡居民医疗保险收入566.93万元，支出24403.76万元，累计结余24957.66万元。")
    assert [(a.metric, a.subject) for a in amounts[:2]] == [
        ("收入", "城乡居民医疗保险"),
        ("执行数", "城乡居民医疗保险"),
    ]


def test_sub_metric_under_a_total_keeps_its_own_metric() -> None:
    # yueyanglou 二（一）
    amounts = amounts_in("2023年全年基本支出1304.81万元，其中：人员经费1094.14万元，包含基本工资")
    assert [(a.metric, a.subject) for a in amounts] == [("基本支出", None), ("人员经费", None)]


# --- evidence ---------------------------------------------------------------------------


def test_sentence_is_cut_at_sentence_marks() -> None:
    amounts = amounts_in(
        "5.公用经费控制率（设定5分，得分5分），该部门2023年年初日常公用经费预算安排59.55万元，"
        "年末实际支出54.31万元，公用经费控制率91.20%。6.“三公经费”控制率"
    )
    assert amounts[1].sentence.endswith("公用经费控制率91.20%。")
    assert "三公" not in amounts[1].sentence


def test_char_start_points_at_the_number_in_document_text() -> None:
    doc = doc_of(
        "二、部门财政资金收支情况", "县医保局2024年财政拨款预算收入880.52万元，其中上级资金0万元。"
    )
    for amount in find_amounts(doc, []):
        assert amount.char_start is not None
        assert doc.text.startswith(amount.raw_value, amount.char_start)


def test_seq_follows_text_order_and_source_is_prose() -> None:
    amounts = amounts_in("基本支出372.34万元，项目支出508.18万元，")
    assert [a.seq for a in amounts] == [0, 1]
    assert {a.source for a in amounts} == {"prose"}


def test_page_comes_from_the_paragraph() -> None:
    doc = doc_of("基本支出372.34万元，", page=3)
    assert only(find_amounts(doc, [])).page == 3


def test_section_is_the_canonical_of_the_level_one_section_holding_the_figure() -> None:
    doc = doc_of(
        "二、部门财政资金收支情况",
        "（一）部门财政资金收入情况。",
        "县医保局2024年财政拨款预算收入880.52万元。",
    )
    sections = [
        SectionRecord(
            0, "收支情况", "二、部门财政资金收支情况", 1, 0, len(doc.text), None, None, doc.text
        ),
        SectionRecord(
            1, "其他", "（一）部门财政资金收入情况。", 2, 13, len(doc.text), None, None, ""
        ),
    ]
    assert only(find_amounts(doc, sections)).section == "收支情况"


def test_without_sections_the_section_is_none() -> None:
    assert only(amounts_in("基本支出372.34万元，")).section is None


def test_table_cells_are_left_to_the_table_parser() -> None:
    table = Table(rows=(("预算数:", "21.74万元"), ("执行数:", "21.74万元")))
    doc = assemble("sample.docx", "docx", [table, Paragraph("基本支出372.34万元，")])
    assert [a.value_wan for a in find_amounts(doc, [])] == [Decimal("372.34")]


def test_txt_table_cell_lines_are_not_prose() -> None:
    assert amounts_in("\t21.74万元", "\t≥45万元") == []


# --- properties -------------------------------------------------------------------------

_FULLWIDTH = str.maketrans("0123456789.,", "０１２３４５６７８９．，")
_WAN_PER = {"元": Decimal("0.0001"), "万元": Decimal(1), "亿元": Decimal(10000)}


@given(
    integer=st.integers(min_value=0, max_value=10**9),
    cents=st.integers(min_value=0, max_value=99),
    unit=st.sampled_from(sorted(_WAN_PER)),
    grouped=st.booleans(),
    fullwidth=st.booleans(),
)
def test_any_written_amount_comes_back_as_its_wan_value(
    integer: int, cents: int, unit: str, grouped: bool, fullwidth: bool
) -> None:
    digits = f"{integer:,}" if grouped else str(integer)
    written = f"{digits}.{cents:02d}"
    if fullwidth:
        written = written.translate(_FULLWIDTH)
    text = f"该部门年末实际支出{written}{unit}，"
    figures = list(money_figures(text))
    assert len(figures) == 1
    assert figures[0].value_wan == Decimal(f"{integer}.{cents:02d}") * _WAN_PER[unit]
    assert figures[0].raw_value == written


_NO_MONEY_ALPHABET = st.sampled_from(
    list("部门整体支出绩效自评报告年度预算执行率项目人次个份家条分，。；：、（）%0123456789.")
)


@given(st.text(alphabet=_NO_MONEY_ALPHABET, max_size=200))
def test_text_with_no_money_unit_yields_no_amount(text: str) -> None:
    assert find_amounts(doc_of(text), []) == []


@given(
    value=st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False),
    unit=st.sampled_from(["万人", "万人次", "%", "年", "人", "册", "万余人"]),
)
def test_numbers_with_count_units_are_not_money(value: Decimal, unit: str) -> None:
    assert find_amounts(doc_of(f"参保人数共计{value}{unit}，"), []) == []


# --- signs, notation and implausible figures ----------------------------------------------


def test_minus_sign_keeps_the_absolute_value_and_the_sign_in_raw_value() -> None:
    # ebian 二（三） with a deficit written as a negative figure
    amount = only(amounts_in("2024年部门财政资金结转结余-5.18万元。"))
    assert amount.value_wan == Decimal("5.18")
    assert (amount.raw_value, amount.raw_unit) == ("-5.18", "万元")


def test_minus_sign_after_a_word_of_decrease_is_kept_in_raw_value() -> None:
    amount = only(amounts_in("三公经费较上年减少-3.2万元。"))
    assert (amount.value_wan, amount.raw_value) == (Decimal("3.2"), "-3.2")


def test_full_width_minus_is_a_sign_too() -> None:
    amount = only(amounts_in("年末结转结余－880.52万元。"))
    assert (amount.value_wan, amount.raw_value) == (Decimal("880.52"), "－880.52")


def test_hyphen_between_two_figures_is_a_range_not_a_sign() -> None:
    # a range: 100-200元 is not minus two hundred
    amounts = amounts_in("门诊慢特病每人每年补助100-200元。")
    assert [(a.value_wan, a.raw_value) for a in amounts] == [(Decimal("0.02"), "200")]


def test_hyphen_between_two_figures_with_units_is_a_range_not_a_sign() -> None:
    amounts = amounts_in("门诊慢特病每人每年补助2900元-3500元。")
    assert [a.raw_value for a in amounts] == ["2900", "3500"]
    assert suspicious_amounts(amounts) == []


@pytest.mark.parametrize("written", ["1e9 万元", "1E9万元", "2.5e+3万元", "7e-2元"])
def test_scientific_notation_is_not_read_as_money(written: str) -> None:
    assert amounts_in(f"医保基金支付{written}。") == []


def test_ordinary_amounts_are_not_suspicious() -> None:
    amounts = amounts_in("2024年部门财政资金结转结余5.18万元，医保基金支付2.70亿元。")
    assert suspicious_amounts(amounts) == []


def test_negative_figure_is_named_as_suspicious() -> None:
    amounts = amounts_in("2024年部门财政资金结转结余-5.18万元。")
    assert suspicious_amounts(amounts) == [
        "negative figure -5.18万元 kept as 5.18 万元 (the sign stays in raw_value): "
        "2024年部门财政资金结转结余-5.18万元。"
    ]


def test_figure_above_a_hundred_million_wan_is_named_as_suspicious() -> None:
    # ebian's 收入 sentence with the figure in 亿元 and four digits too many
    amounts = amounts_in("县医保局2024年财政拨款预算收入880520000亿元，其中上级资金0万元。")
    assert suspicious_amounts(amounts) == [
        "implausible figure 880520000亿元 = 8805200000000 万元 (more than 10^8 万元): "
        "县医保局2024年财政拨款预算收入880520000亿元，其中上级资金0万元。"
    ]


def test_a_hundred_million_wan_exactly_is_not_suspicious() -> None:
    assert suspicious_amounts(amounts_in("医保基金支付10000亿元。")) == []


@given(text=st.text(alphabet=st.sampled_from(list("-－−+e.,0123456789 万元亿千，。")), max_size=60))
def test_no_figure_is_ever_negative(text: str) -> None:
    assert all(a.value_wan >= 0 for a in amounts_in(text))
