"""How much of a text repeats last year's: the measure behind “内容雷同”.

A character of this year's text counts as repeated when it lies inside a run of
:data:`SHINGLE` characters that also occurs in last year's text. Whitespace is
ignored and every run of digits counts as the same digit, so a paragraph copied
with only its year changed is still a copy. Reordered paragraphs are still found
(unlike a diff, which follows one order).

>>> repeated_share("2024年，我局未收到政府信息公开申请。", "2023年，我局未收到政府信息公开申请。")
(17, 17)
>>> repeated_share("本年度新建了政务公开专区。", "全面公开履职依据、机构职能等信息。")
(0, 13)
"""

from __future__ import annotations

import re
from typing import Final

SHINGLE: Final = 8
"""Length of the runs compared: long enough that common words alone do not count."""

_SPACE: Final = re.compile(r"\s+")
_DIGITS: Final = re.compile(r"[0-9０-９]+")


def normalise(text: str) -> str:
    """The text as compared: no whitespace, each run of digits as one “0”."""
    return _DIGITS.sub("0", _SPACE.sub("", text))


def repeated_share(current: str, previous: str) -> tuple[int, int]:
    """(repeated characters, all characters) of ``current``, both after :func:`normalise`."""
    now, before = normalise(current), normalise(previous)
    if len(now) < SHINGLE:  # too short for runs: repeated only if found whole
        return (len(now), len(now)) if now and now in before else (0, len(now))
    known = {before[i : i + SHINGLE] for i in range(len(before) - SHINGLE + 1)}
    covered = [False] * len(now)
    for i in range(len(now) - SHINGLE + 1):
        if now[i : i + SHINGLE] in known:
            covered[i : i + SHINGLE] = [True] * SHINGLE
    return sum(covered), len(now)
