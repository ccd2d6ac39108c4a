"""Importing reports agencies already have: a .docx, a published web page, flattened text.

:func:`read_report` reads any of them (and data files) into a
:class:`~nianbao.model.Report`, with an import note for everything it had to guess or
repair. Each source format has its reader (``docx_source``, ``html_source``,
``text_source``) that turns it into paragraphs and tables; ``sections`` reads the
text and ``tables`` reads tables 二, 三 and 四 by their official labels.

>>> from nianbao.extract import extract_text
>>> text = "某局2023年政府信息公开工作年度报告\\n一、总体情况\\n（一）主动公开情况。全年公开信息5条。"
>>> extraction = extract_text(text)
>>> extraction.report.overview.subsections[0].heading
'（一）主动公开情况。'
>>> print(extraction.notes[0])
二、主动公开政府信息情况：未找到此部分的标题，此部分按空白处理
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Final, Literal

from attrs import frozen

from nianbao import datafile
from nianbao.errors import ExtractError
from nianbao.extract.convert import CONVERTIBLE, convert_to_docx
from nianbao.extract.document import Block, Paragraph, Table
from nianbao.extract.docx_source import DocxUnreadable, read_docx
from nianbao.extract.html_source import read_html
from nianbao.extract.notes import Note
from nianbao.extract.sections import read_sections
from nianbao.extract.tables import read_tables
from nianbao.extract.text_source import decode_text, read_text
from nianbao.model import Report

SourceKind = Literal["docx", "html", "txt", "data"]

SUFFIXES: Final[dict[str, SourceKind]] = {
    ".docx": "docx",
    ".docm": "docx",
    ".html": "html",
    ".htm": "html",
    ".shtml": "html",
    ".xhtml": "html",
    ".txt": "txt",
    ".text": "txt",
    **dict.fromkeys(datafile.SUFFIXES, "data"),
}
UNKNOWN_AGENCY: Final = "（未识别的机关）"

__all__ = [
    "Extraction",
    "Note",
    "extract_blocks",
    "extract_docx",
    "extract_html",
    "extract_text",
    "read_report",
]


@frozen
class Extraction:
    """A report read from a file, and the notes on what was guessed or repaired."""

    report: Report
    notes: tuple[Note, ...] = ()
    source: str = ""
    kind: SourceKind = "data"


def read_report(path: str | os.PathLike[str]) -> Extraction:
    """Read a report from a .docx, .html or .txt file (or a YAML/JSON data file).

    Older formats (.doc, .wps, .odt, .rtf) are converted to .docx by LibreOffice first.
    Raises :class:`~nianbao.errors.ExtractError` for a file that cannot be read at all,
    and :class:`~nianbao.errors.DataError` for a faulty data file.
    """
    source = Path(path)
    name = str(path)
    suffix = source.suffix.lower()
    if not source.is_file():
        raise ExtractError(f"{name}：文件不存在")
    if suffix in CONVERTIBLE:
        extraction = extract_docx(convert_to_docx(source), name)
        converted = Note("", f"已用 LibreOffice 把 {suffix} 文件转换为 .docx 后读取")
        return Extraction(extraction.report, (converted, *extraction.notes), name, "docx")
    kind = SUFFIXES.get(suffix)
    if kind is None:
        known = "、".join(sorted({*SUFFIXES, *CONVERTIBLE}))
        raise ExtractError(f"{name}：不支持的文件类型“{suffix or '（无扩展名）'}”，可读取 {known}")
    if kind == "data":
        return Extraction(datafile.load(source), (), name, "data")
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise ExtractError(f"{name}：无法读取文件（{exc.strerror}）") from None
    if kind == "docx":
        return extract_docx(data, name)
    if kind == "html":
        return extract_html(data, name)
    return extract_text(decode_text(data), name)


def extract_docx(data: bytes, name: str = "<docx>") -> Extraction:
    """Read a report from the bytes of a .docx."""
    try:
        blocks = read_docx(data)
    except DocxUnreadable:
        raise ExtractError(f"{name}：不是有效的 Word（.docx）文件，可能已损坏或实为其他格式") from None
    return extract_blocks(blocks, name, "docx")


def extract_html(data: bytes, name: str = "<html>") -> Extraction:
    """Read a report from the bytes of a web page."""
    return extract_blocks(read_html(data), name, "html")


def extract_text(text: str, name: str = "<txt>") -> Extraction:
    """Read a report from flattened text (see :mod:`nianbao.extract.text_source`)."""
    return extract_blocks(read_text(text), name, "txt")


def extract_blocks(blocks: Sequence[Block], name: str = "", kind: SourceKind = "txt") -> Extraction:
    """Read a report from the paragraphs and tables a reader made of a source."""
    text = read_sections(blocks)
    tables = read_tables(b for b in blocks if isinstance(b, Table))
    if not tables.found and text.sections_found == 0:
        paragraphs = sum(isinstance(b, Paragraph) for b in blocks)
        raise ExtractError(
            f"{name}：未识别出年度报告的内容（{paragraphs}段文字，未找到“一、总体情况”等标题，也未找到表二、表三、表四）"
        )
    notes = list(text.notes)
    agency = text.agency
    if not agency:
        agency = UNKNOWN_AGENCY
        notes.append(Note("机关名称", f"未能识别机关名称，暂记为“{UNKNOWN_AGENCY}”，请修改"))
    year = text.year
    if year is None:
        year = datetime.date.today().year - 1
        notes.append(Note("报告年度", f"未能识别报告年度，暂记为{year}年（上一年），请修改"))
    report = Report(
        agency=agency,
        year=year,
        active_disclosure=tables.active_disclosure,
        applications=tables.applications,
        cases=tables.cases,
        contact=text.contact,
        opening=text.opening,
        overview=text.overview,
        active_disclosure_notes=text.active_disclosure_notes,
        applications_notes=text.applications_notes,
        cases_notes=text.cases_notes,
        problems=text.problems,
        other_matters=text.other_matters,
        signature=text.signature,
    )
    return Extraction(report, (*notes, *tables.notes), name, kind)
