"""Every figure cell of tables 二, 三 and 四 as one flat list, with official labels.

The per-agency workbook and the roster both lay these cells out (in different shapes)
and read them back through the same rules: a cell's raw spreadsheet value becomes the
plain value a data file would hold, and a filled-in set of cells becomes the table part
of a data file, which :func:`nianbao.datafile.from_data` then structures.

>>> len(FIGURES)
200
>>> FIGURES[10].describe()
'表三/一、本年新收政府信息公开申请数量/自然人'
"""

from __future__ import annotations

import datetime
import enum
import re
from collections.abc import Iterator, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, Final

from attrs import frozen

from nianbao import datafile, labels
from nianbao.model import Report

DataPath = tuple[str | int, ...]
"""Where a value sits in a data file: keys and list positions."""


class Kind(enum.Enum):
    """What a figure cell may hold."""

    CELL = "cell"
    """表二 counts: a whole number >= 0, or “/” (not applicable)."""
    MONEY = "money"
    """表二 行政事业性收费: an amount in 万元 >= 0, or “/”."""
    COUNT = "count"
    """表三 and 表四 counts: a whole number >= 0."""
    TOTAL = "total"
    """A row's 总计: derived (a formula) unless the input states one."""
    RESULTS_TOTAL = "results_total"
    """A cell of （七）总计: derived (a formula) unless the input states the row."""

    @property
    def derived(self) -> bool:
        """Whether the cell is a total that the workbook computes."""
        return self in (Kind.TOTAL, Kind.RESULTS_TOTAL)


@frozen
class Figure:
    """One figure cell: where it lives in a data file and its official labels."""

    path: DataPath
    table: str
    row: tuple[str, ...]
    column: str
    kind: Kind

    def describe(self) -> str:
        """Table, row and column labels, e.g. ``表三/（七）总计/自然人``."""
        return "/".join((self.table, *self.row, self.column))

    def heading(self) -> str:
        """The row labels alone, e.g. ``三、本年度办理结果/（一）予以公开``."""
        return "/".join(self.row)


def _active_disclosure() -> Iterator[Figure]:
    table = labels.TABLE_NAMES["active_disclosure"]
    base = ("active_disclosure",)
    for key, label in (("rules", labels.RULES), ("normative_documents", labels.NORMATIVE_DOCUMENTS)):
        for field, column in (("issued", labels.ISSUED), ("repealed", labels.REPEALED), ("in_force", labels.IN_FORCE)):
            yield Figure((*base, key, field), table, (labels.ARTICLE_20_1, label), column, Kind.CELL)
    yield Figure((*base, "licensing"), table, (labels.ARTICLE_20_5, labels.LICENSING), labels.DECISIONS, Kind.CELL)
    for key, label in (("punishment", labels.PUNISHMENT), ("coercion", labels.COERCION)):
        yield Figure((*base, key), table, (labels.ARTICLE_20_6, label), labels.DECISIONS, Kind.CELL)
    yield Figure(
        (*base, "fees"), table, (labels.ARTICLE_20_8, labels.ADMINISTRATIVE_FEES), labels.FEE_AMOUNT, Kind.MONEY
    )


RESULTS_TOTAL_PATH: Final = ("applications", "results", "stated_total")
_SUB_GROUPS: Final = frozenset(label for _key, label, _rows in labels.RESULT_GROUPS)


def application_row_labels(row: labels.Row) -> tuple[str, ...]:
    """A 表三 row's labels from the outermost merged cell inwards."""
    if row.group in _SUB_GROUPS:
        return (labels.RESULTS, row.group, row.label)
    if row.group:
        return (row.group, row.label)
    return (row.label,)


def application_row_path(row: labels.Row) -> DataPath:
    """Where a 表三 row lives in a data file (（七）总计 is only there when stated)."""
    if row.key == "results_total":
        return RESULTS_TOTAL_PATH
    return ("applications", *row.path)


def _applications() -> Iterator[Figure]:
    table = labels.TABLE_NAMES["applications"]
    for row in labels.APPLICATION_ROWS:
        for index, column in enumerate(labels.ALL_COLUMNS):
            if column is labels.TOTAL_COLUMN:
                kind = Kind.TOTAL
            elif row.key == "results_total":
                kind = Kind.RESULTS_TOTAL
            else:
                kind = Kind.COUNT
            yield Figure((*application_row_path(row), index), table, application_row_labels(row), column.label, kind)


def case_block_labels(group: labels.Column) -> tuple[str, ...]:
    """A 表四 block's labels: 行政复议, or 行政诉讼 and its kind."""
    if group.key == "review":
        return (group.label,)
    return (labels.ADMINISTRATIVE_LITIGATION, group.label)


def _cases() -> Iterator[Figure]:
    table = labels.TABLE_NAMES["cases"]
    for group in labels.CASE_GROUPS:
        for index, column in enumerate(labels.ALL_OUTCOME_COLUMNS):
            kind = Kind.TOTAL if column is labels.TOTAL_COLUMN else Kind.COUNT
            yield Figure(("cases", group.key, index), table, case_block_labels(group), column.label, kind)


