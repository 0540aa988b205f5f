"""Web-page reader (selectolax's Lexbor HTML5 parser): paragraphs and tables in page order.

- Text: every block element (p, div, h1–h6, li, …) and every ``<br>`` ends a paragraph, as
  a line in a DOCX is a paragraph; runs of white space become one space, and a line
  break between two Chinese characters (source formatting) disappears. Headings and
  bold centred titles are block elements of their own, so they stay paragraphs of their
  own for the heading parser.
- Left out: script, style, the head, forms' controls, embedded frames, anything marked
  hidden, and the portal around the report (``html_rules``: header, menu, breadcrumb,
  share buttons, links, footer), which would otherwise read as the report's first lines.
- Tables: ``rowspan``/``colspan`` laid on a grid (``spans.place_spans``) with merged
  positions listed, as for DOCX. A table holding another table, or one cell only, is page
  layout: its cells are read as ordinary content.
- A page saved "complete" comes with a folder of images and styles: only the page
  itself is read (images carry no text), and the raw-folder scan skips that folder.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from selectolax.lexbor import LexborHTMLParser, LexborNode

from extractors.errors import ReadError
from extractors.html_rules import SKIPPED_ROLES, SKIPPED_TAGS, is_chrome_class, is_chrome_line
from extractors.html_source import decode_html, nesting_depth
from extractors.model import Document, Paragraph, Table, assemble
from extractors.settings import ReadSettings, raise_setting
from extractors.spans import GridTooLarge, SpanCell, place_spans

HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
# Elements that start and end a paragraph (a line in DOCX terms).
BLOCK_TAGS = frozenset(
    {
        "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
        "blockquote", "pre", "section", "article", "main", "center", "address", "figure",
        "figcaption", "hr", "br", "caption", "form", "fieldset", "legend", "details",
        "summary", "body", "tr", "td", "th", "tbody", "thead", "tfoot",
    }
)  # fmt: skip
TABLE_SECTIONS = frozenset({"thead", "tbody", "tfoot"})
CELL_TAGS = frozenset({"td", "th"})

_SPACES = re.compile(r"[ \t\n\r\f\u00a0]+")
_CJK = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
_BREAK_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}])[ \t\u00a0]*\n\s*(?=[{_CJK}])")

Block = Paragraph | Table


def read_html(data: bytes, source_path: str, settings: ReadSettings) -> Document:
    text, _encoding, warnings = decode_html(data)
    depth = nesting_depth(text)
    if depth > settings.max_html_depth:
        raise ReadError(
            "TooDeep",
            f"web page refused: its elements nest {depth:,} deep (limit "
            f"{settings.max_html_depth:,}; {raise_setting('read.max_html_depth')} if the file is trusted)",
        )
    tree = LexborHTMLParser(text)
    root = tree.body or tree.root
    blocks = list(_Walker().blocks(root)) if root is not None else []
    doc = assemble(source_path, "html", blocks, warnings=warnings)
    if not doc.blocks:
        raise ReadError("NoText", "no text in the web page: its body is empty or all navigation")
    return doc


class _Walker:
    """Collects the inline text of the current paragraph while walking the tree."""

    def __init__(self, drop_chrome_lines: bool = True) -> None:
        self.parts: list[str] = []
        # Inside a table cell every line is the report's.
        self.drop_chrome_lines = drop_chrome_lines

    def blocks(self, root: LexborNode) -> Iterator[Block]:
        # Iterative (an explicit stack), so that nesting depth costs no Python recursion;
        # an item is a node to enter or, as None, the end of a block element.
        stack: list[LexborNode | None] = [root]
        while stack:
            node = stack.pop()
            if node is None:
                yield from self.flush()
                continue
            if node.is_text_node:
                self.parts.append(node.text_content or "")
                continue
            if not node.is_element_node or _skipped(node):
                continue
            tag = node.tag or ""
            if tag == "table" and _is_data_table(node):
                yield from self.flush()
                yield from _table_blocks(node)
                continue
            if tag in BLOCK_TAGS:
                yield from self.flush()
                stack.append(None)
            stack.extend(reversed(list(_children(node))))
        yield from self.flush()

    def flush(self) -> Iterator[Paragraph]:
        if self.parts:
            text = clean_text("".join(self.parts))
            self.parts = []
            if text and not (self.drop_chrome_lines and is_chrome_line(text)):
                yield Paragraph(text)


def clean_text(raw: str) -> str:
    """One paragraph's text: source line breaks between Chinese characters removed,
    white space collapsed to single spaces, the ends stripped."""
    return _SPACES.sub(" ", _BREAK_BETWEEN_CJK.sub("", raw)).strip()


def _children(node: LexborNode) -> Iterator[LexborNode]:
    child = node.child
    while child is not None:
        yield child
        child = child.next


def _skipped(node: LexborNode) -> bool:
    tag = node.tag or ""
    if tag in SKIPPED_TAGS:
        return True
    attrs = node.attributes
    if not attrs:
        return False
    if "hidden" in attrs or (attrs.get("role") or "").lower() in SKIPPED_ROLES:
        return True
    if HIDDEN_STYLE.search(attrs.get("style") or ""):
        return True
    return is_chrome_class(tag, f"{attrs.get('class') or ''} {attrs.get('id') or ''}")


def _rows(table: LexborNode) -> Iterator[LexborNode]:
    """The table's own rows (those of nested tables excluded), in order."""
    for child in _children(table):
        if child.tag == "tr":
            yield child
        elif child.tag in TABLE_SECTIONS:
            yield from (row for row in _children(child) if row.tag == "tr")


def _cells(row: LexborNode) -> Iterator[LexborNode]:
    return (cell for cell in _children(row) if cell.tag in CELL_TAGS and not _skipped(cell))


def _is_data_table(table: LexborNode) -> bool:
    """A table of figures, not page layout: no table inside, more than one cell."""
    n_cells = 0
    for row in _rows(table):
        for cell in _cells(row):
            n_cells += 1
            if cell.css_first("table") is not None:
                return False
    return n_cells > 1


def _table_blocks(table: LexborNode) -> list[Block]:
    blocks: list[Block] = []
    caption = next((c for c in _children(table) if c.tag == "caption"), None)
    if caption is not None:
        blocks.extend(_Walker().blocks(caption))
    rows = [
        [
            SpanCell(_cell_text(cell), _span(cell, "rowspan"), _span(cell, "colspan"))
            for cell in _cells(row)
        ]
        for row in _rows(table)
    ]
    try:
        grid = place_spans(rows)
    except GridTooLarge as exc:
        raise ReadError("TableTooLarge", f"web page refused: {exc}") from exc
    if grid.rows:
        blocks.append(Table(rows=grid.rows, merged=grid.merged))
    return blocks


def _cell_text(cell: LexborNode) -> str:
    """A cell's paragraphs (lines) joined by newline, as DOCX cells are."""
    lines = _Walker(drop_chrome_lines=False).blocks(cell)
    return "\n".join(p.text for p in lines if isinstance(p, Paragraph))


def _span(cell: LexborNode, name: str) -> int:
    value = (cell.attributes.get(name) or "").strip()
    digits = re.match(r"\d+", value)
    if digits is None:
        return 1
    span = int(digits.group())
    # rowspan="0" reaches to the end of the table section; colspan="0" means 1.
    if span == 0:
        return 65534 if name == "rowspan" else 1
    return min(span, 65534)
