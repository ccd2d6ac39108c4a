"""Standard sentences written from the counts, so the prose never disagrees with the tables.

One pure function per standard statement, each with a zero form and a non-zero form.
:func:`complete` fills every standard statement a report leaves empty; what the user
wrote always wins. Numbers, amounts, shares and dates go through :mod:`nianbao.formatting`.
The wording follows real reports (``shared/SENTENCES.md``) and, for the zero forms, the
reference report (张店区信访局 2023).

>>> from nianbao.model import Report
>>> report = Report.blank("某局", 2023)
>>> applications(report)
'2023年度无依申请公开的信息。'
>>> processing_fees(report, SentenceOptions(year_form=YearForm.THIS_YEAR, subject="我局"))
'本年度，我局未收取信息处理费。'
"""

from __future__ import annotations

import datetime
import enum
import re
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any, Final, TypeVar, cast

import attrs
from attrs import field, frozen

from nianbao import labels
from nianbao.formatting import format_count, format_date, format_money, format_share, format_year
from nianbao.model import (
    ApplicantCounts,
    CaseOutcomes,
    CaseTable,
    Cell,
    DocumentCounts,
    Money,
    NotApplicable,
    Report,
    Section,
    Subsection,
    Topic,
)


class YearForm(enum.StrEnum):
    """How a sentence names the year; the value is the wording's tail."""

    PERIOD = "年度"  # 2023年度 (the reference report's)
    YEAR = "年"  # 2023年 (most reports' 一、总体情况)
    THIS_YEAR = "本年度"  # 本年度


@frozen
class SentenceOptions:
    """How the standard sentences are worded.

    ``subject`` is who acts (``"我局"``, ``"区政府办公室"``, the agency's name); empty
    leaves it out, as the reference report does. ``grouping`` writes 3,985,758 instead of
    3985758. ``shares`` adds each result's share of （七）总计 in percent (51.85%).
    """

    year_form: YearForm = field(default=YearForm.PERIOD, validator=attrs.validators.instance_of(YearForm))
    subject: str = field(default="", validator=attrs.validators.instance_of(str))
    grouping: bool = field(default=False, validator=attrs.validators.instance_of(bool))
    shares: bool = field(default=False, validator=attrs.validators.instance_of(bool))


DEFAULT: Final = SentenceOptions()

BASIS: Final = (
    "《中华人民共和国政府信息公开条例》和《国务院办公厅政府信息与政务公开办公室关于印发"
    "〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）"
)
"""The documents the report is written under, as the reference report names them."""


# --- small helpers ------------------------------------------------------------------


def _year(report: Report, options: SentenceOptions) -> str:
    if options.year_form is YearForm.THIS_YEAR:
        return YearForm.THIS_YEAR.value
    return format_year(report.year) + options.year_form.value


def _lead(report: Report, options: SentenceOptions, *, comma: bool) -> str:
    """The start of a sentence: "2023年度", "2023年度，我局"; ``comma`` for the long forms."""
    year = _year(report, options)
    subject = options.subject.strip()
    if subject:
        return f"{year}，{subject}"
    return f"{year}，" if comma else year


def _n(value: int, options: SentenceOptions) -> str:
    return format_count(value, options.grouping)


def _money(value: Decimal, options: SentenceOptions) -> str:
    return format_money(value, options.grouping)


_NUMBERING: Final = re.compile(r"^(（[一二三四五六七八九十]+）|[一二三四五六七八九十]+、|\d+\.)")
_NOTE: Final = re.compile(r"（[^（）]*）$")


def bare_label(label: str) -> str:
    """An official label without its numbering and trailing note, for use in prose.

    >>> bare_label(labels.PARTIALLY_DISCLOSED)
    '部分公开'
    >>> bare_label(labels.NOT_PROCESSED_ROWS[0][1])
    '信访举报投诉类申请'
    """
    return _NOTE.sub("", _NUMBERING.sub("", label))


def _is_zero(value: Cell | Money) -> bool:
    return not isinstance(value, NotApplicable) and value == 0


# --- the opening paragraph --------------------------------------------------------


