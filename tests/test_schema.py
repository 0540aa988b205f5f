"""The pyarrow schemas and record dataclasses are one contract.

The contract's own columns (shared spec curated-data.md, v1) come first, in the
contract's order; jixiao's extension columns follow them and are listed here explicitly.
"""

from dataclasses import fields

import pyarrow as pa

import records
from jixiao.schema import TABLES_BY_NAME

RECORD_OF_TABLE = {
    "documents": records.DocumentRecord,
    "doc_summary": records.DocSummaryRecord,
    "sections": records.SectionRecord,
    "amounts": records.AmountRecord,
    "indicators": records.IndicatorRecord,
    "projects": records.ProjectRecord,
    "findings": records.FindingRecord,
    "extraction_errors": records.ErrorRecord,
}

# Copied from curated-data.md, table by table, in its order.
CONTRACT_COLUMNS = {
    "documents": (
        "doc_id source_path file_format status error department region fiscal_year "
        "report_type page_count char_count extractor_version"
    ),
    "doc_summary": (
        "doc_id budget_initial_wan budget_final_wan expenditure_wan income_wan "
        "basic_expenditure_wan project_expenditure_wan carryover_wan three_public_wan "
        "execution_rate self_score grade_raw grade"
    ),
    "sections": "doc_id seq canonical heading level char_start char_end page_start page_end text",
    "amounts": (
        "doc_id seq section metric subject value_wan raw_value raw_unit sentence page "
        "char_start source"
    ),
    "indicators": (
        "doc_id table_seq scope project_name level1 level2 level3 target_raw actual_raw "
        "target_op target_value actual_value target_unit actual_unit weight score note page"
    ),
    "projects": (
        "doc_id project_name budget_initial_wan budget_final_wan executed_wan execution_rate score"
    ),
    "findings": "doc_id kind seq text",
    "extraction_errors": "doc_id source_path stage error_type message",
}

# jixiao's columns beyond the contract (issue 6: rows from OCR pages are marked).
EXTENSION_COLUMNS = {
    "documents": (("ocr_pages", pa.string()),),
    "amounts": (("ocr", pa.bool_()),),
}


def test_every_table_of_the_contract_has_a_schema() -> None:
    assert set(TABLES_BY_NAME) == set(RECORD_OF_TABLE) == set(CONTRACT_COLUMNS)


def test_contract_columns_come_first_in_the_contracts_order() -> None:
    for name, written in CONTRACT_COLUMNS.items():
        contract = tuple(written.split())
        assert TABLES_BY_NAME[name].column_names[: len(contract)] == contract, name


def test_only_the_listed_extension_columns_follow_the_contract_columns() -> None:
    for name, written in CONTRACT_COLUMNS.items():
        schema = TABLES_BY_NAME[name].schema
        extra = [(f.name, f.type) for f in schema][len(written.split()) :]
        assert tuple(extra) == EXTENSION_COLUMNS.get(name, ()), name


def test_every_column_says_what_it_means() -> None:
    for spec in TABLES_BY_NAME.values():
        assert all(c.meaning for c in spec.columns), spec.name


def test_record_fields_are_the_schema_columns_after_doc_id() -> None:
    for name, record in RECORD_OF_TABLE.items():
        columns = TABLES_BY_NAME[name].column_names
        assert columns[0] == "doc_id"
        assert tuple(f.name for f in fields(record)) == columns[1:], name
