"""The roster (汇总表): one row per agency with its name, year and every cell of tables
二, 三 and 四, under three header rows naming the table, the row and the column in
official labels. Totals are formulas; reading gives each row its report or its faults.

>>> from nianbao.model import Report
>>> from nianbao.workbook import book_of
>>> reports = [Report.blank("甲局", 2024), Report.blank("乙局", 2024)]
>>> [entry.report == report for entry, report in zip(read_roster_book(book_of(build_roster(reports))), reports)]
[True, True]
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

import attrs
import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from nianbao import datafile, excel, figures, labels
from nianbao.errors import DataError, DataIssue
from nianbao.excel import Book, cell_location
from nianbao.figures import FIGURES, Figure, Kind
from nianbao.inputs import Loaded
from nianbao.model import LABEL, Report

SHEET: Final = "汇总表"
NOTES_SHEET: Final = "填写说明"
AGENCY: Final = str(attrs.fields_dict(Report)["agency"].metadata[LABEL])
YEAR: Final = str(attrs.fields_dict(Report)["year"].metadata[LABEL])
HEADER_ROWS: Final = 3
FIRST_ROW: Final = HEADER_ROWS + 1
FIRST_FIGURE_COLUMN: Final = 3
BLANK_ROWS: Final = 100
"""Rows an empty roster prepares for typing."""

COLUMN_OF: Final = {figure.path: FIRST_FIGURE_COLUMN + i for i, figure in enumerate(FIGURES)}
LETTER_OF: Final = {path: get_column_letter(column) for path, column in COLUMN_OF.items()}
TABLE_TITLES: Final = {
    labels.TABLE_NAMES[key]: str(attrs.fields_dict(Report)[key].metadata[LABEL]) for key in labels.TABLE_NAMES
}
"""表二 → 表二 主动公开政府信息情况, …"""

NOTES: Final = (
    "每行填写一个机关：机关名称、报告年度，以及表二、表三、表四的每一个单元格。",
    "表头三行依次为：所属表格、行（官方表格的行标签）、列（官方表格的列标签）。",
    "数字单元格填写不小于 0 的整数；空白按 0 计。表二中本机关不适用的项目填“/”（与 0 不同）。",
    "行政事业性收费的单位为万元，可带小数；信息处理费等其他内容请使用单机关填报表（nianbao workbook）。",
    "灰色单元格为公式（总计），自动计算，不需填写。",
    "填好后：nianbao check 汇总表.xlsx 检查各机关的问题；nianbao render 汇总表.xlsx -o 输出目录/ 生成各机关的报告。",
)


def _runs(items: Sequence[str]) -> Iterator[tuple[int, int, str]]:
    """Runs of equal neighbours: (first index, last index, value)."""
    start = 0
    for i in range(1, len(items) + 1):
        if i == len(items) or items[i] != items[start]:
            yield start, i - 1, items[start]
            start = i


def _formula(figure: Figure, row: int) -> str | None:
    """How a total cell of a roster row is computed."""
    if figure.kind is Kind.TOTAL:
        width = 4 if figure.table == labels.TABLE_NAMES["cases"] else 6
        column = COLUMN_OF[figure.path]
        return f"=SUM({get_column_letter(column - width)}{row}:{get_column_letter(column - 1)}{row})"
    if figure.kind is Kind.RESULTS_TOTAL:
        index = figure.path[-1]
        parts = [
            f"{LETTER_OF[(*figures.application_row_path(r), index)]}{row}"
            for r in labels.APPLICATION_ROWS
            if r.path[0] == "results" and r.key != "results_total"
        ]
        return "=" + "+".join(parts)
    return None


# --- writing ------------------------------------------------------------------------


def build_roster(reports: Sequence[Report] = (), blank_rows: int | None = None) -> Workbook:
    """A roster with one row per report, then ``blank_rows`` rows ready for typing.

    ``blank_rows`` defaults to 100 for an empty roster and 0 for a filled one.
    """
    if blank_rows is None:
        blank_rows = 0 if reports else BLANK_ROWS
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET
    _header(ws)
    last = FIRST_ROW + len(reports) + blank_rows - 1
    for r, report in enumerate(reports, start=FIRST_ROW):
        _row(ws, r, report)
    for r in range(FIRST_ROW + len(reports), last + 1):
        _row(ws, r, None)
    if last >= FIRST_ROW:
        _validations(ws, last)
    ws.freeze_panes = f"{get_column_letter(FIRST_FIGURE_COLUMN)}{FIRST_ROW}"
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 10
    for column in range(FIRST_FIGURE_COLUMN, FIRST_FIGURE_COLUMN + len(FIGURES)):
        ws.column_dimensions[get_column_letter(column)].width = 11
    ws.row_dimensions[2].height = 60
    ws.row_dimensions[3].height = 45
    excel.protect(ws, rows_editable=True)
    notes = wb.create_sheet(NOTES_SHEET)
    notes.column_dimensions["A"].width = 110
    for r, line in enumerate(NOTES, start=1):
        notes.cell(r, 1, line).font = excel.BODY_FONT
    wb.properties.title = "政府信息公开工作年度报告汇总表"
    wb.properties.creator = "nianbao"
    return wb


def write_roster(
    out: str | os.PathLike[str],
    reports: Sequence[Report] = (),
    overwrite: bool = True,
    blank_rows: int | None = None,
) -> Path:
    """Write a roster to ``out`` (.xlsx) atomically (see :func:`build_roster`)."""
    return excel.save_workbook(build_roster(reports, blank_rows), out, overwrite)


def _header(ws: Worksheet) -> None:
    for column, text in ((1, AGENCY), (2, YEAR)):
        excel.style_label(ws.cell(1, column, text), header=True)
        span = f"{get_column_letter(column)}1:{get_column_letter(column)}{HEADER_ROWS}"
        excel.border_range(ws, span)
        ws.merge_cells(span)
    tables = [figure.table for figure in FIGURES]
    headings = [f"{figure.table}|{figure.heading()}" for figure in FIGURES]
    for row, keys, text_of in (
        (1, tables, TABLE_TITLES.__getitem__),
        (2, headings, lambda key: key.split("|", 1)[1]),
    ):
        for first, last, key in _runs(keys):
            start, end = FIRST_FIGURE_COLUMN + first, FIRST_FIGURE_COLUMN + last
            excel.style_label(ws.cell(row, start, text_of(key)), header=True)
            if end > start:
                span = f"{get_column_letter(start)}{row}:{get_column_letter(end)}{row}"
                excel.border_range(ws, span)
                ws.merge_cells(span)
    for i, figure in enumerate(FIGURES):
        excel.style_label(ws.cell(3, FIRST_FIGURE_COLUMN + i, figure.column), header=True)


def _row(ws: Worksheet, r: int, report: Report | None) -> None:
    values = figures.values_of(report) if report is not None else {}
    stated = any(values.get((*figures.RESULTS_TOTAL_PATH, i)) is not None for i in range(7))
    agency = ws.cell(r, 1, report.agency if report else None)
    excel.style_input(agency, left=True, text=True)
    excel.style_input(ws.cell(r, 2, report.year if report else None))
    for figure in FIGURES:
        cell = ws.cell(r, COLUMN_OF[figure.path])
        value = values.get(figure.path)
        if figure.kind.derived:
            keep = value is not None or (figure.kind is Kind.RESULTS_TOTAL and stated)
            cell.value = value if keep else _formula(figure, r)
            excel.style_formula(cell)
            continue
        cell.value = value
        excel.style_input(cell)
        if isinstance(value, Decimal):
            places = figures.decimal_places(value)
            cell.number_format = "0." + "0" * places if places else "0"


def _validations(ws: Worksheet, last: int) -> None:
    year = excel.whole_number_validation(2008, 2100, "年度应为 2008 至 2100 之间的四位数字。")
    ws.add_data_validation(year)
    year.add(f"B{FIRST_ROW}:B{last}")
    whole = excel.validation_for(Kind.COUNT, "")
    ws.add_data_validation(whole)
    for figure in FIGURES:
        letter = LETTER_OF[figure.path]
        span = f"{letter}{FIRST_ROW}:{letter}{last}"
        if figure.kind in (Kind.CELL, Kind.MONEY):
            dv = excel.validation_for(figure.kind, f"{letter}{FIRST_ROW}")
            ws.add_data_validation(dv)
            dv.add(span)
        else:
            whole.add(span)


# --- reading ------------------------------------------------------------------------


def is_roster(book: Book) -> bool:
    """Whether an opened workbook is a roster (it has the 汇总表 sheet)."""
    return SHEET in book.sheetnames


def read_roster(path: str | os.PathLike[str]) -> list[Loaded]:
    """Each agency row of a roster file: its report, or every fault of that row."""
    return read_roster_book(excel.open_book(path))


def _expected_header() -> Iterator[tuple[int, int, str]]:
    yield 1, 1, AGENCY
    yield 1, 2, YEAR
    for i, figure in enumerate(FIGURES):
        yield 3, FIRST_FIGURE_COLUMN + i, figure.column
    headings = [figure.heading() for figure in FIGURES]
    for first, _last, heading in _runs(headings):
        yield 2, FIRST_FIGURE_COLUMN + first, heading


def read_roster_book(book: Book) -> list[Loaded]:
    """Read an opened roster (see :func:`read_roster`)."""
    ws = book.formulas[SHEET]
    broken = []
    for row, column, text in _expected_header():
        found = ws.cell(row, column).value
        if str(found or "").strip() != text:
            ref = f"{get_column_letter(column)}{row}"
            broken.append(
                DataIssue(
                    book.name,
                    f"表头被改动：此处应为“{text}”，实为“{found or ''}”，请使用 nianbao roster 生成的汇总表",
                    location=cell_location(SHEET, ref),
                )
            )
    if broken:
        raise DataError(broken)
    entries: list[Loaded] = []
    seen: dict[tuple[str, object], int] = {}
    for r in range(FIRST_ROW, ws.max_row + 1):
        entry = _read_row(book, r, seen)
        if entry is not None:
            entries.append(entry)
    return entries


def _read_row(book: Book, r: int, seen: dict[tuple[str, object], int]) -> Loaded | None:
    source = f"{book.name} 第{r}行"
    issues: list[DataIssue] = []
    where: dict[figures.DataPath, str] = {}

    def fault(location: str, message: str, path: figures.DataPath = ()) -> None:
        issues.append(DataIssue(book.name, message, path=path, location=location))

    agency_raw, agency_ok = book.raw(SHEET, f"A{r}")
    year_raw, year_ok = book.raw(SHEET, f"B{r}")
    values: dict[figures.DataPath, object] = {}
    typed = False
    for figure in FIGURES:
        ref = f"{LETTER_OF[figure.path]}{r}"
        location = cell_location(SHEET, ref, figure.describe())
        where[figure.path] = location
        raw, usable = book.raw(SHEET, ref, derived=figure.kind.derived)
        if not figure.kind.derived and raw is not None and str(raw).strip():
            typed = True
        if not usable:
            fault(location, excel.FORMULA_WITHOUT_VALUE, figure.path)
            continue
        values[figure.path] = figures.normalize(raw, figure.kind, book.number_format(SHEET, ref))
    agency = "" if agency_raw is None else str(agency_raw).strip()
    year_text = "" if year_raw is None else str(year_raw).strip()
    if not agency and not year_text and not typed:
        return None
    agency_location = cell_location(SHEET, f"A{r}", AGENCY)
    year_location = cell_location(SHEET, f"B{r}", YEAR)
    if not agency or not agency_ok:
        fault(agency_location, "必须填写机关名称", ("agency",))
    year = figures.normalize(year_raw, Kind.COUNT)
    if not year_text or not year_ok:
        fault(year_location, "必须填写报告年度", ("year",))
    elif not isinstance(year, int) or isinstance(year, bool) or not 2008 <= year <= 2100:
        fault(year_location, f"报告年度应为 2008 至 2100 之间的四位数字，实为“{year_raw}”", ("year",))
    elif agency:
        first = seen.setdefault((agency, year), r)
        if first != r:
            fault(agency_location, f"与第{first}行重复（同一机关、同一年度只能有一行）", ("agency",))
    data: dict[str, Any] = {
        "agency": agency or "（未填写）",
        "year": year if isinstance(year, int) and 2008 <= year <= 2100 else 2024,
        **figures.tables_data(values),
    }
    report: Report | None = None
    try:
        report = datafile.from_data(data, name=book.name)
    except DataError as error:
        for issue in error.issues:
            probe = issue.path
            while probe and probe not in where:
                probe = probe[:-1]
            location = where.get(probe, datafile.describe_path(issue.path))
            issues.append(attrs.evolve(issue, location=location, line=None))
    name = agency or f"第{r}行"
    if issues:
        return Loaded(source, name, None, tuple(excel.sorted_issues(issues, (SHEET,))), row=r)
    return Loaded(source, name, report, row=r)
