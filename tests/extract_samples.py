"""Report sources made the ways agencies make them, for the importer's tests.

A *layout* says how a source writes the report: label spellings, cell merges, tables
split, the 2019-era one-row （六）其他处理, cells written blank, "无" or "/", heading
wording. The same layout is written as a .docx (python-docx, as Word or WPS users
make them) or as an HTML page (rowspan/colspan, as portals publish them), so each
test knows every figure the importer must find.
"""

from __future__ import annotations

import datetime
import html
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Literal

import attrs
import docx
from attrs import field, frozen
from docx.shared import Pt

from nianbao import labels as L
from nianbao.formatting import format_cell, format_count
from nianbao.model import (
    NOT_APPLICABLE,
    ActiveDisclosureTable,
    ApplicantCounts,
    ApplicationResults,
    ApplicationTable,
    CaseOutcomes,
    CaseTable,
    Contact,
    DocumentCounts,
    NotProcessedResults,
    OtherHandlingResults,
    OtherMatters,
    Overview,
    ProcessingFees,
    Proposals,
    Report,
    Section,
    Signature,
    Subsection,
    Topic,
    UnableResults,
    WithheldResults,
)

# --- the report every sample writes ----------------------------------------------------


def busy_applications() -> ApplicationTable:
    """表三 with a different figure in every cell: row i, column j holds 10·(i+1) + j."""
    rows: dict[str, ApplicantCounts] = {}
    for i, row in enumerate(L.APPLICATION_ROWS):
        rows[row.key] = ApplicantCounts(*(10 * (i + 1) + j for j in range(6)))

    def group(key: str) -> list[ApplicantCounts]:
        return [rows[r.key] for r in L.APPLICATION_ROWS if r.path[1:2] == (key,)]

    return ApplicationTable(
        new=rows["new"],
        carried_over=rows["carried_over"],
        results=ApplicationResults(
            disclosed=rows["disclosed"],
            partially_disclosed=rows["partially_disclosed"],
            withheld=WithheldResults(*group("withheld")),
            unable=UnableResults(*group("unable")),
            not_processed=NotProcessedResults(*group("not_processed")),
            other_handling=OtherHandlingResults(*group("other_handling")),
        ),
        carried_forward=ApplicantCounts(3, 1, 0, 2, 0, 1),
    )


def busy_report() -> Report:
    """A report with every figure non-zero and distinct, and text in every part."""
    agency = "某市某区交通运输局"
    contact = Contact("某区交通运输局办公室", "某市某区人民路88号", "255000", "0533-1234567", "jtj@example.gov.cn")
    return Report(
        agency=agency,
        year=2023,
        active_disclosure=ActiveDisclosureTable(
            rules=DocumentCounts(1, 2, 30),
            normative_documents=DocumentCounts(4, 5, 66),
            licensing=3985758,
            punishment=812,
            coercion=7,
            fees=Decimal("59237.2449"),
        ),
        applications=busy_applications(),
        cases=CaseTable(CaseOutcomes(1, 2, 3, 4), CaseOutcomes(5, 6, 7, 8), CaseOutcomes(9, 11, 12, 13)),
        contact=contact,
        opening=(
            f"本报告由{agency}根据《中华人民共和国政府信息公开条例》（以下简称《条例》）规定编制。"
            "报告所列统计期限自2023年1月1日至2023年12月31日。"
            f"如对本报告有疑问，请与{contact.office}联系（地址：{contact.address}，邮编：{contact.postcode}，"
            f"电话：{contact.phone}，电子邮箱：{contact.email}）。"
        ),
        overview=Overview(
            ("2023年，区交通运输局认真贯彻落实《条例》，扎实推进政府信息公开工作。",),
            (
                Subsection("（一）主动公开情况。", ("全年主动公开政府信息812条。",), Topic.ACTIVE_DISCLOSURE),
                Subsection("（二）依申请公开情况。", ("全年新收政府信息公开申请75件。",), Topic.APPLICATIONS),
                Subsection(
                    "（三）政府信息管理。", ("一是规范发布流程。", "二是开展清理。"), Topic.INFORMATION_MANAGEMENT
                ),
                Subsection("（四）平台建设情况。", ("持续优化政府网站专栏。",), Topic.PLATFORMS),
                Subsection("（五）监督保障。", ("将政务公开纳入年度考核。",), Topic.OVERSIGHT),
            ),
        ),
        active_disclosure_notes=("本年度主动公开情况见下表。",),
        problems=Section(("一是公开内容不够全面。改进措施：加强督促检查。", "二是解读形式较为单一。")),
        other_matters=OtherMatters(
            (),
            (
                Subsection(
                    "（一）收取信息处理费情况", ("2023年度共收取信息处理费350元，涉及3件申请。",), Topic.PROCESSING_FEES
                ),
                Subsection(
                    "（二）人大代表建议和政协提案办理情况",
                    ("2023年度共办理人大代表建议5件、政协提案4件。",),
                    Topic.PROPOSALS,
                ),
            ),
            ProcessingFees(3, Decimal(350)),
            Proposals(5, 4),
        ),
        signature=Signature(agency, datetime.date(2024, 1, 18)),
    )


