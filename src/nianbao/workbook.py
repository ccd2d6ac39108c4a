"""The per-agency workbook (填报表): tables 二, 三 and 四 laid out like the official ones,
a sheet for the agency's details and one for its texts; and reading it back.

Labels come from :mod:`nianbao.labels` and the merges follow the official template.
Totals are formulas, figure cells accept whole numbers >= 0 (表二 also “/”), and every
label and formula cell is locked. Reading collects every fault at once, each named by
sheet and cell with the official labels, e.g. ``表三!D9（三、本年度办理结果/（一）予以公开/自然人）``.

>>> from nianbao.model import Report
>>> report = Report.blank("某局", 2024)
>>> read_book(book_of(build_workbook(report))) == report
True
"""

from __future__ import annotations

import datetime
import io
import os
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

import attrs
import openpyxl
from attrs import frozen
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from nianbao import datafile, excel, figures, labels
from nianbao.errors import DataError, DataIssue
from nianbao.excel import Book, cell_location
from nianbao.figures import FIGURES, DataPath, Figure, Kind
from nianbao.model import LABEL, ProcessingFeeItem, Report, Topic

DETAILS_SHEET: Final = "基本信息"
TEXTS_SHEET: Final = "文字"
FEES_SHEET: Final = "信息处理费分项"
TABLE_TWO: Final = labels.TABLE_NAMES["active_disclosure"]
TABLE_THREE: Final = labels.TABLE_NAMES["applications"]
TABLE_FOUR: Final = labels.TABLE_NAMES["cases"]
SHEETS: Final = (DETAILS_SHEET, TABLE_TWO, TABLE_THREE, TABLE_FOUR, TEXTS_SHEET, FEES_SHEET)
REQUIRED_SHEETS: Final = SHEETS[:-1]
"""The breakdown sheet may be missing (an office may delete it): no breakdown then."""


# --- layout of the tables -----------------------------------------------------------


@frozen
class Label:
    """A fixed text cell (locked); ``span`` is its merged range, if any."""

    sheet: str
    ref: str
    text: str
    span: str | None = None
    header: bool = False
    title: bool = False


@frozen
class Slot:
    """A figure cell; ``formula`` is how a total is computed when the input states none."""

    sheet: str
    ref: str
    figure: Figure
    span: str | None = None
    formula: str | None = None

    def location(self) -> str:
        return cell_location(self.sheet, self.ref, f"{self.figure.heading()}/{self.figure.column}")


def _table_two() -> Iterator[Label | Slot]:
    sheet = TABLE_TWO
    yield Label(sheet, "A1", labels.SECTION_TITLES[1], "A1:D1", title=True)
    cells = iter(f for f in FIGURES if f.table == TABLE_TWO)
    blocks = (
        (
            labels.ARTICLE_20_1,
            (labels.ISSUED, labels.REPEALED, labels.IN_FORCE),
            (labels.RULES, labels.NORMATIVE_DOCUMENTS),
        ),
        (labels.ARTICLE_20_5, (labels.DECISIONS,), (labels.LICENSING,)),
        (labels.ARTICLE_20_6, (labels.DECISIONS,), (labels.PUNISHMENT, labels.COERCION)),
        (labels.ARTICLE_20_8, (labels.FEE_AMOUNT,), (labels.ADMINISTRATIVE_FEES,)),
    )
    r = 2
    for article, columns, rows in blocks:
        yield Label(sheet, f"A{r}", article, f"A{r}:D{r}", header=True)
        r += 1
        yield Label(sheet, f"A{r}", labels.INFORMATION_CONTENT, header=True)
        if len(columns) == 1:
            yield Label(sheet, f"B{r}", columns[0], f"B{r}:D{r}", header=True)
        else:
            for letter, column in zip("BCD", columns, strict=True):
                yield Label(sheet, f"{letter}{r}", column, header=True)
        r += 1
        for row_label in rows:
            yield Label(sheet, f"A{r}", row_label)
            if len(columns) == 1:
                yield Slot(sheet, f"B{r}", next(cells), f"B{r}:D{r}")
            else:
                for letter in "BCD":
                    yield Slot(sheet, f"{letter}{r}", next(cells))
            r += 1


THREE_FIRST_ROW: Final = 5
"""Spreadsheet row of 表三's first data row (一、本年新收…)."""


