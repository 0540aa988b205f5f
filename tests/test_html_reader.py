"""Web pages: body text without navigation or scripts, headings as their own paragraphs,
tables with rowspan/colspan on the grid, any encoding a Chinese government site uses."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.dispatch import read_document
from extractors.errors import ReadError
from extractors.html_source import declared_encoding, nesting_depth
from extractors.model import Document
from extractors.settings import ReadSettings
from extractors.spans import SpanCell, place_spans
from jixiao.runner import scan_raw

REPORT_PAGE = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>网站标题</title><style>p {{ margin: 0 }}</style>
<script>document.write("<p>脚本里的字</p>");</script></head>
<body>
<nav><a href="/">首页</a><a href="/xxgk">信息公开</a></nav>
<div class="breadcrumb">当前位置：首页 &gt; 财政预决算</div>
<h2>某县水利局2022年度部门整体支出
  绩效自评报告</h2>
<p style="text-align:center"><b>一、部门基本情况</b></p>
<p>&nbsp;&nbsp;本局负责全县水资源管理，<br>年末在职人员十二人。</p>
<table border="1">
<tr><th rowspan="2">一级指标</th><th colspan="2">指标值</th></tr>
<tr><td>年度目标</td><td>实际完成</td></tr>
<tr><td>产出指标</td><td>≥95%</td><td>97%</td></tr>
</table>
<div style="display:none">隐藏的字</div>
<footer>主办单位：某县人民政府办公室</footer>
</body></html>
"""


def _page(tmp_path: Path, html: str, encoding: str, name: str = "report.html") -> Document:
    path = tmp_path / name
    path.write_bytes(html.encode(encoding))
    return read_document(path.read_bytes(), name, ReadSettings())


@pytest.fixture
def page(tmp_path: Path) -> Document:
    return _page(tmp_path, REPORT_PAGE.format(charset="utf-8"), "utf-8")


def test_heading_broken_across_source_lines_is_one_paragraph(page: Document) -> None:
    assert page.blocks[0].text == "某县水利局2022年度部门整体支出绩效自评报告"


def test_bold_centred_title_is_a_paragraph_of_its_own(page: Document) -> None:
    assert page.blocks[1].text == "一、部门基本情况"


def test_a_line_break_ends_a_paragraph_and_leading_spaces_go(page: Document) -> None:
    assert [b.text for b in page.blocks[2:4]] == [
        "本局负责全县水资源管理，",
        "年末在职人员十二人。",
    ]


def test_navigation_scripts_hidden_text_and_footer_are_left_out(page: Document) -> None:
    for left_out in ("首页", "脚本里的字", "网站标题", "隐藏的字", "主办单位"):
        assert left_out not in page.text


def test_rowspan_and_colspan_fill_the_grid_as_merged_cells(page: Document) -> None:
    table = next(page.tables())
    assert table.rows == (
        ("一级指标", "指标值", "指标值"),
        ("一级指标", "年度目标", "实际完成"),
        ("产出指标", "≥95%", "97%"),
    )
    assert table.merged == frozenset({(0, 2), (1, 0)})


@pytest.mark.parametrize("charset", ["gb2312", "GBK", "gb18030"])
def test_gbk_page_reads_right(tmp_path: Path, charset: str) -> None:
    doc = _page(tmp_path, REPORT_PAGE.format(charset=charset), "gbk")
    assert doc.blocks[0].text == "某县水利局2022年度部门整体支出绩效自评报告"
    assert next(doc.tables()).cell(2, 1) == "≥95%"


def test_gbk_page_without_a_declaration_is_detected(tmp_path: Path) -> None:
    html = "<html><body><p>本局二〇二二年度项目支出绩效自评结果为优秀，得分九十五分。</p></body></html>"
    doc = _page(tmp_path, html, "gbk")
    assert doc.text == "本局二〇二二年度项目支出绩效自评结果为优秀，得分九十五分。"


