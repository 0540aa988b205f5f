"""Sections: the report cut at its headings, each classified into a canonical section."""

from __future__ import annotations

from functools import cache
from itertools import pairwise
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.model import Document, Paragraph, Table, assemble
from extractors.txt import read_txt
from parsers.sections import classify_heading, segment
from parsers.tokenize import contains_term, tokens
from records import SectionRecord

SAMPLES = Path(__file__).parent / "fixtures" / "samples"


@cache
def sections_of(name: str) -> tuple[SectionRecord, ...]:
    path = SAMPLES / name
    return tuple(segment(read_txt(path.read_bytes(), path.name)))


def level_1(name: str) -> list[tuple[int, str, str]]:
    return [(s.level, s.canonical, s.heading) for s in sections_of(name) if s.level == 1]


def find(name: str, heading: str) -> SectionRecord:
    return next(s for s in sections_of(name) if s.heading == heading)


def doc_of(*lines: str) -> Document:
    return assemble("t.txt", "txt", [Paragraph(line) for line in lines])


def test_ebian_level_1_sections() -> None:
    assert level_1("ebian-2024-dept-self-eval.txt") == [
        (1, "其他", "附件2"),
        (1, "部门概况", "一、部门基本情况"),
        (1, "收支情况", "二、部门财政资金收支情况"),
        (
            1,
            "绩效分析",
            "三、部门整体绩效管理情况（根据部门整体支出绩效自评和部门预算项目支出绩效自评情况进行描述）",
        ),
        (1, "问题与建议", "五、评价结论及建议"),
    ]


def test_ebian_level_2_sections_inherit_or_classify() -> None:
    name = "ebian-2024-dept-self-eval.txt"
    assert (
        find(name, "（2） 机构职能和人员概况。").level,
        find(name, "（2） 机构职能和人员概况。").canonical,
    ) == (2, "部门概况")
    assert find(name, "（三）部门财政资金结转结余情况").canonical == "收支情况"
    assert find(name, "（一）评价结论。").canonical == "问题与建议"
    problems = find(name, "（二）存在问题")
    assert (problems.level, problems.canonical) == (2, "问题与建议")
    assert (
        problems.text
        == "（二）存在问题\n项目资金预算经费预算精细化不够，导致经费不够产生中期调整。"
    )


def test_fengnan_level_1_sections() -> None:
    assert level_1("fengnan-2023-finance-key-eval.txt") == [
        (1, "其他", "唐山市丰南区财政局对区医疗保障局2023年部门整体支出重点评价报告"),
        (1, "其他", "一、评价工作组织开展情况"),
        (1, "部门概况", "二、部门整体概况"),
        (1, "绩效分析", "三、部门整体绩效实现情况"),
        (1, "绩效分析", "四、绩效评价情况"),
        (1, "问题与建议", "五、存在问题"),
        (1, "问题与建议", "六、建议及评价结果应用"),
    ]


def test_fengnan_budget_execution_subsection_leaves_its_overview_parent() -> None:
    name = "fengnan-2023-finance-key-eval.txt"
    assert find(name, "(一)部门主要职责及人员情况").canonical == "部门概况"
    assert find(name, "（二）部门预算执行情况等").canonical == "收支情况"
    conclusion = find(name, "（二）评价结论")
    assert (conclusion.level, conclusion.canonical) == (2, "绩效分析")
    assert conclusion.text == "（二）评价结论\n该部门评价得分92.47分，评价结果为优秀。"


def test_jiayuguan_level_1_sections() -> None:
    assert level_1("jiayuguan-2021-dept-self-eval.txt") == [
        (1, "其他", "附件1"),
        (1, "部门概况", "一、基本情况"),
        (1, "绩效分析", "综合评价结论"),
        (1, "绩效分析", "三、绩效目标完成情况分析"),
        (1, "问题与建议", "四、偏离绩效目标的原因和下一步改进措施"),
        (1, "其他", "绩效自评结果拟应用和公开情况"),
        (1, "其他", "其他需要说明的问题"),
        (1, "其他", "附件1. 2021年嘉峪关市医疗保障局整体支出绩效自评表"),
    ]