# --- layouts -----------------------------------------------------------------------------

Spec = tuple[str, int, int]
"""A cell as HTML has it: text, rowspan, colspan."""

CellKey = tuple[str, int]
"""A cell of the figures: (表三 row key | "t2.<field>" | "t4.<group>", column)."""


@frozen
class Layout:
    """How a source writes the report."""

    label: Callable[[str], str] = lambda text: text
    """Writes each official label (spaces, line breaks, typos)."""
    merged: bool = True
    """Official merges; else every cell apart, group labels repeated on each row."""
    split_t2: bool = False
    """表二 as four tables, one per article."""
    split_t3_after: int | None = None
    """表三 continued in a second table after this many data rows."""
    old_other_handling: bool = False
    """2019 format: （六）其他处理 as one row (23 data rows)."""
    cells: dict[CellKey, str] = field(factory=dict)
    """Cells written differently from the figure ("", "无", "/", a wrong total…)."""
    heading: Callable[[int], str] = lambda n: L.SECTION_TITLES[n - 1]
    run_in_bold: bool = True
    """一's subsection headings as a bold first run (else plain text)."""


def _figure(layout: Layout, key: CellKey, value: object) -> str:
    if key in layout.cells:
        return layout.cells[key]
    return format_cell(value) if not isinstance(value, int) else format_count(value)  # type: ignore[arg-type]


def t2_rows(report: Report, layout: Layout) -> list[list[list[Spec]]]:
    """表二 as one table (or four), official layout."""
    t = report.active_disclosure
    lab = layout.label

    def wide(text: str, r_key: str) -> list[Spec]:
        if layout.merged:
            return [(text, 1, 3)]
        return [(text, 1, 1), ("", 1, 1), ("", 1, 1)]

    def title(text: str) -> list[Spec]:
        return [(lab(text), 1, 4)] if layout.merged else [(lab(text), 1, 1), ("", 1, 1), ("", 1, 1), ("", 1, 1)]

    def cell(name: str) -> str:
        return _figure(layout, (f"t2.{name}", 0), getattr(t, name))

    docs = [
        [(lab(label), 1, 1)]
        + [
            (_figure(layout, (f"t2.{key}", c), getattr(getattr(t, key), f)), 1, 1)
            for c, f in enumerate(("issued", "repealed", "in_force"))
        ]
        for key, label in (("rules", L.RULES), ("normative_documents", L.NORMATIVE_DOCUMENTS))
    ]
    parts = [
        [
            title(L.ARTICLE_20_1),
            [(lab(x), 1, 1) for x in (L.INFORMATION_CONTENT, L.ISSUED, L.REPEALED, L.IN_FORCE)],
            *docs,
        ],
        [
            title(L.ARTICLE_20_5),
            [(lab(L.INFORMATION_CONTENT), 1, 1), *wide(lab(L.DECISIONS), "")],
            [(lab(L.LICENSING), 1, 1), *wide(cell("licensing"), "licensing")],
        ],
        [
            title(L.ARTICLE_20_6),
            [(lab(L.INFORMATION_CONTENT), 1, 1), *wide(lab(L.DECISIONS), "")],
            [(lab(L.PUNISHMENT), 1, 1), *wide(cell("punishment"), "punishment")],
            [(lab(L.COERCION), 1, 1), *wide(cell("coercion"), "coercion")],
        ],
        [
            title(L.ARTICLE_20_8),
            [(lab(L.INFORMATION_CONTENT), 1, 1), *wide(lab(L.FEE_AMOUNT), "")],
            [(lab(L.ADMINISTRATIVE_FEES), 1, 1), *wide(cell("fees"), "fees")],
        ],
    ]
    if layout.split_t2:
        return parts
    return [[row for part in parts for row in part]]


