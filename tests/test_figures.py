"""The flat list of figure cells and how a spreadsheet value becomes data."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from nianbao import labels
from nianbao.figures import BY_PATH, FIGURES, Kind, normalize, tables_data


def test_every_cell_of_the_three_tables_once() -> None:
    assert len({f.path for f in FIGURES}) == len(FIGURES) == 10 + 25 * 7 + 3 * 5
    assert [f.column for f in FIGURES[10:17]] == [c.label for c in labels.ALL_COLUMNS]
    assert BY_PATH[("cases", "litigation_after_review", 4)].describe() == "表四/行政诉讼/复议后起诉/总计"
    assert BY_PATH[("applications", "results", "stated_total", 0)].kind is Kind.RESULTS_TOTAL


@pytest.mark.parametrize(
    ("raw", "kind", "expected"),
    [
        (None, Kind.COUNT, 0),
        ("", Kind.CELL, 0),
        ("1,234", Kind.COUNT, 1234),
        ("／", Kind.CELL, "/"),
        (3.0, Kind.COUNT, 3),
        (3.5, Kind.COUNT, 3.5),
        ("=SUM(D5:I5)", Kind.TOTAL, None),
        (7, Kind.TOTAL, 7),
        (12, Kind.MONEY, Decimal("12")),
        (True, Kind.COUNT, True),
        (datetime.date(2024, 1, 1), Kind.COUNT, datetime.date(2024, 1, 1)),
    ],
)
def test_normalize(raw: object, kind: Kind, expected: object) -> None:
    assert normalize(raw, kind) == expected


def test_money_keeps_the_places_its_cell_shows() -> None:
    assert str(normalize(150, Kind.MONEY, "0.00")) == "150.00"
    assert str(normalize(5949.088667, Kind.MONEY, "General")) == "5949.088667"


def test_partly_stated_results_total_takes_the_sum_for_formula_cells() -> None:
    values: dict[tuple[str | int, ...], object] = {("applications", "results", "disclosed", 0): 3}
    values[("applications", "results", "withheld", "state_secret", 0)] = 2
    values[("applications", "results", "stated_total", 1)] = 9
    data = tables_data(values)
    assert data["applications"]["results"]["stated_total"] == [5, 9, 0, 0, 0, 0]
    assert "stated_total" not in tables_data({})["applications"]["results"]
