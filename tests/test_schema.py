"""The pyarrow schemas and record dataclasses are one contract."""

from dataclasses import fields

from jixiao import records
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


def test_every_table_of_the_contract_has_a_schema() -> None:
    assert set(TABLES_BY_NAME) == set(RECORD_OF_TABLE)


def test_record_fields_are_the_schema_columns_after_doc_id() -> None:
    for name, record in RECORD_OF_TABLE.items():
        columns = TABLES_BY_NAME[name].column_names
        assert columns[0] == "doc_id"
        assert tuple(f.name for f in fields(record)) == columns[1:], name
