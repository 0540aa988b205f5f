"""存在问题 / 改进建议 items (placeholder)."""

from __future__ import annotations

from jixiao.records import FindingRecord, SectionRecord


def find_findings(sections: list[SectionRecord]) -> list[FindingRecord]:
    return []