def test_jiayuguan_level_2_and_3_sections() -> None:
    name = "jiayuguan-2021-dept-self-eval.txt"
    assert find(name, "（二）整体绩效目标情况。").level == 2
    assert find(name, "项目资金执行情况分析。").level == 3
    assert find(name, "（三）绩效目标完成情况分析。").canonical == "绩效分析"


def test_mianzhu_level_1_sections() -> None:
    assert level_1("mianzhu-2020-final-accounts.txt") == [
        (1, "部门概况", "第一部分 部门概况"),
        (1, "部门概况", "一、基本职能及主要工作"),
        (1, "部门概况", "二、机构设置"),
        (1, "收支情况", "第二部分 2020年度部门决算情况说明"),
        (1, "收支情况", "收入支出决算总体情况说明"),
        (1, "收支情况", "收入决算情况说明"),
        (1, "收支情况", "支出决算情况说明"),
        (1, "收支情况", "四、财政拨款收入支出决算总体情况说明"),
        (1, "收支情况", "五、一般公共预算财政拨款支出决算情况说明"),
        (1, "收支情况", "六、一般公共预算财政拨款基本支出决算情况说明"),
        (1, "收支情况", "七、“三公”经费财政拨款支出决算情况说明"),
        (1, "收支情况", "八、政府性基金预算支出决算情况说明"),
        (1, "收支情况", "国有资本经营预算支出决算情况说明"),
        (1, "收支情况", "十、其他重要事项的情况说明"),
        (1, "其他", "名词解释"),
        (1, "其他", "第四部分 附件"),
        (1, "其他", "附件1"),
        (1, "部门概况", "一、部门概况"),
        (1, "收支情况", "二、部门财政资金收支情况"),
        (1, "绩效分析", "三、部门财政支出管理情况"),
        (1, "问题与建议", "四、部门整体绩效评价结论及建议"),
        (1, "其他", "附件2"),
        (1, "部门概况", "一、项目概况"),
        (1, "收支情况", "二、项目资金申报及使用情况"),
        (1, "绩效分析", "项目实施及管理情况"),
        (1, "绩效分析", "四、项目绩效情况"),
        (1, "问题与建议", "五、评价结论及建议"),
        (1, "其他", "第五部分 附表"),
    ]


def test_mianzhu_performance_subsection_under_other_matters_is_performance() -> None:
    name = "mianzhu-2020-final-accounts.txt"
    assert find(name, "（三）国有资产占有使用情况").canonical == "收支情况"
    assert find(name, "（四）预算绩效管理情况。").canonical == "绩效分析"
    assert find(name, "（二）存在的问题").canonical == "问题与建议"


def test_yueyanglou_level_1_sections() -> None:
    assert level_1("yueyanglou-2023-dept-self-eval.txt") == [
        (1, "其他", "附件1"),
        (1, "其他", "附件2"),
        (1, "其他", "2023年度岳阳楼区医疗保障局整体支出绩效自评报告"),
        (1, "部门概况", "一、单位基本情况"),
        (1, "收支情况", "二、一般公共预算支出情况"),
        (1, "收支情况", "三、政府性基金预算支出情况"),
        (1, "收支情况", "4、 国有资本经营预算支出情况"),
        (1, "收支情况", "5、 社会保险基金预算支出情况"),
        (1, "绩效分析", "六、部门整体支出绩效情况"),
        (1, "问题与建议", "七、存在的问题及原因分析"),
        (1, "问题与建议", "8、 下一步改进措施"),
        (1, "其他", "9、 部门整体支出绩效自评结果拟应用和公开情况"),
        (1, "其他", "10、 其他需要说明的情况"),
        (1, "其他", "附件5"),
    ]


