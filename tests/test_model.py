"""The model: derived totals, validation at the boundary, labels."""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest

from nianbao import labels
from nianbao.model import NOT_APPLICABLE, ApplicantCounts, ApplicationTable, CaseOutcomes, DocumentCounts, Report


def test_totals_are_derived() -> None:
    row = ApplicantCounts(10, 2, 1, 0, 3, 4)
    assert row.total == 20
    assert row.legal_persons == 10
    assert row.with_total() == (10, 2, 1, 0, 3, 4, 20)
    assert CaseOutcomes(1, 2, 3, 4).total == 10


def test_results_total_sums_all_21_rows() -> None:
    table = ApplicationTable.zero()
    one = ApplicantCounts(1, 0, 0, 0, 0, 0)
    results = attrs.evolve(
        table.results,
        disclosed=one,
        withheld=attrs.evolve(table.results.withheld, inquiry_matters=one),
        other_handling=attrs.evolve(table.results.other_handling, other=ApplicantCounts(0, 0, 0, 0, 0, 5)),
    )
    assert attrs.evolve(table, results=results).results.total == ApplicantCounts(2, 0, 0, 0, 0, 5)
    assert len(results.leaf_rows()) == 21


def test_rows_follow_the_official_order() -> None:
    rows = [row.label for row, _ in ApplicationTable.zero().rows()]
    assert rows[0] == labels.NEW
    assert rows[-2] == labels.RESULTS_TOTAL
    assert rows[-1] == labels.CARRIED_FORWARD
    assert len(rows) == 25


@pytest.mark.parametrize("bad", [-1, 1.5, "3", True])
def test_counts_are_validated(bad: object) -> None:
    with pytest.raises((TypeError, ValueError)):
        ApplicantCounts(bad, 0, 0, 0, 0, 0)  # type: ignore[arg-type]


def test_not_applicable_is_not_zero() -> None:
    docs = DocumentCounts(NOT_APPLICABLE, 0, 0)
    assert docs.issued is NOT_APPLICABLE
    assert docs.issued != 0
    assert str(NOT_APPLICABLE) == "/"


def test_money_must_be_decimal() -> None:
    table = Report.blank("某局", 2024).active_disclosure
    with pytest.raises(TypeError):
        attrs.evolve(table, fees=0.5)
    assert attrs.evolve(table, fees=Decimal("0.50")).fees == Decimal("0.50")


def test_report_needs_an_agency_and_a_sensible_year() -> None:
    with pytest.raises(ValueError, match="不能为空"):
        Report.blank(" ", 2024)
    with pytest.raises(ValueError, match="年度"):
        Report.blank("某局", 1999)
