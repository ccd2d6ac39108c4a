"""A total across agencies: one report whose tables add up several agencies' reports.

Tables 二, 三 and 四 are summed cell by cell, and so are the figures behind 六
(信息处理费 count and amount, not their breakdown by unit; 人大代表建议和政协提案).
Totals (总计) are derived as in any report, never added up from the inputs. In 表二
a "/" (not applicable) adds nothing: a cell is "/" in the total only when it is "/"
for every agency, otherwise it is the sum of the agencies' numbers. Money is summed
exactly (Decimal), keeping the most decimal places given. The agencies summed are
kept, in order, in ``aggregated_agencies``; the text parts are left for the author.

>>> from nianbao.model import Report
>>> total = aggregate([Report.blank("甲局", 2024), Report.blank("乙局", 2024)], agency="某市")
>>> total.title, total.aggregated_agencies
('某市2024年政府信息公开工作年度报告', ('甲局', '乙局'))
"""

from __future__ import annotations

import decimal
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, Final

import attrs

from nianbao.errors import NianbaoError
from nianbao.model import NOT_APPLICABLE, ApplicantCounts, NotApplicable, OtherMatters, Report, Signature

# Wide enough that no realistic sum rounds; should one ever, it is an error, not a guess.
_EXACT: Final = decimal.Context(prec=60, traps=[decimal.Inexact, decimal.Rounded, decimal.InvalidOperation])


class AggregateError(NianbaoError):
    """Reports that cannot be summed into one total."""


def aggregate(
    reports: Sequence[Report],
    agency: str,
    year: int | None = None,
    names: Sequence[str] | None = None,
) -> Report:
    """The total of ``reports`` as a report of ``agency`` for ``year``.

    ``year`` defaults to the reports' own; every report must be of that year, and
    no agency may appear twice (it would be counted twice). ``names`` say where
    each report came from (its file), for the messages.
    """
    if not reports:
        raise AggregateError("没有可汇总的报告")
    labels = list(names) if names is not None else [r.title for r in reports]
    if year is None:
        year = reports[0].year
    other_years = [f"{label}（{r.year}年）" for label, r in zip(labels, reports, strict=True) if r.year != year]
    if other_years:
        raise AggregateError(f"汇总的报告年度应均为 {year} 年，以下不是：{'；'.join(other_years)}")
    seen: dict[str, str] = {}
    for label, report in zip(labels, reports, strict=True):
        if report.agency in seen:
            raise AggregateError(f"机关“{report.agency}”出现两次（{seen[report.agency]}；{label}），汇总会重复计数")
        seen[report.agency] = label
    matters = [r.other_matters for r in reports]
    agencies: tuple[str, ...] = tuple(r.agency for r in reports)
    total = Report.blank(agency, year)
    return attrs.evolve(
        total,
        active_disclosure=_sum([r.active_disclosure for r in reports]),
        applications=_sum([r.applications for r in reports]),
        cases=_sum([r.cases for r in reports]),
        other_matters=OtherMatters(
            processing_fees=_sum([m.processing_fees for m in matters]),
            proposals=_sum([m.proposals for m in matters]),
        ),
        signature=Signature(agency=agency),
        aggregated_agencies=agencies,
    )


def _sum(values: Sequence[Any]) -> Any:
    """The cell-by-cell sum of like values: table rows, whole tables, counts or money."""
    first = values[0]
    if isinstance(first, ApplicantCounts):
        return ApplicantCounts.sum(values)
    cls = type(first)
    if attrs.has(cls):
        # Stated totals come from imported tables (a total's 总计 is derived instead);
        # lists such as a fee breakdown by unit are not summed but left empty.
        return cls(
            **{
                a.alias: _sum([getattr(v, a.name) for v in values])
                for a in attrs.fields(cls)
                if a.init and a.name != "stated_total" and not isinstance(getattr(first, a.name), tuple)
            }
        )
    numbers = [v for v in values if not isinstance(v, NotApplicable)]
    if not numbers:
        return NOT_APPLICABLE
    if isinstance(numbers[0], Decimal):
        amount = Decimal(0)
        for number in numbers:
            amount = _EXACT.add(amount, number)
        return amount
    return sum(numbers)
