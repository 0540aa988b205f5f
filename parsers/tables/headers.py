"""Header cells: normalising their text and naming the column each one heads.

Report tables spell the same column many ways (年度指标值, 预期指标值(包含数字及文字描述),
指标值) and stack header letters one per line (``绩\\n效\\n指\\n标``). A cell is first
normalised (NFKC, all whitespace removed, bracketed asides such as ``(A)`` or
``(万元)`` dropped), then looked up in ``COLUMN_ALIASES``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from normalizers.text import nfkc

# Field -> the spellings of its header cell, after normalise_header(). Rules as data: add
# a spelling here, not a branch in code. Longer spellings are tried first.
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    # indicator tables
    "level1": ("一级指标",),
    "level2": ("二级指标",),
    "level3": ("三级指标", "具体指标", "指标内容", "绩效指标名称", "指标名称", "三级指标名称"),
    "target": (
        "年度指标值",
        "预期指标值",
        "年度目标值",
        "预期目标值",
        "目标值",
        "指标值",
        "计划指标值",
        "年初目标值",
        "本年绩效指标值",
        "本年指标值",
    ),
    # a target table may write the target's operator (≥, ＝, 定性) and unit in columns of
    # their own: 绩效指标性质 | 本年绩效指标值 | 绩效度量单位
    "target_op": ("指标性质", "绩效指标性质"),
    "target_unit": ("度量单位", "绩效度量单位", "计量单位"),
    "actual": (
        "实际完成值",
        "实际完成指标值",
        "全年完成值",
        "全年实际值",
        "实际值",
        "完成值",
        "实际完成情况值",
    ),
    "weight": ("分值", "权重", "指标分值", "权重分"),
    "score": ("得分", "自评得分", "评价得分", "实际得分"),
    "note": (
        "偏差原因分析及改进措施",
        "未完成原因和改进措施",
        "未完成原因及改进措施",
        "偏差原因及改进措施",
        "偏差原因分析",
        "偏差原因",
        "原因分析及改进措施",
        "备注",
    ),
    # budget tables
    "budget_initial": (
        "年初预算数",
        "年初预算",
        "预算数",
        "年初预算金额",
        "预算金额",
        "当年预算",
        "当年财政拨款预算金额",
        "年初部门预算安排金额",
    ),
    "budget_final": (
        "全年预算数",
        "调整后预算数",
        "调整后预算",
        "调整预算数",
        "全年预算",
        "项目投资数",
    ),
    "executed": (
        "全年执行数",
        "实际支出数",
        "执行数",
        "实际执行数",
        "预算执行数",
        "实际支出",
        "支出数",
        "决算数",
        "全年决算数",
        "支出决算数",
        "年度拨付金额",
    ),
    "rate": ("执行率", "预算执行率", "资金执行率", "预算执行率%", "支出实现率"),
    # what is left unspent at the year's end (本年度结余金额⑥=③-④)
    "carryover": ("本年度结余金额", "本年结余金额", "年末结余金额", "结余金额", "年末结余"),
}

# Spellings that name a field only when no header cell of the row names it otherwise: a
# target table's 绩效指标 column holds the indicator itself when the row has no 三级指标
# (beside 一级指标/二级指标/三级指标, 绩效指标 is the label of the whole group).
FALLBACK_ALIASES: dict[str, tuple[str, ...]] = {
    "level3": ("绩效指标",),
}

# Headers of the 年度总体目标 block (预期目标 / 实际完成情况): they end other blocks.
GOAL_HEADERS: tuple[str, ...] = (
    "预期目标",
    "实际完成情况",
    "目标实际完成情况",
    "年初设定目标",
    "全年实际完成情况",
    "实际完成目标",
    "年度目标",
)

# A 合计 row closes an indicator table (its text with spaces removed).
TOTAL_LABELS: tuple[str, ...] = (
    "合计",
    "总计",
    "总分",
    "综合得分",
    "总得分",
    "得分合计",
    "合计得分",
    "自评总分",
    "评价总分",
    "自评得分合计",
)

_BRACKETED = re.compile(r"[(\[【][^()\[\]【】]*[)\]】]")
_SPACE = re.compile(r"\s+")
_IMAGE = re.compile(r"\[image:[^\]]*\]", re.IGNORECASE)
_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{_CJK}\W])\s+|\s+(?=[{_CJK}\W])")
# Column numbers and the formula a form writes after a header (小计③=①+②, 支出实现率⑤=④/③).
_CIRCLED = re.compile(r"[\u2460-\u2473]")
_FORMULA = re.compile(r"=[\d+\-*/×÷]*$")
_WEIGHT_SUFFIX = re.compile(r"\((\d+(?:\.\d+)?)分\)\s*$")

# Header and label cells repeat across the rows, tables and documents of a run (each row is
# asked whether it is a header), so the pure cell -> value functions below are memoised.
CELL_CACHE_SIZE = 8192


@lru_cache(maxsize=CELL_CACHE_SIZE)
def normalise_header(text: str) -> str:
    """Header text for matching: NFKC, whitespace removed, bracketed asides dropped.

    ``"绩\\n效\\n指\\n标"`` -> ``"绩效指标"``; ``"全年预算数（A）"`` -> ``"全年预算数"``;
    ``"支出实现率(%)⑤=④/③"`` -> ``"支出实现率"``.
    """
    folded = _SPACE.sub("", nfkc(_CIRCLED.sub("", _IMAGE.sub("", text))))
    folded = _FORMULA.sub("", folded)
    without_asides = _BRACKETED.sub("", folded)
    return without_asides.rstrip(":：")


@lru_cache(maxsize=CELL_CACHE_SIZE)
def clean_label(text: str) -> str:
    """A label cell as text for the curated data: NFKC, line breaks inside it removed.

    Spaces between Chinese characters (stacked letters, padding) go; a space between two
    Latin words stays. ``"产\\n出\\n指\\n标"`` -> ``"产出指标"``.
    """
    folded = nfkc(_IMAGE.sub("", text)).strip()
    return _SPACE.sub(" ", _SPACE_NEAR_CJK.sub("", folded)).strip()


@lru_cache(maxsize=CELL_CACHE_SIZE)
def is_blank(text: str) -> bool:
    """Empty, whitespace only, or an image placeholder of the TXT exports."""
    return not _IMAGE.sub("", nfkc(text)).strip()


def split_level_weight(text: str) -> tuple[str, float | None]:
    """``"产出指标(50分)"`` -> (``"产出指标"``, 50.0): the level's label and its total weight."""
    label = clean_label(text)
    match = _WEIGHT_SUFFIX.search(label)
    if match is None:
        return label, None
    return label[: match.start()].strip(), float(match.group(1))