def opening(report: Report, options: SentenceOptions = DEFAULT) -> str:
    """The paragraph before 一、: basis documents, statistics period, contact details.

    The contact sentence names the facts given in ``report.contact`` (the office, else
    the agency) and is left out when there are none. ``options`` do not change it.
    """
    del options  # the opening reads the same whatever the year form or subject
    start = format_date(datetime.date(report.year, 1, 1))
    end = format_date(datetime.date(report.year, 12, 31))
    text = f"本年度报告根据{BASIS}相关要求编制。本报告所列数据的统计时限自{start}起至{end}止。"
    contact = report.contact
    facts = [
        f"{name}：{value.strip()}"
        for name, value in (
            ("地址", contact.address),
            ("邮编", contact.postcode),
            ("联系电话", contact.phone),
            ("邮箱", contact.email),
        )
        if value.strip()
    ]
    office = contact.office.strip()
    if not facts and not office:
        return text
    details = f"（{'；'.join(facts)}）" if facts else ""
    return f"{text}如对报告内容有疑问，请与{office or report.agency}联系{details}。"


# --- 一、（一） 主动公开 (表二) ------------------------------------------------------

_DOCUMENT_VERBS: Final = (("issued", "制发"), ("repealed", "废止"), ("in_force", "现行有效"))


def _documents(kind: str, counts: DocumentCounts, options: SentenceOptions) -> tuple[str, str] | str | None:
    """A kind's clause: its figures, or (what did not happen, kind) when all are 0, or None if all "/"."""
    cells = [(verb, getattr(counts, key)) for key, verb in _DOCUMENT_VERBS]
    cells = [(verb, value) for verb, value in cells if isinstance(value, int)]
    if not cells:
        return None
    if all(value == 0 for _, value in cells):
        verbs = [verb for verb, _ in cells if verb != "现行有效"]
        return ("未" + "、".join(verbs) if verbs else "无现行有效"), kind
    return kind + "、".join(f"{verb}{_n(value, options)}件" for verb, value in cells)


def active_disclosure(report: Report, options: SentenceOptions = DEFAULT) -> str:
    """一、（一）: 表二's figures in a sentence; cells marked "/" are left out.

    Zero form: "2023年度未制发、废止规章和行政规范性文件，未作出行政许可、行政处罚、
    行政强制决定，未收取行政事业性收费。"
    """
    table = report.active_disclosure
    clauses: list[tuple[bool, str]] = []  # (says that nothing happened, text)
    rules = _documents(labels.RULES, table.rules, options)
    normative = _documents(labels.NORMATIVE_DOCUMENTS, table.normative_documents, options)
    if isinstance(rules, tuple) and isinstance(normative, tuple) and rules[0] == normative[0]:
        clauses.append((True, f"{rules[0]}{rules[1]}和{normative[1]}"))
    else:
        for documents in (rules, normative):
            if isinstance(documents, tuple):
                clauses.append((True, "".join(documents)))
            elif documents is not None:
                clauses.append((False, documents))
    decisions = [
        (label, value)
        for label, value in (
            (labels.LICENSING, table.licensing),
            (labels.PUNISHMENT, table.punishment),
            (labels.COERCION, table.coercion),
        )
        if isinstance(value, int)
    ]
    if decisions and all(value == 0 for _, value in decisions):
        clauses.append((True, "未作出" + "、".join(label for label, _ in decisions) + "决定"))
    elif decisions:
        clauses.append((False, "作出" + "、".join(f"{label}决定{_n(value, options)}件" for label, value in decisions)))
    if _is_zero(table.fees):
        clauses.append((True, f"未收取{labels.ADMINISTRATIVE_FEES}"))
    elif isinstance(table.fees, Decimal):
        clauses.append((False, f"收取{labels.ADMINISTRATIVE_FEES}{_money(table.fees, options)}万元"))
    if not clauses:
        subjects = "、".join(
            (labels.RULES, labels.NORMATIVE_DOCUMENTS, labels.LICENSING, labels.PUNISHMENT, labels.COERCION)
        )
        return f"{_lead(report, options, comma=True)}不涉及{subjects}和{labels.ADMINISTRATIVE_FEES}事项。"
    if all(negative for negative, _ in clauses):
        return _lead(report, options, comma=False) + "，".join(text for _, text in clauses) + "。"
    return _lead(report, options, comma=True) + "；".join(text for _, text in clauses) + "。"


