"""Evaluation grades (优秀, 良好, A, 合格, …) to 优, 良, 中, 差."""

from __future__ import annotations

from normalizers.text import nfkc

# Written form -> normalised grade. Longer spellings are matched before shorter ones, so
# 不合格 is 差 (not 中 via 合格) and 良好 is 良.
GRADE_MAP: dict[str, str] = {
    "优秀": "优",
    "优": "优",
    "A": "优",
    "良好": "良",
    "良": "良",
    "B": "良",
    "中等": "中",
    "中": "中",
    "合格": "中",
    "一般": "中",
    "及格": "中",
    "C": "中",
    "不合格": "差",
    "不及格": "差",
    "较差": "差",
    "差": "差",
    "D": "差",
    # grades by class (广西's 一等…四等)
    "一等": "优",
    "二等": "良",
    "三等": "中",
    "四等": "差",
}

GRADES: tuple[str, ...] = ("优", "良", "中", "差")


def normalise_grade(raw: str | None) -> str | None:
    """``"优秀"`` -> 优, ``"良好"`` -> 良, ``"合格"`` -> 中, ``"不合格"`` -> 差, else None.

    Accepts the grade alone, optionally with 级/等 and surrounding punctuation
    (``"优秀等级"``, ``"“良”"``, ``"A级"``).
    """
    if raw is None:
        return None
    text = "".join(nfkc(raw).strip(" \t\r\n“”\"'「」《》()（）:：,，。.;；").split())
    if text in GRADE_MAP:
        return GRADE_MAP[text]
    for suffix in ("等级", "级", "等"):
        if text.endswith(suffix) and len(text) > len(suffix):
            text = text[: -len(suffix)]
            break
    text = text.upper() if text.isascii() else text
    return GRADE_MAP.get(text)


def find_grade(text: str) -> tuple[str, str] | None:
    """The first grade word in ``text`` as (raw, normalised); longest spelling wins.

    Only Chinese spellings are searched (a bare A/B in running text is not a grade).
    """
    best: tuple[int, str] | None = None
    for word in sorted((w for w in GRADE_MAP if not w.isascii()), key=len, reverse=True):
        position = text.find(word)
        if position >= 0 and (best is None or position < best[0]):
            best = (position, word)
    if best is None:
        return None
    return best[1], GRADE_MAP[best[1]]
