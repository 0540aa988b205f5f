"""Records built from the samples, shared by the test files.

Only what two or more test files use lives here; a test's own doctored copies stay in it.
"""

from __future__ import annotations

from dataclasses import replace

from records import IndicatorRecord

# yueyanglou-2023-dept-self-eval.txt, 整体支出绩效自评表, 产出指标 rows: 数量指标 (城乡居民参保率)
# and 质量指标 (城乡居民参保各项财政补助资金到位率) as the indicator parser records them.
PARTICIPATION = IndicatorRecord(
    table_seq=0,
    scope="department",
    project_name=None,
    level1="产出指标",
    level2="数量指标",
    level3="城乡居民参保率",
    target_raw="≥95%",
    actual_raw="96.19%",
    target_op=">=",
    target_value=95.0,
    actual_value=96.19,
    target_unit="%",
    actual_unit="%",
    weight=20.0,
    score=20.0,
    note=None,
    page=None,
)
SUBSIDY = replace(
    PARTICIPATION,
    level2="质量指标",
    level3="城乡居民参保各项财政补助资金到位率",
    target_raw="100%",
    actual_raw="100%",
    target_op=None,
    target_value=100.0,
    actual_value=100.0,
    weight=10.0,
    score=10.0,
)