# --- 一、（二） 依申请公开 (表三) ----------------------------------------------------

_NATURAL_PERSON: Final = labels.APPLICANT_COLUMNS[0].label


def _applicants(row: ApplicantCounts, options: SentenceOptions) -> str:
    """Who applied: "均为自然人申请" or the split, with the organisations by column."""
    if row.natural_person == row.total:
        return f"均为{_NATURAL_PERSON}申请"
    organisations = "、".join(
        f"{column.label}{_n(value, options)}件"
        for column, value in zip(labels.APPLICANT_COLUMNS[1:], row.values()[1:], strict=True)
        if value
    )
    if row.natural_person == 0:
        return f"均为{labels.LEGAL_PERSONS}申请（{organisations}）"
    return (
        f"其中{_NATURAL_PERSON}申请{_n(row.natural_person, options)}件、"
        f"{labels.LEGAL_PERSONS}申请{_n(row.legal_persons, options)}件（{organisations}）"
    )


# How a result reads when it is the only one: "全年共办结4件，均予以公开。"
_ALL_ONE_RESULT: Final = {
    labels.DISCLOSED: "均予以公开",
    labels.PARTIALLY_DISCLOSED: "均部分公开",
    labels.WITHHELD: "均不予公开",
    labels.UNABLE: "均无法提供",
    labels.NOT_PROCESSED: "均不予处理",
    labels.OTHER_HANDLING: "均作其他处理",
}


def result_categories(report: Report) -> tuple[tuple[str, int], ...]:
    """三、本年度办理结果 by category (（一）…（六）, 总计 column), as (official label, count).

    >>> result_categories(Report.blank("某局", 2023))[2]
    ('（三）不予公开', 0)
    """
    results = report.applications.results
    return (
        (labels.DISCLOSED, results.disclosed.total),
        (labels.PARTIALLY_DISCLOSED, results.partially_disclosed.total),
        (labels.WITHHELD, results.withheld.total.total),
        (labels.UNABLE, results.unable.total.total),
        (labels.NOT_PROCESSED, results.not_processed.total.total),
        (labels.OTHER_HANDLING, results.other_handling.total.total),
    )


def applications(report: Report, options: SentenceOptions = DEFAULT) -> str:
    """一、（二）: received and carried over by applicant, results by category, carried forward.

    Every figure comes from 表三 (总计 column unless an applicant column is named). The
    zero form, when every cell of 表三 is 0, is the reference report's.
    """
    table = report.applications
    if all(value == 0 for _, row in table.rows() for value in row.values()):
        return f"{_lead(report, options, comma=False)}无依申请公开的信息。"
    lead = _lead(report, options, comma=True)
    new, old = table.new, table.carried_over
    if new.total:
        text = f"{lead}共收到政府信息公开申请{_n(new.total, options)}件，{_applicants(new, options)}"
    else:
        text = f"{lead}未收到新的政府信息公开申请"
    if old.total:
        text += f"；上年结转申请{_n(old.total, options)}件，{_applicants(old, options)}。"
    else:
        text += "，无上年结转申请。"

    done = table.results.total.total
    categories = [(label, value) for label, value in result_categories(report) if value]
    if not done:
        text += "全年无办结的申请。"
    elif len(categories) == 1:
        text += f"全年共办结{_n(done, options)}件，{_ALL_ONE_RESULT[categories[0][0]]}。"
    elif options.shares:
        items = "；".join(
            f"{bare_label(label)}{_n(value, options)}件，占{format_share(value, done)}" for label, value in categories
        )
        text += f"全年共办结{_n(done, options)}件，其中{items}。"
    else:
        items = "、".join(f"{bare_label(label)}{_n(value, options)}件" for label, value in categories)
        text += f"全年共办结{_n(done, options)}件，其中{items}。"

    forward = table.carried_forward.total
    if forward:
        return text + f"结转下年度继续办理{_n(forward, options)}件。"
    return text + "无结转下年度继续办理的申请。"


# --- 四、行政复议、行政诉讼 (表四) ----------------------------------------------------