def _t3_data_rows(report: Report, layout: Layout) -> Iterator[tuple[L.Row, ApplicantCounts, str]]:
    rows = list(report.applications.rows())
    for row, counts in rows:
        if layout.old_other_handling and row.path[1:2] == ("other_handling",):
            if row.key == "other_handling_overdue_correction":
                whole = report.applications.results.other_handling.total
                yield (
                    L.Row("other_handling", ("results", "other_handling"), L.OTHER_HANDLING, L.RESULTS),
                    whole,
                    "group",
                )
            continue
        yield row, counts, ""


def t3_rows(report: Report, layout: Layout) -> list[list[list[Spec]]]:
    """表三 (one or two tables), official merges or none."""
    lab = layout.label
    data = list(_t3_data_rows(report, layout))
    merged = layout.merged
    header: list[list[Spec]]
    if merged:
        header = [
            [(lab(L.BALANCE_NOTE), 3, 3), (lab(L.APPLICANTS), 1, 7)],
            [(lab(L.APPLICANT_COLUMNS[0].label), 2, 1), (lab(L.LEGAL_PERSONS), 1, 5), (lab(L.TOTAL), 2, 1)],
            [(lab(c.label), 1, 1) for c in L.APPLICANT_COLUMNS[1:]],
        ]
    else:
        header = [
            [(lab(L.BALANCE_NOTE), 1, 1), ("", 1, 1), ("", 1, 1), (lab(L.APPLICANTS), 1, 1)] + [("", 1, 1)] * 6,
            [("", 1, 1)] * 3
            + [(lab(L.APPLICANT_COLUMNS[0].label), 1, 1), (lab(L.LEGAL_PERSONS), 1, 1)]
            + [("", 1, 1)] * 4
            + [(lab(L.TOTAL), 1, 1)],
            [("", 1, 1)] * 4 + [(lab(c.label), 1, 1) for c in L.APPLICANT_COLUMNS[1:]] + [("", 1, 1)],
        ]
    results = [k for k, (row, _, _) in enumerate(data) if row.group]
    body: list[list[Spec]] = []
    for k, (row, counts, kind) in enumerate(data):
        figures = [(_figure(layout, (row.key, c), v), 1, 1) for c, v in enumerate(counts.with_total())]
        label = lab(row.label)
        cells: list[Spec]
        if not row.group:
            cells = [(label, 1, 3)] if merged else [(label, 1, 1), ("", 1, 1), ("", 1, 1)]
        elif merged:
            cells = [(lab(L.RESULTS), len(results), 1)] if k == results[0] else []
            if len(row.path) == 2 or kind == "group":
                cells.append((label, 1, 2))
            else:
                siblings = [j for j, (r, _, _) in enumerate(data) if r.path[:2] == row.path[:2]]
                if k == siblings[0]:
                    group_label = next(g for key, g, _ in L.RESULT_GROUPS if key == row.path[1])
                    cells.append((lab(group_label), len(siblings), 1))
                cells.append((label, 1, 1))
        elif len(row.path) == 2 or kind == "group":
            cells = [(lab(L.RESULTS), 1, 1), (label, 1, 1), ("", 1, 1)]
        else:
            group_label = next(g for key, g, _ in L.RESULT_GROUPS if key == row.path[1])
            cells = [(lab(L.RESULTS), 1, 1), (lab(group_label), 1, 1), (label, 1, 1)]
        body.append(cells + figures)
    if layout.split_t3_after is None:
        return [header + body]
    cut = layout.split_t3_after
    if merged:
        raise ValueError("split tables are written without merges")
    return [header + body[:cut], body[cut:]]