def test_yueyanglou_nested_work_summary_inherits_performance() -> None:
    name = "yueyanglou-2023-dept-self-eval.txt"
    work = find(name, "一、2023年度工作完成情况")
    assert (work.level, work.canonical) == (2, "绩效分析")
    staffing = find(name, "（一）人员编制配置严重不足。")
    assert (staffing.level, staffing.canonical) == (2, "问题与建议")


def test_section_text_is_the_document_slice_from_its_heading() -> None:
    for name in [
        "ebian-2024-dept-self-eval.txt",
        "fengnan-2023-finance-key-eval.txt",
        "jiayuguan-2021-dept-self-eval.txt",
        "mianzhu-2020-final-accounts.txt",
        "yueyanglou-2023-dept-self-eval.txt",
    ]:
        path = SAMPLES / name
        doc = read_txt(path.read_bytes(), path.name)
        sections = segment(doc)
        assert [s.seq for s in sections] == list(range(len(sections)))
        for s in sections:
            assert s.text == doc.text[s.char_start : s.char_end]
            if not s.heading.startswith(("唐山市",)):
                assert s.text.startswith(s.heading)


def test_text_before_the_first_heading_is_a_section_named_by_its_first_line() -> None:
    doc = doc_of(
        "嘉峪关市医疗保障局",
        "市财政局：",
        "根据《嘉峪关市财政局关于做好2021年度预算执行情况绩效自评工作的通知》要求，现将自评情况汇报如下：",
        "一、基本情况",
        "嘉峪关市医疗保障局是主管医疗保险、医疗救助、药品和医疗服务价格管理工作的市政府组成部门。",
    )
    sections = segment(doc)
    assert [(s.seq, s.level, s.canonical, s.heading) for s in sections] == [
        (0, 1, "其他", "嘉峪关市医疗保障局"),
        (1, 1, "部门概况", "一、基本情况"),
    ]
    assert sections[0].char_start == 0
    assert sections[0].text.endswith("现将自评情况汇报如下：")


def test_document_without_headings_is_one_other_section() -> None:
    doc = doc_of("无。")
    assert [(s.canonical, s.heading, s.text) for s in segment(doc)] == [("其他", "无。", "无。")]


def test_section_pages_come_from_its_blocks() -> None:
    doc = assemble(
        "t.pdf",
        "pdf",
        [
            Paragraph("二、部门财政资金收支情况", page=5),
            Paragraph("（一）部门财政资金收入情况。", page=5),
            Paragraph("县医保局2024年财政拨款预算收入880.52万元。", page=5),
            Table(rows=(("项目", "金额"), ("基本支出", "372.34")), page=5, page_end=6),
            Paragraph("（2） 部门财政资金支出情况", page=6),
            Paragraph("基本支出372.34万元，项目支出508.18万元。", page=7),
        ],
        page_count=7,
    )
    assert [(s.heading, s.page_start, s.page_end) for s in segment(doc)] == [
        ("二、部门财政资金收支情况", 5, 5),
        ("（一）部门财政资金收入情况。", 5, 6),
        ("（2） 部门财政资金支出情况", 6, 7),
    ]


def test_classify_heading_by_meaning() -> None:
    assert classify_heading("一、单位基本情况") == "部门概况"
    assert classify_heading("二、一般公共预算支出情况") == "收支情况"
    assert classify_heading("三、部门整体绩效管理情况") == "绩效分析"
    assert classify_heading("七、存在的问题及原因分析") == "问题与建议"
    assert classify_heading("四、部门整体绩效评价结论及建议") == "问题与建议"
    assert classify_heading("四、偏离绩效目标的原因和下一步改进措施") == "问题与建议"
    assert classify_heading("其他需要说明的问题") == "其他"
    assert classify_heading("一、评价工作组织开展情况") == "其他"


