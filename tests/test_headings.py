"""Headings and their levels, on real lines from the samples."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.model import Document, Paragraph, Table, assemble
from extractors.txt import read_txt
from parsers.headings import detect_headings
from parsers.numbering import strip_numbering
from parsers.titles import find_titles

SAMPLES = Path(__file__).parent / "fixtures" / "samples"


@cache
def sample(name: str) -> Document:
    path = SAMPLES / name
    return read_txt(path.read_bytes(), path.name)


def doc_of(*lines: str) -> Document:
    return assemble("t.txt", "txt", [Paragraph(line) for line in lines])


def levels(doc: Document) -> list[tuple[int, str]]:
    return [(h.level, h.text) for h in detect_headings(doc)]


def test_numbered_sentence_is_not_a_heading() -> None:
    doc = doc_of(
        "（2） 机构职能和人员概况。",
        "根据峨委办〔2019〕39号文件批复的三定方案，我单位的主要职责是：",
        "1.拟定相关的规范性文件，组织实施市级统筹医疗保险、生育保险、医疗救助等医疗保障方面的政策和监督检查。",
        "2.组织制定并实施医疗保障基金监督管理制度，建立健全医疗保障基金安全防控机制，监督强化全县医疗保障基金的运行管理。",
    )
    assert [h.text for h in detect_headings(doc)] == ["（2） 机构职能和人员概况。"]


def test_arabic_in_parentheses_standing_for_chinese_sibling_is_level_2() -> None:
    doc = doc_of(
        "一、部门基本情况",
        "（一）机构组成。",
        "峨边彝族自治县医疗保障局（简称县医保局）为行政机关，一级预算正科级单位。",
        "（2） 机构职能和人员概况。",
        "人员概况：县医保局经机构编制委员会批准行政编制18人，实有公务员5人，参公人员11人，工勤3人。",
        "（3） 年度主要工作任务。",
        "1.推进全面参保工作。扎实推进城镇职工、城乡居民基本医疗保险参保工作，全面完成市下参保目标任务。",
        "（四）部门整体支出绩效目标",
        "通过年初结合单位实际工作需要编制部门预算，在支出过程中做到严格遵守各项规章制度。",
    )
    assert levels(doc) == [
        (1, "一、部门基本情况"),
        (2, "（一）机构组成。"),
        (2, "（2） 机构职能和人员概况。"),
        (2, "（3） 年度主要工作任务。"),
        (3, "1.推进全面参保工作。"),
        (2, "（四）部门整体支出绩效目标"),
    ]


def test_arabic_in_parentheses_under_level_2_is_level_3() -> None:
    doc = doc_of(
        "一、基本情况",
        "（一）项目的概况。",
        "嘉峪关市医疗保障局是主管医疗保险、医疗救助、药品和医疗服务价格管理工作的市政府组成部门。",
        "（1）数量指标。",
        "全力做好疫情防控医疗保障工作，完成新冠病毒疫苗及接种费用预算5375万元。",
        "（2）质量指标。",
        "全国首个定点医疗机构医疗服务等级评价试点在我市启动。",
    )
    assert levels(doc) == [
        (1, "一、基本情况"),
        (2, "（一）项目的概况。"),
        (3, "（1）数量指标。"),
        (3, "（2）质量指标。"),
    ]


def test_heading_is_the_lead_phrase_when_text_follows_on_the_same_line() -> None:
    doc = doc_of(
        "三、部门整体绩效实现情况",
        "（一）稳步落实基本医保全民参保。聚焦“全民应保尽保、人人公平享有”的医疗保障目标，夯实属地责任。",
        "（二）深入跟进医药集中带量采购。开展了近600种药品和70种医用耗材集中采购。",
    )
    headings = detect_headings(doc)
    assert [h.text for h in headings][1:] == [
        "（一）稳步落实基本医保全民参保。",
        "（二）深入跟进医药集中带量采购。",
    ]
    second = headings[1]
    assert doc.text[second.char_start : second.char_end] == second.text


def test_arabic_with_ideographic_comma_and_space_continues_level_1() -> None:
    doc = doc_of(
        "三、政府性基金预算支出情况",
        "我单位无政府性基金预算支出。",
        "4、 国有资本经营预算支出情况",
        "我单位无国有资本经营预算支出。",
        "5、 社会保险基金预算支出情况",
        "我单位无社会保险基金预算支出",
    )
    assert [lvl for lvl, _ in levels(doc)] == [1, 1, 1]


def test_numbering_restarting_inside_a_level_1_section_nests() -> None:
    found = levels(sample("yueyanglou-2023-dept-self-eval.txt"))
    six = found.index((1, "六、部门整体支出绩效情况"))
    assert found[six + 1] == (2, "一、2023年度工作完成情况")
    assert (3, "（一）基金收支情况") in found
    assert (2, "2、 特色亮点工作") in found
    assert (1, "七、存在的问题及原因分析") in found
    assert (1, "8、 下一步改进措施") in found


def test_unnumbered_heading_fills_the_missing_level_1_number() -> None:
    found = levels(sample("jiayuguan-2021-dept-self-eval.txt"))
    assert (1, "综合评价结论") in found
    # 项目绩效目标情况。 sits among （一）（二） and is their sibling, not the missing 二、
    assert (2, "项目绩效目标情况。") in found


def test_unnumbered_heading_takes_the_level_of_the_heading_it_resembles() -> None:
    found = levels(sample("jiayuguan-2021-dept-self-eval.txt"))
    assert (3, "2.效益指标完成情况分析。") in found
    assert (3, "满意度指标完成情况分析。") in found
    assert (1, "其他需要说明的问题") in found


def test_headings_deeper_than_level_3_are_not_returned() -> None:
    found = levels(sample("jiayuguan-2021-dept-self-eval.txt"))
    assert all(level <= 3 for level, _ in found)
    assert not any(text.startswith("（1）数量指标") for _, text in found)


def test_annex_resets_nesting_and_its_report_starts_at_level_1() -> None:
    found = levels(sample("mianzhu-2020-final-accounts.txt"))
    annex = found.index((1, "附件1"))
    assert found[annex + 1] == (1, "一、部门概况")
    assert found[annex + 2] == (2, "（一）机构组成")
    assert (1, "第四部分 附件") in found


def test_missing_numbers_under_a_part_are_filled_by_unnumbered_headings() -> None:
    found = levels(sample("mianzhu-2020-final-accounts.txt"))
    part = found.index((1, "第二部分 2020年度部门决算情况说明"))
    assert found[part + 1 : part + 5] == [
        (1, "收入支出决算总体情况说明"),
        (1, "收入决算情况说明"),
        (1, "支出决算情况说明"),
        (1, "四、财政拨款收入支出决算总体情况说明"),
    ]
    assert (1, "国有资本经营预算支出决算情况说明") in found  # stands for 九、


def test_list_of_short_numbered_lines_is_not_headings() -> None:
    doc = doc_of(
        "第五部分 附表",
        "一、收入支出决算总表",
        "二、收入决算表",
        "三、支出决算表",
        "四、财政拨款收入支出决算总表",
    )
    assert levels(doc) == [(1, "第五部分 附表")]


def test_list_of_attachments_after_annex_line_is_not_headings() -> None:
    doc = doc_of(
        "附件1. 2021年嘉峪关市医疗保障局整体支出绩效自评表",
        "      2.2021年嘉峪关市医疗保障局项目支出绩效自评表  ",
        "                             嘉峪关市医疗保障局",
    )
    assert levels(doc) == [(1, "附件1. 2021年嘉峪关市医疗保障局整体支出绩效自评表")]


def test_repeated_heading_line_is_one_heading() -> None:
    doc = doc_of(
        "（一）基金收支情况",
        "截至2023年11月底，城镇职工基本医疗保险统筹收入11720.82万元，个人账户收入2019.69万元。",
        "（二）待遇享受情况",
        " （二）待遇享受情况。            ",
        "1. 住院结算。住院结算共59975人次，住院总费用42817.93万元，统筹支付总费用21469.1万元。",
    )
    assert [text for _, text in levels(doc)][:2] == ["（一）基金收支情况", "（二）待遇享受情况"]
    assert sum(text.startswith("（二）") for _, text in levels(doc)) == 1


def test_heading_with_a_score_is_a_heading() -> None:
    doc = doc_of(
        "三、绩效目标完成情况分析",
        "（一）产出指标(50分)",
        "全力做好疫情防控医疗保障工作，完成新冠病毒疫苗及接种费用预算5375万元。",
        "效益指标（30分）",
        "基金运行基本安全平稳，加大基金监管力度。",
    )
    assert levels(doc) == [
        (1, "三、绩效目标完成情况分析"),
        (2, "（一）产出指标(50分)"),
        (2, "效益指标（30分）"),
    ]


def test_title_over_several_lines_is_one_level_1_heading() -> None:
    first = detect_headings(sample("fengnan-2023-finance-key-eval.txt"))[0]
    assert first.text == "唐山市丰南区财政局对区医疗保障局2023年部门整体支出重点评价报告"
    assert (first.level, first.kind, first.block_index) == (1, "title", 0)


def test_title_introduced_by_annex_line_belongs_to_the_annex_heading() -> None:
    headings = detect_headings(sample("ebian-2024-dept-self-eval.txt"))
    assert [(h.kind, h.text) for h in headings[:2]] == [
        ("annex", "附件2"),
        ("numbered", "一、部门基本情况"),
    ]


def test_level_1_headings_of_ebian_skip_the_missing_four() -> None:
    found = [text for level, text in levels(sample("ebian-2024-dept-self-eval.txt")) if level == 1]
    assert found == [
        "附件2",
        "一、部门基本情况",
        "二、部门财政资金收支情况",
        "三、部门整体绩效管理情况（根据部门整体支出绩效自评和部门预算项目支出绩效自评情况进行描述）",
        "五、评价结论及建议",
    ]


def test_table_cells_are_never_headings() -> None:
    doc = assemble(
        "t.docx",
        "docx",
        [Table(rows=(("一、部门基本情况", "（一）机构组成。"), ("存在问题", "改进建议")))],
    )
    assert detect_headings(doc) == []


def test_titles_are_found_with_their_lines_joined() -> None:
    titles = find_titles(sample("jiayuguan-2021-dept-self-eval.txt"))
    assert titles[0].text == "嘉峪关市医疗保障局关于2021年度部门绩效的自评报告"


def test_strip_numbering_removes_every_style() -> None:
    assert strip_numbering("（一）存在问题") == "存在问题"
    assert strip_numbering("(一)部门主要职责及人员情况") == "部门主要职责及人员情况"
    assert strip_numbering("4、 国有资本经营预算支出情况") == "国有资本经营预算支出情况"
    assert strip_numbering("1.加大对资金的预算精准度和使用前瞻性预算。") == (
        "加大对资金的预算精准度和使用前瞻性预算。"
    )
    assert strip_numbering("⑴2020年城乡居民医疗救助资金") == "2020年城乡居民医疗救助资金"
    assert strip_numbering("2.5万元用于宣传") == "2.5万元用于宣传"


# Lines copied from the samples: headings of every style, sentences, list items, titles.
POOL = [
    "附件2",
    "部门整体支出预算绩效自评报告",
    "一、部门基本情况",
    "（一）机构组成。",
    "（2） 机构职能和人员概况。",
    "1.拟定相关的规范性文件，组织实施市级统筹医疗保险、生育保险、医疗救助等医疗保障方面的政策和监督检查。",
    "1.推进全面参保工作。扎实推进城镇职工、城乡居民基本医疗保险参保工作。",
    "二、部门财政资金收支情况",
    "县医保局2024年财政拨款预算收入880.52万元，其中上级资金0万元，县级资金880.52万元。",
    "4、 国有资本经营预算支出情况",
    "综合评价结论",
    "社会效益。",
    "（1）数量指标。",
    "第二部分 2020年度部门决算情况说明",
    "⑴2020年城乡居民医疗救助资金资助特殊人员参加城乡居民基本医疗保险1.67万人",
    "一是6月份部门整体支出进度未达到进度50%，半年支出进度偏低。",
    "五、存在问题",
    "（三）改进建议",
    "无。",
    "2.2021年嘉峪关市医疗保障局项目支出绩效自评表",
]


# Lines as damaged copies of the samples give them: a bare 附件, a numeral that is no number.
DAMAGED = ["附件", "二三、部门整体支出情况", "（一二）机构组成。"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(POOL + DAMAGED), min_size=1, max_size=25))
def test_headings_come_in_document_order_at_their_offsets(lines: list[str]) -> None:
    doc = doc_of(*lines)
    headings = detect_headings(doc)
    blocks = [h.block_index for h in headings]
    assert blocks == sorted(set(blocks))
    for h in headings:
        assert 1 <= h.level <= 3
        assert h.char_start < h.char_end <= len(doc.text)
        if h.kind != "title":
            assert doc.text[h.char_start : h.char_end] == h.text


def test_table_of_contents_lines_are_not_headings() -> None:
    doc = doc_of(
        "目录",
        "一、部门基本情况……………………1",
        "（一）机构组成.........2",
        "二、部门财政资金收支情况 ……… 3",
        "一、部门基本情况",
        "峨边彝族自治县医疗保障局（简称县医保局）为行政机关，一级预算正科级单位。",
    )
    assert levels(doc) == [(1, "一、部门基本情况")]


def test_title_repeated_as_a_page_header_is_one_heading() -> None:
    title = "峨边彝族自治县医疗保障局2024年度部门整体支出绩效自评报告"
    doc = doc_of(
        title,
        "一、部门基本情况",
        "峨边彝族自治县医疗保障局（简称县医保局）为行政机关，一级预算正科级单位。",
        title,
        "二、部门财政资金收支情况",
        "县医保局2024年财政拨款预算收入880.52万元。",
    )
    assert levels(doc) == [(1, title), (1, "一、部门基本情况"), (1, "二、部门财政资金收支情况")]


def test_full_width_digits_number_headings() -> None:
    doc = doc_of(
        "一、部门基本情况",
        "（１）机构组成。",
        "峨边彝族自治县医疗保障局（简称县医保局）为行政机关。",
        "（２）机构职能。",
        "根据峨委办〔2019〕39号文件批复的三定方案，我单位的主要职责是：",
    )
    headings = detect_headings(doc)
    assert [(h.level, h.number) for h in headings] == [(1, 1), (2, 1), (2, 2)]


def test_tail_of_a_wrapped_line_is_not_an_unnumbered_heading() -> None:
    doc = doc_of(
        "（二）整体绩效目标情况。",
        "我单位是财政全额拨款的一级预算单位，人员经费及公用经费使用严格按照国家财经法规和",
        "财务管理制度等相关规定的执行情况",
        "使用合理规范，主要用于基本工资、津贴补贴、奖金、社会保障缴费等。",
    )
    assert levels(doc) == [(1, "（二）整体绩效目标情况。")]


def test_cells_of_a_table_dumped_one_per_line_are_not_headings() -> None:
    # in the style of a PDF 整体支出绩效自评表 dumped to text: stacked cell lines, a header
    # row, short cell fragments ending in 情况/指标 before longer cells
    doc = doc_of(
        "年度总体",
        "目标",
        "完成情况",
        "预期目标 目标实际完成情况",
        "目标 1：做好城乡居民参保登记，扩大医保覆盖面；",
        "目标 1 完成情况：全年新增参保",
        "人员三千余人",
        "产出",
        "指标",
        "数量",
        "指标",
        "年度参保人数达到",
        "规定目标值的比例",
        "≧95% 96%",
        "药品集中采购政策落实",
        "执行情况",
        "按要求落实集采政策",
    )
    assert levels(doc) == []


def test_heading_right_after_a_table_dumped_one_cell_per_line_is_kept() -> None:
    doc = doc_of(
        "服务对象",
        "满意度",
        "参保群众满意度",
        "≧90% 93%",
        "综合评价结论",
        "全年绩效目标均已完成，部门整体支出绩效良好。",
    )
    assert levels(doc) == [(1, "综合评价结论")]


def test_chinese_numbered_heading_never_nests_under_parenthesised_one() -> None:
    doc = doc_of(
        "（一）机构组成。",
        "峨边彝族自治县医疗保障局为行政机关，一级预算正科级单位。",
        "一、部门基本情况",
        "峨边彝族自治县医疗保障局（简称县医保局）为行政机关，一级预算正科级单位。",
        "（一）机构组成。",
        "单位设局长1名，副局长1名；内设中层机构3个。",
    )
    assert levels(doc) == [
        (1, "（一）机构组成。"),
        (1, "一、部门基本情况"),
        (2, "（一）机构组成。"),
    ]


def test_chapter_is_a_boundary_like_a_part() -> None:
    doc = doc_of(
        "第一章 部门概况",
        "一、基本职能及主要工作",
        "（一）主要职能。",
        "1.组织拟订全市医疗保险、生育保险、医疗救助等医疗保障制度的发展规划、政策和标准。",
        "第二章 2020年度部门决算情况说明",
        "一、收入支出决算总体情况说明",
        "2020年度收、支总计1880.22万元。",
    )
    assert levels(doc) == [
        (1, "第一章 部门概况"),
        (1, "一、基本职能及主要工作"),
        (2, "（一）主要职能。"),
        (1, "第二章 2020年度部门决算情况说明"),
        (1, "一、收入支出决算总体情况说明"),
    ]


# --- damaged numbering (found by fuzzing damaged copies of the ebian PDF) -------------------


def test_annex_line_without_a_number_is_a_level_1_boundary() -> None:
    doc = doc_of(
        "一、部门基本情况",
        "峨边彝族自治县医疗保障局为县政府工作部门。",
        "附件",
        "一、项目基本情况",
        "该项目为城乡居民医疗保险县级补助资金。",
        "二、项目绩效目标完成情况",
        "该项目资金已全部拨付到位。",
    )
    assert [(h.level, h.text, h.boundary) for h in detect_headings(doc)] == [
        (1, "一、部门基本情况", False),
        (1, "附件", True),
        (1, "一、项目基本情况", False),  # a boundary resets the nesting, as after 附件1
        (1, "二、项目绩效目标完成情况", False),
    ]


def test_chinese_numeral_that_is_no_number_does_not_open_a_heading() -> None:
    # 二三、: a damaged 三、 whose numeral no report writes
    doc = doc_of(
        "一、部门基本情况",
        "峨边彝族自治县医疗保障局为县政府工作部门。",
        "二三、部门整体支出情况",
        "2024年部门财政资金结转结余5.18万元。",
    )
    assert levels(doc) == [(1, "一、部门基本情况")]