_ALIAS_ORDER: tuple[tuple[str, str], ...] = tuple(
    sorted(
        ((alias, field) for field, aliases in COLUMN_ALIASES.items() for alias in aliases),
        key=lambda pair: -len(pair[0]),
    )
)
# Exact matches by lookup; an alias listed twice keeps its first field in _ALIAS_ORDER.
_FIELD_OF_ALIAS: dict[str, str] = dict(reversed(_ALIAS_ORDER))
# A header cell may carry a little more than its alias (实际完成值(%), 年初预算数(万元)
# is handled by dropping brackets; 得分情况 by this slack) but not a sentence.
_MAX_EXTRA_CHARS = 2


@lru_cache(maxsize=CELL_CACHE_SIZE)
def column_field(text: str) -> str | None:
    """The field a header cell names (``"level1"``, ``"target"``, ``"budget_final"``…) or None."""
    header = normalise_header(text)
    if not header:
        return None
    if header in _FIELD_OF_ALIAS:
        return _FIELD_OF_ALIAS[header]
    for alias, field in _ALIAS_ORDER:
        if header.startswith(alias) and len(header) - len(alias) <= _MAX_EXTRA_CHARS:
            return field
    return None


def is_goal_header(text: str) -> bool:
    return normalise_header(text) in GOAL_HEADERS


def is_total_label(text: str) -> bool:
    return normalise_header(text) in TOTAL_LABELS


_UNIT_LINE = re.compile(r"单位\s*[:：]\s*(万元|元|亿元|千元)")


def stated_unit(line: str) -> str | None:
    """The money unit a line above a table states: ``单位：万元`` or ``（万元）``."""
    match = _UNIT_LINE.search(nfkc(line))
    return match.group(1) if match else header_unit((line,))


def header_unit(cells: tuple[str, ...]) -> str | None:
    """The money unit a header states in brackets (``（万元）``, ``(元)``), if any."""
    for cell in cells:
        match = re.search(r"[(（]\s*(万元|元|亿元|千元)\s*[)）]", nfkc(cell))
        if match:
            return match.group(1)
    return None
