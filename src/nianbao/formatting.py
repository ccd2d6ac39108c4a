"""Locale-aware formatting, kept in one place (babel, zh_CN).

>>> format_count(3985758)
'3985758'
>>> format_money(Decimal("59237.2440"))
'59237.2440'
>>> format_date(datetime.date(2024, 1, 18))
'2024年1月18日'
>>> chinese_numeral(12)
'十二'
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Final

from babel.dates import format_date as _babel_date
from babel.numbers import format_decimal, format_percent

from nianbao.model import Cell, Money, NotApplicable

LOCALE: Final = "zh_CN"
NOT_APPLICABLE_TEXT: Final = "/"


def format_count(value: int, grouping: bool = False) -> str:
    """A whole number; reports write 3985758, so digit grouping is off by default."""
    return format_decimal(value, locale=LOCALE, group_separator=grouping)


def format_money(value: Decimal, grouping: bool = False) -> str:
    """An amount with exactly the decimal digits it was given (0.50 stays 0.50)."""
    exponent = value.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    pattern = ("#,##0" if grouping else "0") + ("." + "0" * places if places else "")
    return format_decimal(value, format=pattern, locale=LOCALE, group_separator=grouping, decimal_quantization=True)


def format_cell(value: Cell | Money, grouping: bool = False) -> str:
    """A table cell: a count, an amount, or "/" for not applicable."""
    if isinstance(value, NotApplicable):
        return NOT_APPLICABLE_TEXT
    if isinstance(value, Decimal):
        return format_money(value, grouping)
    return format_count(value, grouping)


def format_year(year: int) -> str:
    """A year as reports write it: 2023, never grouped (not 2,023)."""
    return format_decimal(year, locale=LOCALE, group_separator=False)


def format_date(value: datetime.date) -> str:
    """A date as reports write it: 2024年1月18日."""
    return _babel_date(value, format="long", locale=LOCALE)


def format_share(part: int, whole: int) -> str:
    """A share in percent with two decimals, as reports give it: 51.85%."""
    if whole == 0:
        return format_percent(0, format="0.00%", locale=LOCALE)
    return format_percent(Decimal(part) / Decimal(whole), format="0.00%", locale=LOCALE)


_DIGITS: Final = "零一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九, for headings (babel has none)."""
    if not 1 <= n <= 99:
        raise ValueError(f"chinese_numeral: {n} is outside 1..99")
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _DIGITS[ones]
    head = "" if tens == 1 else _DIGITS[tens]
    return head + "十" + (_DIGITS[ones] if ones else "")
