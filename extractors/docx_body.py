"""Walk a Word body (``w:body`` as lxml elements) into Paragraph and Table blocks in order.

- Block order is the order of ``w:p`` and ``w:tbl`` in the body, looking inside content
  controls (``w:sdt``) and custom-XML wrappers; headers, footers, footnotes and comments
  live in other parts and are never seen.
- Text boxes (``w:txbxContent``) become blocks right after the paragraph that anchors
  them. Of an ``mc:AlternateContent`` only the ``mc:Choice`` is read: the ``mc:Fallback``
  (usually a VML copy of the same text box) would duplicate it.
- Paragraph text: ``w:t`` text, ``w:tab`` as TAB, line breaks as newline; deleted text
  (tracked changes), field codes and hidden (``w:vanish``) runs are left out. Numbers
  that Word draws from list numbering (``w:numPr``) are not in the XML text and are not
  reconstructed. Paragraphs are stripped of surrounding whitespace.
- A table cell's text is its non-empty paragraphs (stripped) joined by newline. A table
  nested in a cell contributes nothing to the cell's text: it becomes its own Table block
  right after the outer table (depth first, in document order).
"""

from __future__ import annotations

from collections.abc import Iterator

from docx.oxml.ns import nsmap
from lxml import etree

from extractors.docx_grid import CellSpec, Merge, RowSpec, layout_grid
from extractors.model import Paragraph, Table

MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def qn(tag: str) -> str:
    """Clark name of a prefixed tag (``w:p`` -> ``{http://...}p``), ``mc:`` included."""
    prefix, local = tag.split(":")
    uri = MC_NS if prefix == "mc" else nsmap[prefix]
    return f"{{{uri}}}{local}"


W_P = qn("w:p")
W_TBL = qn("w:tbl")
W_TR = qn("w:tr")
W_TC = qn("w:tc")
W_SDT = qn("w:sdt")
W_SDT_CONTENT = qn("w:sdtContent")
W_CUSTOM_XML = qn("w:customXml")
W_T = qn("w:t")
W_R = qn("w:r")
W_RPR = qn("w:rPr")
W_VANISH = qn("w:vanish")
W_BR = qn("w:br")
W_TXBX_CONTENT = qn("w:txbxContent")
W_VAL = qn("w:val")
W_TYPE = qn("w:type")
TBL_GRID_COLS = f"{qn('w:tblGrid')}/{qn('w:gridCol')}"
GRID_BEFORE = f"{qn('w:trPr')}/{qn('w:gridBefore')}"
ROW_DELETED = f"{qn('w:trPr')}/{qn('w:del')}"
W_TC_PR = qn("w:tcPr")
W_GRID_SPAN = qn("w:gridSpan")
W_V_MERGE = qn("w:vMerge")
W_H_MERGE = qn("w:hMerge")
MC_ALTERNATE = qn("mc:AlternateContent")
MC_CHOICE = qn("mc:Choice")
MC_FALLBACK = qn("mc:Fallback")

# Elements whose subtree never contributes paragraph text. Text boxes are read separately
# as their own blocks.
SKIPPED_IN_TEXT = frozenset(
    qn(tag)
    for tag in (
        "w:pPr",
        "w:rPr",
        "w:del",
        "w:moveFrom",
        "w:delText",
        "w:instrText",
        "w:txbxContent",
        "mc:Fallback",
    )
)
# Elements rendered as a fixed string.
FIXED_TEXT = {
    qn("w:tab"): "\t",
    qn("w:ptab"): "\t",
    qn("w:cr"): "\n",
    qn("w:noBreakHyphen"): "-",
}
# w:br types that break the line (page and column breaks carry no text).
LINE_BREAK_TYPES = frozenset({None, "textWrapping"})
# A text box inside these is read with (or instead of) its container.
BOX_SHADOWING = frozenset({W_TXBX_CONTENT, MC_FALLBACK})
# Wrappers whose children are block-level content of the same container.
BLOCK_WRAPPERS = frozenset({W_SDT_CONTENT, W_CUSTOM_XML})

Block = Paragraph | Table


def body_blocks(body: etree._Element) -> list[Block]:
    """All blocks of a ``w:body`` (or any block container) in reading order."""
    return list(_blocks(body))


def _blocks(container: etree._Element) -> Iterator[Block]:
    for child in _block_children(container):
        if child.tag == W_P:
            yield Paragraph(paragraph_text(child))
            for box in _text_boxes(child):
                yield from _blocks(box)
        elif child.tag == W_TBL:
            yield from table_blocks(child)


