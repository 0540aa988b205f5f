"""Which section a figure sits in, for many figures at once: the same answer as asking one
section list at a time, without scanning every section per figure."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from parsers.amounts import SectionIndex
from records import SectionRecord


def _scan(sections: list[SectionRecord], offset: int) -> str | None:
    """The definition: of the sections holding the offset, the lowest level, then the
    latest start, then the first listed."""
    containing = [s for s in sections if s.char_start <= offset < s.char_end]
    if not containing:
        return None
    return min(containing, key=lambda s: (s.level, -s.char_start)).canonical


@st.composite
def section_lists(draw) -> list[SectionRecord]:
    sections = []
    for seq in range(draw(st.integers(0, 12))):
        start = draw(st.integers(0, 200))
        end = start + draw(st.integers(0, 120))
        level = draw(st.integers(1, 3))
        sections.append(SectionRecord(seq, f"s{seq}", f"h{seq}", level, start, end, None, None, ""))
    return sections


@given(section_lists(), st.lists(st.integers(-5, 330), max_size=20))
def test_the_index_answers_as_a_scan_of_every_section_does(sections, offsets):
    index = SectionIndex(sections)
    assert [index.at(o) for o in offsets] == [_scan(sections, o) for o in offsets]


def test_a_figure_in_a_subsection_takes_the_top_level_section_holding_it():
    sections = [
        SectionRecord(0, "部门概况", "一、部门概况", 1, 0, 100, None, None, ""),
        SectionRecord(1, "收支情况", "（一）收入", 2, 40, 80, None, None, ""),
        SectionRecord(2, "绩效分析", "二、绩效分析", 1, 100, 200, None, None, ""),
    ]
    index = SectionIndex(sections)
    assert [index.at(o) for o in (-1, 10, 50, 150, 200)] == [
        None,
        "部门概况",
        "部门概况",
        "绩效分析",
        None,
    ]
