"""The department a report names for itself (title, cover field, form header) and its
region. Titles and fields are paraphrases of the layouts published reports use."""

from __future__ import annotations

import pytest

from extractors.model import Document, Paragraph, Table, assemble
from parsers.department import (
    cover_title,
    department_name,
    name_in_title,
    named_in_fields,
    region_of,
)
from parsers.metadata import read_metadata


def doc_of(*blocks: str | Table, page: int | None = None) -> Document:
    built = [Paragraph(b, page=page) if isinstance(b, str) else b for b in blocks]
    return assemble("t.pdf", "pdf", built)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("2025年南平市体育局部门预算", "南平市体育局"),
        ("绍兴市水利局2024年度部门预算信息公开", "绍兴市水利局"),
        ("国家档案局2023年度部门决算", "国家档案局"),
        ("中共无锡市委政法委员会2025年度部门预算报表", "中共无锡市委政法委员会"),
        ("2025年度宜宾市民政局（本级）单位预算", "宜宾市民政局"),
        ("泉州市卫生健康委员会(汇总)2023年度部门决算", "泉州市卫生健康委员会"),
        ("2024年度株洲市公安局交通警察支队专项资金绩效评价结果", "株洲市公安局交通警察支队"),
        ("2023年达州市通川区自然资源局本级决算公开", "达州市通川区自然资源局"),
        ("宜宾市医疗保障局关于2023年度部门绩效的自评报告", "宜宾市医疗保障局"),
    ],
)
def test_title_names_the_department_around_its_year(title: str, expected: str) -> None:
    assert name_in_title(title) == expected


def test_title_naming_an_issuer_and_a_bare_bureau_names_no_department() -> None:
    # 区医疗保障局 does not say which district: the bureau mentions decide instead
    assert name_in_title("遂宁市船山区财政局对区医疗保障局2024年部门整体支出重点评价报告") is None


def test_title_without_a_place_names_no_department() -> None:
    assert name_in_title("部门整体支出预算绩效自评报告（医疗保障局）") is None


def test_a_place_alone_is_not_a_department() -> None:
    assert department_name("上海市") is None
    assert name_in_title("广东省2025年省级单位预算") is None


def test_title_broken_over_two_cover_lines_is_joined() -> None:
    doc = doc_of("2025年珠海市统计局（本级）部门预", "算", "目 录", "第一部分 部门概况", page=1)
    assert cover_title(doc) == "2025年珠海市统计局（本级）部门预算"
    meta = read_metadata(doc)
    assert (meta.department, meta.region) == ("珠海市统计局", "珠海市")
    assert (meta.fiscal_year, meta.report_type) == (2025, "部门预算")


def test_name_above_the_year_line_on_the_cover_names_the_department() -> None:
    doc = doc_of("嘉兴市气象局", "2025年度部门预算", "目录", "一、部门概况", page=1)
    meta = read_metadata(doc)
    assert (meta.department, meta.region, meta.fiscal_year) == ("嘉兴市气象局", "嘉兴市", 2025)


def test_cover_field_names_the_unit_of_a_city_wide_budget_title() -> None:
    doc = doc_of("上海市2025年市级单位预算", "预算单位：上海市档案馆", "目 录", page=1)
    meta = read_metadata(doc)
    assert (meta.department, meta.region) == ("上海市档案馆", "上海市")
    assert (meta.fiscal_year, meta.report_type) == (2025, "部门预算")


def test_field_value_stops_at_the_next_label_on_its_line() -> None:
    doc = doc_of(
        "附件3",
        "2020年部门综合预算公开报表",
        "部门名称：宝鸡市林业局审核情况：已审核 负责人签字：",
        page=1,
    )
    assert named_in_fields(doc) == "宝鸡市林业局"


def test_form_header_row_names_the_department() -> None:
    form = Table(
        rows=(
            ("部门整体绩效自评表", "部门整体绩效自评表", "部门整体绩效自评表"),
            ("部门（单位）名称", "三明市人民政府办公室", "部门预算编码"),
            ("年初预算", "调整后预算", "执行数"),
        ),
        page=1,
    )
    doc = doc_of(form)
    meta = read_metadata(doc)
    assert (meta.department, meta.region) == ("三明市人民政府办公室", "三明市")


def test_form_value_saying_what_kind_of_body_it_is_keeps_the_name() -> None:
    form = Table(rows=(("主管部门", "蓬溪县医疗保障局部门", "实施单位", "蓬溪县医疗保障局"),))
    assert named_in_fields(doc_of(form)) == "蓬溪县医疗保障局"


def test_name_only_on_a_form_title_at_the_end_names_the_department() -> None:
    doc = doc_of(
        Table(rows=(("项目", "预算数"), ("一般公共预算拨款收入", "812.50")), page=1),
        "部门名称 中共天津市委网络安全和信息化委员会办公室",
        "部门整体支出绩效目标表",
    )
    assert read_metadata(doc).department == "中共天津市委网络安全和信息化委员会办公室"


@pytest.mark.parametrize(
    ("department", "region"),
    [
        ("长沙市人民政府国有资产监督管理委员会", "长沙市"),
        ("国家信访局", None),
        ("中共北京市委军民融合发展委员会办公室", "北京市"),
        ("峨边彝族自治县医疗保障局", "峨边彝族自治县"),
        ("唐山市丰南区医疗保障局", "唐山市丰南区"),
    ],
)
def test_region_is_the_place_the_name_opens_with(department: str, region: str | None) -> None:
    assert region_of(department) == region


def test_county_name_takes_the_city_the_text_puts_before_it() -> None:
    doc = doc_of(
        "2024年度雨花区城市管理局部门整体支出绩效自评报告",
        "一、部门基本情况",
        "长沙市雨花区城市管理局是区政府工作部门，内设机构六个。",
    )
    meta = read_metadata(doc)
    assert (meta.department, meta.region) == ("长沙市雨花区城市管理局", "长沙市雨花区")


def test_attachment_announced_with_its_title_names_the_department() -> None:
    doc = doc_of(
        "2025",
        "第一部分2025年度部门预算情况说明",
        "一、部门情况说明",
        "本部门主要职责是组织全市档案工作。",
        "附件：天津市档案馆2025年度部门预算报表",
    )
    meta = read_metadata(doc)
    assert (meta.department, meta.region) == ("天津市档案馆", "天津市")


def test_capital_in_a_bodys_name_is_beijing() -> None:
    form = Table(rows=(("部门名称", "首都精神文明建设委员会办公室"),))
    meta = read_metadata(doc_of(form))
    assert (meta.department, meta.region) == ("首都精神文明建设委员会办公室", "北京市")


def test_part_heading_naming_the_body_it_describes_names_the_department() -> None:
    doc = doc_of(
        "2025年部门预算",
        "目 录",
        "第一部分 宜春市统计局概况",
        "一、部门主要职责",
        "负责全市统计调查工作的组织和协调。",
    )
    meta = read_metadata(doc)
    assert (meta.department, meta.region, meta.fiscal_year) == ("宜春市统计局", "宜春市", 2025)