def test_child_heading_classifies_only_on_child_terms() -> None:
    assert classify_heading("（一）评价结论。", child=True) == "其他"
    assert classify_heading("（二）存在问题", child=True) == "问题与建议"
    assert classify_heading("（二）部门预算执行情况等", child=True) == "收支情况"


POOL = [
    "附件2",
    "部门整体支出预算绩效自评报告",
    "一、部门基本情况",
    "（一）机构组成。",
    "（2） 机构职能和人员概况。",
    "1.拟定相关的规范性文件，组织实施市级统筹医疗保险、生育保险、医疗救助等医疗保障方面的政策和监督检查。",
    "1.推进全面参保工作。扎实推进城镇职工、城乡居民基本医疗保险参保工作。",
    "县医保局2024年财政拨款预算收入880.52万元，其中上级资金0万元，县级资金880.52万元。",
    "4、 国有资本经营预算支出情况",
    "综合评价结论",
    "社会效益。",
    "第二部分 2020年度部门决算情况说明",
    "五、存在问题",
    "一是6月份部门整体支出进度未达到进度50%，半年支出进度偏低。",
    "（三）改进建议",
    "  ",
]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(POOL), min_size=1, max_size=25))
def test_sections_are_ordered_and_do_not_overlap(lines: list[str]) -> None:
    doc = doc_of(*lines)
    sections = segment(doc)
    for s in sections:
        assert 0 <= s.char_start <= s.char_end <= len(doc.text)
        assert s.text == doc.text[s.char_start : s.char_end]
        assert s.level in (1, 2, 3)
        assert s.canonical in {"部门概况", "收支情况", "绩效分析", "问题与建议", "其他"}
    for a, b in pairwise(sections):
        assert a.char_end <= b.char_start


def wrapped(name: str, width: int) -> Document:
    """A sample as PDF-to-text would give it: every paragraph cut into lines of ``width``."""
    lines: list[str] = []
    for line in (SAMPLES / name).read_text("utf-8").split("\n"):
        if line.startswith("\t"):
            continue  # table rows
        line = line.strip()
        while len(line) > width:
            lines.append(line[:width])
            line = line[width:]
        lines.append(line)
    return doc_of(*lines)


def test_text_wrapped_at_a_fixed_width_keeps_its_level_1_sections() -> None:
    sections = segment(wrapped("ebian-2024-dept-self-eval.txt", 32))
    assert [s.heading for s in sections if s.level == 1] == [
        "附件2",
        "一、部门基本情况",
        "二、部门财政资金收支情况",
        "三、部门整体绩效管理情况（根据部门整体支出绩效自评和部门预算项目",  # 32 characters
        "五、评价结论及建议",
    ]
    assert not any(s.heading.startswith("1.拟定相关的规范性文件") for s in sections)


def test_long_paragraph_before_the_first_heading_is_named_by_its_beginning() -> None:
    opening = (
        "按照《唐山市丰南区财政局2023年度部门整体支出重点评价工作方案》（丰财监[2024]7号）文件要求，"
        "为了提高财政资使用效益和管理水平，促进部门更好履行职责，强化部门支出责任。"
    )
    sections = segment(doc_of(opening, "一、评价工作组织开展情况", "我股室成立重点评价工作组。"))
    assert sections[0].heading == opening[:60]
    assert sections[0].text == opening


def test_domain_terms_are_one_word() -> None:
    words = tokens("基本支出372.34万元，项目支出508.18万元，三公经费结转结余，预算执行率100%")
    for term in ("基本支出", "项目支出", "三公经费", "结转结余", "执行率"):
        assert term in words


def test_terms_match_only_on_word_boundaries() -> None:
    assert contains_term("存在的问题及原因分析", "存在的问题")
    assert contains_term("部门整体绩效评价结论及建议", "评价结论及建议")
    assert not contains_term("其他需要说明的问题", "说明的问")


# --- held-out layouts (written in the style of other counties' reports) -----------------


