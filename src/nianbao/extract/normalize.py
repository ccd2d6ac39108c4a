"""Text normalisation for matching labels and reading cell values.

Real reports write the official labels with stray spaces and line breaks, full- or
half-width punctuation, "、" or "，", other numbering ("1、" for "1.") and a few
recurring typos. :func:`label_key` reduces a label to what matters, so that
``label_key("商业\\n企业") == label_key("商业企业")``.

>>> label_key("2.其他法律行政止公开")
'其他法律行政法规禁止公开'
>>> label_key("（二）部分公开（区分处理的，只计这一情况，不计其他情形）") == label_key(
...     "（二）部分公开（区分处理的，只计这一情形，不计其他情形）")
True
>>> cell_value(" 1,024 ").number
Decimal('1024')
>>> cell_value("（一）予以公开") is None
True
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from decimal import Decimal
from typing import Final, Literal

from attrs import frozen

_BOOKMARK: Final = re.compile(r"\[bookmark: [^\]]*\]")
_INVISIBLE: Final = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
_SPACE: Final = re.compile(r"\s+")

# Recurring typos in published tables (FORMAT.md §7), written as label keys.
KNOWN_TYPOS: Final = {
    "其他法律行政止公开": "其他法律行政法规禁止公开",
    "三类内容事务信息": "三类内部事务信息",
    "只计这一情况": "只计这一情形",
    "行政法复议": "行政复议",
}

_NUMBERING: Final = re.compile(
    r"^(?:\((?P<paren>[一二三四五六七八九十]{1,3}|\d{1,2})\)"
    r"|(?P<han>[一二三四五六七八九十]{1,3})[、.,]"
    r"|(?P<arabic>\d{1,2})(?:[、.,)]|(?=\D)))"
)


def clean(text: str) -> str:
    """Text without bookmarks, invisible characters and outer whitespace."""
    return _BOOKMARK.sub("", text).translate(_INVISIBLE).strip()


def squash(text: str) -> str:
    """Text with every space and line break removed (Chinese text needs none)."""
    return _SPACE.sub("", clean(text))


def folded(text: str) -> str:
    """Squashed and width-folded (full-width letters, digits and brackets to half-width)."""
    return unicodedata.normalize("NFKC", squash(text))


def numbering(text: str) -> str | None:
    """The leading item number of a label ("1" for "1、…", "一" for "（一）…"), if any."""
    m = _NUMBERING.match(folded(text))
    if m is None:
        return None
    return m.group("paren") or m.group("han") or m.group("arabic")


def _letters(text: str) -> str:
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LN")


def raw_key(text: str) -> str:
    """A label reduced to its letters and digits, item number dropped; typos kept."""
    t = folded(text)
    m = _NUMBERING.match(t)
    if m is not None:
        t = t[m.end() :]
    return _letters(t)


def label_key(text: str) -> str:
    """A label reduced for matching: no spaces, punctuation or item number; known typos fixed."""
    key = raw_key(text)
    for typo, right in KNOWN_TYPOS.items():
        key = key.replace(typo, right)
    return key


# --- cell values ------------------------------------------------------------------

ValueKind = Literal["number", "blank", "slash", "none", "dash", "missing"]
"""``missing`` is a cell a short row lacks (the importer pads rows, noting it once)."""

_NUMBER: Final = re.compile(r"^\+?(?P<digits>\d{1,3}(?:,\d{3})+|\d+)(?P<fraction>\.\d+)?(?:件|个|项|条|次|万元|元)?$")
_DASHES: Final = frozenset({"-", "--", "—", "——", "–", "―"})


@frozen
class Value:
    """A cell that holds a figure, or one of the ways reports write "nothing"."""

    kind: ValueKind
    raw: str
    number: Decimal | None = None


def cell_value(text: str) -> Value | None:
    """What a cell holds if it is a value cell; ``None`` for a label (text)."""
    t = folded(text)
    if t == "":
        return Value("blank", t)
    if t in ("/", "\\"):
        return Value("slash", t)
    if t == "无":
        return Value("none", t)
    if t in _DASHES:
        return Value("dash", t)
    m = _NUMBER.match(t)
    if m is None:
        return None
    return Value("number", t, Decimal(m.group("digits").replace(",", "") + (m.group("fraction") or "")))


# --- dates --------------------------------------------------------------------------

_HAN_DIGITS: Final = {ch: i for i, ch in enumerate("零一二三四五六七八九")} | {"〇": 0, "○": 0, "O": 0}
_DATE: Final = re.compile(
    r"^(?P<y>\d{4}|[〇○O零一二三四五六七八九]{4})年"
    r"(?P<m>\d{1,2}|[一二三四五六七八九十]{1,3})月"
    r"(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})日$"
)


def _han_number(text: str) -> int:
    if text.isdigit():
        return int(text)
    if len(text) == 4:  # a year written digit by digit: 二〇二四
        return int("".join(str(_HAN_DIGITS[ch]) for ch in text))
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_HAN_DIGITS[tens] if tens else 1) * 10 + (_HAN_DIGITS[ones] if ones else 0)
    return _HAN_DIGITS[text]


def parse_date(text: str) -> datetime.date | None:
    """A whole-line date as reports write it: 2024年1月18日 or 二〇二四年一月十八日.

    >>> parse_date("二〇二四年一月十八日")
    datetime.date(2024, 1, 18)
    >>> parse_date("2024年1月18日起") is None
    True
    """
    m = _DATE.match(folded(text))
    if m is None:
        return None
    try:
        return datetime.date(_han_number(m.group("y")), _han_number(m.group("m")), _han_number(m.group("d")))
    except (KeyError, ValueError):
        return None
