"""Reading a report flattened to text the way the reference report is.

The flattening (``shared/tools/docx_text.py``): one paragraph per line; each table
cell on a line that starts with a tab, a line that follows a cell line directly
continues that cell, and a blank line ends each table row. A vertically merged
continuation appears as an empty cell. "[bookmark: …]" markers are dropped.

>>> blocks = read_text("标题\\n\\t规章\\n\\t0\\n\\t1\\n\\t2\\n\\n")
>>> [type(b).__name__ for b in blocks]
['Paragraph', 'Table']
>>> [c.text for c in blocks[1].rows[0]]
['规章', '0', '1', '2']
"""

from __future__ import annotations

from pathlib import Path

from nianbao.extract.document import Block, Cell, Paragraph, Table
from nianbao.extract.normalize import clean


def decode_text(data: bytes) -> str:
    """Text in UTF-8 (with or without a byte-order mark), else GB18030."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")


def read_text_file(path: str | Path) -> list[Block]:
    """The paragraphs and tables of a flattened text file."""
    return read_text(decode_text(Path(path).read_bytes()))


def read_text(text: str) -> list[Block]:
    """The paragraphs and tables of flattened text."""
    blocks: list[Block] = []
    rows: list[list[str]] = []
    row: list[str] | None = None
    in_cell = False
    paragraphs = 0
    tables = 0

    def end_table() -> None:
        nonlocal rows, tables
        if rows:
            tables += 1
            blocks.append(Table([[Cell(clean(t)) for t in r] for r in rows], tables))
        rows = []

    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if line.startswith("\t"):
            if row is None:
                row = []
                rows.append(row)
            row.append(line[1:])
            in_cell = True
        elif not line.strip():
            row, in_cell = None, False
        elif in_cell and row is not None:
            row[-1] += "\n" + line
        else:
            end_table()
            row = None
            if clean(line):
                paragraphs += 1
                blocks.append(Paragraph(clean(line), index=paragraphs))
    end_table()
    return blocks