# How an outcome reads when it is the only one; "均获维持" only when every case was upheld.
_ALL_ONE_OUTCOME: Final = {
    "upheld": "均获维持",
    "corrected": "结果均被纠正",
    "other": "均为其他结果",
    "pending": "均尚未审结",
}


def _outcomes(block: CaseOutcomes, options: SentenceOptions) -> str:
    found = [(column, value) for column, value in zip(labels.OUTCOME_COLUMNS, block.values(), strict=True) if value]
    if len(found) == 1:
        return "，" + _ALL_ONE_OUTCOME[found[0][0].key]
    text = "，其中" + "、".join(f"{column.label}{_n(value, options)}件" for column, value in found)
    if block.pending == 0:
        text += "，均已审结"
    return text


def _routes(cases: CaseTable, options: SentenceOptions) -> str:
    direct, after = cases.direct_litigation.total, cases.litigation_after_review.total
    if direct and after:
        return (
            f"（{labels.DIRECT_LITIGATION}{_n(direct, options)}件、"
            f"{labels.LITIGATION_AFTER_REVIEW}{_n(after, options)}件）"
        )
    return f"（均为{labels.DIRECT_LITIGATION if direct else labels.LITIGATION_AFTER_REVIEW}）"


def cases(report: Report, options: SentenceOptions = DEFAULT) -> str:
    """四: 行政复议 and 行政诉讼 (both litigation blocks added) with their outcomes.

    "均获维持" only when every case was upheld, "均已审结" only when none is pending.
    """
    table = report.cases
    review, litigation = table.review, table.litigation
    if review.total == 0 and litigation.total == 0:
        both = f"{labels.ADMINISTRATIVE_REVIEW}、{labels.ADMINISTRATIVE_LITIGATION}"
        return f"{_lead(report, options, comma=False)}未发生政府信息公开{both}案件。"
    parts = []
    if review.total:
        parts.append(
            f"发生政府信息公开{labels.ADMINISTRATIVE_REVIEW}案件{_n(review.total, options)}件"
            f"{_outcomes(review, options)}"
        )
    else:
        parts.append(f"未发生政府信息公开{labels.ADMINISTRATIVE_REVIEW}案件")
    if litigation.total:
        parts.append(
            f"发生政府信息公开{labels.ADMINISTRATIVE_LITIGATION}案件{_n(litigation.total, options)}件"
            f"{_routes(table, options)}{_outcomes(litigation, options)}"
        )
    else:
        parts.append(f"未发生政府信息公开{labels.ADMINISTRATIVE_LITIGATION}案件")
    return _lead(report, options, comma=True) + "；".join(parts) + "。"


# --- 六、其他需要报告的事项 ----------------------------------------------------------


def processing_fees(report: Report, options: SentenceOptions = DEFAULT) -> str:
    """六: 信息处理费 (in 元) with the count of applications and the breakdown, if given."""
    fees = report.other_matters.processing_fees
    if fees.count == 0 and fees.amount == 0 and not fees.breakdown:
        return f"{_lead(report, options, comma=False)}未收取信息处理费。"
    text = f"{_lead(report, options, comma=True)}共收取信息处理费{_money(fees.amount, options)}元"
    if fees.count:
        text += f"，涉及政府信息公开申请{_n(fees.count, options)}件"
    text += "。"
    if fees.breakdown:
        items = "；".join(
            f"{item.unit}{_n(item.count, options)}件，收取{_money(item.amount, options)}元" for item in fees.breakdown
        )
        text += f"其中，{items}。"
    return text


def proposals(report: Report, options: SentenceOptions = DEFAULT) -> str:
    """六: 人大代表建议 and 政协提案 handled this year."""
    handled = report.other_matters.proposals
    npc = ("人大代表建议", handled.npc_suggestions)
    cppcc = ("政协委员提案", handled.cppcc_proposals)
    if npc[1] == 0 and cppcc[1] == 0:
        return f"{_lead(report, options, comma=False)}未承办{npc[0]}、{cppcc[0]}。"
    lead = _lead(report, options, comma=True)
    if npc[1] and cppcc[1]:
        return f"{lead}共承办{npc[0]}{_n(npc[1], options)}件、{cppcc[0]}{_n(cppcc[1], options)}件。"
    done, none = (npc, cppcc) if npc[1] else (cppcc, npc)
    return f"{lead}共承办{done[0]}{_n(done[1], options)}件，未承办{none[0]}。"


