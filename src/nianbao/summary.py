"""One summary of every agency's problems: faults that kept its figures from being read
and the checks' findings, for the terminal and as a 问题清单 (.xlsx or .csv) that an
office can send back to its departments.

The checks are passed in as a function ``check(report) -> findings``; a finding is any
object with ``level`` (ERROR or WARNING), ``rule``, ``location``, ``expected``,
``actual`` and ``message`` (see :mod:`nianbao.checks`).

>>> from nianbao.inputs import Loaded, is_excel
>>> from nianbao.model import Report
>>> summary = summarize([Loaded("汇总表.xlsx 第4行", "甲局", Report.blank("甲局", 2024), row=4)])
>>> print(summary.text())
共检查 1 个机关：1 个未发现问题。
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, Final, Protocol

import openpyxl
from attrs import frozen
from openpyxl.utils import get_column_letter

from nianbao import excel
from nianbao.datafile import write_atomic
from nianbao.errors import OutputError
from nianbao.inputs import Loaded, is_excel
from nianbao.model import Report

ERROR: Final = "错误"
WARNING: Final = "警告"
UNREADABLE_RULE: Final = "填写有误"
"""The rule named for a fault that kept a report from being read."""
COLUMNS: Final = ("序号", "机关名称", "来源", "级别", "规则", "位置", "问题说明", "应为", "实为")
OVERVIEW_COLUMNS: Final = ("机关名称", "来源", "错误", "警告", "结论")
REPORT_SUFFIXES: Final = (".xlsx", ".csv")


class FindingLike(Protocol):
    """What the checks report about one report (the agreed ``Finding`` shape)."""

    @property
    def level(self) -> Any: ...
    @property
    def rule(self) -> Any: ...
    @property
    def location(self) -> Any: ...
    @property
    def expected(self) -> Any: ...
    @property
    def actual(self) -> Any: ...
    @property
    def message(self) -> Any: ...


Checker = Callable[[Report], Iterable[FindingLike]]


@frozen
class Problem:
    """One line of the 问题清单."""

    agency: str
    source: str
    level: str
    rule: str
    location: str
    message: str
    expected: str = ""
    actual: str = ""


def level_text(level: object) -> str:
    """错误 or 警告, from a Level member (or its name or value)."""
    name = str(getattr(level, "name", level)).upper()
    return WARNING if name in ("WARNING", "WARN", WARNING) else ERROR


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _figure_paths() -> dict[str, tuple[tuple[str | int, ...], ...]]:
    """A finding's location → the figure cells it is about.

    A cell's own location names that cell; a column of 表三 (rule R1's
    ``表三/申请人情况/自然人``) names the four cells R1 adds up in that column.
    """
    from nianbao import labels
    from nianbao.figures import FIGURES, application_row_path

    cells: dict[str, tuple[tuple[str | int, ...], ...]] = {f.describe(): (f.path,) for f in FIGURES}
    balance = ("new", "carried_over", "results_total", "carried_forward")
    by_row = {row.key: row for row in labels.APPLICATION_ROWS}
    for index, column in enumerate(labels.ALL_COLUMNS):
        location = f"{labels.TABLE_NAMES['applications']}/{labels.APPLICANTS}/{column.label}"
        cells[location] = tuple((*application_row_path(by_row[key]), index) for key in balance)
    return cells


_FIGURE_PATHS: Final = _figure_paths()


def cell_location(entry: Loaded, location: str) -> str:
    """A finding's location with the spreadsheet cells behind it, for a roster or 填报表.

    ``表三/一、本年新收政府信息公开申请数量/总计`` in row 9 of a roster becomes
    ``汇总表!I9（表三/一、本年新收政府信息公开申请数量/总计）``; other inputs keep the labels.
    """
    paths = _FIGURE_PATHS.get(location)
    if not paths or (entry.row is None and not is_excel(entry.source)):
        return location
    from nianbao import roster, workbook

    if entry.row is not None:
        cells = [(roster.SHEET, f"{roster.LETTER_OF[path]}{entry.row}") for path in paths if path in roster.LETTER_OF]
    else:
        slots = [workbook.SLOT_BY_PATH[path] for path in paths if path in workbook.SLOT_BY_PATH]
        cells = [(slot.sheet, slot.ref) for slot in slots]
    if not cells:
        return location
    # One sheet named once: 汇总表!M8、T8、FR8、FY8
    sheets = {sheet for sheet, _ in cells}
    refs = "、".join(ref if len(sheets) == 1 else f"{sheet}!{ref}" for sheet, ref in cells)
    prefix = f"{cells[0][0]}!" if len(sheets) == 1 else ""
    return f"{prefix}{refs}（{location}）"


def problems_of(entry: Loaded, findings: Iterable[FindingLike] = ()) -> list[Problem]:
    """An entry's problems: its reading faults, else its findings."""
    problems = [
        Problem(entry.name, entry.source, ERROR, UNREADABLE_RULE, issue.location, issue.message)
        for issue in entry.issues
    ]
    problems.extend(
        Problem(
            entry.name,
            entry.source,
            level_text(f.level),
            _text(f.rule),
            cell_location(entry, _text(f.location)),
            _text(f.message),
            _text(f.expected),
            _text(f.actual),
        )
        for f in findings
    )
    return problems


