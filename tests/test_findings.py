"""存在问题 / 改进建议 items: one row each, numbering stripped."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from extractors.model import Paragraph, assemble
from extractors.txt import read_txt
from parsers.findings import (
    find_findings,
    finding_kind,
    join_wrapped,
    labelled_items,
    split_inline,
)
from parsers.sections import segment
from records import FindingRecord

SAMPLES = Path(__file__).parent / "fixtures" / "samples"


@cache
def findings_of(name: str) -> tuple[FindingRecord, ...]:
    path = SAMPLES / name
    return tuple(find_findings(segment(read_txt(path.read_bytes(), path.name))))


def texts(findings: tuple[FindingRecord, ...] | list[FindingRecord], kind: str) -> list[str]:
    return [f.text for f in findings if f.kind == kind]


def findings_in(*lines: str) -> list[FindingRecord]:
    doc = assemble("t.txt", "txt", [Paragraph(line) for line in lines])
    return find_findings(segment(doc))


def test_ebian_one_problem_and_two_suggestions() -> None:
    found = findings_of("ebian-2024-dept-self-eval.txt")
    assert [(f.kind, f.seq, f.text) for f in found] == [
        ("问题", 0, "项目资金预算经费预算精细化不够，导致经费不够产生中期调整。"),
        ("建议", 0, "加大对资金的预算精准度和使用前瞻性预算。"),
        ("建议", 1, "进一步完善各项内部控制制度，加大对资金风险点的防控。"),
    ]


def test_fengnan_problems_numbered_yi_shi_er_shi_and_one_suggestion() -> None:
    found = findings_of("fengnan-2023-finance-key-eval.txt")
    assert texts(found, "问题") == [
        "6月份部门整体支出进度未达到进度50%，半年支出进度偏低。",
        "“长期照护保险财政负担部门”项目预算执行率偏低。",
    ]
    suggestions = texts(found, "建议")
    assert len(suggestions) == 1
    assert suggestions[0].startswith("强化项目谋划，及时掌握政策变动情况")
    assert suggestions[0].endswith("推动财政资金聚力增效。")


def test_jiayuguan_deviation_section_gives_its_improvement_paragraph() -> None:
    found = findings_of("jiayuguan-2021-dept-self-eval.txt")
    assert texts(found, "问题") == []
    assert texts(found, "建议") == [
        "总体绩效完成情况良好，不存在绩效目标偏离情况。市医保局将不断优化各项制度，促使各项工作取得更加优异的成绩。"
    ]


def test_mianzhu_problems_split_inside_one_paragraph() -> None:
    problems = texts(findings_of("mianzhu-2020-final-accounts.txt"), "问题")
    assert problems[-3:] == [
        "部分项目支出进度较缓慢",
        "绩效管理自评机制不够健全",
        "财务人员缺乏，工作量大，需进一步加强培训学习。",
    ]


def test_mianzhu_project_summaries_state_problems_after_a_label() -> None:
    problems = texts(findings_of("mianzhu-2020-final-accounts.txt"), "问题")
    # five projects: 二乙伤残军人医疗, 城乡医疗一体化, 医保监管 (无。), and two whose
    # problem is worded like 城乡医疗一体化's, one with a comma for its full stop
    assert len(problems) == 6
    assert problems[0].startswith("2020年度二乙伤残军人医疗费财政按年初预算序时进度拨款")
    assert problems[0].endswith("减少违规行为的发生。")
    assert problems[1] == (
        "单位在可行性论证充分，规划、管理办法、指导意见等制度是否健全完善方面还存在不足。"
        "使部门内部绩效考核不够科学精细。"
    )
    assert problems[2] == (
        "单位在可行性论证充分，规划、管理办法、指导意见等制度是否健全完善方面还存在不足，"
        "使部门内部绩效考核不够科学精细。"
    )


def test_mianzhu_suggestions_from_projects_report_and_attachment() -> None:
    suggestions = texts(findings_of("mianzhu-2020-final-accounts.txt"), "建议")
    assert suggestions[-4:] == [
        "加强项目支出进度的跟踪，确保项目绩效目标顺利完成。",
        "加强预算绩效管理，提高预算绩效管理水平。",
        "进一步完善财务与业务共同参与、协调的绩效评价工作机制。",
        "建立健全财务制度，规范财务管理，进一步提升财务业务水平。",
    ]
    # 附件2's 下一步改进措施 repeats the 二乙伤残军人医疗 project's words: kept once
    assert len(suggestions) == 7
    assert suggestions[0].startswith("加大对定点医疗机构的费用监控力度")
    assert sum(s.startswith("加大对定点医疗机构的费用监控力度") for s in suggestions) == 1
    assert "2021年5月24日" not in "".join(suggestions)  # the signature is not an item


def test_yueyanglou_subsections_are_one_item_each() -> None:
    found = findings_of("yueyanglou-2023-dept-self-eval.txt")
    problems = texts(found, "问题")
    assert len(problems) == 3
    assert problems[0].startswith("人员编制配置严重不足。全局核定编制为32名")
    assert problems[1].startswith("干部队伍年龄结构老化。")
    assert problems[2].startswith("医学专业人才缺乏。")
    suggestions = texts(found, "建议")
    assert len(suggestions) == 6
    first = suggestions[0].split("\n")
    assert first[0] == "持续推进2024年度城乡居民医保征缴工作"
    assert first[1].startswith("一是不断提升宣传效果。")
    assert first[2].startswith("二是持续做好数据保障。")
    assert suggestions[5].startswith("创建2个省级医保经办服务服务示范站点")


def test_seq_counts_within_each_kind() -> None:
    found = findings_of("yueyanglou-2023-dept-self-eval.txt")
    assert [f.seq for f in found if f.kind == "问题"] == [0, 1, 2]
    assert [f.seq for f in found if f.kind == "建议"] == [0, 1, 2, 3, 4, 5]


def test_yi_shi_clauses_in_one_paragraph_are_separate_items() -> None:
    paragraph = (
        "我局在部门整体绩效评价中，取得了一定成效，但仍发现了一些不足之处。"
        "一是部分项目支出进度较缓慢；二是绩效管理自评机制不够健全；"
        "三是财务人员缺乏，工作量大，需进一步加强培训学习。"
    )
    assert split_inline(paragraph) == [
        "部分项目支出进度较缓慢",
        "绩效管理自评机制不够健全",
        "财务人员缺乏，工作量大，需进一步加强培训学习。",
    ]


def test_paragraph_without_markers_is_one_item() -> None:
    text = "加大对定点医疗机构的费用监控力度，进行定期或不定 期的检查。"
    assert split_inline(text) == [text]


def test_lead_in_line_ending_in_colon_is_not_an_item() -> None:
    found = findings_in(
        "五、存在问题",
        "主要存在以下问题：",
        "一是6月份部门整体支出进度未达到进度50%，半年支出进度偏低。",
        "二是“长期照护保险财政负担部门”项目预算执行率偏低。",
    )
    assert [f.text for f in found] == [
        "6月份部门整体支出进度未达到进度50%，半年支出进度偏低。",
        "“长期照护保险财政负担部门”项目预算执行率偏低。",
    ]


def test_conclusion_under_conclusions_and_suggestions_is_not_a_finding() -> None:
    found = findings_in(
        "五、评价结论及建议",
        "（一）评价结论。",
        "经对本部门整体绩效综合自评，绩效评价得分：96分，评价结果：优。",
        "（二）存在问题",
        "项目资金预算经费预算精细化不够，导致经费不够产生中期调整。",
    )
    assert [(f.kind, f.text) for f in found] == [
        ("问题", "项目资金预算经费预算精细化不够，导致经费不够产生中期调整。")
    ]


def test_mixed_section_sorts_items_by_how_they_open() -> None:
    found = findings_in(
        "七、存在问题及改进建议",
        "1.部分项目支出进度较缓慢。",
        "2.加强项目支出进度的跟踪，确保项目绩效目标顺利完成。",
    )
    assert [(f.kind, f.seq, f.text) for f in found] == [
        ("问题", 0, "部分项目支出进度较缓慢。"),
        ("建议", 0, "加强项目支出进度的跟踪，确保项目绩效目标顺利完成。"),
    ]


def test_nothing_to_report_gives_no_item() -> None:
    assert findings_in("五、存在问题", "无。") == []


def test_finding_kind_of_headings() -> None:
    assert finding_kind("（二）存在的问题") == "问题"
    assert finding_kind("七、存在的问题及原因分析") == "问题"
    assert finding_kind("（三）改进建议") == "建议"
    assert finding_kind("8、 下一步改进措施") == "建议"
    assert finding_kind("六、建议及评价结果应用") == "建议"
    assert finding_kind("五、评价结论及建议") == "container"
    assert finding_kind("其他需要说明的问题") is None
    assert finding_kind("（一）评价结论。") is None


def test_labels_inside_a_paragraph_open_findings() -> None:
    paragraph = (
        "（1）二乙伤残军人医疗项目绩效目标完成情况综述。项目全年预算数21.74万元，执行数为21.74万元，"
        "完成预算的100%。通过项目实施，保障了全市二乙伤残军人医疗待遇落实到位，"
        "发现的主要问题：由于此类人群平均年龄越来越大，在执行过程中需加强监管，减少违规行为的发生。"
        "下一步改进措施：加大对定点医疗机构的费用监控力度，维护社会稳定。"
    )
    assert labelled_items(paragraph) == [
        ("问题", "由于此类人群平均年龄越来越大，在执行过程中需加强监管，减少违规行为的发生。"),
        ("建议", "加大对定点医疗机构的费用监控力度，维护社会稳定。"),
    ]


def test_label_followed_by_nothing_to_report_gives_no_item() -> None:
    paragraph = "基本达成预期指标，发现的主要问题：无。下一步改进措施：无。"
    assert labelled_items(paragraph) == []


def test_lines_wrapped_mid_sentence_are_one_paragraph() -> None:
    lines = [
        "一是2024 年部门年初预算 1022.89 万元,年中调整预算为 1781.86 万",
        "元,比年初预算增加 758.97 万元,预算调整率较大。",
        "二是项目支出绩效目标设置不够细化。",
    ]
    assert join_wrapped(lines) == [
        "一是2024 年部门年初预算 1022.89 万元,年中调整预算为 1781.86 万"
        "元,比年初预算增加 758.97 万元,预算调整率较大。",
        "二是项目支出绩效目标设置不够细化。",
    ]


def test_wrapped_problem_paragraph_is_one_item() -> None:
    found = findings_in(
        "四、存在的问题",
        "自评发现的问题是2024 年部门年初预算 1022.89 万元,年中调整预算为 1781.86 万",
        "元,比年初预算增加 758.97 万元,预算调整率较大。",
    )
    assert [f.text for f in found] == [
        "自评发现的问题是2024 年部门年初预算 1022.89 万元,年中调整预算为 1781.86 万"
        "元,比年初预算增加 758.97 万元,预算调整率较大。"
    ]


def test_findings_survive_text_wrapped_at_a_fixed_width() -> None:
    lines: list[str] = []
    for line in (SAMPLES / "ebian-2024-dept-self-eval.txt").read_text("utf-8").split("\n"):
        line = line.strip()
        while len(line) > 20:
            lines.append(line[:20])
            line = line[20:]
        lines.append(line)
    assert [(f.kind, f.text) for f in findings_in(*lines)] == [
        ("问题", "项目资金预算经费预算精细化不够，导致经费不够产生中期调整。"),
        ("建议", "加大对资金的预算精准度和使用前瞻性预算。"),
        ("建议", "进一步完善各项内部控制制度，加大对资金风险点的防控。"),
    ]
