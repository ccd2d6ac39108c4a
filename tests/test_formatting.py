"""Formatting through babel (zh_CN) and the one hand-written helper, chinese_numeral."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from nianbao.formatting import (
    chinese_numeral,
    format_count,
    format_date,
    format_money,
    format_share,
    format_year,
)

DIGITS = "零一二三四五六七八九"


def parse_numeral(text: str) -> int:
    """An independent reading of 一…九十九, to check chinese_numeral against."""
    if "十" not in text:
        return DIGITS.index(text)
    tens, _, ones = text.partition("十")
    return (DIGITS.index(tens) if tens else 1) * 10 + (DIGITS.index(ones) if ones else 0)


@pytest.mark.parametrize(
    ("n", "expected"), [(1, "一"), (6, "六"), (10, "十"), (11, "十一"), (20, "二十"), (25, "二十五"), (99, "九十九")]
)
def test_chinese_numeral_known_values(n: int, expected: str) -> None:
    assert chinese_numeral(n) == expected


def test_chinese_numeral_reads_back_for_every_value() -> None:
    written = [chinese_numeral(n) for n in range(1, 100)]
    assert [parse_numeral(text) for text in written] == list(range(1, 100))
    assert len(set(written)) == 99
    assert not any("零" in text or text.startswith("一十") for text in written)


@pytest.mark.parametrize("bad", [0, -1, 100])
def test_chinese_numeral_refuses_what_headings_never_need(bad: int) -> None:
    with pytest.raises(ValueError, match="outside"):
        chinese_numeral(bad)


def test_counts_are_ungrouped_unless_asked() -> None:
    assert format_count(3985758) == "3985758"
    assert format_count(3985758, grouping=True) == "3,985,758"
    assert format_count(0) == "0"


def test_money_keeps_its_decimal_places() -> None:
    assert format_money(Decimal("59237.2440")) == "59237.2440"
    assert format_money(Decimal("59237.2440"), grouping=True) == "59,237.2440"
    assert format_money(Decimal("0.50")) == "0.50"
    assert format_money(Decimal(2230)) == "2230"


def test_share_has_two_decimals() -> None:
    assert format_share(42, 81) == "51.85%"  # 平潭 2023 (SENTENCES.md D16)
    assert format_share(1, 1) == "100.00%"
    assert format_share(1, 3) == "33.33%"
    assert format_share(0, 0) == "0.00%"


def test_year_and_date() -> None:
    assert format_year(2023) == "2023"
    assert format_date(datetime.date(2023, 12, 31)) == "2023年12月31日"
