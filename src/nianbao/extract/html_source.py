"""Reading a published web page (.html) into paragraphs and tables, with lxml's HTML parser.

Portals publish reports as HTML in UTF-8 or GB2312/GBK; the encoding comes from the
page's ``<meta>`` and is tried in that order otherwise. Block elements (``p``, ``div``,
``h1``…, ``li``, ``br``) separate paragraphs. Tables are laid on a grid with their
``rowspan`` and ``colspan``; each row then lists its cells the way Word stores them (a
cell spanning columns once, a cell spanning rows as a continuation in the rows below),
so that the table reader treats every source alike. A table that holds the page layout
rather than figures (it contains other tables or long text) is read as flowing text.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Final

import lxml.html
from lxml import etree

from nianbao.extract.document import Block, Cell, Paragraph, Table

BLOCK_TAGS: Final = frozenset(
    {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "section", "article"}
    | {"header", "footer", "main", "aside", "nav", "blockquote", "pre", "center", "form", "figure", "figcaption"}
    | {"caption", "address", "hr"}
)
SKIPPED_TAGS: Final = frozenset(
    {"script", "style", "noscript", "template", "head", "title", "select", "option", "button", "iframe"}
)
HEADING_TAGS: Final = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
BOLD_TAGS: Final = frozenset({"strong", "b"})
_CHARSET: Final = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_XML_DECLARATION: Final = re.compile(r"^\s*<\?xml[^>]*\?>")
_BOLD_STYLE: Final = re.compile(r"font-weight\s*:\s*(bold|[6-9]00)", re.IGNORECASE)
_SPACES: Final = re.compile(r"[ \t\r\n\f\u00a0\u3000]+")
LAYOUT_CELL_CHARS: Final = 150
"""A cell longer than this holds running text, so its table is page layout (official labels are < 40)."""


def decode_html(data: bytes) -> tuple[str, str]:
    """The page's text and the encoding used: the declared one, else UTF-8, else GB18030."""
    m = _CHARSET.search(data[:4096])
    tried: list[str] = []
    if m is not None:
        declared = m.group(1).decode("ascii").lower()
        tried.append("gb18030" if declared in ("gb2312", "gbk", "gb_2312-80", "x-gbk") else declared)
    tried += ["utf-8", "gb18030"]
    for encoding in tried:
        try:
            return data.decode(encoding), encoding
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("utf-8", errors="replace"), "utf-8"


def read_html(source: str | Path | bytes) -> list[Block]:
    """The paragraphs and tables of an HTML page, in reading order."""
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    text, _ = decode_html(data)
    text = _XML_DECLARATION.sub("", text)
    if not text.strip():
        return []
    root = lxml.html.document_fromstring(text)
    body = root.find("body")
    walker = _Walker()
    walker.walk(body if body is not None else root)
    walker.flush()
    return walker.blocks


def _tag(el: etree._Element) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


def _is_bold(el: etree._Element) -> bool:
    return _tag(el) in BOLD_TAGS or bool(_BOLD_STYLE.search(el.get("style") or ""))


class _Walker:
    """Walks the page, gathering inline text into paragraphs and emitting tables."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.parts: list[str] = []
        self.lead: list[str] = []
        self.lead_open = True
        self.heading = False
        self.paragraphs = 0
        self.tables = 0

    def flush(self) -> None:
        text = _SPACES.sub(" ", "".join(self.parts)).strip()
        if text:
            self.paragraphs += 1
            lead = _SPACES.sub(" ", "".join(self.lead)).strip()
            if lead == text:
                lead, self.heading = "", True
            self.blocks.append(Paragraph(text, lead=lead, heading=self.heading, index=self.paragraphs))
        self.parts, self.lead, self.lead_open, self.heading = [], [], True, False

    def _text(self, text: str | None, bold: bool) -> None:
        if not text:
            return
        self.parts.append(text)
        if self.lead_open:
            if bold or not text.strip():
                self.lead.append(text)
            else:
                self.lead_open = False

    def walk(self, el: etree._Element, bold: bool = False) -> None:
        tag = _tag(el)
        if tag in SKIPPED_TAGS or not isinstance(el.tag, str):
            return
        if tag == "table" and not _is_layout(el):
            self.flush()
            self.tables += 1
            self.blocks.append(Table(_grid_rows(el), self.tables))
            return
        if tag == "br":
            self.flush()
            return
        block = tag in BLOCK_TAGS or tag in ("table", "tr", "td", "th", "tbody", "thead", "tfoot")
        if block:
            self.flush()
            self.heading = tag in HEADING_TAGS
        bold = bold or _is_bold(el)
        self._text(el.text, bold)
        for child in el:
            self.walk(child, bold)
            self._text(child.tail, bold)
        if block:
            self.flush()


def _is_layout(table: etree._Element) -> bool:
    if table.find(".//table") is not None:
        return True
    return any(len(_cell_text(cell)) > LAYOUT_CELL_CHARS for cell in table.iter("td", "th"))


def _cell_text(cell: etree._Element) -> str:
    """A cell's text; ``br`` and block elements inside it become line breaks."""
    parts: list[str] = []

    def walk(el: etree._Element) -> None:
        tag = _tag(el)
        if tag in SKIPPED_TAGS:
            return
        if tag == "br" or (tag in BLOCK_TAGS and parts):
            parts.append("\n")
        if el.text:
            parts.append(el.text)
        for child in el:
            walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(cell)
    lines = (_SPACES.sub(" ", line).strip() for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _span(cell: etree._Element, name: str) -> int:
    try:
        return max(1, int((cell.get(name) or "1").strip()))
    except ValueError:
        return 1


def _rows_of(table: etree._Element) -> list[etree._Element]:
    rows: list[etree._Element] = []
    for child in table:
        tag = _tag(child)
        if tag == "tr":
            rows.append(child)
        elif tag in ("thead", "tbody", "tfoot"):
            rows.extend(r for r in child if _tag(r) == "tr")
    return rows


def _grid_rows(table: etree._Element) -> list[list[Cell]]:
    """Rows of cells after laying the table on a grid (rowspan/colspan expanded).

    The grid maps each (row, column) to the cell that covers it; each row then gives
    the cells that start in it, plus one continuation cell where a cell from a row
    above covers the row.
    """
    rows = _rows_of(table)
    covered: dict[tuple[int, int], tuple[int, int, int, str]] = {}  # → (row, column, colspan, text) of its cell
    for r, tr in enumerate(rows):
        c = 0
        for cell in tr:
            if _tag(cell) not in ("td", "th"):
                continue
            while (r, c) in covered:
                c += 1
            rowspan = min(_span(cell, "rowspan"), len(rows) - r)
            colspan = _span(cell, "colspan")
            text = _cell_text(cell)
            for dr in range(rowspan):
                for dc in range(colspan):
                    covered[(r + dr, c + dc)] = (r, c, colspan, text)
            c += colspan
    width = max((c + 1 for _, c in covered), default=0)
    grid_rows: list[list[Cell]] = []
    for r in range(len(rows)):
        row: list[Cell] = []
        for c in range(width):
            origin = covered.get((r, c))
            if origin is None or origin[1] != c:
                continue  # empty grid position, or inside a cell spanning columns
            row.append(Cell(origin[3]) if origin[0] == r else Cell("", continues=origin[3]))
        grid_rows.append(row)
    return grid_rows
