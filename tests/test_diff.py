"""Extraction diffs: what a steward sees when a document is extracted again."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pyarrow as pa
from builders import PARTICIPATION, SUBSIDY
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.diff import diff_documents
from jixiao.schema import TABLES, TABLES_BY_NAME
from jixiao.tabulate import build_table
from records import AmountRecord, DocSummaryRecord, FindingRecord

DOC = "94c5be348fceab8e"
# ebian-2024-dept-self-eval.txt, line 43, as the amounts parser cuts it.
SENTENCE = "基本支出372.34万元,项目支出508.18万元,其中项目4个,具体支出为:医疗保险征缴及医疗保险基金安全监管工作相关经费10万元;"
EDITED = SENTENCE.replace("372.34", "372.43")


def _amount(seq: int, metric: str, subject: str | None, value: str, start: int) -> AmountRecord:
    return AmountRecord(
        seq=seq,
        section="收支情况",
        metric=metric,
        subject=subject,
        value_wan=Decimal(value),
        raw_value=value,
        raw_unit="万元",
        sentence=SENTENCE,
        page=None,
        char_start=start,
        source="prose",
    )


AMOUNTS = [
    _amount(3, "基本支出", None, "372.34", 2440),
    _amount(4, "项目支出", None, "508.18", 2453),
    _amount(5, "项目支出", "医疗保险征缴及医疗保险基金安全监管工作相关经费", "10", 2498),
]


def _tables(**records: list) -> dict[str, pa.Table]:
    return {spec.name: build_table(spec, DOC, records.get(spec.name, [])) for spec in TABLES}


def test_first_extraction_is_new():
    diff = diff_documents(None, _tables(amounts=AMOUNTS))
    assert diff.is_new
    assert diff.counts()["amounts_added"] == 3
    assert diff.to_markdown().startswith("**new**")


def test_same_tables_have_no_change():
    diff = diff_documents(_tables(amounts=AMOUNTS), _tables(amounts=AMOUNTS))
    assert diff.is_empty
    assert diff.to_markdown() == "no change against the previous extraction."


def test_editing_one_figure_shows_exactly_that_figure():
    edited = [replace(a, sentence=EDITED) for a in AMOUNTS]
    edited[0] = replace(edited[0], value_wan=Decimal("372.43"), raw_value="372.43")
    diff = diff_documents(_tables(amounts=AMOUNTS), _tables(amounts=edited))
    changes = [c for t in diff.tables for c in t.changes]
    assert [(c.column, c.old, c.new) for c in changes] == [
        ("value_wan", 372.34, 372.43),
        ("raw_value", "372.34", "372.43"),
    ]
    assert changes[0].evidence == EDITED
    assert diff.counts()["rows_changed"] == 1
    assert diff.counts()["rows_added"] == diff.counts()["rows_removed"] == 0


def test_markdown_lists_old_and_new_value_with_evidence():
    edited = [replace(a, sentence=EDITED) for a in AMOUNTS]
    edited[0] = replace(edited[0], value_wan=Decimal("372.43"), raw_value="372.43")
    markdown = diff_documents(_tables(amounts=AMOUNTS), _tables(amounts=edited)).to_markdown()
    assert "| amounts | value_wan | 372.34 | 372.43 | 基本支出372.43万元" in markdown
    assert "| amounts | 0 | 0 | 1 |" in markdown


def test_shifted_offsets_and_seq_are_not_changes():
    shifted = [replace(a, seq=a.seq + 1, char_start=(a.char_start or 0) + 7) for a in AMOUNTS]
    assert diff_documents(_tables(amounts=AMOUNTS), _tables(amounts=shifted)).is_empty


def test_summary_change_is_reported_per_column():
    old = DocSummaryRecord(self_score=Decimal("96"), grade_raw="优", grade="优")
    new = replace(old, self_score=Decimal("95"))
    diff = diff_documents(_tables(doc_summary=[old]), _tables(doc_summary=[new]))
    changes = [(c.table, c.column, c.old, c.new) for t in diff.tables for c in t.changes]
    assert changes == [("doc_summary", "self_score", 96.0, 95.0)]


def test_added_and_removed_findings_are_counted():
    # ebian-2024-dept-self-eval.txt, （二）存在问题 and （三）改进建议
    old = [FindingRecord("问题", 0, "项目资金预算经费预算精细化不够，导致经费不够产生中期调整。")]
    new = [FindingRecord("建议", 0, "加大对资金的预算精准度和使用前瞻性预算。")]
    diff = diff_documents(_tables(findings=old), _tables(findings=new))
    counts = diff.counts()
    assert (counts["findings_added"], counts["findings_removed"]) == (1, 1)
    assert "- findings added: 建议 / 加大对资金的预算精准度和使用前瞻性预算。" in diff.to_markdown()


def test_indicator_rows_are_matched_by_their_levels():
    # yueyanglou-2023-dept-self-eval.txt, 整体支出绩效自评表: 城乡居民参保率 and the row after it
    row, other = PARTICIPATION, SUBSIDY
    rescored = replace(row, score=19.0)
    diff = diff_documents(_tables(indicators=[row, other]), _tables(indicators=[other, rescored]))
    changes = [(c.column, c.old, c.new, c.evidence) for t in diff.tables for c in t.changes]
    assert changes == [("score", 20.0, 19.0, "城乡居民参保率")]


def test_empty_tables_keep_the_schema_in_the_diff_input():
    tables = _tables()
    assert tables["amounts"].schema == TABLES_BY_NAME["amounts"].schema
    assert diff_documents(tables, tables).is_empty


ROWS = [replace(a, sentence=SENTENCE) for a in AMOUNTS] + [
    # ebian-2024-dept-self-eval.txt, lines 41 and 45
    AmountRecord(
        0,
        "收支情况",
        "收入",
        None,
        Decimal("880.52"),
        "880.52",
        "万元",
        "县医保局2024年财政拨款预算收入880.52万元",
        None,
        2388,
        "prose",
    ),
    AmountRecord(
        9,
        "收支情况",
        "结转结余",
        None,
        Decimal("5.18"),
        "5.18",
        "万元",
        "2024年部门财政资金结转结余5.18万元。",
        None,
        2700,
        "prose",
    ),
]


@settings(max_examples=60, deadline=None)
@given(
    old=st.lists(st.sampled_from(ROWS), max_size=6),
    new=st.lists(st.sampled_from(ROWS), max_size=6),
)
def test_row_counts_balance_and_a_table_equals_itself(old, new):
    diff = diff_documents(_tables(amounts=old), _tables(amounts=new))
    counts = diff.counts()
    assert counts["amounts_added"] - counts["amounts_removed"] == len(new) - len(old)
    assert counts["amounts_changed"] <= min(len(old), len(new))
    assert diff_documents(_tables(amounts=new), _tables(amounts=new)).is_empty
