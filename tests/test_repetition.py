"""The repeated share behind C1."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from nianbao.repetition import SHINGLE, normalise, repeated_share

LAST = "一是主动公开的深度不够，部分栏目更新不及时；二是工作人员业务能力有待提升。下一步将健全栏目维护责任制。"
NEW = "一是政策解读形式较为单一；二是依申请公开答复的规范性有待提高。下一步将丰富解读形式，加强答复文书审核。"


def test_identical_text_is_wholly_repeated() -> None:
    assert repeated_share(LAST, LAST) == (len(normalise(LAST)), len(normalise(LAST)))


def test_changed_years_and_spacing_still_count_as_copied() -> None:
    this_year = "2024 年，全区政府信息公开工作取得一定成绩，但仍存在不足。"
    last_year = "2023年，全区政府信息公开工作取得一定成绩，但仍存在不足。"
    repeated, total = repeated_share(this_year, last_year)
    assert repeated == total


def test_reordered_paragraphs_are_still_found() -> None:
    first, second = LAST.split("。")[:2]
    repeated, total = repeated_share(f"{second}。{first}。", LAST)
    assert repeated == total


def test_rewritten_text_shares_little() -> None:
    repeated, total = repeated_share(NEW, LAST)
    assert repeated * 4 < total  # only stock words such as “下一步将” may recur, and they are short


def test_half_copied_text_is_about_half() -> None:
    repeated, total = repeated_share(LAST + NEW, LAST)
    assert abs(repeated / total - len(normalise(LAST)) / total) < 0.1


@given(st.text(min_size=0, max_size=200), st.text(min_size=0, max_size=200))
def test_share_is_within_bounds(current: str, previous: str) -> None:
    repeated, total = repeated_share(current, previous)
    assert 0 <= repeated <= total == len(normalise(current))


@given(st.text(alphabet="政府信息公开申请办理答复一二三。，0123456789", min_size=SHINGLE, max_size=200))
def test_a_text_repeats_itself_entirely(text: str) -> None:
    repeated, total = repeated_share(text, text)
    assert repeated == total