FIGURES: Final = (*_active_disclosure(), *_applications(), *_cases())
"""The 200 figure cells: 表二 (10), 表三 (25 rows × 7), 表四 (3 blocks × 5), in printed order."""

BY_PATH: Final = {figure.path: figure for figure in FIGURES}


# --- report → cells -------------------------------------------------------------


def _at(data: Any, path: DataPath) -> Any:
    for step in path:
        if isinstance(step, int):
            if not isinstance(data, list) or step >= len(data):
                return None
        elif not isinstance(data, dict) or step not in data:
            return None
        data = data[step]
    return data


def values_of(report: Report) -> dict[DataPath, Any]:
    """Each figure's value as a data file writes it: int, Decimal, "/" or None (derived).

    >>> from nianbao.model import Report
    >>> values = values_of(Report.blank("某局", 2024))
    >>> values[("applications", "new", 0)], values[("applications", "new", 6)]
    (0, None)
    """
    data = datafile.to_data(report)
    return {figure.path: _at(data, figure.path) for figure in FIGURES}


# --- cells → report ---------------------------------------------------------------

_NUMBER: Final = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_PLACES: Final = re.compile(r"0\.(0+)")
NOT_APPLICABLE_MARKS: Final = frozenset({"/", "／"})


def is_formula(value: object) -> bool:
    """Whether a raw cell value (as openpyxl reads it) is a formula."""
    return isinstance(value, str) and value.startswith("=")


def normalize(value: object, kind: Kind, number_format: str = "General") -> object:
    """A raw spreadsheet value as the plain value a data file would hold.

    Blank input cells count as 0; a blank or formula total is derived (``None``).
    Numbers typed as text are read as numbers; anything else is passed on for the
    data file rules to reject with their message.

    >>> normalize(None, Kind.COUNT), normalize(None, Kind.TOTAL), normalize(" 12 ", Kind.COUNT)
    (0, None, 12)
    >>> normalize(0.5, Kind.MONEY, "0.00")
    Decimal('0.50')
    """
    if isinstance(value, str):
        value = value.strip()
        if kind.derived and is_formula(value):
            return None
        if value in NOT_APPLICABLE_MARKS:
            return "/"
        plain = value.replace(",", "")
        if _NUMBER.fullmatch(plain):
            number = Decimal(plain)
            return int(number) if kind is not Kind.MONEY and number == number.to_integral_value() else number
    if value is None or value == "":
        return None if kind.derived else 0
    if isinstance(value, bool | datetime.date | datetime.time | datetime.timedelta):
        return value
    if kind is Kind.MONEY and isinstance(value, int | float):
        return _amount(value, number_format)
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    return value


def _amount(value: float, number_format: str) -> Decimal:
    """A float amount as a Decimal, with the decimal places its cell shows (0.50 stays 0.50)."""
    try:
        amount = Decimal(repr(value))
    except InvalidOperation:  # pragma: no cover - repr of a float is always a number
        return Decimal(value)
    places = _PLACES.search(number_format)
    if places and -len(places.group(1)) < _exponent(amount):
        amount = amount.quantize(Decimal(1).scaleb(-len(places.group(1))))
    return amount


def _exponent(amount: Decimal) -> int:
    exponent = amount.as_tuple().exponent
    return exponent if isinstance(exponent, int) else 0


def decimal_places(amount: Decimal) -> int:
    """How many decimal places an amount is written with."""
    return max(0, -_exponent(amount))


def tables_data(values: Mapping[DataPath, object]) -> dict[str, Any]:
    """The 表二/表三/表四 part of a data file from normalized cell values (see :func:`normalize`).

    A stated 总计 is kept (the checks compare it with the sum); a stated （七）总计 row
    takes the sum of the rows above it for any of its cells left to the formula.
    """
    data: dict[str, Any] = {}
    rows: dict[DataPath, dict[int, object]] = {}
    for figure in FIGURES:
        value = values.get(figure.path, None if figure.kind.derived else 0)
        if isinstance(figure.path[-1], int):
            rows.setdefault(figure.path[:-1], {})[figure.path[-1]] = value
        else:
            _put(data, figure.path, value)
    for path, cells in rows.items():
        width = 4 if path[0] == "cases" else 6
        if path == RESULTS_TOTAL_PATH:
            if all(cells[i] is None for i in range(width)) and cells[width] is None:
                continue
            for i in range(width):
                if cells[i] is None:
                    cells[i] = _column_sum(rows, i)
        row = [cells[i] for i in range(width)]
        if cells.get(width) is not None:
            row.append(cells[width])
        _put(data, path, row)
    return data


def _column_sum(rows: Mapping[DataPath, Mapping[int, object]], index: int) -> int:
    """Sum of one column over the 21 rows that make up （七）总计 (bad cells count as 0)."""
    total = 0
    for row in labels.APPLICATION_ROWS:
        if row.path[0] == "results" and row.key != "results_total":
            value = rows[application_row_path(row)][index]
            if isinstance(value, int) and not isinstance(value, bool):
                total += value
    return total


def _put(data: dict[str, Any], path: DataPath, value: object) -> None:
    for step in path[:-1]:
        data = data.setdefault(str(step), {})
    data[str(path[-1])] = value