def _table_three() -> Iterator[Label | Slot]:
    sheet = TABLE_THREE
    yield Label(sheet, "A1", labels.SECTION_TITLES[2], "A1:J1", title=True)
    yield Label(sheet, "A2", labels.BALANCE_NOTE, "A2:C4", header=True)
    yield Label(sheet, "D2", labels.APPLICANTS, "D2:J2", header=True)
    yield Label(sheet, "D3", labels.APPLICANT_COLUMNS[0].label, "D3:D4", header=True)
    yield Label(sheet, "E3", labels.LEGAL_PERSONS, "E3:I3", header=True)
    yield Label(sheet, "J3", labels.TOTAL, "J3:J4", header=True)
    for letter, column in zip("EFGHI", labels.APPLICANT_COLUMNS[1:], strict=True):
        yield Label(sheet, f"{letter}4", column.label, header=True)

    rows = {row.key: THREE_FIRST_ROW + i for i, row in enumerate(labels.APPLICATION_ROWS)}
    leaves = [rows[r.key] for r in labels.APPLICATION_ROWS if r.path[0] == "results" and r.key != "results_total"]
    spans: dict[str, list[int]] = {}
    for row in labels.APPLICATION_ROWS:
        r = rows[row.key]
        outer = figures.application_row_labels(row)
        if len(outer) == 1:
            yield Label(sheet, f"A{r}", row.label, f"A{r}:C{r}")
        elif len(outer) == 2:
            yield Label(sheet, f"B{r}", row.label, f"B{r}:C{r}")
        else:
            yield Label(sheet, f"C{r}", row.label)
        for group in outer[:-1]:
            spans.setdefault(group, []).append(r)
    for group, group_rows in spans.items():
        letter = "A" if group == labels.RESULTS else "B"
        first, last = min(group_rows), max(group_rows)
        yield Label(sheet, f"{letter}{first}", group, f"{letter}{first}:{letter}{last}")

    cells = iter(f for f in FIGURES if f.table == TABLE_THREE)
    for row in labels.APPLICATION_ROWS:
        r = rows[row.key]
        for letter in "DEFGHIJ":
            figure = next(cells)
            formula = None
            if figure.kind is Kind.TOTAL:
                formula = f"=SUM(D{r}:I{r})"
            elif figure.kind is Kind.RESULTS_TOTAL:
                formula = f"=SUM({letter}{min(leaves)}:{letter}{max(leaves)})"
            yield Slot(sheet, f"{letter}{r}", figure, formula=formula)


def _table_four() -> Iterator[Label | Slot]:
    sheet = TABLE_FOUR
    yield Label(sheet, "A1", labels.SECTION_TITLES[3], "A1:O1", title=True)
    yield Label(sheet, "A2", labels.ADMINISTRATIVE_REVIEW, "A2:E2", header=True)
    yield Label(sheet, "F2", labels.ADMINISTRATIVE_LITIGATION, "F2:O2", header=True)
    for i, outcome in enumerate(labels.ALL_OUTCOME_COLUMNS):
        letter = get_column_letter(1 + i)
        yield Label(sheet, f"{letter}3", outcome.label, f"{letter}3:{letter}4", header=True)
    for block, group in enumerate(labels.CASE_GROUPS[1:]):
        first = 6 + 5 * block
        yield Label(sheet, f"{get_column_letter(first)}3", group.label, f"{_span(first, 5, 3)}", header=True)
        for i, column in enumerate(labels.ALL_OUTCOME_COLUMNS):
            yield Label(sheet, f"{get_column_letter(first + i)}4", column.label, header=True)
    cells = iter(f for f in FIGURES if f.table == TABLE_FOUR)
    for block in range(len(labels.CASE_GROUPS)):
        first = 1 + 5 * block
        for i in range(5):
            figure = next(cells)
            formula = f"=SUM({_span(first, 4, 5)})" if figure.kind is Kind.TOTAL else None
            yield Slot(sheet, f"{get_column_letter(first + i)}5", figure, formula=formula)


def _span(first_column: int, width: int, row: int) -> str:
    return f"{get_column_letter(first_column)}{row}:{get_column_letter(first_column + width - 1)}{row}"


LAYOUT: Final = (*_table_two(), *_table_three(), *_table_four())
SLOTS: Final = tuple(item for item in LAYOUT if isinstance(item, Slot))
SLOT_BY_PATH: Final = {slot.figure.path: slot for slot in SLOTS}
assert len(SLOTS) == len(FIGURES), "every figure has exactly one cell"

