"""Checks of a report: the 勾稽 rules of the tables, cross-year continuity, prose
against the tables and prose copied from last year.

Every problem is a :class:`Finding` value naming its rule, the place in official
labels, what was expected and what was found; :data:`RULES` lists the rules (also
documented in docs/checks.md).

>>> from nianbao.model import Report
>>> check(Report.blank("某局", 2024))
[]
"""

from __future__ import annotations

import enum
import os
from collections.abc import Iterator, Sequence
from typing import Any, Final

import attrs
from attrs import frozen

from nianbao import datafile, labels
from nianbao.claims import Claim, Kind, Subject, read_claims
from nianbao.errors import NianbaoError
from nianbao.formatting import format_count, format_share
from nianbao.model import (
    ApplicationTable,
    CaseOutcomes,
    CaseTable,
    DocumentCounts,
    NotApplicable,
    Report,
    Section,
    Topic,
)
from nianbao.repetition import repeated_share


class Level(enum.StrEnum):
    """How serious a finding is: errors stop rendering, warnings ask for a look."""

    ERROR = "error"
    WARNING = "warning"

    @property
    def label(self) -> str:
        return "错误" if self is Level.ERROR else "警告"


@frozen
class Rule:
    """A check: its id, level, what it compares and on what basis."""

    id: str
    level: Level
    title: str
    basis: str


RULES: Final = {
    rule.id: rule
    for rule in (
        Rule(
            "R1",
            Level.ERROR,
            "表三每一列（含总计列）：一、本年新收 + 二、上年结转 = 三、（七）总计 + 四、结转下年度继续办理",
            f"表三左上角的说明{labels.BALANCE_NOTE}",
        ),
        Rule("R2", Level.ERROR, "表三每一行填写的总计 = 六类申请人之和", "表三“总计”列的含义"),
        Rule(
            "R3",
            Level.ERROR,
            "表三填写的（七）总计 = （一）至（六）各行（含各分项）之和，逐列比对",
            "“（七）总计”行的含义",
        ),
        Rule(
            "R4",
            Level.ERROR,
            "表四每一组填写的总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结",
            "表四“总计”列的含义",
        ),
        Rule("X0", Level.WARNING, "上年报告的年度 = 本年度 − 1", "跨年度比对须用上一年度的报告"),
        Rule(
            "X1",
            Level.WARNING,
            "本年二、上年结转 = 上年四、结转下年度继续办理，逐列比对",
            "上年结转下年度的申请即本年的上年结转申请",
        ),
        Rule(
            "X2",
            Level.WARNING,
            "表二现行有效件数 = 上年现行有效件数 + 本年制发件数 − 本年废止件数（规章、行政规范性文件）",
            "件数的自然增减；文件清理、修改会合理地打破这一关系，故只作提示",
        ),
        Rule(
            "T1",
            Level.ERROR,
            "正文所述依申请公开的数字 = 表三相应数字",
            "正文与附表应当一致（正文表述与表格不一致会被扣分）",
        ),
        Rule("T2", Level.ERROR, "正文所述行政复议、行政诉讼的数字 = 表四相应数字", "同上"),
        Rule(
            "T3",
            Level.ERROR,
            "正文称“无依申请公开”“未发生行政复议”“无下年度结转”等时，表中相应数字为 0",
            "同上",
        ),
        Rule(
            "T4",
            Level.ERROR,
            "正文称“均获维持”时结果纠正、其他结果、尚未审结为 0；称“均已审结”时尚未审结为 0",
            "同上",
        ),
        Rule(
            "C1",
            Level.WARNING,
            "各部分正文与上年报告同一部分的重复比例不超过 50%",
            "国办公开办函〔2021〕30号将“内容雷同”列为问题；考核细则对与上年重复率大于50%的报告扣分",
        ),
    )
}
"""Every rule by id, in the order the checks run."""

COPY_LIMIT: Final = (1, 2)
"""C1 warns when more than this share (1/2) of a section repeats last year's text."""

