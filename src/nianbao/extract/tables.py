"""Tables 二, 三 and 四 read by their official labels.

All tables of a source are read as one stream of rows, so a table split over several
Word tables, three tables merged into one, or rows merged differently all read alike.
A row is known by its own label (the last text cell before its figures: "1.属于国家秘密",
"行政许可"), matched after :func:`~nianbao.extract.normalize.label_key`; the group it sits
under ("（三）不予公开") comes from the row's other cells, the merged cell it continues,
or the rows above. Figures are the value cells at the end of the row.

Totals found in a table are kept as ``stated_total`` when they differ from the sum of
their parts, so that the checks report them; nothing is repaired silently. Every
guess (a blank cell read as 0, a misspelt label, a missing row) becomes a :class:`Note`.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Final, Literal

import attrs
from attrs import frozen

from nianbao import labels as L
from nianbao.datafile import describe_path
from nianbao.extract.document import Cell, Table
from nianbao.extract.normalize import Value, cell_value, clean, label_key, numbering, raw_key, squash
from nianbao.extract.notes import Note
from nianbao.model import (
    NOT_APPLICABLE,
    ActiveDisclosureTable,
    ApplicantCounts,
    ApplicationResults,
    ApplicationTable,
    CaseOutcomes,
    CaseTable,
    DocumentCounts,
    Money,
    NotProcessedResults,
    OtherHandlingResults,
    UnableResults,
    WithheldResults,
)
from nianbao.model import (
    Cell as CellValue,
)

Kind = Literal["active_disclosure", "applications", "cases"]
DataPath = tuple[str | int, ...]

# --- vocabulary -------------------------------------------------------------------

RowShape = Literal["documents", "cell", "money"]

# 表二 data rows: label key → (field, shape).
T2_ROWS: Final[dict[str, tuple[str, RowShape]]] = {
    label_key(L.RULES): ("rules", "documents"),
    label_key(L.NORMATIVE_DOCUMENTS): ("normative_documents", "documents"),
    label_key(L.LICENSING): ("licensing", "cell"),
    label_key(L.PUNISHMENT): ("punishment", "cell"),
    label_key(L.COERCION): ("coercion", "cell"),
    label_key(L.ADMINISTRATIVE_FEES): ("fees", "money"),
}
# Labels of the 2019 format (国办公开办函〔2019〕60号) with the 2021 row they correspond to.
T2_ALIASES: Final = {"规范性文件": label_key(L.NORMATIVE_DOCUMENTS)}
# Rows of the 2019 format that the 2021 format dropped.
T2_DROPPED: Final = frozenset({"其他对外管理服务事项", "政府集中采购"})
T2_FIELDS: Final = {"issued": L.ISSUED, "repealed": L.REPEALED, "in_force": L.IN_FORCE}

T3_ROWS: Final = {label_key(row.label): row for row in L.APPLICATION_ROWS}
T3_GROUPS: Final = {label_key(group_label): key for key, group_label, _ in L.RESULT_GROUPS}
# Row labels that are also column labels: accepted as rows only with their number or
# with a full row of figures under 表三.
AMBIGUOUS: Final = {label_key(L.OTHER_HANDLING_ROWS[2][1]): "3", label_key(L.RESULTS_TOTAL): "七"}

HEADERS: Final[dict[str, Kind]] = {
    **{
        label_key(text): "active_disclosure"
        for text in (
            L.ARTICLE_20_1,
            L.ARTICLE_20_5,
            L.ARTICLE_20_6,
            L.ARTICLE_20_8,
            L.INFORMATION_CONTENT,
            L.ISSUED,
            L.REPEALED,
            L.IN_FORCE,
            L.DECISIONS,
            L.FEE_AMOUNT,
        )
    },
    **{
        label_key(text): "applications"
        for text in (L.BALANCE_NOTE, L.APPLICANTS, L.LEGAL_PERSONS, L.RESULTS, *(c.label for c in L.APPLICANT_COLUMNS))
    },
    **dict.fromkeys(T3_GROUPS, "applications"),
    **{
        label_key(text): "cases"
        for text in (
            L.ADMINISTRATIVE_REVIEW,
            L.ADMINISTRATIVE_LITIGATION,
            L.DIRECT_LITIGATION,
            L.LITIGATION_AFTER_REVIEW,
            *(c.label for c in L.OUTCOME_COLUMNS),
        )
    },
}
INFORMATION_CONTENT_KEY: Final = label_key(L.INFORMATION_CONTENT)
TABLE_TITLES: Final = {
    "active_disclosure": "表二（主动公开政府信息情况）",
    "applications": "表三（收到和处理政府信息公开申请情况）",
    "cases": "表四（政府信息公开行政复议、行政诉讼情况）",
}

_ZERO_REASONS: Final = {
    "blank": "空白单元格按0计",
    "none": "“无”按0计",
    "dash": "“—”按0计",
    "slash": "“/”按0计（本表不区分“不适用”）",
    "missing": "缺少此单元格，按0计",
}


@frozen
class TablesRead:
    """The three tables read from a source, with the notes made while reading them."""

    active_disclosure: ActiveDisclosureTable
    applications: ApplicationTable
    cases: CaseTable
    notes: tuple[Note, ...]
    found: frozenset[Kind]
    """Which of the three tables the source has (a table not found is all zeros)."""


def read_tables(tables: Iterable[Table]) -> TablesRead:
    """Read 表二, 表三 and 表四 from the tables of a source, in reading order."""
    reader = _Reader()
    for table in tables:
        for r, row in enumerate(table.rows, start=1):
            reader.row(row, f"第{table.index}个表格第{r}行")
    return reader.result()


# --- reading ------------------------------------------------------------------------


@frozen
class _Figures:
    """The value cells of one data row, where the row is in the source."""

    values: tuple[Value, ...]
    where: str


def _split(row: Sequence[Cell]) -> tuple[list[Cell], list[Value]]:
    """A row's label cells and the value cells at its end."""
    i = len(row)
    values: list[Value] = []
    while i > 0 and not row[i - 1].is_continuation:
        value = cell_value(row[i - 1].text)
        if value is None:
            break
        values.append(value)
        i -= 1
    values.reverse()
    return list(row[:i]), values


