"""Chinese place names in running text: administrative units and their suffixes.

``唐山市丰南区`` is two units (唐山市, 丰南区); ``峨边彝族自治县`` one; ``本市`` / ``全县``
point at a place without naming it. Word classes come from jieba (``ns`` = place name).
"""

from __future__ import annotations

import re

from parsers.tokenize import tagged

ADMIN_SUFFIXES = (
    "自治县",
    "自治州",
    "自治旗",
    "特别行政区",
    "省",
    "市",
    "县",
    "区",
    "州",
    "旗",
    "盟",
)
# Common nouns that end like a place (城市, 社区): never a place unit of their own.
COMMON_NOUNS = (
    "城市",
    "地区",
    "社区",
    "园区",
    "城区",
    "辖区",
    "市区",
    "景区",
    "小区",
    "片区",
    "街区",
)
# A unit ends at its suffix unless another suffix follows (万州区 is one unit, not 万州 + 区).
PLACE_UNIT = re.compile(r".+?(?:自治县|自治州|自治旗|省|市|县|区|州|旗|盟)(?![市县区])")
# ``全县``, ``本市``, ``我区``: a word that points at a place without naming it.
DEICTIC_FIRST_CHARS = frozenset("全本我该各此每外")
# Word classes (jieba) of a name that a bare suffix can follow: 弥勒 + 市.
NAME_FLAGS = ("n", "j")
ETHNIC = re.compile(r"^[\u4e00-\u9fff]{1,3}族$")


def place_units(prefix: str) -> list[str]:
    """``唐山市丰南区`` -> [唐山市, 丰南区]."""
    return PLACE_UNIT.findall(prefix)


def place_before(text: str) -> str:
    """The place name that ends ``text``: ``…均为峨边彝族自治县`` -> 峨边彝族自治县.

    ``本市`` / ``全县`` name no place: only their suffix is returned (a short mention). A
    bare suffix that the tokenizer split from its name (弥勒 / 市) takes the name back.
    """
    words = tagged(text)
    kept: list[str] = []
    for word, flag in reversed(words):
        if _is_deictic(word):
            if not kept:
                kept.append(word[1:])
            break
        is_place = (
            flag == "ns"
            or (word.endswith(ADMIN_SUFFIXES) and re.fullmatch(r"[\u4e00-\u9fff]+", word))
            or (kept and ETHNIC.match(word) and kept[-1].startswith("自治"))
        )
        if not is_place:
            if kept and kept[-1] in ADMIN_SUFFIXES and _is_name(word, flag):
                kept.append(word)
            break
        kept.append(word)
    return "".join(reversed(kept))


def leading_place(text: str) -> str:
    """The place name that opens ``text``: ``红河州数据发展中心`` -> 红河州."""
    kept: list[str] = []
    for word, flag in tagged(text):
        is_unit = word.endswith(ADMIN_SUFFIXES) and re.fullmatch(r"[\u4e00-\u9fff]+", word)
        if flag != "ns" and not is_unit:
            break
        kept.append(word)
    return "".join(place_units("".join(kept)))


def _is_deictic(word: str) -> bool:
    return len(word) == 2 and word[0] in DEICTIC_FIRST_CHARS and word[1] in ADMIN_SUFFIXES


def _is_name(word: str, flag: str) -> bool:
    return (
        len(word) >= 2
        and flag.startswith(NAME_FLAGS)
        and re.fullmatch(r"[\u4e00-\u9fff]+", word) is not None
    )
