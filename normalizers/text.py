"""Text normalisation: NFKC (full-width digits and letters to half-width) and spacing."""

from __future__ import annotations

import re
import unicodedata

# Characters NFKC leaves alone but that stand for ASCII in these reports.
_EXTRA_FOLDS = str.maketrans(
    {
        "\u3000": " ",  # ideographic space
        "\u00a0": " ",  # no-break space
        "\u2002": " ",
        "\u2003": " ",
        "\u2009": " ",
        "\u200b": "",  # zero-width space
        "\ufeff": "",  # byte-order mark inside text
    }
)


def nfkc(text: str) -> str:
    """NFKC-normalise ``text`` (１２３．４５ -> 123.45, ％ -> %, ， -> ,)."""
    return unicodedata.normalize("NFKC", text).translate(_EXTRA_FOLDS)


def fold_width(text: str) -> str:
    """Full-width ASCII (U+FF01..U+FF5E) to half-width, nothing else; length is kept.

    Unlike :func:`nfkc` this maps one character to exactly one character, so offsets into
    the folded text are offsets into the original.
    """
    # translate() looks every character up in the table, ~0.1 us each: the cost of a long
    # paragraph is in its CJK text, so only the runs of characters to fold go through it.
    return _FOLDED_RUN.sub(_fold_run, text)


_WIDTH_TABLE = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_FOLDED_RUN = re.compile("[\uff01-\uff5e\u3000]+")  # exactly the keys of _WIDTH_TABLE


def _fold_run(run: re.Match[str]) -> str:
    return run.group().translate(_WIDTH_TABLE)


def collapse_spaces(text: str) -> str:
    """Runs of whitespace to one space, stripped at both ends."""
    return " ".join(text.split())
