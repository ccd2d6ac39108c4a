"""The official tables (表二, 表三, 表四) as grids of cells, filled from the template context.

The same merge layout as the default Word template (FORMAT.md §2–4): each :class:`Cell`
knows its text, its spans and whether it is a header (and of what). Used for the web
page; kept apart from HTML so other outputs can lay the tables out the same way.

>>> from nianbao.context import build_context
>>> from nianbao.model import Report
>>> t3 = applications_table(build_context(Report.blank("某局", 2024))["t3"])
>>> corner = t3.groups[0].rows[0][0]
>>> (corner.rowspan, corner.colspan), len(t3.rows()), t3.columns
((3, 3), 28, 10)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final, Literal

from attrs import field, frozen

from nianbao import labels

Scope = Literal["", "col", "row", "rowgroup"]


def _positive(instance: object, attribute: Any, value: int) -> None:
    if value < 1:
        raise ValueError(f"{attribute.name} must be at least 1, not {value}")


@frozen
class Cell:
    """One cell: ``header`` cells are labels (``scope`` says what they head), others data."""

    text: str
    header: bool = False
    scope: Scope = ""
    rowspan: int = field(default=1, validator=_positive)
    colspan: int = field(default=1, validator=_positive)


def head(text: str, scope: Scope = "col", rowspan: int = 1, colspan: int = 1) -> Cell:
    return Cell(text, header=True, scope=scope, rowspan=rowspan, colspan=colspan)


def data(text: str, colspan: int = 1) -> Cell:
    return Cell(text, colspan=colspan)


Row = tuple[Cell, ...]


@frozen
class RowGroup:
    """Rows that belong together: the column headers (``head``) or one block of the body."""

    rows: tuple[Row, ...]
    head: bool = False


@frozen
class Table:
    """An official table: its key in the context, caption, row groups and column widths.

    ``widths`` are relative (as the default Word template's grid, in twips).
    """

    key: str
    caption: str
    groups: tuple[RowGroup, ...]
    widths: tuple[int, ...]

    @property
    def columns(self) -> int:
        return len(self.widths)

    def percentages(self) -> tuple[float, ...]:
        """Column widths as percentages of the table's width (rounded to 0.1)."""
        total = sum(self.widths)
        return tuple(round(100 * w / total, 1) for w in self.widths)

    def rows(self) -> tuple[Row, ...]:
        """All rows in printed order."""
        return tuple(row for group in self.groups for row in group.rows)


def _caption(key: str, section: int) -> str:
    title = labels.SECTION_TITLES[section].split("、", 1)[1]
    return f"{labels.TABLE_NAMES[key]}　{title}"


def active_disclosure_table(t2: Mapping[str, Any]) -> Table:
    """表二: four blocks (第二十条第（一）（五）（六）（八）项) in one 4-column table."""

    def block(article: str, columns: tuple[str, ...], rows: list[tuple[str, list[str]]]) -> RowGroup:
        title = (head(article, "rowgroup", colspan=4),)
        wide = len(columns) == 1  # one figure across the three value columns
        header = (head(labels.INFORMATION_CONTENT), *(head(c, colspan=3 if wide else 1) for c in columns))
        body = tuple(
            (head(label, "row"), *(data(v, colspan=3 if wide else 1) for v in values)) for label, values in rows
        )
        return RowGroup((title, header, *body))

    def documents(key: str) -> list[str]:
        return [t2[key]["issued"], t2[key]["repealed"], t2[key]["in_force"]]

    return Table(
        "active_disclosure",
        _caption("active_disclosure", 1),
        (
            block(
                labels.ARTICLE_20_1,
                (labels.ISSUED, labels.REPEALED, labels.IN_FORCE),
                [(labels.RULES, documents("rules")), (labels.NORMATIVE_DOCUMENTS, documents("normative_documents"))],
            ),
            block(labels.ARTICLE_20_5, (labels.DECISIONS,), [(labels.LICENSING, [t2["licensing"]])]),
            block(
                labels.ARTICLE_20_6,
                (labels.DECISIONS,),
                [(labels.PUNISHMENT, [t2["punishment"]]), (labels.COERCION, [t2["coercion"]])],
            ),
            block(labels.ARTICLE_20_8, (labels.FEE_AMOUNT,), [(labels.ADMINISTRATIVE_FEES, [t2["fees"]])]),
        ),
        (1, 1, 1, 1),
    )


APPLICATION_LABEL_COLUMNS: Final = 3
"""表三's label area: the 三、 block, the group (（三）…（六）) and the row's own label."""


def applications_table(t3: Mapping[str, Mapping[str, str]]) -> Table:
    """表三: 3 header rows, then 一、二、, the 22 rows of 三、本年度办理结果, then 四、."""
    applicant_columns = labels.APPLICANT_COLUMNS
    header = RowGroup(
        (
            (
                Cell(labels.BALANCE_NOTE, rowspan=3, colspan=APPLICATION_LABEL_COLUMNS),
                head(labels.APPLICANTS, colspan=len(labels.ALL_COLUMNS)),
            ),
            (
                head(applicant_columns[0].label, rowspan=2),
                head(labels.LEGAL_PERSONS, colspan=len(applicant_columns) - 1),
                head(labels.TOTAL, rowspan=2),
            ),
            tuple(head(column.label) for column in applicant_columns[1:]),
        ),
        head=True,
    )

    def figures(row: labels.Row) -> tuple[Cell, ...]:
        return tuple(data(t3[row.key][column.key]) for column in labels.ALL_COLUMNS)

    rows = labels.APPLICATION_ROWS
    results = [row for row in rows if row.group]
    group_sizes: dict[str, int] = {}
    for row in results:
        if len(row.path) == 3:
            group_sizes[row.path[1]] = group_sizes.get(row.path[1], 0) + 1
    group_labels = {key: label for key, label, _ in labels.RESULT_GROUPS}

    result_rows: list[Row] = []
    for row in results:
        cells: list[Cell] = []
        if not result_rows:
            cells.append(head(labels.RESULTS, "rowgroup", rowspan=len(results)))
        if len(row.path) == 2:
            cells.append(head(row.label, "row", colspan=2))
        else:
            group = row.path[1]
            if row.path[2] == _first_key(group):
                cells.append(head(group_labels[group], "row", rowspan=group_sizes[group]))
            cells.append(head(row.label, "row"))
        result_rows.append((*cells, *figures(row)))

    def whole(row: labels.Row) -> Row:
        return (head(row.label, "row", colspan=APPLICATION_LABEL_COLUMNS), *figures(row))

    before = [row for row in rows[: rows.index(results[0])]]
    after = [row for row in rows[rows.index(results[-1]) + 1 :]]
    return Table(
        "applications",
        _caption("applications", 2),
        (
            header,
            RowGroup(tuple(whole(row) for row in before)),
            RowGroup(tuple(result_rows)),
            RowGroup(tuple(whole(row) for row in after)),
        ),
        (560, 760, 2620, *(700,) * len(labels.ALL_COLUMNS)),  # as scripts/build_template.py
    )


def _first_key(group: str) -> str:
    sub_rows = next(sub for key, _, sub in labels.RESULT_GROUPS if key == group)
    return sub_rows[0][0]


def cases_table(t4: Mapping[str, Mapping[str, str]]) -> Table:
    """表四: 行政复议 (5 columns) and 行政诉讼 (two blocks of 5), one row of figures."""
    outcome = labels.ALL_OUTCOME_COLUMNS
    width = len(outcome)
    review, direct, after_review = labels.CASE_GROUPS
    header = RowGroup(
        (
            (
                head(labels.ADMINISTRATIVE_REVIEW, colspan=width),
                head(labels.ADMINISTRATIVE_LITIGATION, colspan=2 * width),
            ),
            (
                *(head(column.label, rowspan=2) for column in outcome),
                head(direct.label, colspan=width),
                head(after_review.label, colspan=width),
            ),
            tuple(head(column.label) for _ in (direct, after_review) for column in outcome),
        ),
        head=True,
    )
    figures = tuple(data(t4[group.key][column.key]) for group in (review, direct, after_review) for column in outcome)
    return Table("cases", _caption("cases", 3), (header, RowGroup((figures,))), (1,) * (3 * width))


def official_tables(context: Mapping[str, Any]) -> dict[str, Table]:
    """The three tables of a context (see :func:`nianbao.context.build_context`), by key."""
    return {
        "active_disclosure": active_disclosure_table(context["t2"]),
        "applications": applications_table(context["t3"]),
        "cases": cases_table(context["t4"]),
    }