# --- filling a report ----------------------------------------------------------------

Statement = Callable[[Report, SentenceOptions], str]

STATEMENTS: Final[dict[Topic, Statement]] = {
    Topic.ACTIVE_DISCLOSURE: active_disclosure,
    Topic.APPLICATIONS: applications,
    Topic.CASES: cases,
    Topic.PROCESSING_FEES: processing_fees,
    Topic.PROPOSALS: proposals,
}
"""The standard statement of each topic that has one."""

OPENING: Final = "开头段落"

TOPIC_NAMES: Final = {
    Topic.ACTIVE_DISCLOSURE: "主动公开",
    Topic.APPLICATIONS: "依申请公开",
    Topic.CASES: "行政复议和行政诉讼",
    Topic.PROCESSING_FEES: "信息处理费",
    Topic.PROPOSALS: "人大代表建议和政协提案",
}


def is_empty(paragraphs: Iterable[str]) -> bool:
    """No text but blanks: a standard statement left for :func:`complete` to fill."""
    return not any(p.strip() for p in paragraphs)


_S = TypeVar("_S", bound=Section)


def _fill_section(section: _S, title: str, report: Report, options: SentenceOptions, filled: list[str]) -> _S:
    subsections: list[Subsection] = []
    for subsection in section.subsections:
        topic = subsection.topic
        if topic is None or topic not in STATEMENTS or not is_empty(subsection.paragraphs):
            subsections.append(subsection)
            continue
        filled.append(f"{TOPIC_NAMES[topic]}（{title}）")
        # cast: the attrs plugin cannot type fields with converter=tuple
        text = cast(Any, (STATEMENTS[topic](report, options),))
        subsections.append(attrs.evolve(subsection, paragraphs=text))
    if subsections == list(section.subsections):
        return section
    return attrs.evolve(section, subsections=cast(Any, tuple(subsections)))


def fill(report: Report, options: SentenceOptions = DEFAULT) -> tuple[Report, tuple[str, ...]]:
    """:func:`complete`, also naming (in Chinese) each statement it filled."""
    filled: list[str] = []
    opening_text = report.opening
    if not report.opening.strip():
        opening_text = opening(report, options)
        filled.append(OPENING)
    overview = _fill_section(report.overview, labels.SECTION_TITLES[0], report, options, filled)
    problems = _fill_section(report.problems, labels.SECTION_TITLES[4], report, options, filled)
    other_matters = _fill_section(report.other_matters, labels.SECTION_TITLES[5], report, options, filled)
    if not filled:
        return report, ()
    completed = attrs.evolve(
        report, opening=opening_text, overview=overview, problems=problems, other_matters=other_matters
    )
    return completed, tuple(filled)


def complete(report: Report, options: SentenceOptions = DEFAULT) -> Report:
    """The report with every empty standard statement written from its tables.

    Standard statements are the opening paragraph and each subsection whose ``topic``
    has one (:data:`STATEMENTS`); a statement counts as empty when its paragraphs are
    all blank. Text the user wrote is never touched.

    >>> from nianbao.model import Report
    >>> complete(Report.blank("某局", 2023)).opening.endswith("自2023年1月1日起至2023年12月31日止。")
    True
    """
    return fill(report, options)[0]


EXPECTED_TOPICS: Final = (Topic.APPLICATIONS, Topic.PROCESSING_FEES, Topic.PROPOSALS)
"""Topics every report has a place for; 主动公开 and 四 are opt-in (the agency may write its own)."""


def absent_topics(report: Report) -> tuple[Topic, ...]:
    """The expected topics no subsection of the report carries, so nothing can fill them.

    >>> [t.value for t in absent_topics(Report.blank("某局", 2023))]
    ['applications', 'processing_fees', 'proposals']
    """
    present = {
        s.topic for section in (report.overview, report.problems, report.other_matters) for s in section.subsections
    }
    return tuple(topic for topic in EXPECTED_TOPICS if topic not in present)