def t4_rows(report: Report, layout: Layout) -> list[list[list[Spec]]]:
    lab = layout.label
    outcome = [lab(c.label) for c in L.ALL_OUTCOME_COLUMNS]
    if layout.merged:
        header = [
            [(lab(L.ADMINISTRATIVE_REVIEW), 1, 5), (lab(L.ADMINISTRATIVE_LITIGATION), 1, 10)],
            [(t, 2, 1) for t in outcome] + [(lab(L.DIRECT_LITIGATION), 1, 5), (lab(L.LITIGATION_AFTER_REVIEW), 1, 5)],
            [(t, 1, 1) for t in outcome * 2],
        ]
    else:
        blank = ("", 1, 1)
        header = [
            [
                (lab(L.ADMINISTRATIVE_REVIEW), 1, 1),
                *[blank] * 4,
                (lab(L.ADMINISTRATIVE_LITIGATION), 1, 1),
                *[blank] * 9,
            ],
            [(t, 1, 1) for t in outcome]
            + [(lab(L.DIRECT_LITIGATION), 1, 1), *[blank] * 4, (lab(L.LITIGATION_AFTER_REVIEW), 1, 1), *[blank] * 4],
            [blank] * 5 + [(t, 1, 1) for t in outcome * 2],
        ]
    figures: list[Spec] = []
    for group in L.CASE_GROUPS:
        block = getattr(report.cases, group.key)
        figures += [(_figure(layout, (f"t4.{group.key}", c), v), 1, 1) for c, v in enumerate(block.with_total())]
    return [[*header, figures]]


# --- the text around the tables ------------------------------------------------------------

Item = tuple[Literal["title", "p", "lead", "h1", "h2", "table"], object]


def body(report: Report, layout: Layout) -> list[Item]:
    """The whole report in reading order."""
    items: list[Item] = [("title", report.title), ("p", report.opening), ("h1", layout.heading(1))]
    items += [("p", p) for p in report.overview.paragraphs]
    for s in report.overview.subsections:
        items.append(("lead", (s.heading, s.paragraphs[0])))
        items += [("p", p) for p in s.paragraphs[1:]]
    for n, notes, tables in (
        (2, report.active_disclosure_notes, t2_rows(report, layout)),
        (3, report.applications_notes, t3_rows(report, layout)),
        (4, report.cases_notes, t4_rows(report, layout)),
    ):
        items.append(("h1", layout.heading(n)))
        items += [("p", p) for p in notes]
        items += [("table", t) for t in tables]
    for n, section in ((5, report.problems), (6, report.other_matters)):
        items.append(("h1", layout.heading(n)))
        items += [("p", p) for p in section.paragraphs]
        for s in section.subsections:
            items.append(("h2", s.heading))
            items += [("p", p) for p in s.paragraphs]
    assert report.signature.date is not None
    d = report.signature.date
    items += [("p", report.signing_agency), ("p", f"{d.year}年{d.month}月{d.day}日")]
    return items


# --- writers -------------------------------------------------------------------------------


def grid(rows: list[list[Spec]]) -> tuple[int, dict[tuple[int, int], Spec]]:
    """Where each cell starts on the grid (the HTML table model), and the grid's width."""
    taken: set[tuple[int, int]] = set()
    starts: dict[tuple[int, int], Spec] = {}
    for r, row in enumerate(rows):
        c = 0
        for spec in row:
            while (r, c) in taken:
                c += 1
            starts[(r, c)] = spec
            for dr in range(spec[1]):
                for dc in range(spec[2]):
                    taken.add((r + dr, c + dc))
            c += spec[2]
    return max(c for _, c in taken) + 1, starts


