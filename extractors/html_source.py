"""A web page's bytes as text, and how deep its tags nest, before any HTML parser runs.

Encoding, in the order a browser decides it: a byte-order mark; a charset declared in the
first bytes (``<meta charset>``, ``<meta http-equiv="Content-Type" content="…charset=…">``,
an XML declaration); otherwise the detection TXT files get (``encoding.decode_text``:
UTF-8, then GB18030, then charset-normalizer). A declared GB2312 or GBK is read as
GB18030, their superset, as browsers do; a declaration the bytes contradict is ignored.
"""

from __future__ import annotations

import codecs
import re

from extractors.encoding import decode_text, normalise_line_ends
from extractors.errors import ReadError

# Where a charset declaration must stand (the HTML standard's prescan reads 1024 bytes;
# pages written by hand put a long <head> first, so a little more is read).
PRESCAN_BYTES = 4096
_DECLARED = re.compile(
    rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)"""
    rb"""|<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""",
    re.IGNORECASE,
)
SUPERSEDED_BY_GB18030 = frozenset({"gb2312", "gbk", "x-gbk", "cp936", "gb_2312-80", "euc-cn"})

# Elements that never hold content (no end tag), and those whose end tag may be left out:
# neither counts towards nesting.
_NOT_NESTING = frozenset(
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody",
        "tfoot", "colgroup", "option", "optgroup", "rt", "rp", "html", "head", "body",
    }
)  # fmt: skip
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)[^<>]*?(/?)>")
# Spans whose tags do not nest: comments, scripts, styles (start marker -> end marker).
_OPAQUE = re.compile(r"<!--|<script\b|<style\b", re.IGNORECASE)
_OPAQUE_END = {"<!--": "-->", "<script": "</script", "<style": "</style"}


def decode_html(data: bytes) -> tuple[str, str, tuple[str, ...]]:
    """(text with LF line ends, the encoding used, warnings)."""
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        decoded = decode_text(data)
        return decoded.text, decoded.encoding, decoded.warnings
    declared = declared_encoding(data[:PRESCAN_BYTES])
    if declared is not None:
        try:
            text = data.decode(declared)
        except UnicodeDecodeError:
            pass  # the declaration is wrong: detect instead
        else:
            if not text.strip():
                raise ReadError("EmptyFile", "empty file: the web page holds only whitespace")
            return normalise_line_ends(text), declared, ()
    decoded = decode_text(data)
    return decoded.text, decoded.encoding, decoded.warnings


def declared_encoding(head: bytes) -> str | None:
    """The Python codec for the charset the page declares, or None (none, or unknown)."""
    match = _DECLARED.search(head)
    if match is None:
        return None
    name = (match.group(1) or match.group(2)).decode("ascii").lower()
    if name in SUPERSEDED_BY_GB18030:
        return "gb18030"
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    # A page that says UTF-16 in ASCII bytes is not UTF-16 (the HTML standard reads it as UTF-8).
    return "utf-8" if codec.startswith("utf-16") else codec


def nesting_depth(text: str) -> int:
    """How deep the page's elements nest, counting start and end tags (an over-estimate
    where end tags are missing). Cheap and linear: HTML parsers slow down quadratically
    on deep nesting, so this decides before one runs."""
    depth = deepest = 0
    for chunk in _outside_opaque(text):
        for match in _TAG.finditer(chunk):
            closing, name, self_closing = match.groups()
            if name.lower() in _NOT_NESTING or self_closing:
                continue
            if closing:
                depth = max(depth - 1, 0)
            else:
                depth += 1
                deepest = max(deepest, depth)
    return deepest


def _outside_opaque(text: str) -> list[str]:
    """The text between comments, scripts and styles (each found once: linear time)."""
    chunks: list[str] = []
    position = 0
    lowered = text.lower()
    while (match := _OPAQUE.search(text, position)) is not None:
        chunks.append(text[position : match.start()])
        marker = _OPAQUE_END[match.group().lower()]
        end = lowered.find(marker, match.end())
        if end < 0:
            return chunks
        position = end + len(marker)
    chunks.append(text[position:])
    return chunks
