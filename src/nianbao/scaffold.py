"""Next year's data file from last year's report (``nianbao new --from``).

What carries over: the agency, its contact details, the 落款 agency, the structure of
the text (subsection headings and their topics, with the year in them moved on), 表三
"二、上年结转" = last year's "四、结转下年度继续办理" column by column, 表二 "现行有效件数"
as the base for this year, and "/" where a cell did not apply. Every other figure is 0.
No paragraph of last year's prose is copied (the 2021 notice sanctions 内容雷同): text
places are left empty and marked "【请填写】" in the data file.

>>> from nianbao.model import ApplicantCounts, Report
>>> import attrs
>>> last = Report.blank("某局", 2023)
>>> last = attrs.evolve(last, applications=attrs.evolve(
...     last.applications, carried_forward=ApplicantCounts(2, 1, 0, 0, 0, 0)))
>>> next_year(last).applications.carried_over.values()
(2, 1, 0, 0, 0, 0)
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Final

import attrs

from nianbao import datafile
from nianbao.model import (
    ActiveDisclosureTable,
    ApplicantCounts,
    ApplicationTable,
    CaseTable,
    Cell,
    DocumentCounts,
    Money,
    NotApplicable,
    OtherMatters,
    Overview,
    Report,
    Section,
    Signature,
    Subsection,
    Topic,
)
from nianbao.sentences import STATEMENTS

TO_WRITE: Final = "【请填写】"
AUTOMATIC: Final = "留空则由 nianbao 按本年数字写出标准表述"


def next_year(last: Report, year: int | None = None) -> Report:
    """The report for ``year`` (default: the year after ``last``) scaffolded from ``last``."""
    year = last.year + 1 if year is None else year
    t2 = last.active_disclosure
    return Report(
        agency=last.agency,
        year=year,
        active_disclosure=ActiveDisclosureTable(
            rules=_documents(t2.rules),
            normative_documents=_documents(t2.normative_documents),
            licensing=_zero(t2.licensing),
            punishment=_zero(t2.punishment),
            coercion=_zero(t2.coercion),
            fees=_zero_money(t2.fees),
        ),
        applications=attrs.evolve(
            ApplicationTable.zero(), carried_over=ApplicantCounts(*last.applications.carried_forward.values())
        ),
        cases=CaseTable.zero(),
        contact=last.contact,
        overview=Overview(subsections=_headings(last.overview.subsections, last.year, year)),
        problems=Section(subsections=_headings(last.problems.subsections, last.year, year)),
        other_matters=OtherMatters(subsections=_headings(last.other_matters.subsections, last.year, year)),
        signature=Signature(agency=last.signature.agency),
    )


def _documents(row: DocumentCounts) -> DocumentCounts:
    """本年制发/废止 start at 0; 现行有效 carries last year's count as the base."""
    return DocumentCounts(_zero(row.issued), _zero(row.repealed), row.in_force)


def _zero(cell: Cell) -> Cell:
    return cell if isinstance(cell, NotApplicable) else 0


def _zero_money(cell: Money) -> Money:
    return cell if isinstance(cell, NotApplicable) else Decimal(0)


def _headings(subsections: tuple[Subsection, ...], last_year: int, year: int) -> tuple[Subsection, ...]:
    """Last year's subsection headings and topics, the years in them moved on, no paragraphs."""
    return tuple(Subsection(_move_years(s.heading, last_year, year), (), s.topic) for s in subsections)


def _move_years(text: str, last_year: int, year: int) -> str:
    """'《2023年…工作方案》' → '《2024年…工作方案》' (years of the report and the one after it)."""
    shift = year - last_year
    return re.sub(rf"(?<!\d)({last_year}|{last_year + 1})(?=年)", lambda m: str(int(m.group(1)) + shift), text)


# --- the data file with marked places ---------------------------------------------------

_PARAGRAPHS: Final = re.compile(r"^(?P<indent> *)paragraphs: \[\]$")
_HEADING: Final = re.compile(r"^ *- heading: (?P<heading>.*)$")
_TOP_KEY: Final = re.compile(r"^(?P<key>[a-z_]+):")
_SECTIONS: Final = {
    "overview": "一、总体情况",
    "problems": "五、存在的主要问题及改进情况",
    "other_matters": "六、其他需要报告的事项",
}


def scaffold_text(report: Report, source: str = "") -> str:
    """The data file (YAML) of a scaffolded report, with every place for this year's text marked.

    The marks are YAML comments, so the file loads as the report itself; text fields
    stay empty (an empty standard subsection can be filled by standard sentences).
    """
    basis = f"，依据 {source}" if source else ""
    lines = [
        f"# {report.title}：数据文件（nianbao new 生成{basis}）",
        "# 已沿用上年：机关名称、联系方式、落款机关、各部分小标题；",
        "#   表三“二、上年结转政府信息公开申请数量”= 上年“四、结转下年度继续办理”（逐列）；",
        "#   表二“现行有效件数”= 上年现行有效件数（请按本年制发、废止及清理情况更新）。",
        f"# 其余数字均为0。标有“{TO_WRITE}”处请撰写本年度文字：上年文字不沿用，以免内容雷同。",
    ]
    top, heading = "", ""
    subsections = iter(
        s for section in (report.overview, report.problems, report.other_matters) for s in section.subsections
    )
    topic: Topic | None = None
    for line in datafile.dumps(report).splitlines():
        if (key := _TOP_KEY.match(line)) is not None:
            top, heading, topic = key.group("key"), "", None
        if (m := _HEADING.match(line)) is not None:
            heading = m.group("heading").strip("'\"")
            topic = next(subsections).topic
        comment = _comment(report, line, top, heading, topic)
        lines.append(f"{line}  # {comment}" if comment else line)
    if report.signature.date is None:
        lines.append(f"  # date: {report.year + 1}-01-20  # {TO_WRITE}成文日期，去掉行首“#”后填写")
    return "\n".join(lines) + "\n"


def _comment(report: Report, line: str, top: str, heading: str, topic: Topic | None) -> str:
    if line == "opening: ''":
        return f"{TO_WRITE}开头段落：编制依据、统计期限、联系方式（{AUTOMATIC}）"
    m = _PARAGRAPHS.match(line)
    if m is None or top not in _SECTIONS:
        return ""
    if len(m.group("indent")) > 2:
        what = f"{TO_WRITE}“{heading}”的本年度内容" if heading else f"{TO_WRITE}本小节的本年度内容"
        return f"{what}（{AUTOMATIC}）" if topic in STATEMENTS else what
    section: Section = getattr(report, top)
    if top == "overview":
        return f"{TO_WRITE}{_SECTIONS[top]}的导语（可留空）"
    if section.subsections:
        return f"{TO_WRITE}{_SECTIONS[top]}（可留空，写在下列小节中）"
    return f"{TO_WRITE}{_SECTIONS[top]}的本年度内容"