class _Notes:
    """Collects notes; zero-filled cells are gathered per row into one note."""

    def __init__(self) -> None:
        self.items: list[Note] = []

    def add(self, path: DataPath, message: str, where: str = "") -> None:
        self.items.append(Note(describe_path(path), message, where))

    def zero_filled(self, path: DataPath, filled: list[tuple[str, str]], where: str) -> None:
        """One note per kind of empty cell in a row: ``filled`` holds (column label, value kind)."""
        for kind, reason in _ZERO_REASONS.items():
            columns = [column for column, k in filled if k == kind]
            if columns:
                where_cols = "、".join(c for c in columns if c)
                self.add(path, f"{reason}（{where_cols}）" if where_cols else reason, where)


class _Reader:
    """The state of reading a stream of table rows."""

    def __init__(self) -> None:
        self.notes = _Notes()
        self.kind: Kind | None = None
        self.found: set[Kind] = set()
        self.group: str | None = None
        self.t2_header: tuple[str, ...] | None = None
        self.t2: dict[str, tuple[_Figures, tuple[str, ...] | None]] = {}
        self.t3: dict[str, _Figures] = {}
        self.t3_group_rows: dict[str, _Figures] = {}
        self.t4: list[tuple[Value, str]] = []

    # --- one row -------------------------------------------------------------------

    def row(self, cells: Sequence[Cell], where: str) -> None:
        label_cells, values = _split(cells)
        texts = [c.text for c in label_cells if squash(c.text)]
        context = [*texts[:-1], *(c.continues for c in label_cells if c.continues and squash(c.continues))]
        for text in context:
            self._note_group(text)
        if not texts:
            self._unlabelled(values, where)
            return
        leaf = texts[-1]
        if values and self._data_row(leaf, values, where):
            return
        if self._header(texts, values):
            return
        if self.kind == "cases" and len(values) >= 4:
            self._take_cases(values, where)
            return
        if any(v.kind != "blank" for v in values):
            self.notes.add((), f"无法识别的表格行“{clean(leaf)}”，已忽略", where)

    def _note_group(self, text: str) -> None:
        key = label_key(text)
        if key in T3_GROUPS:
            self.group = T3_GROUPS[key]
            self._enter("applications")

    def _enter(self, kind: Kind) -> None:
        self.kind = kind
        self.found.add(kind)

    def _unlabelled(self, values: list[Value], where: str) -> None:
        if self.kind == "cases" and len(values) >= 4:
            self._take_cases(values, where)
        elif any(v.kind != "blank" for v in values):
            self.notes.add((), "表格行没有标签，无法判断属于哪一项，已忽略", where)

    def _header(self, texts: list[str], values: list[Value]) -> bool:
        kinds = [HEADERS[label_key(t)] for t in texts if label_key(t) in HEADERS]
        if not kinds:
            return False
        self._enter(kinds[-1])
        if label_key(texts[0]) == INFORMATION_CONTENT_KEY:
            self.t2_header = tuple(label_key(t) for t in texts[1:])
        for text in texts:
            self._note_group(text)
        if any(v.kind != "blank" for v in values) and self.kind != "cases":
            self.notes.add((), f"表头行“{'|'.join(clean(t) for t in texts)}”中的数字未读取")
        return True

    # --- data rows -----------------------------------------------------------------

    def _data_row(self, leaf: str, values: list[Value], where: str) -> bool:
        matched = self._match(leaf, len(values))
        if matched is None:
            return False
        target, official, how = matched
        figures = _Figures(tuple(values), where)
        kind, name = target
        if how:
            self.notes.add(self._path(kind, name), how.format(found=clean(leaf), official=official), where)
        if kind == "dropped":
            self.notes.add((), f"“{clean(leaf)}”是2019年版格式的行，2021年版格式已取消，未读取", where)
            return True
        if kind == "active_disclosure":
            self._enter("active_disclosure")
            if name in self.t2:
                self.notes.add(self._path(kind, name), "此行重复出现，只读取第一次", where)
            else:
                self.t2[name] = (figures, self.t2_header)
            return True
        self._enter("applications")
        if kind == "group":
            self.group = name
            if name in self.t3_group_rows:
                self.notes.add(self._path(kind, name), "此行重复出现，只读取第一次", where)
            else:
                self.t3_group_rows[name] = figures
            return True
        row = next(r for r in L.APPLICATION_ROWS if r.key == name)
        self.group = row.path[1] if len(row.path) == 3 else None
        if name in self.t3:
            self.notes.add(self._path(kind, name), "此行重复出现，只读取第一次", where)
        else:
            self.t3[name] = figures
        return True

    def _match(self, leaf: str, n_values: int) -> tuple[tuple[str, str], str, str] | None:
        """What a row label names: ((kind, key), official label, how it was matched or "")."""
        key, raw, number = label_key(leaf), raw_key(leaf), numbering(leaf)
        typo = "" if key == raw else "标签“{found}”有误，已按官方标签“{official}”读取"
        if key in T2_ROWS:
            return ("active_disclosure", T2_ROWS[key][0]), _official_t2(key), typo
        if key in T2_ALIASES:
            alias = T2_ALIASES[key]
            how = "“{found}”是2019年版格式的标签，已按2021年版“{official}”读取"
            return ("active_disclosure", T2_ROWS[alias][0]), _official_t2(alias), how
        if key in T2_DROPPED:
            return ("dropped", key), key, ""
        if key in T3_GROUPS:
            group_label = next(g for k, g, _ in L.RESULT_GROUPS if k == T3_GROUPS[key])
            return ("group", T3_GROUPS[key]), group_label, typo
        if key in T3_ROWS:
            row = T3_ROWS[key]
            if key in AMBIGUOUS and number != AMBIGUOUS[key]:
                in_table = self.kind == "applications" and n_values >= 6
                if not in_table or (key == label_key("其他") and self.group != "other_handling"):
                    return None
            return ("applications", row.key), row.label, typo
        return self._near(key, number)

    def _near(self, key: str, number: str | None) -> tuple[tuple[str, str], str, str] | None:
        """A label that is not exactly official: a prefix, the item number in its group, or close wording."""
        how = "标签“{found}”与官方标签“{official}”不一致，已按后者读取"
        rows = {k: r for k, r in T3_ROWS.items() if k not in AMBIGUOUS}
        if len(key) >= 4:
            prefixed = [k for k in (*T2_ROWS, *rows) if k.startswith(key) or key.startswith(k)]
            if len(prefixed) == 1:
                return self._target(prefixed[0], how)
        if self.group is not None and number is not None and number.isdigit():
            sub_rows = [r for r in L.APPLICATION_ROWS if len(r.path) == 3 and r.path[1] == self.group]
            if 1 <= int(number) <= len(sub_rows):
                near = sub_rows[int(number) - 1]
                if not key or difflib.SequenceMatcher(a=key, b=label_key(near.label)).ratio() >= 0.5:
                    return ("applications", near.key), near.label, how
        close = difflib.get_close_matches(key, [*T2_ROWS, *rows], n=1, cutoff=0.75)
        if close:
            return self._target(close[0], how)
        return None

    @staticmethod
    def _target(key: str, how: str) -> tuple[tuple[str, str], str, str]:
        if key in T2_ROWS:
            return ("active_disclosure", T2_ROWS[key][0]), _official_t2(key), how
        row = T3_ROWS[key]
        return ("applications", row.key), row.label, how

    def _take_cases(self, values: list[Value], where: str) -> None:
        self._enter("cases")
        self.t4.extend((v, where) for v in values)

    @staticmethod
    def _path(kind: str, name: str) -> DataPath:
        if kind == "active_disclosure":
            return ("active_disclosure", name)
        if kind == "group":
            return ("applications", "results", name)
        if kind == "applications":
            row = next((r for r in L.APPLICATION_ROWS if r.key == name), None)
            if row is not None:
                return ("applications", *_model_path(row))
        return ()

    # --- building the tables ---------------------------------------------------------

    def result(self) -> TablesRead:
        t2 = self._active_disclosure()
        t3 = self._applications()
        t4 = self._cases()
        return TablesRead(t2, t3, t4, tuple(self.notes.items), frozenset(self.found))

    def _missing(self, kind: Kind) -> bool:
        if kind not in self.found:
            self.notes.add((), f"未找到{TABLE_TITLES[kind]}，各项按0计")
            return True
        return False

    def _active_disclosure(self) -> ActiveDisclosureTable:
        zero = ActiveDisclosureTable.zero()
        if self._missing("active_disclosure"):
            return zero
        fields: dict[str, object] = {}
        for key, (name, shape) in T2_ROWS.items():
            path: DataPath = ("active_disclosure", name)
            if name not in self.t2:
                self.notes.add(path, "表中未找到此行，按0计")
                fields[name] = getattr(zero, name)
                continue
            figures, header = self.t2[name]
            if shape == "documents":
                fields[name] = self._documents(path, figures, header)
            else:
                value = self._single(path, figures, header, key)
                fields[name] = (
                    self._money(path, value, figures.where)
                    if shape == "money"
                    else self._cell(path, value, figures.where)
                )
        return ActiveDisclosureTable(**fields)  # type: ignore[arg-type]

    def _documents(self, path: DataPath, figures: _Figures, header: tuple[str, ...] | None) -> DocumentCounts:
        values = list(figures.values)
        by_field: dict[str, Value] = {}
        official = [label_key(text) for text in T2_FIELDS.values()]
        if header is not None:
            for name, want in zip(T2_FIELDS, official, strict=True):
                found = [i for i, h in enumerate(header) if h.startswith(want)]
                if len(found) == 1 and len(header) == len(values):
                    by_field[name] = values[found[0]]
            if len(by_field) < 3:
                shown = "、".join(header)
                self.notes.add(path, f"列标题（{shown}）与官方格式不同，按位置读取", figures.where)
                by_field = {}
        if not by_field:
            if len(values) != 3:
                self.notes.add(path, f"此行有{len(values)}个数值单元格，应为3个，按最后3个读取", figures.where)
                values = [Value("missing", "")] * max(0, 3 - len(values)) + values[-3:]
            by_field = dict(zip(T2_FIELDS, values[-3:], strict=True))
        cells = {name: self._cell((*path, name), by_field[name], figures.where) for name in T2_FIELDS}
        return DocumentCounts(**cells)

    def _single(self, path: DataPath, figures: _Figures, header: tuple[str, ...] | None, row_key: str) -> Value:
        """The one figure of a 表二 row whose value cell spans three columns."""
        values = list(figures.values)
        wanted = "收费金额" if T2_ROWS[row_key][1] == "money" else "处理决定数量"
        if header is not None and len(header) == len(values) > 1:
            found = [i for i, h in enumerate(header) if wanted in h]
            if len(found) == 1:
                return values[found[0]]
        filled = [v for v in values if v.kind != "blank"]
        if len(filled) > 1:
            self.notes.add(path, f"此行有{len(filled)}个数值，只读取第一个（{filled[0].raw}）", figures.where)
        return filled[0] if filled else values[0]

    def _cell(self, path: DataPath, value: Value, where: str) -> CellValue:
        if value.kind == "slash":
            return NOT_APPLICABLE
        if value.kind == "number":
            return self._whole(path, value, where)
        self.notes.add(path, _ZERO_REASONS[value.kind], where)
        return 0

    def _money(self, path: DataPath, value: Value, where: str) -> Money:
        if value.kind == "slash":
            return NOT_APPLICABLE
        if value.kind == "number" and value.number is not None:
            return value.number
        self.notes.add(path, _ZERO_REASONS[value.kind], where)
        return Decimal(0)

    def _whole(self, path: DataPath, value: Value, where: str) -> int:
        assert value.number is not None
        if value.number != value.number.to_integral_value():
            self.notes.add(path, f"件数应为整数，表中为“{value.raw}”，按0计", where)
            return 0
        return int(value.number)

    def _counts(self, path: DataPath, figures: _Figures, columns: int, labels: Sequence[str]) -> list[int]:
        """``columns`` counts of a row (padding or trimming with a note), zero-filled cells noted."""
        values = list(figures.values)
        if len(values) > columns:
            extra = values[: len(values) - columns]
            if any(v.kind != "blank" for v in extra):
                self.notes.add(
                    path, f"此行有{len(values)}个数值单元格，应为{columns}个，按最后{columns}个读取", figures.where
                )
            values = values[-columns:]
        elif len(values) < columns:
            self.notes.add(path, f"此行只有{len(values)}个数值单元格，应为{columns}个，缺少的按0计", figures.where)
            values = values + [Value("missing", "")] * (columns - len(values))
        counts: list[int] = []
        filled: list[tuple[str, str]] = []
        for i, value in enumerate(values):
            if value.kind == "number":
                counts.append(self._whole((*path, i), value, figures.where))
            elif value.kind == "missing":
                counts.append(0)
            else:
                filled.append((labels[i] if i < len(labels) else "", value.kind))
                counts.append(0)
        self.notes.zero_filled(path, filled, figures.where)
        return counts

    def _applicant_counts(self, path: DataPath, figures: _Figures) -> ApplicantCounts:
        column_labels = [c.label for c in L.ALL_COLUMNS]
        if len(figures.values) <= 6:
            if len(figures.values) == 6:
                self.notes.add(path, "此行只有6个数值单元格，按六类申请人读取，未见总计", figures.where)
            return ApplicantCounts(*self._counts(path, figures, 6, column_labels))
        cells = self._counts(path, figures, 7, column_labels)
        six, stated = cells[:6], cells[6]
        return ApplicantCounts(*six, stated_total=None if stated == sum(six) else stated)

    def _applications(self) -> ApplicationTable:
        if self._missing("applications"):
            return ApplicationTable.zero()
        rows: dict[str, ApplicantCounts] = {}
        for row in L.APPLICATION_ROWS:
            path: DataPath = ("applications", *_model_path(row))
            if row.key in self.t3:
                rows[row.key] = self._applicant_counts(path, self.t3[row.key])
            elif row.key != "results_total":
                rows[row.key] = ApplicantCounts.zero()
                if not (row.path[1:2] == ("other_handling",) and "other_handling" in self.t3_group_rows):
                    self.notes.add(path, "表中未找到此行，按0计")
        self._group_rows(rows)
        results = ApplicationResults(
            disclosed=rows["disclosed"],
            partially_disclosed=rows["partially_disclosed"],
            withheld=WithheldResults(*_group(rows, "withheld")),
            unable=UnableResults(*_group(rows, "unable")),
            not_processed=NotProcessedResults(*_group(rows, "not_processed")),
            other_handling=OtherHandlingResults(*_group(rows, "other_handling")),
        )
        stated = rows.get("results_total")
        if stated is None:
            self.notes.add(("applications", "results", "stated_total"), "表中未找到此行，不作核对")
        elif stated != results.total:
            results = attrs.evolve(results, stated_total=stated)
        return ApplicationTable(
            new=rows["new"], carried_over=rows["carried_over"], results=results, carried_forward=rows["carried_forward"]
        )

    def _group_rows(self, rows: dict[str, ApplicantCounts]) -> None:
        """Rows that give a whole group, e.g. the 2019 format's one-row （六）其他处理."""
        for group, figures in self.t3_group_rows.items():
            path: DataPath = ("applications", "results", group)
            has_sub_rows = any(key.startswith(group + "_") for key in self.t3)
            if group == "other_handling" and not has_sub_rows:
                counts = self._applicant_counts(path, figures)
                rows["other_handling_other"] = counts
                self.notes.add(
                    path,
                    "“（六）其他处理”只有一行（2019年版格式），已计入“3.其他”，"
                    "“1.申请人无正当理由逾期不补正…”和“2.申请人逾期未按收费通知要求缴纳费用…”按0计",
                    figures.where,
                )
            else:
                self.notes.add(path, "此行是小计行，未读取（按各分项读取）", figures.where)

    def _cases(self) -> CaseTable:
        if self._missing("cases"):
            return CaseTable.zero()
        values = [v for v, _ in self.t4]
        where = self.t4[0][1] if self.t4 else ""
        width = 5
        if len(values) == 12:
            width = 4
            self.notes.add(("cases",), "表四只有12个数值单元格，按无总计栏读取", where)
        elif len(values) != 15:
            self.notes.add(("cases",), f"表四有{len(values)}个数值单元格，应为15个，多余的未读取、缺少的按0计", where)
            values = (values + [Value("missing", "")] * 15)[:15]
        outcome_labels = [c.label for c in L.ALL_OUTCOME_COLUMNS]
        blocks: list[CaseOutcomes] = []
        for b, group in enumerate(L.CASE_GROUPS):
            path: DataPath = ("cases", group.key)
            cells = self._counts(
                path, _Figures(tuple(values[b * width : (b + 1) * width]), where), width, outcome_labels
            )
            four = cells[:4]
            stated = cells[4] if width == 5 else None
            blocks.append(CaseOutcomes(*four, stated_total=None if stated == sum(four) else stated))
        return CaseTable(*blocks)


def _official_t2(key: str) -> str:
    return next(
        text
        for text in (L.RULES, L.NORMATIVE_DOCUMENTS, L.LICENSING, L.PUNISHMENT, L.COERCION, L.ADMINISTRATIVE_FEES)
        if label_key(text) == key
    )


def _model_path(row: L.Row) -> tuple[str, ...]:
    """Where a 表三 row lives in the model (（七）总计 is the stated total of the results)."""
    return ("results", "stated_total") if row.key == "results_total" else row.path


def _group(rows: dict[str, ApplicantCounts], group: str) -> list[ApplicantCounts]:
    return [rows[r.key] for r in L.APPLICATION_ROWS if len(r.path) == 3 and r.path[1] == group]