def assert_same_report(got: Report, want: Report) -> None:
    """Every figure and every text part, compared part by part for a readable failure."""
    assert got.active_disclosure == want.active_disclosure
    assert got.applications.new == want.applications.new
    assert got.applications.carried_over == want.applications.carried_over
    assert got.applications.results == want.applications.results
    assert got.applications.carried_forward == want.applications.carried_forward
    assert got.cases == want.cases
    for name in ("agency", "year", "contact", "opening", "overview", "problems", "other_matters", "signature"):
        assert getattr(got, name) == getattr(want, name), name
    assert got == want


def write_docx(report: Report, layout: Layout, path: Path) -> Path:
    """The report as a .docx built the way a person builds one in Word (python-docx)."""
    document = docx.Document()
    for kind, content in body(report, layout):
        if kind == "table":
            rows = content  # type: ignore[assignment]
            assert isinstance(rows, list)
            width, starts = grid(rows)
            table = document.add_table(rows=len(rows), cols=width)
            table.style = "Table Grid"
            for (r, c), (text, rowspan, colspan) in starts.items():
                cell = table.cell(r, c)
                if rowspan > 1 or colspan > 1:
                    cell = cell.merge(table.cell(r + rowspan - 1, c + colspan - 1))
                first, *rest = text.split("\n")
                cell.paragraphs[0].text = first
                for line in rest:
                    cell.add_paragraph(line)
        elif kind == "lead":
            heading, text = content  # type: ignore[misc]
            p = document.add_paragraph()
            if layout.run_in_bold:
                p.add_run(heading).bold = True
                p.add_run(text)
            else:
                p.add_run(heading + text)
        elif kind == "h1":
            run = document.add_paragraph().add_run(str(content))
            run.bold = True
            run.font.size = Pt(16)
        elif kind == "h2":
            document.add_paragraph().add_run(str(content)).bold = True
        elif kind == "title":
            document.add_heading(str(content), level=0)
        else:
            document.add_paragraph(str(content))
        if kind == "table":
            document.add_paragraph("")
    document.save(str(path))
    return path


def html_table(rows: list[list[Spec]]) -> str:
    out = ['<table border="1" cellspacing="0">']
    for row in rows:
        out.append("<tr>")
        for text, rowspan, colspan in row:
            attrs_ = (f' rowspan="{rowspan}"' if rowspan > 1 else "") + (f' colspan="{colspan}"' if colspan > 1 else "")
            inner = "<br/>".join(html.escape(line) for line in text.split("\n"))
            out.append(f"<td{attrs_}><p>{inner}</p></td>")
        out.append("</tr>")
    out.append("</table>")
    return "\n".join(out)


def write_html(report: Report, layout: Layout, charset: str = "utf-8", chrome: bool = True) -> bytes:
    """The report as a portal publishes it: page furniture, the article, tables with spans."""
    parts = [
        "<!DOCTYPE html>",
        f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">',
        f"<title>{html.escape(report.title)}_某区人民政府</title>",
        "<style>td{border:1px solid #000}</style><script>var x = '一、总体情况';</script></head><body>",
    ]
    if chrome:
        parts += [
            '<div class="nav"><a href="/">首页</a> &gt; <a href="#">政府信息公开年报</a></div>',
            f"<div class='meta'>发布日期：2024-01-18 &nbsp; 来源：{html.escape(report.agency)}</div>",
        ]
    parts.append('<div class="article">')
    for kind, content in body(report, layout):
        if kind == "table":
            assert isinstance(content, list)
            parts.append(html_table(content))
        elif kind == "title":
            parts.append(f"<h1>{html.escape(str(content))}</h1>")
        elif kind == "lead":
            heading, text = content  # type: ignore[misc]
            parts.append(f"<p>&nbsp;&nbsp;<strong>{html.escape(heading)}</strong>{html.escape(text)}</p>")
        elif kind in ("h1", "h2"):
            parts.append(f"<p><strong>{html.escape(str(content))}</strong></p>")
        else:
            parts.append(f"<p style='text-indent:2em'>{html.escape(str(content))}</p>")
    parts.append("</div>")
    if chrome:
        parts.append("<div class='footer'>主办单位：某区人民政府办公室 网站标识码：3703030001</div>")
    parts.append("</body></html>")
    return "\n".join(parts).encode(charset)


