"""The extraction core's own rules: how warnings from the stages reach the error rows and
the document's status, and what it adds to the parsers' records (sections, OCR marks)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from jixiao.extraction import ExtractionResult, extract_file

# ebian's 收入 and 结转结余 sentences (二（一）, 二（三）)
INCOME = "县医保局2024年财政拨款预算收入880.52万元，其中上级资金0万元。"
CARRYOVER = "2024年部门财政资金结转结余5.18万元。"


def extract_text(tmp_path: Path, *lines: str) -> ExtractionResult:
    path = tmp_path / "report.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return extract_file(path, tmp_path)


def test_a_negative_figure_is_kept_with_a_suspicious_amount_row(tmp_path: Path) -> None:
    result = extract_text(tmp_path, INCOME, CARRYOVER.replace("5.18", "-5.18"))
    kept = [a for a in result.amounts if a.raw_value == "-5.18"]
    assert [a.value_wan for a in kept] == [Decimal("5.18")]
    assert [(e.stage, e.error_type) for e in result.errors] == [("amounts", "SuspiciousAmount")]
    assert "-5.18万元" in result.errors[0].message


def test_a_suspicious_amount_leaves_a_good_document_ok(tmp_path: Path) -> None:
    result = extract_text(tmp_path, INCOME.replace("880.52万元", "880520000亿元"), CARRYOVER)
    assert [e.error_type for e in result.errors] == ["SuspiciousAmount"]
    assert (result.document.status, result.document.error) == ("ok", None)


def test_a_document_without_suspicious_figures_has_no_error_rows(tmp_path: Path) -> None:
    result = extract_text(tmp_path, INCOME, CARRYOVER)
    assert (result.document.status, result.errors) == ("ok", [])


def test_table_amounts_carry_the_section_of_their_table() -> None:
    # yueyanglou's 基础数据表 follows the line 附件1: its figures sit in that section (其他)
    samples = Path(__file__).parent / "fixtures" / "samples"
    result = extract_file(samples / "yueyanglou-2023-dept-self-eval.txt", samples)
    table_sections = {a.section for a in result.amounts if a.source == "table"}
    assert table_sections == {"其他"}
