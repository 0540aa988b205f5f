"""Decode the bytes of a text file: UTF-8 (with or without BOM), UTF-16, GB18030/GBK.

Government TXT exports are often GBK. The order of attempts matters: a BOM decides;
strict UTF-8 is tried next because GBK bytes almost never form valid UTF-8; a mostly
valid UTF-8 file with a few bad bytes stays UTF-8 (those bytes are replaced); otherwise
strict GB18030 (a superset of GBK and GB2312); only then is charset-normalizer asked.
Line ends are normalised to LF. Pure: bytes in, text out.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from extractors.errors import ReadError

REPLACEMENT = "\ufffd"

# Encodings charset-normalizer may name for simplified-Chinese text; GB18030 decodes
# every one of them (it is their superset), so it is used instead.
CHINESE_FAMILY = frozenset({"gb2312", "gbk", "gb18030", "hz", "hz_gb_2312", "cp936", "euc_cn"})

# CJK ideographs and full-width punctuation: what Chinese text mostly consists of.
_CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")

# Control characters other than TAB and the line ends; NUL marks binary data.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class DecodeSettings:
    """Tolerances for deciding how to decode, with their reasons."""

    # A file that is not valid UTF-8 is still read as UTF-8 (a stray or truncated byte)
    # when at least this share of its Chinese characters plus errors decode as Chinese.
    # GBK read as UTF-8 gives about 1% (measured on the samples re-encoded as GBK).
    min_utf8_cjk_share: float = 0.8
    # Above this share of replacement or control characters, and at least this many of
    # them, the bytes are not text (a short file with one truncated character still is).
    max_garbage_share: float = 0.10
    min_garbage_chars: int = 8
    # UTF-16 without a BOM: NULs (the high byte of ASCII) in at least this share of the
    # odd (LE) or even (BE) bytes, and this many times more often than on the other side.
    # Binary data has its NULs on both sides alike.
    utf16_nul_share: float = 0.05
    utf16_nul_ratio: float = 4.0
    utf16_min_nuls: int = 4


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


def decode_text(data: bytes, settings: DecodeSettings | None = None) -> DecodedText:
    """Decode ``data`` to text with LF line ends.

    Raises ``ReadError("EmptyFile")`` when nothing but whitespace remains and
    ``ReadError("CorruptFile")`` when the bytes are not text.
    """
    settings = settings or DecodeSettings()
    text, encoding = _decode(data, settings)
    garbage = text.count(REPLACEMENT) + len(_CONTROL.findall(text))
    visible = len("".join(text.split()))  # characters other than whitespace
    if garbage >= settings.min_garbage_chars and garbage / visible > settings.max_garbage_share:
        share = round(100 * garbage / visible)
        raise ReadError(
            "CorruptFile", f"not a text file: {share}% of its characters are binary or undecodable"
        )
    warnings: tuple[str, ...] = ()
    replaced = text.count(REPLACEMENT)
    if replaced:
        warnings = (f"{replaced} undecodable byte sequence(s) replaced (decoded as {encoding})",)
    text = _CONTROL.sub("", normalise_line_ends(text))
    if not text.strip():
        raise ReadError("EmptyFile", "empty file: the text file holds only whitespace")
    return DecodedText(text=text, encoding=encoding, warnings=warnings)


# Line ends, longest first: CR CR LF comes from files converted to CRLF twice and is one
# line end, not a line end plus a blank line (which would split table rows).
LINE_ENDS: tuple[str, ...] = ("\r\r\n", "\r\n", "\r", "\f", "\v", "\u2028", "\u2029")
_LINE_END = re.compile("|".join(re.escape(end) for end in LINE_ENDS))


def normalise_line_ends(text: str) -> str:
    """CR CR LF, CRLF, lone CR, form feed, vertical tab and Unicode separators become LF."""
    return _LINE_END.sub("\n", text)


def _decode(data: bytes, settings: DecodeSettings) -> tuple[str, str]:
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16"
    utf16 = _utf16_without_bom(data, settings)
    if utf16:
        return data.decode(utf16, errors="replace"), utf16
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    as_utf8 = data.decode("utf-8", errors="replace")
    cjk, errors = len(_CJK.findall(as_utf8)), as_utf8.count(REPLACEMENT)
    if cjk >= settings.min_utf8_cjk_share * (cjk + errors):
        return as_utf8, "utf-8"
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        pass
    guessed = _guess_encoding(data)
    return data.decode(guessed, errors="replace"), guessed


def _guess_encoding(data: bytes) -> str:
    # loaded only for the rare file that is neither UTF-8 nor GB18030
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding.lower() in CHINESE_FAMILY:
        return "gb18030"
    return best.encoding


def _utf16_without_bom(data: bytes, settings: DecodeSettings) -> str | None:
    """'utf-16-le' or 'utf-16-be' when NULs sit at every other byte, else None."""
    if len(data) < 4 or b"\x00" not in data:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    least = max(settings.utf16_nul_share * len(data) / 2, settings.utf16_min_nuls)
    if odd >= least and odd > settings.utf16_nul_ratio * even:
        return "utf-16-le"
    if even >= least and even > settings.utf16_nul_ratio * odd:
        return "utf-16-be"
    return None
