"""Lines wrapped at the page width by PDF-to-text are joined (extractors.txt_wrap).

The text is written in the style of the held-out PDF-to-text reports (a paragraph cut
every 26 characters, `—3—` page numbers, a figure cut between 万 and 元); the sentences
are our own.
"""

from __future__ import annotations

from extractors.model import Paragraph
from extractors.txt_rules import is_page_furniture
from extractors.txt_tables import rebuild_tables
from extractors.txt_wrap import columns, join_wrapped_lines, wrap_width

WRAPPED = [
    "一、部门基本情况",
    "县医疗保障局为县政府工作部门，内设办公室、待遇保障股",
    "和基金监管股三个股室，下属医疗保障事务中心一个，负责",
    "全县医疗保险征缴、待遇支付和基金监管工作。",
    "二、部门财政资金收支情况",
    "2023 年部门年初预算 812.40 万元，年中调整预算为 1204.75 万",
    "元，全年执行数 1198.02 万元，主要用于人员工资、日常运",
    "",
    "—3—",
    "",
    "转和医疗救助资金的及时拨付，资金使用规范，未发现挤占",
    "挪用的情况。",
    "三、存在问题",
    "部分项目资金下达时间较晚，年初预算编制不够精细，预算",
    "调整幅度偏大，绩效目标设定还不够细化量化，绩效运行监",
    "控的频次有待进一步提高，绩效评价结果的应用还不够充分",
    "（一）预算编制方面",
    "年初预算对年中追加的上级补助资金考虑不足，导致预算调",
    "整率偏高，下一步将加强与财政部门的沟通，提高预算编制",
    "的准确性。",
    "（二）绩效管理方面",
    "部分股室对绩效管理工作的认识还不够到位，绩效目标的设",
    "定与年度重点工作结合不够紧密，个别指标难以量化考核，",
    "下一步将组织专题培训，完善指标体系。",
]


def test_width_of_wrapped_text_is_the_common_line_width() -> None:
    assert wrap_width(WRAPPED) == 52


def test_one_paragraph_per_line_text_has_no_wrap_width() -> None:
    lines = [
        "县医保局2024年财政拨款预算收入880.52万元。",
        "基本支出372.34万元，项目支出508.18万元，其中项目4个。",
        "一、部门基本情况",
    ] * 5
    assert wrap_width(lines) is None


def test_wrapped_lines_are_joined_into_their_paragraphs() -> None:
    texts = [b.text for b in rebuild_tables(WRAPPED)]
    assert texts == [
        "一、部门基本情况",
        "县医疗保障局为县政府工作部门，内设办公室、待遇保障股和基金监管股三个股室，"
        "下属医疗保障事务中心一个，负责全县医疗保险征缴、待遇支付和基金监管工作。",
        "二、部门财政资金收支情况",
        "2023 年部门年初预算 812.40 万元，年中调整预算为 1204.75 万元，全年执行数 1198.02 "
        "万元，主要用于人员工资、日常运转和医疗救助资金的及时拨付，资金使用规范，"
        "未发现挤占挪用的情况。",
        "三、存在问题",
        "部分项目资金下达时间较晚，年初预算编制不够精细，预算调整幅度偏大，"
        "绩效目标设定还不够细化量化，绩效运行监控的频次有待进一步提高，"
        "绩效评价结果的应用还不够充分",
        "（一）预算编制方面",
        "年初预算对年中追加的上级补助资金考虑不足，导致预算调整率偏高，"
        "下一步将加强与财政部门的沟通，提高预算编制的准确性。",
        "（二）绩效管理方面",
        "部分股室对绩效管理工作的认识还不够到位，绩效目标的设定与年度重点工作结合不够紧密，"
        "个别指标难以量化考核，下一步将组织专题培训，完善指标体系。",
    ]


def test_blank_line_without_a_page_number_ends_the_paragraph() -> None:
    lines = [
        *WRAPPED[:4],
        "",
        "预算执行情况良好，各项资金均按规定用途使用，未发现截留",
        *WRAPPED[4:],
    ]
    joined = join_wrapped_lines(lines, is_page_furniture)
    assert "预算执行情况良好，各项资金均按规定用途使用，未发现截留" in joined


def test_table_cell_lines_are_never_joined() -> None:
    lines = [*WRAPPED, "\t县医疗保障局为县政府工作部门，内设办公室、待遇保障股", "\t产出指标"]
    assert rebuild_tables(lines)[-1] == rebuild_tables(lines[-2:])[0]


def test_columns_count_wide_characters_twice() -> None:
    assert columns("万元") == 4
    assert columns("812.40 万元") == 11
    assert Paragraph("x").text == "x"
