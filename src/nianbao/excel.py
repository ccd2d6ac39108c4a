"""What the workbook and the roster share: opening .xlsx files, cell styles, validation,
reading a cell (formula or value) and naming a cell in messages.

>>> cell_location("表三", "D7", "三、本年度办理结果/（一）予以公开/自然人")
'表三!D7（三、本年度办理结果/（一）予以公开/自然人）'
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Final

import openpyxl
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.formula import ArrayFormula
from openpyxl.worksheet.worksheet import Worksheet

from nianbao.datafile import refuse_existing, write_atomic
from nianbao.errors import DataError, DataIssue, OutputError
from nianbao.figures import Kind

SUFFIXES: Final = (".xlsx", ".xlsm")

FONT_NAME: Final = "宋体"
_THIN: Final = Side(style="thin", color="808080")
BORDER: Final = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
TITLE_FONT: Final = Font(name=FONT_NAME, size=14, bold=True)
HEADER_FONT: Final = Font(name=FONT_NAME, size=10, bold=True)
BODY_FONT: Final = Font(name=FONT_NAME, size=10)
INPUT_FILL: Final = PatternFill("solid", fgColor="FFF8DC")
"""Cells to fill in: a light yellow, so a department sees where to type."""
FORMULA_FILL: Final = PatternFill("solid", fgColor="E8E8E8")
"""Totals computed by formulas: grey, locked."""
HEADER_FILL: Final = PatternFill("solid", fgColor="DCE6F1")
CENTER: Final = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT: Final = Alignment(horizontal="left", vertical="center", wrap_text=True)
UNLOCKED: Final = Protection(locked=False)
LOCKED: Final = Protection(locked=True)

AnyCell = Cell | MergedCell
"""What indexing a worksheet gives (openpyxl types a merged range's inner cells apart)."""

_ERROR_TITLE: Final = "输入有误"
_PROMPT_TITLE: Final = "填写说明"


def style_label(cell: AnyCell, *, header: bool = False, left: bool = False) -> None:
    """A protected label cell as the official table prints it."""
    cell.font = HEADER_FONT if header else BODY_FONT
    cell.alignment = LEFT if left else CENTER
    cell.border = BORDER
    cell.protection = LOCKED
    if header:
        cell.fill = HEADER_FILL


def style_input(cell: AnyCell, *, left: bool = False, text: bool = False) -> None:
    """An unlocked cell for a department to fill in."""
    cell.font = BODY_FONT
    cell.alignment = LEFT if left else CENTER
    cell.border = BORDER
    cell.fill = INPUT_FILL
    cell.protection = UNLOCKED
    if text:
        cell.number_format = "@"


def style_formula(cell: AnyCell) -> None:
    """A locked total computed by a formula."""
    cell.font = BODY_FONT
    cell.alignment = CENTER
    cell.border = BORDER
    cell.fill = FORMULA_FILL
    cell.protection = LOCKED


def set_text(cell: AnyCell, value: object) -> None:
    """Put a value in a cell; text starting with “=” stays text, never a formula."""
    cell.value = value  # type: ignore[assignment]  # openpyxl accepts any cell value
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"


def border_range(ws: Worksheet, span: str) -> None:
    """Borders on every cell of a merged range (Excel draws the merged box from them)."""
    for row in ws[span]:
        for cell in row:
            cell.border = BORDER


def protect(ws: Worksheet, *, rows_editable: bool = False) -> None:
    """Lock the label and formula cells (no password: an office may need to lift it)."""
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    if rows_editable:
        ws.protection.insertRows = False
        ws.protection.deleteRows = False


def validation_for(kind: Kind, ref: str) -> DataValidation:
    """Excel's own check of a figure cell, shown while typing (reading checks again)."""
    if kind is Kind.CELL:
        dv = DataValidation(type="custom", formula1=f'OR({ref}="/",AND(ISNUMBER({ref}),{ref}>=0,INT({ref})={ref}))')
        dv.error = "请填写不小于 0 的整数；本机关不适用的填“/”。"
    elif kind is Kind.MONEY:
        dv = DataValidation(type="custom", formula1=f'OR({ref}="/",AND(ISNUMBER({ref}),{ref}>=0))')
        dv.error = "请填写不小于 0 的金额（单位：万元，可带小数）；不适用的填“/”。"
    else:
        dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0")
        dv.error = "请填写不小于 0 的整数。"
    dv.allow_blank = True
    dv.showErrorMessage = True
    dv.errorTitle = _ERROR_TITLE
    return dv


def whole_number_validation(minimum: int = 0, maximum: int | None = None, message: str = "") -> DataValidation:
    """Whole numbers >= ``minimum`` (and <= ``maximum``), with a Chinese error text."""
    if maximum is None:
        dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1=str(minimum))
    else:
        dv = DataValidation(type="whole", operator="between", formula1=str(minimum), formula2=str(maximum))
    dv.allow_blank = True
    dv.showErrorMessage = True
    dv.errorTitle = _ERROR_TITLE
    dv.error = message or f"请填写不小于 {minimum} 的整数。"
    return dv