# --- details and texts ------------------------------------------------------------


@frozen
class Detail:
    """One line of the 基本信息 sheet: a data path, how to read it and a hint."""

    path: DataPath
    kind: str
    hint: str = ""

    @property
    def label(self) -> str:
        return datafile.describe_path(self.path)


DETAILS: Final = (
    Detail(("agency",), "text", "必填。机关全称，用于报告标题，如“淄博市张店区信访局”"),
    Detail(("year",), "year", "必填。报告统计的年度，四位数字，如 2024"),
    Detail(("contact", "office"), "text", "开头段落中受理咨询的机构"),
    Detail(("contact", "address"), "text", ""),
    Detail(("contact", "postcode"), "text", "六位数字"),
    Detail(("contact", "phone"), "text", "如 0533-2868600"),
    Detail(("contact", "email"), "text", ""),
    Detail(("signature", "agency"), "text", "留空则用机关名称"),
    Detail(("signature", "date"), "date", "如 2025-01-20；可留空"),
    Detail(("other_matters", "processing_fees", "count"), "count", "本年收取信息处理费的件数"),
    Detail(("other_matters", "processing_fees", "amount"), "amount", "单位：元（不是万元）"),
    Detail(("other_matters", "proposals", "npc_suggestions"), "count", "本年办理的件数"),
    Detail(("other_matters", "proposals", "cppcc_proposals"), "count", "本年办理的件数"),
    Detail(("opening",), "text", "报告开头的说明段落；可留空"),
)
DETAILS_HEADER: Final = ("项目", "内容", "填写说明")

TOPIC_LABELS: Final = {
    Topic.ACTIVE_DISCLOSURE: "主动公开",
    Topic.APPLICATIONS: "依申请公开",
    Topic.INFORMATION_MANAGEMENT: "政府信息管理",
    Topic.PLATFORMS: "政府信息公开平台建设",
    Topic.OVERSIGHT: "监督保障",
    Topic.CASES: "行政复议和行政诉讼",
    Topic.PROCESSING_FEES: "信息处理费",
    Topic.PROPOSALS: "人大代表建议和政协提案",
    Topic.INNOVATION: "创新实践",
    Topic.WORK_PLAN: "工作要点落实情况",
}
"""How the 文字 sheet names a subsection's topic (the data file uses the English value)."""

TOPICS_BY_LABEL: Final = {**{t.value: t for t in Topic}, **{text: t for t, text in TOPIC_LABELS.items()}}

TEXT_PARTS: Final = (
    ("overview", True),
    ("active_disclosure_notes", False),
    ("applications_notes", False),
    ("cases_notes", False),
    ("problems", True),
    ("other_matters", True),
)
"""The report's text parts in printed order, and whether each has subsections."""


def part_label(key: str) -> str:
    """The official label of a text part, e.g. ``一、总体情况``."""
    return str(attrs.fields_dict(Report)[key].metadata[LABEL])


PARTS_BY_LABEL: Final = {part_label(key): (key, sections) for key, sections in TEXT_PARTS}
TEXTS_HEADER: Final = ("部分", "小节", "小标题", "主题", "正文")
TEXT_ROWS_EDITABLE: Final = 300
"""At least this many rows of the 文字 sheet are open for typing."""


# --- writing ------------------------------------------------------------------------


def build_workbook(report: Report | None = None) -> Workbook:
    """The 填报表 workbook, empty or filled from ``report``."""
    wb = openpyxl.Workbook()
    default = wb.active
    assert default is not None
    wb.remove(default)
    _details_sheet(wb.create_sheet(DETAILS_SHEET), report)
    values = figures.values_of(report) if report is not None else {}
    for sheet in (TABLE_TWO, TABLE_THREE, TABLE_FOUR):
        _table_sheet(wb.create_sheet(sheet), values)
    _texts_sheet(wb.create_sheet(TEXTS_SHEET), report)
    _fees_sheet(wb.create_sheet(FEES_SHEET), report)
    wb.properties.title = report.title if report is not None else "政府信息公开工作年度报告填报表"
    wb.properties.creator = "nianbao"
    return wb


