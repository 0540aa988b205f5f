"""Word segmentation with jieba and the domain dictionary shipped in ``parsers/data``.

One ``jieba.Tokenizer`` per process, built on first use and cached; the global jieba
default is never touched (other code may use it with other dictionaries).
"""

from __future__ import annotations

import logging
from functools import cache, lru_cache
from importlib.resources import files

import jieba
import jieba.posseg

DOMAIN_DICT = "jieba_dict.txt"


@cache
def tokenizer() -> jieba.Tokenizer:
    """The process-wide tokenizer with the domain dictionary loaded (quiet: no log lines)."""
    logging.getLogger("jieba").setLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    tk.initialize()
    tk.load_userdict(str(files("parsers.data").joinpath(DOMAIN_DICT)))
    return tk


@cache
def pos_tokenizer() -> jieba.posseg.POSTokenizer:
    return jieba.posseg.POSTokenizer(tokenizer())


def tokens(text: str) -> list[str]:
    """``text`` cut into words (no HMM guessing, so results depend only on the dictionaries)."""
    return list(tokenizer().cut(text, HMM=False))


def tagged(text: str) -> list[tuple[str, str]]:
    """``text`` cut into (word, part-of-speech) pairs; ``ns`` marks place names."""
    return [(p.word, p.flag) for p in pos_tokenizer().cut(text, HMM=False)]


@lru_cache(maxsize=4096)
def token_bounds(text: str) -> frozenset[int]:
    """Character offsets where a word starts or ends (0 and len(text) included).

    Words of the search-engine cut count too, so the parts of a compound are words:
    "评价结论" is found in "绩效评价结论" although the plain cut keeps "绩效评价" whole.
    Memoised: a heading is classified both as a section and as a finding, and reports
    share most of their headings.
    """
    bounds = {0, len(text)}
    for start, end in _spans(text):
        bounds.update((start, end))
    return frozenset(bounds)


def _spans(text: str) -> list[tuple[int, int]]:
    tk = tokenizer()
    plain = [(start, end) for _, start, end in tk.tokenize(text, HMM=False)]
    search = [(start, end) for _, start, end in tk.tokenize(text, mode="search", HMM=False)]
    return plain + search


def contains_term(text: str, term: str, bounds: frozenset[int] | None = None) -> bool:
    """True when ``term`` occurs in ``text`` starting and ending on word boundaries.

    "问题" is in "其他需要说明的问题" as a word but "存在问题" is not; terms are phrases that
    must not cut through a word ("收支情况" does not match inside "收支情况表" cut as one word).
    """
    bounds = token_bounds(text) if bounds is None else bounds
    start = text.find(term)
    while start != -1:
        if start in bounds and start + len(term) in bounds:
            return True
        start = text.find(term, start + 1)
    return False