def with_figures(report: Report, **changes: object) -> Report:
    """The report with some tables replaced (what a test expects back)."""
    return attrs.evolve(report, **changes)


# --- the real-world defects of FORMAT.md §7, as one layout ----------------------------------

REAL_WORLD_LABELS = {
    "2.其他法律行政法规禁止公开": "2、其他法律行政止公开",
    "5.属于三类内部事务信息": "5、属于三类内容事务信息",
    L.PARTIALLY_DISCLOSED: "（二）部分公开（区分处理的，只计这一情况，不计其他情形）",
    "商业企业": "商业\n企业",
    "科研机构": "科研\n机构",
    "社会公益组织": "社会公益\n组织",
    L.OTHER_HANDLING_ROWS[0][1]: "1、申请人无正当理由逾期不补正，行政机关不再处理其政府信息公开申请",
    L.NEW: "一、本年新收政府信息\n公开申请数量",
    L.NORMATIVE_DOCUMENTS: "行政规范性 文件",
    "3.危及“三安全一稳定”": '3.危及"三安全一稳定"',
    L.IN_FORCE: "现行有效件数（历史累计）",
    L.LITIGATION_AFTER_REVIEW: "复议后\n起诉",
}
REAL_WORLD_HEADINGS = {
    1: "一、总体情况",
    2: "二、主动公开政府信息情况",
    3: "三、收到和处理政府信息公开申请情况",
    4: "四、政府信息公开行政法复议、行政诉讼情况",
    5: "五、政府信息公开工作存在的主要问题及改进情况",
    6: "六 其他需要报告的事项",
}
ODD_CELLS: dict[CellKey, str] = {
    ("disclosed", 0): "",  # blank
    ("disclosed", 6): "",  # 总计 left blank
    ("new", 3): "无",
    ("t2.rules", 0): "/",  # no rule-making power
    ("t2.rules", 1): "/",
    ("t2.rules", 2): "/",
    ("t2.coercion", 0): "无",
    ("t4.review", 4): "0",  # 总计 left at 0 while its parts are not
    ("carried_forward", 6): "99",  # a wrong total
}


def real_world_layout(merged: bool = True, old_other_handling: bool = False) -> Layout:
    return Layout(
        label=lambda text: REAL_WORLD_LABELS.get(text, text),
        merged=merged,
        cells=dict(ODD_CELLS),
        heading=REAL_WORLD_HEADINGS.__getitem__,
        old_other_handling=old_other_handling,
    )


def real_world_expected(old_other_handling: bool = False) -> Report:
    """What the importer must read from :func:`real_world_layout`: figures as written, totals as stated."""
    report = busy_report()
    t3 = report.applications
    results = t3.results
    disclosed = attrs.evolve(results.disclosed, natural_person=0, stated_total=0)
    other_handling = results.other_handling
    if old_other_handling:
        zero = ApplicantCounts.zero()
        other_handling = OtherHandlingResults(zero, zero, other_handling.total)
    new_results = attrs.evolve(results, disclosed=disclosed, other_handling=other_handling, stated_total=results.total)
    return attrs.evolve(
        report,
        active_disclosure=attrs.evolve(
            report.active_disclosure,
            rules=DocumentCounts(NOT_APPLICABLE, NOT_APPLICABLE, NOT_APPLICABLE),
            coercion=0,
        ),
        applications=attrs.evolve(
            t3,
            new=attrs.evolve(t3.new, social_welfare_organization=0, stated_total=t3.new.total),
            results=new_results,
            carried_forward=attrs.evolve(t3.carried_forward, stated_total=99),
        ),
        cases=attrs.evolve(report.cases, review=attrs.evolve(report.cases.review, stated_total=0)),
    )