def write_workbook(out: str | os.PathLike[str], report: Report | None = None, overwrite: bool = True) -> Path:
    """Write the 填报表 to ``out`` (.xlsx) atomically."""
    return excel.save_workbook(build_workbook(report), out, overwrite)


def _table_sheet(ws: Worksheet, values: dict[DataPath, Any]) -> None:
    sheet = ws.title
    for item in LAYOUT:
        if item.sheet != sheet:
            continue
        cell = ws[item.ref]
        if isinstance(item, Label):
            cell.value = item.text
            excel.style_label(cell, header=item.header)
            if item.title:
                cell.font = excel.TITLE_FONT
                cell.border = openpyxl.styles.Border()
            if item.span:
                if not item.title:
                    excel.border_range(ws, item.span)
                ws.merge_cells(item.span)
            continue
        value = values.get(item.figure.path)
        if item.figure.kind.derived:
            stated = value is not None or (item.figure.kind is Kind.RESULTS_TOTAL and _results_total_stated(values))
            cell.value = value if stated else item.formula
            excel.style_formula(cell)
        else:
            cell.value = value
            excel.style_input(cell)
            if isinstance(value, Decimal):
                places = figures.decimal_places(value)
                cell.number_format = "0." + "0" * places if places else "0"
        dv = excel.validation_for(item.figure.kind, item.ref)
        ws.add_data_validation(dv)
        dv.add(item.span or item.ref)
        if item.span:
            excel.border_range(ws, item.span)
            ws.merge_cells(item.span)
    _table_format(ws)
    excel.protect(ws)


def _results_total_stated(values: dict[DataPath, Any]) -> bool:
    return any(values.get((*figures.RESULTS_TOTAL_PATH, i)) is not None for i in range(7))


def _table_format(ws: Worksheet) -> None:
    widths = {
        TABLE_TWO: {"A": 20, "B": 18, "C": 18, "D": 18},
        TABLE_THREE: {"A": 8, "B": 14, "C": 40, **{c: 10 for c in "DEFGHIJ"}},
        TABLE_FOUR: {get_column_letter(i): 9 for i in range(1, 16)},
    }[ws.title]
    for letter, width in widths.items():
        ws.column_dimensions[letter].width = width
    ws.row_dimensions[1].height = 30
    if ws.title != TABLE_TWO:
        ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    if ws.sheet_properties.pageSetUpPr is not None:
        ws.sheet_properties.pageSetUpPr.fitToPage = True


def _details_sheet(ws: Worksheet, report: Report | None) -> None:
    data = datafile.to_data(report) if report is not None else {}
    for column, text in enumerate(DETAILS_HEADER, start=1):
        excel.style_label(ws.cell(1, column, text), header=True)
    for r, detail in enumerate(DETAILS, start=2):
        excel.style_label(ws.cell(r, 1, detail.label), left=True)
        value = _value_at(data, detail.path) if report is not None else None
        cell = ws.cell(r, 2)
        if detail.kind == "date":
            cell.value = value
            excel.style_input(cell, left=True)
            cell.number_format = "yyyy-mm-dd"
        elif detail.kind == "amount":
            cell.value = value
            excel.style_input(cell, left=True)
            if isinstance(value, Decimal):
                places = figures.decimal_places(value)
                cell.number_format = "0." + "0" * places if places else "0"
        else:
            excel.set_text(cell, value)
            excel.style_input(cell, left=True, text=detail.kind == "text")
        excel.style_label(ws.cell(r, 3, detail.hint), left=True)
        dv = None
        if detail.kind == "year":
            dv = excel.whole_number_validation(2008, 2100, "年度应为 2008 至 2100 之间的四位数字。")
        elif detail.kind == "count":
            dv = excel.whole_number_validation(0)
        if dv is not None:
            ws.add_data_validation(dv)
            dv.add(cell.coordinate)
    opening_row = 1 + len(DETAILS)
    ws.row_dimensions[opening_row].height = 90
    ws.column_dimensions["A"].width = 44
    ws.column_dimensions["B"].width = 60
    ws.column_dimensions["C"].width = 40
    excel.protect(ws)


def _value_at(data: dict[str, Any], path: DataPath) -> Any:
    value: Any = data
    for step in path:
        if not isinstance(value, dict) or step not in value:
            return None
        value = value[step]
    return value


