"""The TXT reader: encodings, line ends, paragraphs, artefacts, offsets, bad input."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from sample_rows import EBIAN_OPENING_PARAGRAPHS

from extractors.errors import ReadError
from extractors.model import Paragraph, Table
from extractors.txt import read_txt, segments
from extractors.txt_rules import close_up_spaced_words, is_page_furniture
from extractors.txt_tables import rebuild_tables
from extractors.txt_wrap import join_wrapped_lines

SAMPLES = Path(__file__).parent / "fixtures" / "samples"
TXT_SAMPLES = sorted(SAMPLES.glob("*.txt"))


def sample_bytes(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def read_sample(name: str):
    return read_txt(sample_bytes(name), name)


def paragraph_texts(doc) -> list[str]:
    return [b.text for b in doc.blocks if isinstance(b, Paragraph)]


def test_ebian_opening_paragraphs_in_order():
    doc = read_sample("ebian-2024-dept-self-eval.txt")
    assert paragraph_texts(doc)[:6] == list(EBIAN_OPENING_PARAGRAPHS)


def test_ebian_stretch_keeps_order_and_trims_line_edges():
    texts = paragraph_texts(read_sample("ebian-2024-dept-self-eval.txt"))
    start = texts.index("（三）部门财政资金结转结余情况")
    assert texts[start : start + 3] == [
        "（三）部门财政资金结转结余情况",
        "2024年部门财政资金结转结余5.18万元。",
        "三、部门整体绩效管理情况（根据部门整体支出绩效自评和部门预算项目支出绩效自评情况进行描述）",
    ]


def test_trailing_tab_on_a_prose_line_is_trimmed():
    texts = paragraph_texts(read_sample("ebian-2024-dept-self-eval.txt"))
    assert (
        "人员概况：县医保局经机构编制委员会批准行政编制18人，实有公务员5人，参公人员11人，工勤3人。"
        in texts
    )


def test_bookmark_artefact_is_removed_from_the_line():
    texts = paragraph_texts(read_sample("ebian-2024-dept-self-eval.txt"))
    line = next(t for t in texts if "全市排名第二" in t)
    assert line.startswith("评价结论：在2024年医保征缴工作中成绩亮眼，全市排名第二且完成目标。")
    assert "[bookmark" not in read_sample("ebian-2024-dept-self-eval.txt").text


def test_image_placeholder_is_removed():
    assert "[image" not in read_sample("yueyanglou-2023-dept-self-eval.txt").text


def test_page_number_line_is_dropped():
    doc = read_sample("yueyanglou-2023-dept-self-eval.txt")
    texts = paragraph_texts(doc)
    assert "— 7 —" not in doc.text
    signoff = "填表人：童璇   联系电话：13873029299    单位负责人签字：     填报日期：2024-5-27"
    i = texts.index(signoff)
    assert texts[i + 1] == "附件2"


def test_samples_without_tables_are_only_paragraphs():
    for name in ("ebian-2024-dept-self-eval.txt", "fengnan-2023-finance-key-eval.txt"):
        doc = read_sample(name)
        assert all(isinstance(b, Paragraph) for b in doc.blocks)


def test_fengnan_paragraph_count_is_its_non_empty_lines():
    raw = sample_bytes("fengnan-2023-finance-key-eval.txt").decode("utf-8")
    lines = [line.strip() for line in raw.split("\n") if line.strip()]
    assert paragraph_texts(read_sample("fengnan-2023-finance-key-eval.txt")) == lines


@pytest.mark.parametrize("path", TXT_SAMPLES, ids=lambda p: p.stem)
def test_offsets_point_at_each_block_text(path):
    doc = read_txt(path.read_bytes(), path.name)
    assert doc.blocks
    for block in doc.blocks:
        assert doc.text[block.char_start : block.char_end] == block.text


@pytest.mark.parametrize("path", TXT_SAMPLES, ids=lambda p: p.stem)
def test_document_is_marked_txt_without_pages(path):
    doc = read_txt(path.read_bytes(), path.name)
    assert doc.file_format == "txt"
    assert doc.page_count is None
    assert all(b.page is None for b in doc.blocks)
    assert doc.warnings == ()


@pytest.mark.parametrize(
    "name", ["ebian-2024-dept-self-eval.txt", "jiayuguan-2021-dept-self-eval.txt"]
)
def test_gbk_file_reads_like_its_utf8_original(name):
    original = read_sample(name)
    text = sample_bytes(name).decode("utf-8")
    gbk = read_txt(text.encode("gbk"), name)
    assert gbk.text == original.text
    assert gbk.blocks == original.blocks
    assert gbk.warnings == ()


def test_gb18030_file_with_characters_outside_gbk_reads_like_original():
    name = "yueyanglou-2023-dept-self-eval.txt"  # holds m², not in GBK
    text = sample_bytes(name).decode("utf-8")
    assert read_txt(text.encode("gb18030"), name).text == read_sample(name).text


@pytest.mark.parametrize(
    "name", ["ebian-2024-dept-self-eval.txt", "jiayuguan-2021-dept-self-eval.txt"]
)
def test_utf8_bom_with_crlf_reads_like_the_plain_file(name):
    text = sample_bytes(name).decode("utf-8")
    variant = codecs.BOM_UTF8 + text.replace("\n", "\r\n").encode("utf-8")
    doc = read_txt(variant, name)
    assert doc.text == read_sample(name).text
    assert doc.blocks == read_sample(name).blocks


def test_lone_cr_line_ends_become_line_breaks():
    name = "yueyanglou-2023-dept-self-eval.txt"
    text = sample_bytes(name).decode("utf-8")
    assert read_txt(text.replace("\n", "\r").encode(), name).text == read_sample(name).text


def test_utf16_with_bom_is_decoded():
    doc = read_txt("预算执行率\r\n100%\r\n".encode("utf-16"), "x.txt")
    assert paragraph_texts(doc) == ["预算执行率", "100%"]


def test_utf16_without_bom_is_decoded():
    doc = read_txt("项目支出：994.5万元\n执行率100%\n".encode("utf-16-le"), "x.txt")
    assert paragraph_texts(doc) == ["项目支出：994.5万元", "执行率100%"]


def test_stray_byte_in_utf8_is_replaced_with_a_warning():
    data = (
        "县医保局2024年财政拨款预算收入880.52万元".encode()
        + b"\xff\n"
        + "其中上级资金0万元".encode()
    )
    doc = read_txt(data, "x.txt")
    assert paragraph_texts(doc) == [
        "县医保局2024年财政拨款预算收入880.52万元\ufffd",
        "其中上级资金0万元",
    ]
    assert len(doc.warnings) == 1
    assert "undecodable" in doc.warnings[0]


def test_short_gbk_text_is_not_mistaken_for_utf8():
    assert paragraph_texts(read_txt("医保".encode("gbk"), "x.txt")) == ["医保"]


@pytest.mark.parametrize(
    "data", [b"", b"   \r\n\t\n\r\n", codecs.BOM_UTF8 + b"\n", "\u3000\n".encode()]
)
def test_whitespace_only_file_is_empty_file(data):
    with pytest.raises(ReadError) as err:
        read_txt(data, "x.txt")
    assert err.value.error_type == "EmptyFile"
    assert "\n" not in err.value.message


def test_binary_bytes_are_corrupt_file():
    # a PNG header followed by deterministic pseudo-random bytes
    noise = bytes((i * 197 + 89) % 256 for i in range(4000))
    with pytest.raises(ReadError) as err:
        read_txt(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + noise, "x.txt")
    assert err.value.error_type == "CorruptFile"
    assert "\n" not in err.value.message


def test_nul_bytes_inside_text_are_dropped():
    assert paragraph_texts(read_txt("基本支出\x00372.34万元\n".encode(), "x.txt")) == [
        "基本支出372.34万元"
    ]


# Text without TAB lines: CJK, ASCII letters and digits, spaces and common punctuation
# (no `[`, dashes or 页, so no line is an artefact or a page number).
_LINE_CHARS = st.sampled_from(
    list("医疗保障局预算执行率项目支出绩效自评表一二三")
    + list("abcXYZ0123456789 ，。：；（）%.\u3000")
)
# Runs of spaces are closed to one: two or more set columns apart (a space-aligned table).
_LINES = st.lists(
    st.text(_LINE_CHARS, max_size=30).map(lambda line: re.sub(r"[ \u3000]{2,}", " ", line)),
    max_size=25,
)


def _expected_paragraphs(lines: list[str]) -> list[str]:
    """The lines as paragraphs: spaced-out words closed up, lines wrapped at one width
    joined (random lines rarely share a width, but may)."""
    joined = join_wrapped_lines(lines, is_page_furniture)
    return [text for text in (close_up_spaced_words(line).strip() for line in joined) if text]


@given(_LINES)
def test_text_without_tab_lines_is_only_its_non_empty_lines_as_paragraphs(lines):
    blocks = rebuild_tables(lines)
    assert all(isinstance(b, Paragraph) for b in blocks)
    assert [b.text for b in blocks] == _expected_paragraphs(lines)


@given(_LINES)
def test_read_txt_of_text_without_tab_lines_has_no_table(lines):
    assume("".join(lines).strip())
    data = "\n".join(lines).encode("utf-8")
    doc = read_txt(data, "x.txt")
    assert not any(isinstance(b, Table) for b in doc.blocks)
    assert doc.text == "\n".join(_expected_paragraphs(lines))


def test_doubled_cr_before_lf_is_one_line_end_and_keeps_table_rows():
    name = "mianzhu-2020-final-accounts.txt"
    text = sample_bytes(name).decode("utf-8")
    doc = read_txt(text.replace("\n", "\r\r\n").encode(), name)
    assert doc.blocks == read_sample(name).blocks


def test_form_feed_and_vertical_tab_break_lines():
    doc = read_txt("一、部门基本情况\f（一）机构组成。\v人员概况".encode(), "x.txt")
    assert paragraph_texts(doc) == ["一、部门基本情况", "（一）机构组成。", "人员概况"]


@pytest.mark.parametrize(
    ("data", "what"),
    [(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "a PDF"), (b"PK\x03\x04\x14\x00\x06\x00", "zip")],
)
def test_pdf_or_zip_named_txt_is_wrong_extension(data, what):
    with pytest.raises(ReadError) as err:
        read_txt(data, "x.txt")
    assert err.value.error_type == "WrongExtension"
    assert what in err.value.message


# -- long texts: the time limit, and no step that grows with the square of the length ------

LONG_PROSE = "\n\n".join(f"第{n}段：本年度项目支出执行情况良好。" for n in range(12000))


def test_a_text_past_the_time_limit_is_read_in_part_with_a_warning():
    doc = read_txt(LONG_PROSE.encode(), "long.txt", time_limit_s=0.0)
    assert 0 < len(doc.blocks) < 12000
    assert doc.blocks[0] == Paragraph("第0段：本年度项目支出执行情况良好。", None, 0, 18)
    [warning] = doc.warnings
    assert warning.startswith("time limit: stopped after line ")


def test_a_text_within_the_time_limit_is_read_whole():
    doc = read_txt(LONG_PROSE.encode(), "long.txt", time_limit_s=600.0)
    assert len(doc.blocks) == 12000
    assert doc.warnings == ()


def test_a_document_past_the_txt_time_limit_is_partial_with_a_read_warning(tmp_path):
    from extractors.settings import ReadSettings
    from jixiao.extraction import extract_file

    path = tmp_path / "long.txt"
    path.write_text(LONG_PROSE, encoding="utf-8")
    result = extract_file(path, tmp_path, ReadSettings(time_limit_s=0.0))
    assert result.document.status == "partial"
    assert [(e.stage, e.error_type) for e in result.errors][:1] == [("read", "ReadWarning")]


def test_segments_are_cut_at_the_first_blank_line_between_two_paragraphs_past_their_size():
    lines = ["甲", "", "乙", "", "丙", "", "丁", "", "戊"]
    assert list(segments(lines, size=3)) == [(0, 4), (4, 8), (8, 9)]


def test_segments_are_never_cut_next_to_a_table_row():
    lines = ["甲", "", "\t单元格", "", "\t单元格", "", "\t单元格", "", "乙"]
    assert list(segments(lines, size=2)) == [(0, 9)]


def test_a_wrapped_paragraph_of_thousands_of_lines_is_joined_in_linear_time():
    import time

    line = "这是一段按页宽折行的很长的文字内容" * 2  # 34 characters: 68 columns, no sentence end
    started = time.monotonic()
    doc = read_txt(("\n".join([line] * 4000) + "。").encode(), "wrapped.txt")
    assert time.monotonic() - started < 30  # was minutes: the joined line was re-measured per line
    [paragraph] = doc.blocks
    assert paragraph.text == line * 4000 + "。"