COPY_MIN_CHARS: Final = 50
"""C1 leaves shorter sections alone: a one-line stock statement is the same every year."""


@frozen
class Finding:
    """One problem found in a report.

    ``location`` is the place in official labels (``表三/三、本年度办理结果/（七）总计/自然人``)
    or, for prose, the paragraph. ``expected`` is what the rule asks for (for prose, the
    table's figure), ``actual`` what the report has. ``quote`` is the sentence at fault.
    """

    level: Level
    rule: str
    location: str
    expected: str | None
    actual: str | None
    message: str
    quote: str | None = None

    def __str__(self) -> str:
        lines = [f"{self.level.label} [{self.rule}] {self.location}：{self.message}"]
        if self.expected is not None or self.actual is not None:
            lines.append(f"    应为：{self.expected or '—'}；实为：{self.actual or '—'}")
        if self.quote:
            lines.append(f"    原文：“{self.quote}”")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON output."""
        return attrs.asdict(
            self, value_serializer=lambda _i, _a, value: str(value) if isinstance(value, Level) else value
        )


class ReportHasErrors(NianbaoError):
    """A report that must not be rendered as it stands."""

    def __init__(self, findings: Sequence[Finding]) -> None:
        self.findings = tuple(findings)
        super().__init__(str(self))

    def __str__(self) -> str:
        head = f"报告有 {len(self.findings)} 处错误，未生成文档。请先改正；确需照原样生成，可加 --force。"
        return "\n".join([head, *(_indent(str(f)) for f in self.findings)])


# --- the entry points -------------------------------------------------------------


def check(report: Report, previous: Report | None = None) -> list[Finding]:
    """Every finding about ``report``; with ``previous`` (last year's) also the cross-year ones."""
    findings = [
        *_balance(report.applications),
        *_row_totals(report.applications),
        *_results_total(report.applications),
        *_case_totals(report.cases),
        *_prose_against_tables(report),
    ]
    if previous is not None:
        findings.extend(_cross_year(report, previous))
        findings.extend(_copied_prose(report, previous))
    return findings


def errors_of(report: Report) -> list[Finding]:
    """The findings of level error: those that stop rendering."""
    return [finding for finding in check(report) if finding.level is Level.ERROR]


def ensure_no_errors(report: Report) -> None:
    """Raise :class:`ReportHasErrors` (listing them, in Chinese) if the report has errors."""
    errors = errors_of(report)
    if errors:
        raise ReportHasErrors(errors)


def load_previous(path: str | os.PathLike[str]) -> Report:
    """Last year's report for ``--previous``: a data file, or a report (.docx, .html, .txt) imported."""
    from nianbao.extract import read_report

    return read_report(path).report


def summary(findings: Sequence[Finding]) -> str:
    """One line counting errors and warnings, in Chinese."""
    if not findings:
        return "未发现问题。"
    errors = sum(1 for f in findings if f.level is Level.ERROR)
    warnings = len(findings) - errors
    return f"共发现 {errors} 处错误、{warnings} 处警告。"


def _indent(text: str) -> str:
    return "\n".join("  " + line for line in text.split("\n"))


# --- locations ----------------------------------------------------------------------

_T3: Final = labels.TABLE_NAMES["applications"]
_T4: Final = labels.TABLE_NAMES["cases"]


def _column_location(column: labels.Column) -> str:
    """A column of 表三 by its headers: 表三/申请人情况/法人或其他组织/商业企业."""
    if column in labels.APPLICANT_COLUMNS[1:]:
        return f"{_T3}/{labels.APPLICANTS}/{labels.LEGAL_PERSONS}/{column.label}"
    return f"{_T3}/{labels.APPLICANTS}/{column.label}"


def _row_path(row: labels.Row) -> tuple[str, ...]:
    """The data path of a 表三 row, the stated （七）总计 for the derived one."""
    path = ("results", "stated_total") if row.key == "results_total" else row.path
    return ("applications", *path)


def _cell_location(row: labels.Row, index: int) -> str:
    return datafile.describe_path((*_row_path(row), index))


def _case_location(block: labels.Column, column: labels.Column) -> str:
    """A cell of 表四 by its headers: 表四/行政诉讼/复议后起诉/总计."""
    if block.key == "review":
        return f"{_T4}/{block.label}/{column.label}"
    return f"{_T4}/{labels.ADMINISTRATIVE_LITIGATION}/{block.label}/{column.label}"


def _finding(
    rule: str, location: str, expected: str | None, actual: str | None, message: str, quote: str | None = None
) -> Finding:
    """A finding of ``rule``, at the rule's level."""
    return Finding(RULES[rule].level, rule, location, expected, actual, message, quote)


# --- R1–R4: the tables --------------------------------------------------------------


def _balance(table: ApplicationTable) -> Iterator[Finding]:
    """R1 for each of the seven columns, as printed (totals derived)."""
    received = zip(table.new.with_total(), table.carried_over.with_total(), strict=True)
    settled = zip(table.results.total.with_total(), table.carried_forward.with_total(), strict=True)
    for column, (new, over), (done, forward) in zip(labels.ALL_COLUMNS, received, settled, strict=True):
        if new + over != done + forward:
            yield _finding(
                "R1",
                _column_location(column),
                format_count(new + over),
                format_count(done + forward),
                f"本列{labels.NEW}（{new}）加{labels.CARRIED_OVER}（{over}）为 {new + over}，"
                f"而{labels.RESULTS}{labels.RESULTS_TOTAL}（{done}）加{labels.CARRIED_FORWARD}（{forward}）"
                f"为 {done + forward}，两者应相等",
            )


def _row_totals(table: ApplicationTable) -> Iterator[Finding]:
    """R2: each 总计 given in the input against its six applicant columns."""
    for row, derived in table.rows():
        counts = table.results.stated_total if row.key == "results_total" else derived
        if counts is not None and counts.stated_total is not None and counts.stated_total != counts.total:
            yield _finding(
                "R2",
                _cell_location(row, len(labels.APPLICANT_COLUMNS)),
                format_count(counts.total),
                format_count(counts.stated_total),
                f"本行填写的总计为 {counts.stated_total}，六类申请人之和为 {counts.total}",
            )


def _results_total(table: ApplicationTable) -> Iterator[Finding]:
    """R3: a （七）总计 row given in the input against the rows above it, column by column."""
    stated = table.results.stated_total
    if stated is None:
        return
    total_row = next(row for row in labels.APPLICATION_ROWS if row.key == "results_total")
    given = (*stated.values(), stated.stated_total)
    for index, (column, value, derived) in enumerate(
        zip(labels.ALL_COLUMNS, given, table.results.total.with_total(), strict=True)
    ):
        if value is not None and value != derived:
            yield _finding(
                "R3",
                _cell_location(total_row, index),
                format_count(derived),
                format_count(value),
                f"{column.label}列填写的{labels.RESULTS_TOTAL}为 {value}，"
                f"{labels.DISCLOSED[:3]}至{labels.OTHER_HANDLING[:3]}各行（含各分项）之和为 {derived}",
            )


def _case_totals(table: CaseTable) -> Iterator[Finding]:
    """R4: each 总计 of 表四 given in the input against its four outcomes."""
    for block in labels.CASE_GROUPS:
        outcomes: CaseOutcomes = getattr(table, block.key)
        if outcomes.stated_total is not None and outcomes.stated_total != outcomes.total:
            parts = "、".join(f"{c.label} {v}" for c, v in zip(labels.OUTCOME_COLUMNS, outcomes.values(), strict=True))
            yield _finding(
                "R4",
                _case_location(block, labels.TOTAL_COLUMN),
                format_count(outcomes.total),
                format_count(outcomes.stated_total),
                f"填写的总计为 {outcomes.stated_total}，而{parts}，合计 {outcomes.total}",
            )


# --- X0–X2: against last year ---------------------------------------------------------


def _cross_year(report: Report, previous: Report) -> Iterator[Finding]:
    if previous.year != report.year - 1:
        yield _finding(
            "X0",
            "上年报告",
            str(report.year - 1),
            str(previous.year),
            f"用作比对的是 {previous.year} 年度的报告，不是上一年度（{report.year - 1} 年度）的",
        )
    yield from _carry_over(report.applications, previous.applications)
    yield from _documents_in_force(report, previous)


def _carry_over(table: ApplicationTable, last: ApplicationTable) -> Iterator[Finding]:
    """X1: this year's 上年结转 against last year's 结转下年度, column by column."""
    row = next(row for row in labels.APPLICATION_ROWS if row.key == "carried_over")
    pairs = zip(labels.ALL_COLUMNS, table.carried_over.with_total(), last.carried_forward.with_total(), strict=True)
    for index, (column, now, then) in enumerate(pairs):
        if now != then:
            yield _finding(
                "X1",
                _cell_location(row, index),
                format_count(then),
                format_count(now),
                f"{column.label}列：上年报告{labels.CARRIED_FORWARD}为 {then}，本年{labels.CARRIED_OVER}为 {now}",
            )


def _documents_in_force(report: Report, previous: Report) -> Iterator[Finding]:
    """X2: 现行有效 = last year's + 本年制发 − 本年废止, for 规章 and 行政规范性文件."""
    table, last = report.active_disclosure, previous.active_disclosure
    for key in ("rules", "normative_documents"):
        now: DocumentCounts = getattr(table, key)
        then: DocumentCounts = getattr(last, key)
        cells = [then.in_force, now.issued, now.repealed, now.in_force]
        counts = [cell for cell in cells if not isinstance(cell, NotApplicable)]
        if len(counts) < len(cells):
            continue  # “/”: the agency has no such documents
        before, issued, repealed, in_force = counts
        expected = before + issued - repealed
        if in_force != expected:
            yield _finding(
                "X2",
                datafile.describe_path(("active_disclosure", key, "in_force")),
                format_count(expected),
                format_count(in_force),
                f"上年{labels.IN_FORCE}（{before}）加{labels.ISSUED}（{issued}）减{labels.REPEALED}（{repealed}）"
                f"为 {expected}，本年填写 {in_force}。开展文件清理、修改后两者不一致可能是正常的，"
                "请核实，必要时在正文中说明",
            )


# --- C1: copied prose ---------------------------------------------------------------


def _section_texts(report: Report) -> list[tuple[str, str]]:
    """The six sections' own words (headings left out: they are fixed)."""

    def section(part: Section) -> str:
        return "\n".join([*part.paragraphs, *(p for s in part.subsections for p in s.paragraphs)])

    titles = labels.SECTION_TITLES
    return [
        (titles[0], section(report.overview)),
        (titles[1], "\n".join(report.active_disclosure_notes)),
        (titles[2], "\n".join(report.applications_notes)),
        (titles[3], "\n".join(report.cases_notes)),
        (titles[4], section(report.problems)),
        (titles[5], section(report.other_matters)),
    ]


def _copied_prose(report: Report, previous: Report) -> Iterator[Finding]:
    """C1: the share of each section's text repeated from last year's same section."""
    limit_part, limit_whole = COPY_LIMIT
    for (title, now), (_, then) in zip(_section_texts(report), _section_texts(previous), strict=True):
        repeated, total = repeated_share(now, then)
        if total < COPY_MIN_CHARS or repeated * limit_whole <= total * limit_part:
            continue
        yield _finding(
            "C1",
            title,
            f"不超过 {format_share(limit_part, limit_whole)}",
            format_share(repeated, total),
            f"本部分约 {format_share(repeated, total)} 的文字与上年报告相同，"
            "考核中与上年重复率超过 50% 按“内容雷同”扣分，请结合本年度工作改写",
        )


# --- T1–T4: prose against the tables ----------------------------------------------------


def _paragraphs(report: Report) -> Iterator[tuple[str, str, bool]]:
    """(location, paragraph, on topic) for the prose that may speak of the tables' figures."""
    overview = labels.SECTION_TITLES[0]
    for i, paragraph in enumerate(report.overview.paragraphs, 1):
        yield f"{overview}/第{i}段", paragraph, False
    for n, sub in enumerate(report.overview.subsections, 1):
        on_topic = sub.topic in (Topic.APPLICATIONS, Topic.CASES) or (sub.topic is None and "依申请" in sub.heading)
        name = sub.heading.strip().rstrip("。.：:") or f"第{n}小节"
        for i, paragraph in enumerate(sub.paragraphs, 1):
            yield f"{overview}/{name}/第{i}段", paragraph, on_topic
    for title, notes in (
        (labels.SECTION_TITLES[2], report.applications_notes),
        (labels.SECTION_TITLES[3], report.cases_notes),
    ):
        for i, paragraph in enumerate(notes, 1):
            yield f"{title}/第{i}段", paragraph, True


def _prose_against_tables(report: Report) -> Iterator[Finding]:
    for location, paragraph, on_topic in _paragraphs(report):
        for claim in read_claims(paragraph, on_topic):
            yield from _judge(claim, location, report)


def _judge(claim: Claim, location: str, report: Report) -> Iterator[Finding]:
    if claim.kind in (Kind.ALL_UPHELD, Kind.ALL_CLOSED):
        yield from _judge_all(claim, location, report.cases)
        return
    if claim.subject is Subject.APPLICATIONS:
        figures = _application_figures(report.applications, claim.measure)
        if claim.kind is Kind.NONE:
            figures = figures[:1]  # “未收到申请”: none received this year (新收), whatever was carried over
    else:
        figures = [
            (f"{name}/{_case_measure_label(claim.measure)}", _case_figure(outcomes, claim.measure))
            for name, outcomes in _case_blocks(report.cases, claim.subject)
        ]
        if claim.kind is Kind.NONE:  # “未发生行政复议、行政诉讼”: each must be 0
            figures = [(name, value) for name, value in figures if value != 0]
            if figures:
                yield _prose_finding("T3", claim, location, figures, "、")
            return
        if len(figures) > 1:  # “行政复议、行政诉讼案件共5件”: the two added
            figures = [("与".join(name for name, _ in figures) + "之和", sum(value for _, value in figures))]
    if not figures or any(value == claim.value for _, value in figures):
        return
    first_names: dict[int, str] = {}
    for name, value in figures:
        first_names.setdefault(value, name)  # 新收 and 新收加结转 are often the same figure
    figures = [(name, value) for value, name in first_names.items()]
    rule = "T3" if claim.kind is Kind.NONE else ("T1" if claim.subject is Subject.APPLICATIONS else "T2")
    yield _prose_finding(rule, claim, location, figures, " 或 ")


def _prose_finding(rule: str, claim: Claim, location: str, figures: list[tuple[str, int]], joint: str) -> Finding:
    said = f"正文称“{claim.phrase}”" + ("" if claim.kind is Kind.NUMBER else "（即 0 件）")
    table = "；".join(f"{name}为 {value}" for name, value in figures)
    return _finding(
        rule,
        location,
        joint.join(format_count(value) for _, value in figures),
        format_count(claim.value or 0),
        f"{said}，与表格不符：{table}",
        claim.sentence,
    )


_PARTIALLY: Final = labels.PARTIALLY_DISCLOSED.partition("（区分")[0]


def _application_figures(table: ApplicationTable, measure: str) -> list[tuple[str, int]]:
    """The figures of 表三 a prose measure may mean (prose scopes vary: 新收, or 新收加结转)."""
    rows = dict((row.key, (row, counts)) for row, counts in table.rows())
    total = len(labels.APPLICANT_COLUMNS)

    def cell(key: str, index: int = total) -> str:
        return _cell_location(rows[key][0], index)

    def plus(first: str, second: str) -> str:
        return f"{first}加{second.removeprefix(_T3 + '/')}"

    def value(key: str, index: int = total) -> int:
        return rows[key][1].with_total()[index]

    new, over = table.new, table.carried_over
    received = [
        (cell("new"), new.total),
        (plus(cell("new"), cell("carried_over")), new.total + over.total),
    ]
    closed = [(cell("results_total"), value("results_total"))]
    if measure == "received":
        return received
    if measure == "closed":
        return closed
    if measure == "handled":
        return received + closed
    if measure in rows:
        return [(cell(measure), value(measure))]
    if measure == "disclosed_or_partially":
        both = value("disclosed") + value("partially_disclosed")
        return [(f"{_T3}/{labels.RESULTS}/{labels.DISCLOSED}与{_PARTIALLY}/总计之和", both)]
    for group_key, group_label, _ in labels.RESULT_GROUPS:
        if measure == group_key:
            group_total = getattr(table.results, group_key).total.total
            return [(f"{_T3}/{labels.RESULTS}/{group_label}（各分项合计）/总计", group_total)]
    # an applicant column: of the applications received, carried over, or both
    if measure == "legal_persons":
        where = [f"{_T3}/{row}/{labels.LEGAL_PERSONS}（五列合计）" for row in (labels.NEW, labels.CARRIED_OVER)]
        now, before = new.legal_persons, over.legal_persons
    else:
        index = next((i for i, column in enumerate(labels.APPLICANT_COLUMNS) if column.key == measure), None)
        if index is None:
            return []
        where = [cell("new", index), cell("carried_over", index)]
        now, before = value("new", index), value("carried_over", index)
    return [(where[0], now), (where[1], before), (plus(*where), now + before)]


def _case_blocks(table: CaseTable, subject: Subject) -> list[tuple[str, CaseOutcomes]]:
    """The blocks of 表四 a claim speaks of, each with its name."""
    litigation = labels.ADMINISTRATIVE_LITIGATION
    review = (f"{_T4}/{labels.ADMINISTRATIVE_REVIEW}", table.review)
    both_blocks = f"{_T4}/{litigation}（{labels.DIRECT_LITIGATION}与{labels.LITIGATION_AFTER_REVIEW}合计）"
    if subject is Subject.REVIEW:
        return [review]
    if subject is Subject.LITIGATION:
        return [(both_blocks, table.litigation)]
    if subject is Subject.DIRECT_LITIGATION:
        return [(f"{_T4}/{litigation}/{labels.DIRECT_LITIGATION}", table.direct_litigation)]
    if subject is Subject.LITIGATION_AFTER_REVIEW:
        return [(f"{_T4}/{litigation}/{labels.LITIGATION_AFTER_REVIEW}", table.litigation_after_review)]
    return [review, (both_blocks, table.litigation)]


def _case_measure_label(measure: str) -> str:
    if measure == "closed":
        return "已审结（总计减尚未审结）"
    column = next((c for c in labels.OUTCOME_COLUMNS if c.key == measure), labels.TOTAL_COLUMN)
    return column.label


def _case_figure(outcomes: CaseOutcomes, measure: str) -> int:
    if measure == "total":
        return outcomes.total
    if measure == "closed":
        return outcomes.total - outcomes.pending
    return int(getattr(outcomes, measure))


def _judge_all(claim: Claim, location: str, table: CaseTable) -> Iterator[Finding]:
    """T4: “均获维持” needs 纠正 = 其他 = 尚未审结 = 0; “均已审结” needs 尚未审结 = 0."""
    keys = ("corrected", "other", "pending") if claim.kind is Kind.ALL_UPHELD else ("pending",)
    columns = [c for c in labels.OUTCOME_COLUMNS if c.key in keys]
    for name, outcomes in _case_blocks(table, claim.subject):
        found = [(c.label, int(getattr(outcomes, c.key))) for c in columns if getattr(outcomes, c.key)]
        if found:
            yield _finding(
                "T4",
                location,
                "、".join(c.label for c in columns) + "为 0",
                "，".join(f"{label} {value}" for label, value in found),
                f"正文称“{claim.phrase}”，但{name}中" + "、".join(f"{label} {value} 件" for label, value in found),
                claim.sentence,
            )
