"""Any input the commands accept, read into reports: a data file (YAML/JSON), a filled
填报表, a roster (汇总表) with one agency per row, or a published report (.docx, .html,
.txt) imported through :mod:`nianbao.extract`.

One bad agency in a roster does not stop the others: each entry carries its report or
the faults that kept it from being read.

>>> import tempfile, pathlib
>>> from nianbao import datafile
>>> from nianbao.model import Report
>>> path = datafile.save(Report.blank("某局", 2024), pathlib.Path(tempfile.mkdtemp()) / "某局.yaml")
>>> [(entry.name, entry.ok) for entry in read_inputs(path)]
[('某局', True)]
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Final

from attrs import frozen

from nianbao import datafile
from nianbao.errors import DataError, DataIssue, ExtractError
from nianbao.model import Report

EXCEL_SUFFIXES: Final = (".xlsx", ".xlsm")
SUFFIXES: Final = (*datafile.SUFFIXES, *EXCEL_SUFFIXES)
"""What ``nianbao render`` and ``nianbao check`` pick up from a folder.

Report documents (.docx …) are read only when named one by one: a folder of data
usually holds the reports rendered from it too."""


@frozen
class Loaded:
    """One agency's report as read from an input, or the faults that stopped it.

    ``source`` says where it came from (a file, or a file and a roster row), ``name``
    whom it is about (the agency where known), ``row`` the roster row if any.
    """

    source: str
    name: str
    report: Report | None = None
    issues: tuple[DataIssue, ...] = ()
    row: int | None = None

    @property
    def ok(self) -> bool:
        return self.report is not None and not self.issues


def is_excel(path: str | os.PathLike[str]) -> bool:
    """Whether a path names an Excel workbook (by its suffix)."""
    return Path(path).suffix.lower() in EXCEL_SUFFIXES


def read_inputs(path: str | os.PathLike[str]) -> list[Loaded]:
    """Every report an input holds: one for a data file or 填报表, one per row of a roster.

    A fault that stops the whole file (missing, not a workbook …) is one entry without
    a report.
    """
    from nianbao import excel, roster, workbook
    from nianbao.extract import read_report

    name = str(path)
    try:
        if is_report_document(path):
            report = read_report(path).report
            return [Loaded(name, report.agency, report)]
        if not is_excel(path):
            report = datafile.load(path)
            return [Loaded(name, report.agency, report)]
        book = excel.open_book(path)
        if roster.is_roster(book):
            return roster.read_roster_book(book)
        report = workbook.read_book(book)
        return [Loaded(name, report.agency, report)]
    except DataError as error:
        return [Loaded(name, Path(path).name, None, error.issues)]
    except ExtractError as error:
        return [Loaded(name, Path(path).name, None, (DataIssue(name, str(error)),))]


def is_report_document(path: str | os.PathLike[str]) -> bool:
    """Whether a path names a report document to import (.docx, .html, .txt, .doc …)."""
    from nianbao.extract import SUFFIXES as EXTRACTABLE
    from nianbao.extract.convert import CONVERTIBLE

    suffix = Path(path).suffix.lower()
    return suffix not in datafile.SUFFIXES and (suffix in EXTRACTABLE or suffix in CONVERTIBLE)


def is_batch(entries: list[Loaded]) -> bool:
    """Whether an input held a roster (any number of agencies) rather than one report."""
    return len(entries) != 1 or entries[0].row is not None


def read_reports(path: str | os.PathLike[str]) -> list[tuple[str, Report]]:
    """Every report of an input with its name, or DataError listing every fault of them all."""
    entries = read_inputs(path)
    issues = [issue for entry in entries for issue in entry.issues]
    if issues:
        raise DataError(issues)
    return [(entry.name, entry.report) for entry in entries if entry.report is not None]