@frozen
class Summary:
    """Every entry checked and the problems found, in input order."""

    entries: tuple[Loaded, ...]
    problems: tuple[Problem, ...]

    def _count(self, entry: Loaded, level: str) -> int:
        return sum(1 for p in self.problems if p.source == entry.source and p.level == level)

    def with_errors(self) -> list[Loaded]:
        """Entries with at least one error (reading faults count as errors)."""
        return [e for e in self.entries if self._count(e, ERROR)]

    def with_warnings_only(self) -> list[Loaded]:
        return [e for e in self.entries if not self._count(e, ERROR) and self._count(e, WARNING)]

    @property
    def has_errors(self) -> bool:
        return any(p.level == ERROR for p in self.problems)

    def text(self) -> str:
        """The terminal summary: counts, then each agency with problems and its lines."""
        errors, warned = self.with_errors(), self.with_warnings_only()
        clean = len(self.entries) - len(errors) - len(warned)
        parts = [f"{clean} 个未发现问题"]
        if errors:
            parts.append(f"{len(errors)} 个有错误")
        if warned:
            parts.append(f"{len(warned)} 个仅有警告")
        lines = [f"共检查 {len(self.entries)} 个机关：{'，'.join(parts)}。"]
        flagged = {e.source for e in (*errors, *warned)}
        for entry in (e for e in self.entries if e.source in flagged):
            counts = [f"{n} 处{level}" for level in (ERROR, WARNING) if (n := self._count(entry, level))]
            lines.append(f"{entry.name}（{entry.source}）：{'，'.join(counts)}")
            for p in (p for p in self.problems if p.source == entry.source):
                where = f"{p.location}：" if p.location else ""
                tag = p.level if p.rule == UNREADABLE_RULE else f"{p.level} {p.rule}"
                lines.append(f"  [{tag}] {where}{p.message}")
        return "\n".join(lines)

    def overview_rows(self) -> list[tuple[str, str, int, int, str]]:
        rows = []
        for entry in self.entries:
            errors, warnings = self._count(entry, ERROR), self._count(entry, WARNING)
            verdict = "有错误，请修改后重报" if errors else ("有警告，请核实" if warnings else "未发现问题")
            rows.append((entry.name, entry.source, errors, warnings, verdict))
        return rows


def summarize(entries: Sequence[Loaded], check: Checker | None = None) -> Summary:
    """Check every readable entry with ``check`` and gather all problems."""
    problems: list[Problem] = []
    for entry in entries:
        findings = check(entry.report) if check is not None and entry.report is not None else ()
        problems.extend(problems_of(entry, findings))
    return Summary(tuple(entries), tuple(problems))


# --- the 问题清单 file --------------------------------------------------------------


def _rows(summary: Summary) -> list[tuple[object, ...]]:
    return [
        (i, p.agency, p.source, p.level, p.rule, p.location, p.message, p.expected, p.actual)
        for i, p in enumerate(summary.problems, start=1)
    ]


def report_bytes(summary: Summary, fmt: str) -> bytes:
    """The 问题清单 as .xlsx or .csv bytes (CSV in UTF-8 with BOM, so Excel reads the Chinese)."""
    if fmt == "csv":
        text = io.StringIO()
        writer = csv.writer(text, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        writer.writerows(_rows(summary))
        return text.getvalue().encode("utf-8-sig")
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "问题清单"
    _table(ws, COLUMNS, _rows(summary), (6, 24, 28, 6, 16, 48, 60, 12, 12))
    overview = wb.create_sheet("各机关情况")
    _table(overview, OVERVIEW_COLUMNS, summary.overview_rows(), (28, 28, 8, 8, 22))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _table(ws: Any, header: Sequence[str], rows: Sequence[Sequence[object]], widths: Sequence[int]) -> None:
    for column, text in enumerate(header, start=1):
        excel.style_label(ws.cell(1, column, text), header=True)
    for r, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            cell = ws.cell(r, column)
            excel.set_text(cell, value)
            cell.font = excel.BODY_FONT
            cell.alignment = excel.LEFT
            cell.border = excel.BORDER
    for column, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(column)].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{max(1, len(rows) + 1)}"


def write_report(summary: Summary, out: str | os.PathLike[str]) -> Path:
    """Write the 问题清单 to ``out``: .xlsx (with a sheet per agency overview) or .csv."""
    target = Path(out)
    suffix = target.suffix.lower()
    if suffix not in REPORT_SUFFIXES:
        raise OutputError(f"问题清单应为 .xlsx 或 .csv 文件：{target}")
    content = report_bytes(summary, suffix[1:])
    try:
        write_atomic(target, content)
    except OSError as exc:
        raise OutputError(f"无法写入 {target}：{exc.strerror}") from None
    return target
