"""Reading a .docx made by anyone (Word, WPS, LibreOffice, nianbao) into paragraphs and tables.

The document XML is walked in reading order. Content controls (``w:sdt``) and custom
XML wrappers are looked through; deleted revisions and the fallback copies of
drawing content are skipped. Table cells keep Word's own layout: ``w:gridSpan`` cells
appear once and ``w:vMerge`` continuations appear as continuation cells. A run-in
heading is recognised from formatting: leading runs in a heading character style, in
bold, or in 楷体/黑体 (GB/T 9704 sets （一） headings in 楷体) before plain runs.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Final

import docx
from docx.opc.exceptions import PackageNotFoundError
from lxml import etree

from nianbao.extract.document import Block, Cell, Paragraph, Table

W: Final = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK: Final = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_WRAPPERS: Final = frozenset({W + "sdt", W + "sdtContent", W + "customXml", W + "smartTag"})
_SKIPPED: Final = frozenset({W + "del", W + "moveFrom", MC_FALLBACK, W + "sdtPr", W + "rPr", W + "pPr"})
_OFF: Final = frozenset({"0", "false", "off", "none"})


class DocxUnreadable(Exception):
    """The file is not a Word .docx package."""


def read_docx(source: str | Path | bytes) -> list[Block]:
    """The paragraphs and tables of a .docx, in reading order."""
    stream = io.BytesIO(source) if isinstance(source, bytes) else str(source)
    try:
        document = docx.Document(stream)
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise DocxUnreadable(str(exc)) from None
    styles = _Styles(document.styles.element)
    reader = _BodyReader(styles)
    reader.read(document.element.body)
    return reader.blocks


class _Styles:
    """Style ids resolved to what matters here: is it a heading style, is a character style a heading's."""

    def __init__(self, root: etree._Element) -> None:
        self.names: dict[str, str] = {}
        self.based_on: dict[str, str] = {}
        self.outline: set[str] = set()
        for style in root.iter(W + "style"):
            style_id = style.get(W + "styleId") or ""
            name = style.find(W + "name")
            self.names[style_id] = (name.get(W + "val") or "") if name is not None else style_id
            based = style.find(W + "basedOn")
            if based is not None:
                self.based_on[style_id] = based.get(W + "val") or ""
            if style.find(f"{W}pPr/{W}outlineLvl") is not None:
                self.outline.add(style_id)

    def is_heading_paragraph(self, style_id: str) -> bool:
        seen: set[str] = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            name = self.names.get(style_id, style_id).lower()
            if style_id in self.outline or "标题" in name or name.startswith(("heading", "title")):
                return True
            style_id = self.based_on.get(style_id, "")
        return False

    def is_heading_characters(self, style_id: str) -> bool:
        name = self.names.get(style_id, style_id).lower()
        return "标题" in name or "heading" in name or name == "strong"


class _BodyReader:
    def __init__(self, styles: _Styles) -> None:
        self.styles = styles
        self.blocks: list[Block] = []
        self.paragraphs = 0
        self.tables = 0

    def read(self, parent: etree._Element) -> None:
        for child in parent:
            if child.tag == W + "p":
                self._paragraph(child)
            elif child.tag == W + "tbl":
                self.tables += 1
                self.blocks.append(Table(_table_rows(child), self.tables))
            elif child.tag in _WRAPPERS:
                self.read(child)

    def _paragraph(self, p: etree._Element) -> None:
        runs = list(_runs(p))
        text = "".join(t for t, _ in runs)
        if not text.strip():
            return
        self.paragraphs += 1
        style = p.find(f"{W}pPr/{W}pStyle")
        styled = style is not None and self.styles.is_heading_paragraph(style.get(W + "val") or "")
        # Whitespace-only runs take either side; the lead ends at the first plain run with text.
        lead_parts: list[str] = []
        for t, run in runs:
            if t.strip() and not self._run_is_heading(run):
                break
            lead_parts.append(t)
        all_heading = len(lead_parts) == len(runs)
        lead = "" if all_heading else "".join(lead_parts).strip()
        self.blocks.append(Paragraph(text, lead=lead, heading=styled or all_heading, index=self.paragraphs))

    def _run_is_heading(self, run: etree._Element | None) -> bool:
        if run is None:
            return False
        rpr = run.find(W + "rPr")
        if rpr is None:
            return False
        style = rpr.find(W + "rStyle")
        if style is not None and self.styles.is_heading_characters(style.get(W + "val") or ""):
            return True
        bold = rpr.find(W + "b")
        if bold is not None and (bold.get(W + "val") or "true").lower() not in _OFF:
            return True
        fonts = rpr.find(W + "rFonts")
        east_asia = fonts.get(W + "eastAsia") or "" if fonts is not None else ""
        return "楷" in east_asia or "黑" in east_asia


def _runs(p: etree._Element) -> Iterator[tuple[str, etree._Element | None]]:
    """(text, run) pieces of a paragraph in order; text outside runs comes with ``None``."""
    for el in p:
        if el.tag in _SKIPPED:
            continue
        if el.tag == W + "r":
            yield _run_text(el), el
        else:
            yield from _runs(el)


def _run_text(run: etree._Element) -> str:
    out: list[str] = []
    for el in run:
        if el.tag in _SKIPPED:
            continue
        if el.tag == W + "t" and el.text:
            out.append(el.text)
        elif el.tag == W + "tab":
            out.append(" ")
        elif el.tag in (W + "br", W + "cr"):
            out.append("\n")
        elif el.tag == W + "noBreakHyphen":
            out.append("-")
        elif len(el):
            out.append(_run_text(el))
    return "".join(out)


def _children(parent: etree._Element, tag: str) -> Iterator[etree._Element]:
    """Children with ``tag``, looking through content controls and custom XML."""
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _children(child, tag)


def _cell_text(tc: etree._Element) -> str:
    lines: list[str] = []
    for child in tc:
        if child.tag == W + "p":
            lines.append("".join(t for t, _ in _runs(child)))
        elif child.tag == W + "tbl":
            lines.extend(c.text for row in _table_rows(child) for c in row if c.text)
        elif child.tag in _WRAPPERS:
            lines.extend(p_text for p_text in (_cell_text(child),) if p_text)
    return "\n".join(lines).strip()


def _int_attr(el: etree._Element | None, default: int) -> int:
    if el is None:
        return default
    try:
        return int(el.get(W + "val") or default)
    except ValueError:
        return default


def _table_rows(tbl: etree._Element) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    above: dict[int, str] = {}
    for tr in _children(tbl, W + "tr"):
        column = _int_attr(tr.find(f"{W}trPr/{W}gridBefore"), 0)
        row: list[Cell] = []
        for tc in _children(tr, W + "tc"):
            span = max(1, _int_attr(tc.find(f"{W}tcPr/{W}gridSpan"), 1))
            merge = tc.find(f"{W}tcPr/{W}vMerge")
            if merge is not None and (merge.get(W + "val") or "continue") == "continue":
                row.append(Cell("", continues=above.get(column, "")))
            else:
                text = _cell_text(tc)
                row.append(Cell(text))
                for k in range(column, column + span):
                    above[k] = text
            column += span
        rows.append(row)
    return rows
