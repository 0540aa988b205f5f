"""Who and when: department, region, fiscal year and report type of each report."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.model import Document, Paragraph, assemble
from extractors.txt import read_txt
from parsers.metadata import (
    DocumentMetadata,
    find_fiscal_year,
    place_before,
    place_units,
    read_metadata,
    report_type_of,
)

SAMPLES = Path(__file__).parent / "fixtures" / "samples"


def sample(name: str) -> Document:
    path = SAMPLES / name
    return read_txt(path.read_bytes(), path.name)


def doc_of(*lines: str) -> Document:
    return assemble("t.txt", "txt", [Paragraph(line) for line in lines])


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "ebian-2024-dept-self-eval.txt",
            DocumentMetadata(
                "峨边彝族自治县医疗保障局", "峨边彝族自治县", 2024, "部门整体支出绩效自评报告"
            ),
        ),
        (
            "fengnan-2023-finance-key-eval.txt",
            DocumentMetadata(
                "唐山市丰南区医疗保障局", "唐山市丰南区", 2023, "部门整体支出重点评价报告"
            ),
        ),
        (
            "jiayuguan-2021-dept-self-eval.txt",
            DocumentMetadata("嘉峪关市医疗保障局", "嘉峪关市", 2021, "部门整体支出绩效自评报告"),
        ),
        (
            "mianzhu-2020-final-accounts.txt",
            DocumentMetadata("绵竹市医疗保障局", "绵竹市", 2020, "部门决算"),
        ),
        (
            "yueyanglou-2023-dept-self-eval.txt",
            DocumentMetadata(
                "岳阳市岳阳楼区医疗保障局", "岳阳市岳阳楼区", 2023, "部门整体支出绩效自评报告"
            ),
        ),
    ],
)
def test_metadata_of_each_sample(name: str, expected: DocumentMetadata) -> None:
    assert read_metadata(sample(name)) == expected


def test_full_name_stated_once_wins_over_short_county_mentions() -> None:
    doc = doc_of(
        "部门整体支出预算绩效自评报告",
        "一、部门基本情况",
        "峨边彝族自治县医疗保障局（简称县医保局）为行政机关，一级预算正科级单位。",
        "人员概况：县医保局经机构编制委员会批准行政编制18人，实有公务员5人。",
        "落实《乐山市医疗保障局DRG支付方式改革三年行动计划推进方案》，全面启动DRG改革。",
        "县医保局2024年财政拨款预算收入880.52万元。",
    )
    meta = read_metadata(doc)
    assert (meta.department, meta.region) == ("峨边彝族自治县医疗保障局", "峨边彝族自治县")


def test_short_district_bureau_is_completed_from_the_issuer_in_the_title() -> None:
    doc = doc_of(
        "唐山市丰南区财政局",
        "对区医疗保障局2023年部门整体支出重点",
        "评价报告",
        "我股室对区医疗保障局2023年部门整体支出绩效情况开展财政重点评价，具体情况如下：",
        "一、评价工作组织开展情况",
        "对区医疗保障局整体预算编制、执行、绩效管理及业务管理等方面进行了全面的定量、定性分析。",
    )
    meta = read_metadata(doc)
    assert (meta.department, meta.region) == ("唐山市丰南区医疗保障局", "唐山市丰南区")
    assert (meta.fiscal_year, meta.report_type) == (2023, "部门整体支出重点评价报告")


def test_most_qualified_spelling_names_the_department() -> None:
    doc = doc_of(
        "2023年度岳阳楼区医疗保障局整体支出绩效自评报告",
        "岳阳楼区医疗保障局单位内设机构包括： 岳阳市岳阳楼区医疗保障局内设机构包括：本部门共有编制人数47人。",
        "承担湖南省医保局内控管理机制试点工作。",
    )
    assert read_metadata(doc).department == "岳阳市岳阳楼区医疗保障局"


def test_place_before_stops_at_the_first_word_that_is_not_a_place() -> None:
    assert place_before("主管部门和实施单位均为峨边彝族自治县") == "峨边彝族自治县"
    assert place_before("， 唐山市丰南区") == "唐山市丰南区"
    assert place_before("对区") == "区"


def test_fiscal_year_comes_from_the_title_not_the_publishing_date() -> None:
    text = "填表人：童璇   联系电话：13873029299    填报日期：2024-5-27\n2024年5月27日"
    assert find_fiscal_year(text, "2023年度岳阳楼区医疗保障局整体支出绩效自评报告") == 2023


def test_fiscal_year_without_title_is_the_year_the_text_names_most() -> None:
    text = (
        "县医保局根据《峨边彝族自治县财政局关于开展2025年部门整体、项目支出预算绩效评价工作的通知》"
        "文件精神，县医保局2024年财政拨款预算收入880.52万元。2024年部门财政资金结转结余5.18万元。"
        "根据峨委办〔2019〕39号文件，2025年5月20日"
    )
    assert find_fiscal_year(text, None) == 2024


def test_final_accounts_evaluate_the_year_they_report() -> None:
    doc = doc_of(
        " 第一部分 部门概况",
        "第二部分 2020年度部门决算情况说明",
        "2020年度收、支总计1880.22万元。与2019年相比，收、支总计各减少3285.71万元。",
        "绵竹市医疗保障局",
        "                             2021年5月24日",
    )
    meta = read_metadata(doc)
    assert (meta.fiscal_year, meta.report_type) == (2020, "部门决算")


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("部门整体支出预算绩效自评报告", "部门整体支出绩效自评报告"),
        ("嘉峪关市医疗保障局关于2021年度部门绩效的自评报告", "部门整体支出绩效自评报告"),
        (
            "唐山市丰南区财政局对区医疗保障局2023年部门整体支出重点评价报告",
            "部门整体支出重点评价报告",
        ),
        ("2020年度项目支出绩效自评报告", "项目支出绩效自评报告"),
        ("2020年度部门决算情况说明", "部门决算"),
        ("2023年度预算单位整体支出绩效自评表", "绩效自评表"),
        ("区级预算单位绩效自评工作考核评分表", "other"),
        ("2025年度漳州市审计局部门预算信息公开", "部门预算"),
        ("上海市2025年市级单位预算", "部门预算"),
        ("宝鸡市发展和改革委员会2020年部门综合预算说明", "部门预算"),
        ("2023年度南充市中心医院单位决算", "部门决算"),
        ("部门整体绩效自评表（2023年度）", "绩效自评表"),
        ("韶关市生态环境局2025年部门整体预算绩效目标申报表", "绩效目标表"),
        ("2025年项目支出绩效目标表", "绩效目标表"),
        ("株洲市财政项目支出绩效评价报告", "other"),
        ("关于2021年度城乡医疗救助项目支出重点绩效评价报告", "other"),
    ],
)
def test_report_type_from_title(title: str, expected: str) -> None:
    assert report_type_of(title) == expected


def test_report_title_wins_over_an_earlier_form_title() -> None:
    doc = doc_of(
        "附件2",
        "  2023年度预算单位整体支出绩效自评表",
        "填表人：童璇   联系电话：13873029299    单位负责人签字：     填报日期：2024-5-27  ",
        " 2023年度岳阳楼区医疗保障局整体支出绩效自评报告",
        "一、单位基本情况",
    )
    assert read_metadata(doc).report_type == "部门整体支出绩效自评报告"


def test_document_naming_no_bureau_has_no_department() -> None:
    meta = read_metadata(doc_of("一、基本情况", "本单位共有编制人数47人，实有人数47人。"))
    assert (meta.department, meta.region, meta.report_type) == (None, None, "other")


def test_finance_bureau_evaluation_without_the_word_key_is_a_key_evaluation() -> None:
    title = "唐山市丰南区财政局关于区医疗保障局2023年度部门整体支出绩效评价报告"
    assert report_type_of(title) == "部门整体支出重点评价报告"


# --- held-out layouts (sentences written in the style of other counties' reports) -------


def test_district_whose_name_ends_in_zhou_keeps_its_district_suffix() -> None:
    doc = doc_of(
        "重庆市万州区医疗保障局2022年度部门决算情况说明",
        "一、部门基本情况",
        "重庆市万州区医疗保障局是区政府工作部门，为正处级。",
    )
    meta = read_metadata(doc)
    assert (meta.department, meta.region) == ("重庆市万州区医疗保障局", "重庆市万州区")


def test_place_units_split_only_where_no_second_suffix_follows() -> None:
    assert place_units("重庆市万州区") == ["重庆市", "万州区"]
    assert place_units("杭州市") == ["杭州市"]
    assert place_units("红河哈尼族彝族自治州个旧市") == ["红河哈尼族彝族自治州", "个旧市"]


def test_city_split_from_its_suffix_by_the_tokenizer_names_the_bureau() -> None:
    # jieba reads 弥勒市 as 弥勒 / 市
    doc = doc_of(
        "弥勒市医疗保障局2022年度部门决算",
        "发布机构 弥勒市医保局",
        "第一部分 弥勒市医疗保障局概况",
    )
    meta = read_metadata(doc)
    assert (meta.department, meta.region) == ("弥勒市医疗保障局", "弥勒市")


def test_words_pointing_at_a_place_name_only_its_rank() -> None:
    assert place_before("我县") == "县"
    assert place_before("本市") == "市"
    assert place_before("推进全县") == "县"


def test_department_that_is_not_a_bureau_is_named_by_the_title() -> None:
    doc = doc_of(
        "文山州医疗保险服务中心2023年度项目支出绩效单位自评报告",
        "一、基本情况",
        "2023年，州医保服务中心实施项目共6个，年初批复预算6个项目320万元。",
    )
    meta = read_metadata(doc)
    assert (meta.department, meta.region) == ("文山州医疗保险服务中心", "文山州")
    assert (meta.fiscal_year, meta.report_type) == (2023, "项目支出绩效自评报告")


def test_form_title_followed_by_its_year_is_a_self_evaluation_form() -> None:
    doc = doc_of(
        "部门预算项目支出绩效自评表(2022年度)",
        "项目名称 医保基金监管经费",
        "主管部门 射洪市医疗保障局",
    )
    meta = read_metadata(doc)
    assert (meta.report_type, meta.fiscal_year) == ("绩效自评表", 2022)


def test_file_name_shown_as_the_title_gives_the_report_type() -> None:
    doc = doc_of(
        "城乡医疗救助县级配套资金绩效自评表.xlsx",
        "沁县项目支出绩效自评表 (2021年度) 项目名称 城乡医疗救助县级配套资金 主管部门 沁县医疗保障局",
    )
    meta = read_metadata(doc)
    assert (meta.report_type, meta.fiscal_year) == ("绩效自评表", 2021)
    assert meta.department == "沁县医疗保障局"


def test_comparison_year_does_not_count_as_the_evaluated_year() -> None:
    text = (
        "本年收入1200万元，同口径比2021年增加30万元，比2021年增长2.6%；"
        "与2021年相比，支出减少。2022年支出合计1100万元。"
    )
    assert find_fiscal_year(text, None) == 2022


def test_month_dates_do_not_count_as_the_evaluated_year() -> None:
    text = "截至2026年3月底，车辆12辆。截至2026年3月，房屋2处。2025年度收入1200万元。"
    assert find_fiscal_year(text, None) == 2025


def test_year_in_brackets_after_a_form_title_is_the_fiscal_year() -> None:
    doc = doc_of("部门整体支出绩效目标表", "2025（年度）", "部门名称 上海市档案馆")
    assert read_metadata(doc).fiscal_year == 2025
