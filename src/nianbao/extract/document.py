"""What every reader makes of a source: paragraphs and tables in reading order.

The .docx, .html and .txt readers each turn their format into these few values; the
rest of the importer (sections, tables) never sees the format again. A table is kept
as its rows of cells the way Word stores them: a horizontally merged cell appears once,
a vertically merged cell appears in the rows below as an empty *continuation* that
remembers the text it continues.
"""

from __future__ import annotations

from collections.abc import Iterable

from attrs import field, frozen


@frozen
class Paragraph:
    """A paragraph of text.

    ``lead`` is a run-in heading that the source's formatting marks (a bold or
    heading-styled first run, as in "（一）主动公开方面。" followed by text);
    ``heading`` says the whole paragraph is formatted as a heading. Plain text knows
    neither; the section reader then falls back on the wording.
    """

    text: str
    lead: str = ""
    heading: bool = False
    index: int = 0
    """Position among the source's paragraphs (1-based), for notes."""


@frozen
class Cell:
    """A table cell; ``continues`` is the text of the cell above that this one continues."""

    text: str
    continues: str | None = None

    @property
    def is_continuation(self) -> bool:
        return self.continues is not None


def _rows(rows: Iterable[Iterable[Cell]]) -> tuple[tuple[Cell, ...], ...]:
    return tuple(tuple(row) for row in rows)


@frozen
class Table:
    """A table's rows of cells; ``index`` is its position among the source's tables (1-based)."""

    rows: tuple[tuple[Cell, ...], ...] = field(converter=_rows)
    index: int = 0


Block = Paragraph | Table