def list_validation(choices: Iterable[str], message: str) -> DataValidation:
    """A drop-down list of ``choices``."""
    listed = ",".join(choices)
    dv = DataValidation(type="list", formula1=f'"{listed}"', allow_blank=True)
    dv.showErrorMessage = True
    dv.errorTitle = _ERROR_TITLE
    dv.error = message
    return dv


def prompt(dv: DataValidation, text: str) -> DataValidation:
    """A hint Excel shows when the cell is selected."""
    dv.showInputMessage = True
    dv.promptTitle = _PROMPT_TITLE
    dv.prompt = text
    return dv


def cell_location(sheet: str, ref: str, labels: str = "") -> str:
    """A cell as messages name it: sheet, cell and, where it helps, its official labels."""
    return f"{sheet}!{ref}（{labels}）" if labels else f"{sheet}!{ref}"


_LOCATION: Final = re.compile(r"^(?P<sheet>[^!]+)!(?P<column>[A-Z]+)(?P<row>\d+)")


def location_key(location: str, sheets: tuple[str, ...]) -> tuple[int, int, int, str]:
    """Sort key putting issues in sheet order, then row, then column."""
    match = _LOCATION.match(location)
    if not match:
        return (len(sheets), 0, 0, location)
    sheet = match["sheet"]
    order = sheets.index(sheet) if sheet in sheets else len(sheets)
    column = 0
    for letter in match["column"]:
        column = column * 26 + ord(letter) - ord("A") + 1
    return (order, int(match["row"]), column, location)


def sorted_issues(issues: Iterable[DataIssue], sheets: tuple[str, ...]) -> list[DataIssue]:
    """Issues in the order a reader meets the cells."""
    return sorted(issues, key=lambda issue: location_key(issue.location, sheets))


# --- reading --------------------------------------------------------------------


class Book:
    """A workbook opened twice: formulas as typed and the values Excel last computed."""

    def __init__(self, name: str, formulas: Workbook, values: Workbook) -> None:
        self.name = name
        self.formulas = formulas
        self.values = values

    @property
    def sheetnames(self) -> list[str]:
        return list(self.formulas.sheetnames)

    def raw(self, sheet: str, ref: str, derived: bool = False) -> tuple[Any, bool]:
        """A cell's value and whether it is usable.

        A formula in a total cell stays a formula (the sum is derived anyway); in an input
        cell it gives way to the value Excel computed and saved. An input formula
        without a saved value is unusable.
        """
        cell = self.formulas[sheet][ref]
        value = cell.value
        if isinstance(value, ArrayFormula):
            value = "=" + str(value.text or "")
        if cell.data_type != "f" or derived:
            return value, True
        cached = self.values[sheet][ref].value
        return cached, cached is not None

    def number_format(self, sheet: str, ref: str) -> str:
        return str(self.formulas[sheet][ref].number_format)


FORMULA_WITHOUT_VALUE: Final = "单元格含公式但文件中没有计算结果（请在 Excel 中打开并保存一次，或直接填写数字）"


def open_book(path: str | os.PathLike[str]) -> Book:
    """Open an .xlsx file for reading; a file that cannot be read raises DataError."""
    source = Path(path)
    name = str(path)
    if source.suffix.lower() == ".xls":
        raise DataError([DataIssue(name, "不支持旧版 .xls 文件，请在 Excel 中“另存为” .xlsx 后再试")])
    if source.suffix.lower() not in SUFFIXES:
        raise DataError([DataIssue(name, f"不支持的文件类型“{source.suffix}”，Excel 文件应为 .xlsx")])
    try:
        content = source.read_bytes()
    except FileNotFoundError:
        raise DataError([DataIssue(name, "文件不存在")]) from None
    except OSError as exc:
        raise DataError([DataIssue(name, f"无法读取文件（{exc.strerror}）")]) from None
    try:
        formulas = openpyxl.load_workbook(io.BytesIO(content), data_only=False)
        values = openpyxl.load_workbook(io.BytesIO(content), data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, TypeError, OSError):
        raise DataError([DataIssue(name, "不是有效的 .xlsx 文件，或文件已损坏")]) from None
    return Book(name, formulas, values)


# --- writing --------------------------------------------------------------------


def save_workbook(wb: Workbook, out: str | os.PathLike[str], overwrite: bool = True) -> Path:
    """Write a workbook atomically; refuse to replace a file unless ``overwrite``."""
    target = Path(out)
    if target.suffix.lower() not in SUFFIXES:
        raise OutputError(f"输出文件应以 .xlsx 结尾：{target}")
    refuse_existing(target, overwrite)
    buffer = io.BytesIO()
    wb.save(buffer)
    try:
        write_atomic(target, buffer.getvalue())
    except OSError as exc:
        raise OutputError(f"无法写入 {target}：{exc.strerror}") from None
    return target