def test_contents_listing_the_parts_before_the_body_opens_no_sections() -> None:
    doc = doc_of(
        "临沧市医疗保障局2022年度部门决算",
        "目录",
        "第一部分 临沧市医疗保障局概况",
        "一、主要职能",
        "二、部门基本情况",
        "第二部分 2022年度部门决算表",
        "一、收入支出决算表",
        "二、收入决算表",
        "第一部分 临沧市医疗保障局概况",
        "一、主要职能",
        "临沧市医疗保障局贯彻落实党中央关于医疗保障工作的方针政策和决策部署。",
    )
    assert [(s.level, s.canonical, s.heading) for s in segment(doc)] == [
        (1, "其他", "临沧市医疗保障局2022年度部门决算"),
        (1, "部门概况", "第一部分 临沧市医疗保障局概况"),
        (1, "部门概况", "一、主要职能"),
    ]
    assert "第二部分 2022年度部门决算表" in segment(doc)[0].text


def test_contents_entries_ending_in_page_numbers_open_no_sections() -> None:
    doc = doc_of(
        "某区医保局2022年城乡医疗救助资金项目绩效评价报告",
        "目 录",
        "一、项目基本情况 1",
        "（一）项目概况 1",
        "二、绩效评价工作开展情况 4",
        "一、项目基本情况",
        "城乡医疗救助资金用于困难群众参保资助和住院救助。",
    )
    assert [s.heading for s in segment(doc)][1:] == ["一、项目基本情况"]


def test_section_repeated_after_prose_is_kept_twice() -> None:
    doc = doc_of(
        "一、项目概况",
        "项目一用于参保资助，资金已全部拨付。",
        "二、绩效目标",
        "参保率达到95%。",
        "一、项目概况",
        "项目二用于经办能力建设。",
    )
    assert [s.heading for s in segment(doc)] == ["一、项目概况", "二、绩效目标", "一、项目概况"]


def test_text_before_the_first_heading_that_opens_with_a_table_is_named_by_its_paragraph() -> None:
    doc = assemble(
        "t.txt",
        "txt",
        [
            Table(rows=(("满意度指标", "参保群众满意度", "≥95%"), ("合计", "100", ""))),
            Paragraph("部门预算项目支出绩效自评表(2022年度)"),
            Paragraph("一、项目基本情况"),
            Paragraph("项目用于医保经办服务。"),
        ],
    )
    assert segment(doc)[0].heading == "部门预算项目支出绩效自评表(2022年度)"


def test_web_page_metadata_lines_above_a_whole_title_are_not_part_of_it() -> None:
    doc = doc_of(
        "• 发布日期",
        "2023-05-10",
        "• 时效性",
        "有效",
        "师宗县医疗保障局2022年度部门整体支出绩效自评报告",
        "一、部门基本情况",
        "师宗县医疗保障局于2019年2月挂牌成立，内设4个股室。",
    )
    headings = [s.heading for s in segment(doc)]
    assert "师宗县医疗保障局2022年度部门整体支出绩效自评报告" in headings
    assert not any("有效" in h or "时效性" in h for h in headings[1:])


def test_contents_entry_with_leader_dots_and_a_bracketed_page_opens_no_section() -> None:
    doc = doc_of(
        "瑞安市医疗保障局2023年度部门决算",
        "目录",
        "一、概况.........................................(1)",
        "二、2023年度部门决算公开表.......................(2)",
        "三、2023年度部门决算情况说明.....................(3)",
        "一、概况",
        "瑞安市医疗保障局是市政府工作部门，负责全市医疗保障工作。",
    )
    assert [s.heading for s in segment(doc)] == ["瑞安市医疗保障局2023年度部门决算", "一、概况"]


def test_next_step_work_plan_heading_is_problems_and_suggestions() -> None:
    assert classify_heading("六、下一步工作打算") == "问题与建议"
    assert classify_heading("（三）下一步工作思路", child=True) == "问题与建议"
    assert classify_heading("二、年度工作计划及重点工作任务") != "问题与建议"