def _text_rows(report: Report) -> Iterator[tuple[str, int | None, str, str, str]]:
    """(部分, 小节, 小标题, 主题, 正文) rows of a report's texts."""
    for key, has_sections in TEXT_PARTS:
        label = part_label(key)
        part = getattr(report, key)
        if not has_sections:
            for paragraph in part:
                yield label, None, "", "", paragraph
            continue
        for paragraph in part.paragraphs:
            yield label, None, "", "", paragraph
        for number, sub in enumerate(part.subsections, start=1):
            topic = TOPIC_LABELS[sub.topic] if sub.topic is not None else ""
            if not sub.paragraphs:
                yield label, number, sub.heading, topic, ""
            for i, paragraph in enumerate(sub.paragraphs):
                yield label, number, sub.heading if i == 0 else "", topic if i == 0 else "", paragraph


def _texts_sheet(ws: Worksheet, report: Report | None) -> None:
    for column, text in enumerate(TEXTS_HEADER, start=1):
        excel.style_label(ws.cell(1, column, text), header=True)
    rows = list(_text_rows(report)) if report is not None else []
    last = max(len(rows) + 100, TEXT_ROWS_EDITABLE)
    for r in range(2, last + 2):
        for column in range(1, 6):
            excel.style_input(ws.cell(r, column), left=column in (3, 5), text=column != 2)
    for r, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            excel.set_text(ws.cell(r, column), value if value != "" else None)
    parts = excel.prompt(
        excel.list_validation(PARTS_BY_LABEL, "请从下拉列表中选择报告的部分。"), "这一段文字属于报告的哪一部分"
    )
    sections = excel.prompt(
        excel.whole_number_validation(1, None, "小节序号应为 1 起的整数；部分开头的段落请留空。"),
        "留空：该部分开头的段落；1、2、3……：第几个小节",
    )
    topics = excel.list_validation(TOPIC_LABELS.values(), "请从下拉列表中选择主题，或留空。")
    for dv, letter in ((parts, "A"), (sections, "B"), (topics, "D")):
        ws.add_data_validation(dv)
        dv.add(f"{letter}2:{letter}{last + 1}")
    for letter, width in zip("ABCDE", (30, 8, 36, 22, 90), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    excel.protect(ws, rows_editable=True)


FEE_ITEM_FIELDS: Final = ("unit", "count", "amount")
FEE_ROWS_EDITABLE: Final = 50


def fee_item_label(key: str) -> str:
    """A 信息处理费分项 column's label, from the model."""
    return str(attrs.fields_dict(ProcessingFeeItem)[key].metadata[LABEL])


def _fees_sheet(ws: Worksheet, report: Report | None) -> None:
    for column, key in enumerate(FEE_ITEM_FIELDS, start=1):
        excel.style_label(ws.cell(1, column, fee_item_label(key)), header=True)
    items = report.other_matters.processing_fees.breakdown if report is not None else ()
    last = len(items) + FEE_ROWS_EDITABLE + 1
    for r in range(2, last + 1):
        excel.style_input(ws.cell(r, 1), left=True, text=True)
        excel.style_input(ws.cell(r, 2))
        excel.style_input(ws.cell(r, 3))
    for r, item in enumerate(items, start=2):
        excel.set_text(ws.cell(r, 1), item.unit)
        ws.cell(r, 2).value = item.count
        amount = ws.cell(r, 3)
        amount.value = item.amount
        places = figures.decimal_places(item.amount)
        amount.number_format = "0." + "0" * places if places else "0"
    counts = excel.whole_number_validation(0)
    ws.add_data_validation(counts)
    counts.add(f"B2:B{last}")
    note = ws.cell(
        1, 5, "按收费单位分项填写（单位：元）；各项之和应等于“基本信息”中的收费件数和收费金额。不分项的留空。"
    )
    note.font = excel.BODY_FONT
    for letter, width in zip("ABCDE", (36, 12, 16, 4, 70), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    excel.protect(ws, rows_editable=True)


# --- reading ------------------------------------------------------------------------


def read_workbook(path: str | os.PathLike[str]) -> Report:
    """Read a filled 填报表 (.xlsx) into a report.

    Raises :class:`~nianbao.errors.DataError` listing every fault, each named by sheet
    and cell with the official labels.
    """
    return read_book(excel.open_book(path))


def book_of(wb: Workbook, name: str = "<填报表>") -> Book:
    """A workbook in memory as a :class:`~nianbao.excel.Book` (for tests and doctests)."""
    buffer = io.BytesIO()
    wb.save(buffer)
    content = buffer.getvalue()
    return Book(
        name,
        openpyxl.load_workbook(io.BytesIO(content), data_only=False),
        openpyxl.load_workbook(io.BytesIO(content), data_only=True),
    )


def is_agency_workbook(book: Book) -> bool:
    """Whether an opened workbook looks like a 填报表 (it has the table sheets)."""
    return all(sheet in book.sheetnames for sheet in (TABLE_TWO, TABLE_THREE, TABLE_FOUR))


class _Reader:
    """Collects a workbook's data and, for each data path, the cell it came from."""

    def __init__(self, book: Book) -> None:
        self.book = book
        self.issues: list[DataIssue] = []
        self.where: dict[DataPath, str] = {}

    def fault(self, location: str, message: str, path: DataPath = ()) -> None:
        self.issues.append(DataIssue(self.book.name, message, path=path, location=location))

    def read(self) -> Report:
        missing = [s for s in REQUIRED_SHEETS if s not in self.book.sheetnames]
        if missing:
            names = "、".join(f"“{s}”" for s in missing)
            raise DataError([DataIssue(self.book.name, f"不是 nianbao 填报表：缺少工作表{names}")])
        self.check_labels()
        data = self.details()
        data.update(self.tables())
        breakdown = self.breakdown()
        if breakdown:
            data.setdefault("other_matters", {}).setdefault("processing_fees", {})["breakdown"] = breakdown
        texts = self.texts()
        other = data.setdefault("other_matters", {})
        for key, value in texts.items():
            if key == "other_matters":
                other.update(value)
            else:
                data[key] = value
        report: Report | None = None
        try:
            report = datafile.from_data(data, name=self.book.name)
        except DataError as error:
            for issue in error.issues:
                location = self.locate(issue.path)
                self.issues.append(attrs.evolve(issue, location=location, line=None))
        if self.issues or report is None:
            raise DataError(excel.sorted_issues(self.issues, SHEETS))
        return report

    def locate(self, path: DataPath) -> str:
        """The cell behind a data path (the nearest one recorded), else its labels."""
        probe = path
        while probe:
            if probe in self.where:
                return self.where[probe]
            probe = probe[:-1]
        return datafile.describe_path(path)

    def check_labels(self) -> None:
        for item in LAYOUT:
            if isinstance(item, Label) and not item.title:
                found = self.book.formulas[item.sheet][item.ref].value
                if str(found or "").strip() != item.text:
                    self.fault(
                        cell_location(item.sheet, item.ref),
                        f"表格结构被改动：此处应为“{item.text}”，实为“{found or ''}”，"
                        "请使用 nianbao workbook 生成的原表",
                    )

    def tables(self) -> dict[str, Any]:
        values: dict[DataPath, object] = {}
        for slot in SLOTS:
            kind = slot.figure.kind
            raw, usable = self.book.raw(slot.sheet, slot.ref, derived=kind.derived)
            self.where[slot.figure.path] = slot.location()
            if not usable:
                self.fault(slot.location(), excel.FORMULA_WITHOUT_VALUE, slot.figure.path)
                continue
            values[slot.figure.path] = figures.normalize(raw, kind, self.book.number_format(slot.sheet, slot.ref))
        return figures.tables_data(values)

    def details(self) -> dict[str, Any]:
        ws = self.book.formulas[DETAILS_SHEET]
        rows: dict[str, int] = {}
        for r in range(2, ws.max_row + 1):
            label = ws.cell(r, 1).value
            if isinstance(label, str):
                rows.setdefault(label.strip(), r)
        data: dict[str, Any] = {}
        for detail in DETAILS:
            r_found = rows.get(detail.label)
            if r_found is None:
                self.fault(cell_location(DETAILS_SHEET, "A"), f"缺少“{detail.label}”一行")
                continue
            ref = f"B{r_found}"
            location = cell_location(DETAILS_SHEET, ref, detail.label)
            self.where[detail.path] = location
            raw, usable = self.book.raw(DETAILS_SHEET, ref)
            if not usable:
                self.fault(location, excel.FORMULA_WITHOUT_VALUE, detail.path)
                continue
            value = self.detail_value(detail, raw, location, self.book.number_format(DETAILS_SHEET, ref))
            if value is not None:
                _put(data, detail.path, value)
        return data

    def detail_value(self, detail: Detail, raw: Any, location: str, number_format: str) -> Any:
        if detail.kind == "text":
            text = _as_text(raw)
            if detail.path == ("agency",) and not text.strip():
                self.fault(location, "必须填写机关名称", detail.path)
                return "（未填写）"
            return text
        if detail.kind == "year":
            year = figures.normalize(raw, Kind.COUNT)
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                self.fault(location, "必须填写报告年度", detail.path)
                return 2024
            if not isinstance(year, int) or isinstance(year, bool) or not 2008 <= year <= 2100:
                self.fault(location, f"报告年度应为 2008 至 2100 之间的四位数字，实为“{raw}”", detail.path)
                return 2024
            return year
        if detail.kind == "date":
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                return None
            day = _as_date(raw)
            if day is None:
                self.fault(location, f"应为日期（如 2025-01-20 或 2025年1月20日），实为“{raw}”", detail.path)
            return day
        kind = Kind.MONEY if detail.kind == "amount" else Kind.COUNT
        return figures.normalize(raw, kind, number_format)

    def breakdown(self) -> list[dict[str, Any]]:
        """The 信息处理费分项 rows, blank rows skipped."""
        if FEES_SHEET not in self.book.sheetnames:
            return []
        ws = self.book.formulas[FEES_SHEET]
        items: list[dict[str, Any]] = []
        base = ("other_matters", "processing_fees", "breakdown")
        self.where[("other_matters", "processing_fees")] = cell_location(FEES_SHEET, "A1", "信息处理费分项合计")
        for r in range(2, ws.max_row + 1):
            raws = {}
            for key, letter in zip(FEE_ITEM_FIELDS, "ABC", strict=True):
                value, usable = self.book.raw(FEES_SHEET, f"{letter}{r}")
                if not usable:
                    self.fault(cell_location(FEES_SHEET, f"{letter}{r}"), excel.FORMULA_WITHOUT_VALUE)
                    value = None
                raws[key] = value
            if all(v is None or not str(v).strip() for v in raws.values()):
                continue
            path = (*base, len(items))
            for key, letter in zip(FEE_ITEM_FIELDS, "ABC", strict=True):
                self.where[(*path, key)] = cell_location(FEES_SHEET, f"{letter}{r}", fee_item_label(key))
            self.where[path] = cell_location(FEES_SHEET, f"A{r}", "信息处理费分项")
            items.append(
                {
                    "unit": _as_text(raws["unit"]),
                    "count": figures.normalize(raws["count"], Kind.COUNT),
                    "amount": figures.normalize(
                        raws["amount"], Kind.MONEY, self.book.number_format(FEES_SHEET, f"C{r}")
                    ),
                }
            )
        return items

    def texts(self) -> dict[str, Any]:
        ws = self.book.formulas[TEXTS_SHEET]
        found: dict[str, _Part] = {}
        for r in range(2, ws.max_row + 1):
            cells = [self.book.raw(TEXTS_SHEET, f"{letter}{r}") for letter in "ABCDE"]
            for (_value, usable), letter in zip(cells, "ABCDE", strict=True):
                if not usable:
                    self.fault(cell_location(TEXTS_SHEET, f"{letter}{r}"), excel.FORMULA_WITHOUT_VALUE)
            part_raw, number_raw, heading_raw, topic_raw, text_raw = (_as_text(v) for v, _ in cells)
            if not any(s.strip() for s in (part_raw, number_raw, heading_raw, topic_raw, text_raw)):
                continue
            part = PARTS_BY_LABEL.get(part_raw.strip())
            if part is None:
                allowed = "".join(f"“{p}”" for p in PARTS_BY_LABEL)
                shown = f"“{part_raw}”" if part_raw.strip() else "空白"
                self.fault(cell_location(TEXTS_SHEET, f"A{r}", "部分"), f"应为{allowed}之一，实为{shown}")
                continue
            key, has_sections = part
            record = found.setdefault(key, _Part(key, has_sections))
            self.text_row(record, r, number_raw, heading_raw, topic_raw, text_raw)
        return {key: record.data(self.where) for key, record in found.items()}

    def text_row(self, part: _Part, r: int, number_raw: str, heading: str, topic_raw: str, text: str) -> None:
        where = part_label(part.key)
        number = 0
        if number_raw.strip():
            parsed = figures.normalize(number_raw, Kind.COUNT)
            if not isinstance(parsed, int) or parsed < 1:
                self.fault(
                    cell_location(TEXTS_SHEET, f"B{r}", f"{where}/小节"),
                    f"小节序号应为 1 起的整数（部分开头的段落留空），实为“{number_raw}”",
                )
                return
            number = parsed
        if number and not part.has_sections:
            self.fault(cell_location(TEXTS_SHEET, f"B{r}", f"{where}/小节"), f"“{where}”不分小节，小节一栏应留空")
            return
        if not number and (heading.strip() or topic_raw.strip()):
            self.fault(
                cell_location(TEXTS_SHEET, f"C{r}", where),
                "小标题、主题只用于小节：要开始一个新小节，请在“小节”一栏填写序号",
            )
            return
        topic: Topic | None = None
        if topic_raw.strip():
            topic = TOPICS_BY_LABEL.get(topic_raw.strip())
            if topic is None:
                allowed = "".join(f"“{t}”" for t in TOPIC_LABELS.values())
                self.fault(
                    cell_location(TEXTS_SHEET, f"D{r}", f"{where}/主题"),
                    f"主题应为{allowed}之一，或留空，实为“{topic_raw}”",
                )
                return
        if not number:
            if text:
                part.paragraphs.append((text, r))
            return
        sub = part.subsections.setdefault(number, _Subsection(r))
        for value, letter, current, name in (
            (heading, "C", sub.heading, "小标题"),
            (topic.value if topic else "", "D", sub.topic.value if sub.topic else "", "主题"),
        ):
            if value and current and value != current:
                self.fault(
                    cell_location(TEXTS_SHEET, f"{letter}{r}", f"{where}/第{number}小节"),
                    f"同一小节的{name}前后不一致（前面为“{current}”）；同一小节只需在第一行填写{name}",
                )
                return
        if heading and not sub.heading:
            sub.heading = heading
        if topic and sub.topic is None:
            sub.topic = topic
        if text:
            sub.paragraphs.append((text, r))


class _Subsection:
    def __init__(self, row: int) -> None:
        self.row = row
        self.heading = ""
        self.topic: Topic | None = None
        self.paragraphs: list[tuple[str, int]] = []


class _Part:
    def __init__(self, key: str, has_sections: bool) -> None:
        self.key = key
        self.has_sections = has_sections
        self.paragraphs: list[tuple[str, int]] = []
        self.subsections: dict[int, _Subsection] = {}

    def data(self, where: dict[DataPath, str]) -> Any:
        label = part_label(self.key)
        for i, (_text, r) in enumerate(self.paragraphs):
            path = (self.key, "paragraphs", i) if self.has_sections else (self.key, i)
            where[path] = cell_location(TEXTS_SHEET, f"E{r}", label)
        paragraphs = [text for text, _r in self.paragraphs]
        if not self.has_sections:
            return paragraphs
        subsections = []
        for i, number in enumerate(sorted(self.subsections)):
            sub = self.subsections[number]
            where[(self.key, "subsections", i)] = cell_location(TEXTS_SHEET, f"B{sub.row}", f"{label}/第{number}小节")
            entry: dict[str, Any] = {"heading": sub.heading, "paragraphs": [text for text, _r in sub.paragraphs]}
            if sub.topic is not None:
                entry["topic"] = sub.topic.value
            subsections.append(entry)
        return {"paragraphs": paragraphs, "subsections": subsections}


def _put(data: dict[str, Any], path: DataPath, value: Any) -> None:
    for step in path[:-1]:
        data = data.setdefault(str(step), {})
    data[str(path[-1])] = value


def _as_text(value: Any) -> str:
    """A text cell's content; numbers typed into it (a phone number, a postcode) as typed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


_DATE: Final = re.compile(r"(\d{4})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})\s*日?")


def _as_date(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        converted = from_excel(value)
        return converted.date() if isinstance(converted, datetime.datetime) else None
    if isinstance(value, str):
        match = _DATE.fullmatch(value.strip())
        if match:
            try:
                return datetime.date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                return None
    return None


def read_book(book: Book) -> Report:
    """Read an opened 填报表 (see :func:`read_workbook`)."""
    return _Reader(book).read()