def test_a_wrong_declaration_gives_way_to_detection(tmp_path: Path) -> None:
    html = '<html><head><meta charset="utf-8"></head><body><p>绩效目标完成情况</p></body></html>'
    assert _page(tmp_path, html, "gbk").text == "绩效目标完成情况"


def test_declared_charsets_of_the_gb_family_read_as_gb18030() -> None:
    assert declared_encoding(b'<meta charset="GB2312">') == "gb18030"
    assert declared_encoding(b"<?xml version='1.0' encoding='gbk'?>") == "gb18030"


def test_layout_table_around_the_content_is_read_as_content(tmp_path: Path) -> None:
    html = (
        "<html><body><table><tr><td><p>一、基本情况</p>"
        "<table><tr><td>指标</td><td>分值</td></tr></table></td></tr></table></body></html>"
    )
    doc = _page(tmp_path, html, "utf-8")
    assert [b.text for b in doc.blocks] == ["一、基本情况", "指标\t分值"]


def test_rowspan_past_the_last_row_stops_there() -> None:
    grid = place_spans([[SpanCell("合计", rowspan=9), SpanCell("10")], [SpanCell("20")]])
    assert grid.rows == (("合计", "10"), ("合计", "20"))


def test_saved_page_folder_of_images_is_not_scanned(tmp_path: Path) -> None:
    (tmp_path / "报告.html").write_text("<p>正文</p>", encoding="utf-8")
    (tmp_path / "报告_files").mkdir()
    (tmp_path / "报告_files" / "image001.png").write_bytes(b"\x89PNG")
    (tmp_path / "other_files").mkdir()
    (tmp_path / "other_files" / "kept.pdf").write_bytes(b"%PDF-1.4")
    assert [f.source_path for f in scan_raw(tmp_path)] == ["other_files/kept.pdf", "报告.html"]


def test_page_nested_a_hundred_thousand_deep_is_refused_fast(tmp_path: Path) -> None:
    path = tmp_path / "deep.html"
    path.write_text("<html><body>" + "<div>" * 100_000 + "深</body></html>")
    with pytest.raises(ReadError) as caught:
        read_document(path.read_bytes(), path.name, ReadSettings())
    assert caught.value.error_type == "TooDeep"
    assert caught.value.message.startswith("web page refused: its elements nest 100,000 deep")


def test_unclosed_paragraphs_and_list_items_do_not_count_as_nesting() -> None:
    assert nesting_depth("<div>" + "<p>段落<li>条目" * 5000 + "</div>") == 1


def test_page_of_navigation_only_has_no_text(tmp_path: Path) -> None:
    path = tmp_path / "nav.htm"
    path.write_text("<html><body><nav>首页</nav><script>x()</script></body></html>")
    with pytest.raises(ReadError) as caught:
        read_document(path.read_bytes(), path.name, ReadSettings())
    assert caught.value.error_type == "NoText"


PORTAL_PAGE = """<html><head><meta charset="utf-8"><title>某区人民政府</title></head><body>
<div class="header"><div class="logo">某市某区人民政府</div><div class="search">搜索</div></div>
<div class="main-nav"><a>首页</a><a>政务公开</a></div>
<div>当前位置：<a>首页</a> &gt; 财政资金</div>
<div class="article"><div class="article-head"><h1>某区文旅局2023年度项目支出绩效自评报告</h1></div>
<div id="zoom"><p>一、项目基本情况</p><p>本项目年度预算六十万元。</p>
<table><tr><td class="top">指标</td><td class="top">分值</td></tr>
<tr><td>时效</td><td>10</td></tr></table></div>
<div class="share">分享到：微信</div></div>
<div class="foot">主办单位：某区人民政府办公室 备案号：某ICP备00000号</div>
</body></html>"""


def test_portal_around_the_report_is_left_out(tmp_path: Path) -> None:
    doc = _page(tmp_path, PORTAL_PAGE, "utf-8")
    assert [b.text for b in doc.blocks] == [
        "某区文旅局2023年度项目支出绩效自评报告",
        "一、项目基本情况",
        "本项目年度预算六十万元。",
        "指标\t分值\n时效\t10",
    ]
