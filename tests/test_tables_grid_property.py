"""Property: a TXT grid (merged-over cells empty) and a DOCX grid (merged text repeated and
marked) of the same indicator table give the same rows, and the levels are filled down."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.model import Table, assemble
from parsers.tables import read_tables

HEADER = ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分")
LEVEL1 = ["产出指标", "效益指标", "满意度指标", "履职效果", "能力建设"]
LEVEL2 = ["数量指标", "质量指标", "时效指标", "成本指标", "社会效益指标"]
INDICATOR = st.tuples(
    st.text(alphabet="参保率资金到位及时人次覆盖满意度", min_size=2, max_size=10),
    st.sampled_from(["≥95%", "100%", "216个", "及时", "≤2299.31万元", "2020年12月31日"]),
    st.integers(min_value=1, max_value=20),
)
GROUPS = st.lists(
    st.tuples(
        st.sampled_from(LEVEL1),
        st.lists(
            st.tuples(st.sampled_from(LEVEL2), st.lists(INDICATOR, min_size=1, max_size=3)),
            min_size=1,
            max_size=3,
        ),
    ),
    min_size=1,
    max_size=3,
)


def _grids(groups) -> tuple[Table, Table]:
    txt: list[tuple[str, ...]] = [HEADER]
    docx: list[tuple[str, ...]] = [HEADER]
    merged: set[tuple[int, int]] = set()
    for level1, level2s in groups:
        first1 = True
        for level2, rows in level2s:
            first2 = True
            for name, target, weight in rows:
                values = (name, target, target, str(weight), str(weight))
                txt.append((level1 if first1 else "", level2 if first2 else "", *values))
                docx.append((level1, level2, *values))
                row = len(docx) - 1
                if not first1:
                    merged.add((row, 0))
                if not first2:
                    merged.add((row, 1))
                first1 = first2 = False
    return Table(rows=tuple(txt)), Table(rows=tuple(docx), merged=frozenset(merged))


@settings(max_examples=60, deadline=None)
@given(GROUPS)
def test_txt_and_docx_grids_of_one_table_give_the_same_rows(groups):
    txt, docx = _grids(groups)
    from_txt = read_tables(assemble("t", "txt", [txt]), 2021).indicators
    from_docx = read_tables(assemble("d", "docx", [docx]), 2021).indicators
    assert from_txt == from_docx
    expected = [
        (level1, level2, name, float(weight))
        for level1, level2s in groups
        for level2, rows in level2s
        for name, _, weight in rows
    ]
    assert [(r.level1, r.level2, r.level3, r.score) for r in from_txt] == expected