def _block_children(container: etree._Element) -> Iterator[etree._Element]:
    """``w:p`` and ``w:tbl`` children, looking through content controls and wrappers."""
    for child in container:
        if child.tag in (W_P, W_TBL):
            yield child
        elif child.tag == W_SDT:
            for content in child.iterchildren(W_SDT_CONTENT):
                yield from _block_children(content)
        elif child.tag in BLOCK_WRAPPERS:
            yield from _block_children(child)
        elif child.tag == MC_ALTERNATE:
            choice = _first_choice(child)
            if choice is not None:
                yield from _block_children(choice)


def _first_choice(alternate: etree._Element) -> etree._Element | None:
    choice = alternate.find(MC_CHOICE)
    return choice if choice is not None else alternate.find(MC_FALLBACK)


def paragraph_text(paragraph: etree._Element) -> str:
    parts: list[str] = []
    _collect_text(paragraph, parts)
    return "".join(parts).strip()


def _collect_text(element: etree._Element, parts: list[str]) -> None:
    for child in element:
        tag = child.tag
        if tag in SKIPPED_IN_TEXT or (tag == W_R and _is_hidden(child)):
            continue
        if tag == W_T:
            parts.append(child.text or "")
        elif tag in FIXED_TEXT:
            parts.append(FIXED_TEXT[tag])
        elif tag == W_BR:
            if child.get(W_TYPE) in LINE_BREAK_TYPES:
                parts.append("\n")
        else:
            _collect_text(child, parts)


def _is_hidden(run: etree._Element) -> bool:
    props = run.find(W_RPR)
    vanish = props.find(W_VANISH) if props is not None else None
    return vanish is not None and vanish.get(W_VAL) not in ("0", "false", "off")


def _text_boxes(paragraph: etree._Element) -> Iterator[etree._Element]:
    """Outermost text boxes anchored in ``paragraph``, skipping mc:Fallback copies."""
    for box in paragraph.iter(W_TXBX_CONTENT):
        if not any(a.tag in BOX_SHADOWING for a in box.iterancestors() if a is not paragraph):
            yield box


def table_blocks(table: etree._Element) -> list[Table]:
    """The table as a grid, followed by the tables nested in its cells."""
    row_specs: list[RowSpec] = []
    nested: list[Table] = []
    for row in _children(table, W_TR):
        if _row_is_deleted(row):
            continue
        cells: list[CellSpec] = []
        for cell in _children(row, W_TC):
            lines: list[str] = []
            for block in _blocks(cell):
                if isinstance(block, Table):
                    nested.append(block)
                elif block.text:
                    lines.append(block.text)
            cells.append(_cell_spec(cell, "\n".join(lines)))
        row_specs.append(RowSpec(tuple(cells), grid_before=_int_val(row.find(GRID_BEFORE))))
    grid_columns = len(table.findall(TBL_GRID_COLS))
    grid = layout_grid(tuple(row_specs), grid_columns)
    return [Table(rows=grid.rows, merged=grid.merged), *nested]


def _children(element: etree._Element, tag: str) -> Iterator[etree._Element]:
    """Children with ``tag``, looking through content controls and custom-XML wrappers."""
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag == W_SDT:
            for content in child.iterchildren(W_SDT_CONTENT):
                yield from _children(content, tag)
        elif child.tag == W_CUSTOM_XML:
            yield from _children(child, tag)


def _cell_spec(cell: etree._Element, text: str) -> CellSpec:
    props = cell.find(W_TC_PR)
    if props is None:
        return CellSpec(text=text)
    # One pass over the cell's properties (the first of each tag counts, as with find()):
    # a table has thousands of cells, and each find() is a path search of its own.
    marks: dict[str, etree._Element] = {}
    for child in props:
        marks.setdefault(child.tag, child)
    return CellSpec(
        text=text,
        span=max(_int_val(marks.get(W_GRID_SPAN), default=1), 1),
        v_merge=_merge_mark(marks.get(W_V_MERGE)),
        h_merge=_merge_mark(marks.get(W_H_MERGE)),
    )


def _merge_mark(mark: etree._Element | None) -> Merge:
    # A w:vMerge without w:val means "continue" (ECMA-376 17.4.85).
    if mark is None:
        return Merge.NONE
    return Merge.RESTART if mark.get(W_VAL) == "restart" else Merge.CONTINUE


def _int_val(prop: etree._Element | None, default: int = 0) -> int:
    if prop is None:
        return default
    try:
        return int(prop.get(W_VAL, default))
    except ValueError:
        return default


def _row_is_deleted(row: etree._Element) -> bool:
    return row.find(ROW_DELETED) is not None
