"""Tables of contents are skipped; a page's own unnumbered title opens a section; budget
and final-accounts templates map to the canonical sections. Documents are paraphrases of
the layouts published budgets use, built page by page."""

from __future__ import annotations

import pytest

from extractors.model import Document, Paragraph, assemble
from parsers.contents import contents_blocks
from parsers.headings import detect_headings
from parsers.sections import classify_heading, segment


def pages(*page_lines: tuple[str, ...]) -> Document:
    blocks = [Paragraph(line, page=n) for n, lines in enumerate(page_lines, 1) for line in lines]
    return assemble("t.pdf", "pdf", blocks)


BUDGET = pages(
    ("2025年衢州市体育局部门预算",),
    (
        "目 录",
        "一、部门概况",
        "（一）主要职能",
        "（二）机构设置",
        "二、部门预算安排情况说明",
        "三、名词解释",
    ),
    ("四、部门预算表", "（一）收支预算总表", "（二）收入预算总表"),
    (
        "一、部门概况",
        "（一）主要职能",
        "市体育局负责全市体育工作的统筹规划，组织开展全民健身活动。",
        "（二）机构设置",
        "本局内设机构五个，下属事业单位两个。",
        "二、部门预算安排情况说明",
        "2025年收入预算合计1,250.40万元，支出预算合计1,250.40万元。",
    ),
)


def test_contents_listing_runs_from_its_title_over_a_page_of_entries() -> None:
    listed = contents_blocks(BUDGET)
    texts = [BUDGET.blocks[i].text for i in sorted(listed)]
    assert texts[0] == "目 录"
    assert texts[-1] == "（二）收入预算总表"
    assert len(texts) == 9


def test_body_after_the_contents_opens_at_level_1() -> None:
    found = [(h.level, h.text) for h in detect_headings(BUDGET)]
    assert found == [
        (1, "一、部门概况"),
        (2, "（一）主要职能"),
        (2, "（二）机构设置"),
        (1, "二、部门预算安排情况说明"),
    ]


def test_budget_template_sections_are_canonical() -> None:
    canonical = {s.heading: s.canonical for s in segment(BUDGET)}
    assert canonical["一、部门概况"] == "部门概况"
    assert canonical["二、部门预算安排情况说明"] == "收支情况"


def test_contents_entries_with_page_numbers_end_where_the_body_repeats_one() -> None:
    doc = pages(
        (
            "目录",
            "第一部分 单位概况 .......... 1",
            "第二部分 2025年度单位预算表 .......... 9",
            "第一部分 单位概况",
            "一、单位主要职责",
            "负责全市殡葬管理和社会救助工作的组织实施。",
        ),
    )
    assert sorted(contents_blocks(doc)) == [0, 1, 2]


def test_page_of_a_single_part_title_is_not_taken_for_more_contents() -> None:
    doc = pages(
        ("目 录", "第一部分 部门概况", "第二部分 部门预算表"),
        ("第一部分", "部门概况"),
        ("一、主要职责", "负责全市统计调查的组织实施和统计数据的发布。"),
    )
    assert sorted(contents_blocks(doc)) == [0, 1, 2]


def test_unnumbered_title_opening_a_page_is_a_level_1_heading() -> None:
    doc = pages(
        ("上海市2025年市级单位预算", "预算单位：上海市档案馆"),
        (
            "上海市档案馆（单位）主要职能",
            "上海市档案馆是市政府直属的公益一类事业单位。",
            "主要职能包括：",
            "（一）收集、整理和保管本市具有永久保存价值的档案。",
            "（二）提供档案查阅利用服务。",
        ),
        ("上海市档案馆（单位）机构设置", "本馆设六个内设机构和一个所属单位。"),
        ("2025年单位预算编制说明", "2025年，本馆收入预算3,180万元，支出预算3,180万元。"),
    )
    found = {s.heading: (s.level, s.canonical) for s in segment(doc)}
    assert found["上海市档案馆（单位）主要职能"] == (1, "部门概况")
    assert found["上海市档案馆（单位）机构设置"] == (1, "部门概况")
    assert found["2025年单位预算编制说明"] == (1, "收支情况")


def test_running_header_at_the_top_of_every_page_is_not_a_page_title() -> None:
    header = "南平市统计局2025年部门预算情况说明"
    doc = pages(
        (header, "一、部门基本情况", "市统计局负责全市统计工作。"),
        (header, "二、收支预算总体情况", "收入预算合计800万元。"),
        (header, "三、其他情况说明", "本局无政府性基金预算。"),
    )
    assert header not in [h.text for h in detect_headings(doc)]


@pytest.mark.parametrize(
    ("heading", "canonical"),
    [
        ("一、部门情况说明", "部门概况"),
        ("第二部分 部门预算收支总体情况", "收支情况"),
        ("二、收入预算情况说明", "收支情况"),
        ("第二部分 2024年度部门决算情况说明", "收支情况"),
        ("十三、预算绩效情况说明", "绩效分析"),
        ("第六部分 部门预算绩效管理情况", "绩效分析"),
    ],
)
def test_budget_and_final_accounts_headings(heading: str, canonical: str) -> None:
    assert classify_heading(heading) == canonical


def test_performance_management_item_under_other_matters_is_performance() -> None:
    assert classify_heading("（四）预算绩效管理工作开展情况。", child=True) == "绩效分析"


def test_duties_introduced_by_a_colon_are_a_list_not_headings() -> None:
    doc = pages(
        (
            "一、部门主要职责",
            "市审计局是市政府组成部门，主要职责包括：",
            "（一）加强党的建设。坚持党对审计工作的集中统一领导。",
            "（二）依法开展预算执行审计。对本级预算执行情况进行审计监督。",
            "（三）承办市政府交办的其他事项。",
            "二、机构设置",
            "本局内设机构十个，另有所属事业单位两个。",
        ),
    )
    assert [h.text for h in detect_headings(doc)] == ["一、部门主要职责", "二、机构设置"]


def test_short_numbered_sentences_in_a_row_are_a_duty_list() -> None:
    doc = pages(
        (
            "（一）主要职责",
            "一、加强党的建设。",
            "二、依法履行审计监督职责。",
            "三、承办上级交办的其他事项。",
            "（二）机构设置",
            "本局内设机构十个。",
        ),
    )
    assert [h.text for h in detect_headings(doc)] == ["（一）主要职责", "（二）机构设置"]


def test_terms_defined_one_per_numbered_line_are_a_list() -> None:
    doc = pages(
        (
            "第四部分 名词解释",
            "一、财政拨款收入：指本级财政当年拨付的资金。",
            "二、其他收入：指除上述收入以外的各项收入。",
            "三、年末结转和结余：指本年度或以前年度预算安排、结转到以后年度的资金。",
        ),
    )
    assert [h.text for h in detect_headings(doc)] == ["第四部分 名词解释"]


def test_outputs_and_benefits_of_an_evaluated_project_are_performance() -> None:
    assert classify_heading("三、项目的产出成果及效益情况分析") == "绩效分析"
