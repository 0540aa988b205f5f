"""Traditional Chinese characters to simplified (萬元 -> 万元, 預算 -> 预算), by OpenCC.

Reports copied through traditional-character mirrors keep their figures but spell every
word the parsers look for differently; converting before parsing lets one set of rules
read both. The conversion keeps the text's length (OpenCC's t2s maps characters one to
one; where a phrase rule would not, each character is converted alone), so offsets stay
valid. A document is converted only when it has traditional characters enough to tell
(a simplified report may hold a stray 著 or 乾 that t2s would change).
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache

import opencc

from extractors.model import Document, Paragraph, Table, table_text

# Characters that t2s changes, needed before a document counts as traditional.
MIN_TRADITIONAL_CHARS = 5
MIN_TRADITIONAL_SHARE = 0.02  # of its CJK characters


@cache
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """``text`` in simplified characters, exactly as long as ``text``."""
    converted: str = _converter().convert(text)
    if len(converted) == len(text):
        return converted
    return "".join(c if len(c) == 1 else ch for ch, c in zip(text, map(_char, text), strict=True))


def _char(ch: str) -> str:
    converted: str = _converter().convert(ch)
    return converted


def is_traditional(text: str) -> bool:
    """Whether ``text`` is written in traditional characters (enough of them to tell)."""
    converted = to_simplified(text)
    changed = sum(a != b for a, b in zip(text, converted, strict=True))
    cjk = sum("\u4e00" <= ch <= "\u9fff" for ch in text)
    return changed >= MIN_TRADITIONAL_CHARS and changed >= MIN_TRADITIONAL_SHARE * max(cjk, 1)


def simplified_document(doc: Document) -> Document:
    """The document in simplified characters when it is traditional, else ``doc`` itself.

    Offsets and pages are kept; every block and the whole text are converted.
    """
    if not is_traditional(doc.text):
        return doc
    blocks: list[Paragraph | Table] = []
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            blocks.append(replace(block, text=to_simplified(block.text)))
        else:
            rows = tuple(tuple(to_simplified(cell) for cell in row) for row in block.rows)
            blocks.append(replace(block, rows=rows))
    text = to_simplified(doc.text)
    assert all(
        text[b.char_start : b.char_end]
        == (b.text if isinstance(b, Paragraph) else table_text(b.rows))
        for b in blocks
    ), "conversion changed the text's offsets"
    return replace(doc, blocks=tuple(blocks), text=text)
