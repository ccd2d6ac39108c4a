"""Property: every number in a generated sentence, parsed back, equals the table figure it names.

Random consistent tables (R1 holds per column: 新收 + 结转 = （七）总计 + 结转下年度), random
表四, 表二 with "/" cells, fees with breakdowns, and every wording option. The parser here is
independent of the generator: it reads each number with the words just before it, and the
claims that carry no number ("均获维持", "无上年结转申请", …) are checked against the tables too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from nianbao import labels, sentences
from nianbao.model import (
    NOT_APPLICABLE,
    ActiveDisclosureTable,
    ApplicantCounts,
    ApplicationResults,
    ApplicationTable,
    CaseOutcomes,
    CaseTable,
    DocumentCounts,
    NotApplicable,
    NotProcessedResults,
    OtherHandlingResults,
    ProcessingFeeItem,
    ProcessingFees,
    Proposals,
    Report,
    UnableResults,
    WithheldResults,
)
from nianbao.sentences import SentenceOptions, YearForm

NUMBER = re.compile(r"(\d[\d,]*(?:\.\d+)?)(件|万元|元|%)")
BOUNDARY = "，、；。（）："

# --- strategies -----------------------------------------------------------------------

counts = st.one_of(st.just(0), st.just(0), st.integers(1, 9), st.integers(0, 50_000))
zero_row = ApplicantCounts.zero()
rows = st.one_of(st.just(zero_row), st.builds(ApplicantCounts, *[counts] * 6))


@st.composite
def consistent_tables(draw: st.DrawFn) -> ApplicationTable:
    def group(cls: type, size: int) -> object:
        return cls(*[draw(rows) for _ in range(size)])

    results = ApplicationResults(
        disclosed=draw(rows),
        partially_disclosed=draw(rows),
        withheld=group(WithheldResults, len(labels.WITHHELD_ROWS)),
        unable=group(UnableResults, len(labels.UNABLE_ROWS)),
        not_processed=group(NotProcessedResults, len(labels.NOT_PROCESSED_ROWS)),
        other_handling=group(OtherHandlingResults, len(labels.OTHER_HANDLING_ROWS)),
    )
    closed = results.total.values()
    forward = [draw(counts) for _ in range(6)]
    old = [draw(st.integers(0, closed[i] + forward[i])) for i in range(6)]
    new = [closed[i] + forward[i] - old[i] for i in range(6)]
    return ApplicationTable(ApplicantCounts(*new), ApplicantCounts(*old), results, ApplicantCounts(*forward))


outcomes = st.one_of(st.just(CaseOutcomes.zero()), st.builds(CaseOutcomes, *[counts] * 4))
case_tables = st.builds(CaseTable, outcomes, outcomes, outcomes)
cells = st.one_of(st.just(NOT_APPLICABLE), counts)
money = st.one_of(
    st.just(Decimal(0)),
    st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False, allow_infinity=False),
    st.integers(0, 10**6).map(Decimal),
)
active_tables = st.builds(
    ActiveDisclosureTable,
    st.builds(DocumentCounts, cells, cells, cells),
    st.builds(DocumentCounts, cells, cells, cells),
    cells,
    cells,
    cells,
    st.one_of(st.just(NOT_APPLICABLE), money),
)
UNITS = ("沭阳县民政局", "泗洪县人民政府办公室", "市自然资源和规划局", "某镇人民政府")


@st.composite
def processing_fees(draw: st.DrawFn) -> ProcessingFees:
    items = draw(st.lists(st.builds(ProcessingFeeItem, st.sampled_from(UNITS), counts, money), max_size=4))
    if items:
        return ProcessingFees(sum(i.count for i in items), sum((i.amount for i in items), Decimal(0)), tuple(items))
    return ProcessingFees(draw(counts), draw(money))


options = st.builds(
    SentenceOptions,
    year_form=st.sampled_from(YearForm),
    subject=st.sampled_from(["", "我局", "区政府办公室", "全市"]),
    grouping=st.booleans(),
    shares=st.booleans(),
)


@st.composite
def reports(draw: st.DrawFn) -> Report:
    report = Report.blank("某局", draw(st.integers(2019, 2030)))
    return attrs.evolve(
        report,
        active_disclosure=draw(active_tables),
        applications=draw(consistent_tables()),
        cases=draw(case_tables),
        other_matters=attrs.evolve(
            report.other_matters,
            processing_fees=draw(processing_fees()),
            proposals=draw(st.builds(Proposals, counts, counts)),
        ),
    )


# --- the parser --------------------------------------------------------------------------


def numbers(text: str, year: int) -> Iterator[tuple[str, Decimal, str]]:
    """(the words just before, the number, its unit) for every number in ``text``.

    Also asserts that no other digit is left: the only unlabelled number allowed is the year.
    """
    leftover = NUMBER.sub("", text.replace(f"{year}年", ""))
    assert not re.search(r"\d", leftover), (text, leftover)
    for match in NUMBER.finditer(text):
        before = text[: match.start()]
        cut = max(before.rfind(ch) for ch in BOUNDARY)
        yield before[cut + 1 :], Decimal(match.group(1).replace(",", "")), match.group(2)


def clauses(text: str) -> list[str]:
    return [c for c in re.split("[；。]", text) if c]


def share_ok(percent: Decimal, part: int, whole: int) -> bool:
    return abs(percent - Decimal(100) * part / whole) <= Decimal("0.005") + Decimal("1e-9")


def check_applications(text: str, report: Report) -> None:
    t = report.applications
    closed = t.results.total.total
    r = t.results
    categories = {  # summed here from the rows, independently of the generator
        "予以公开": r.disclosed.total,
        "部分公开": r.partially_disclosed.total,
        "不予公开": sum(row.total for row in r.withheld.rows()),
        "无法提供": sum(row.total for row in r.unable.rows()),
        "不予处理": sum(row.total for row in r.not_processed.rows()),
        "其他处理": sum(row.total for row in r.other_handling.rows()),
    }
    columns = {column.label: i for i, column in enumerate(labels.APPLICANT_COLUMNS)}
    row: ApplicantCounts | None = None
    last_category: int | None = None
    for words, value, unit in numbers(text, report.year):
        if words.endswith("共收到政府信息公开申请"):
            row = t.new
            assert value == row.total
        elif words.endswith("上年结转申请"):
            row = t.carried_over
            assert value == row.total
        elif words.endswith("自然人申请"):
            assert row is not None and value == row.natural_person
        elif words.endswith("法人或其他组织申请"):
            assert row is not None and value == row.legal_persons
        elif words in columns:
            assert row is not None and value == row.values()[columns[words]]
        elif words.endswith("共办结"):
            assert value == closed
        elif words == "占":
            assert unit == "%" and last_category is not None and share_ok(value, last_category, closed)
        elif words.endswith("结转下年度继续办理"):
            assert value == t.carried_forward.total
        else:
            name = next(n for n in categories if words.endswith(n))  # StopIteration: an unknown label
            last_category = categories[name]
            assert value == last_category
    # claims without a number
    everything_zero = all(v == 0 for _, r in t.rows() for v in r.values())
    assert ("无依申请公开的信息" in text) == everything_zero
    for clause in clauses(text):
        named = t.carried_over if clause.startswith("上年结转") else t.new
        if "均为自然人申请" in clause:
            assert named.natural_person == named.total > 0
        if "均为法人或其他组织申请" in clause:
            assert named.legal_persons == named.total > 0
    if not everything_zero:
        assert ("无上年结转申请" in text) == (t.carried_over.total == 0)
        assert ("未收到新的政府信息公开申请" in text) == (t.new.total == 0)
        assert ("全年无办结的申请" in text) == (closed == 0)
        assert ("无结转下年度继续办理的申请" in text) == (t.carried_forward.total == 0)
    for all_of, name in (
        ("均予以公开", "予以公开"),
        ("均部分公开", "部分公开"),
        ("均不予公开", "不予公开"),
        ("均无法提供", "无法提供"),
        ("均不予处理", "不予处理"),
        ("均作其他处理", "其他处理"),
    ):
        if all_of in text:
            assert categories[name] == closed > 0


def check_cases(text: str, report: Report) -> None:
    table = report.cases
    blocks = {labels.ADMINISTRATIVE_REVIEW: table.review, labels.ADMINISTRATIVE_LITIGATION: table.litigation}
    outcome_columns = {column.label: i for i, column in enumerate(labels.OUTCOME_COLUMNS)}
    if "行政复议、行政诉讼案件" in text:
        assert table.review.total == table.litigation.total == 0
        assert not list(numbers(text, report.year))
        return
    for part in text.split("；"):
        kind = next(k for k in blocks if k in part)
        block = blocks[kind]
        if "未发生" in part:
            assert block.total == 0
        for words, value, _ in numbers(part, report.year):
            if words.endswith(f"{kind}案件"):
                assert value == block.total
            elif words == labels.DIRECT_LITIGATION:
                assert value == table.direct_litigation.total
            elif words == labels.LITIGATION_AFTER_REVIEW:
                assert value == table.litigation_after_review.total
            else:
                column = next(c for c in outcome_columns if words.endswith(c))
                assert value == block.values()[outcome_columns[column]]
        if "均获维持" in part:
            assert block.upheld == block.total > 0
        if "均已审结" in part:
            assert block.pending == 0
        if "均尚未审结" in part:
            assert block.pending == block.total > 0
        if "结果均被纠正" in part:
            assert block.corrected == block.total > 0
        if "均为其他结果" in part:
            assert block.other == block.total > 0
        if f"均为{labels.DIRECT_LITIGATION}" in part:
            assert table.litigation_after_review.total == 0 < table.direct_litigation.total
        if f"均为{labels.LITIGATION_AFTER_REVIEW}" in part:
            assert table.direct_litigation.total == 0 < table.litigation_after_review.total


def check_active_disclosure(text: str, report: Report) -> None:
    t = report.active_disclosure
    kinds = {labels.RULES: t.rules, labels.NORMATIVE_DOCUMENTS: t.normative_documents}
    decisions = {labels.LICENSING: t.licensing, labels.PUNISHMENT: t.punishment, labels.COERCION: t.coercion}
    verbs = {"制发": "issued", "废止": "repealed", "现行有效": "in_force"}
    kind: DocumentCounts | None = None
    for words, value, unit in numbers(text, report.year):
        for name, counts in kinds.items():
            if name in words:
                kind = counts
        verb = next((v for v in verbs if words.endswith(v)), None)
        decision = next((d for d in decisions if words.endswith(f"{d}决定")), None)
        if verb:
            assert kind is not None and getattr(kind, verbs[verb]) == value
        elif decision:
            assert decisions[decision] == value
        else:
            assert words.endswith(f"收取{labels.ADMINISTRATIVE_FEES}") and unit == "万元"
            assert isinstance(t.fees, Decimal) and t.fees == value
    for clause in re.split("[；，。]", text):
        if clause.startswith(("未制发", "未废止", "无现行有效")):
            named = [counts for name, counts in kinds.items() if name in clause]
            assert named
            for counts in named:
                assert all(c == 0 or isinstance(c, NotApplicable) for c in attrs.astuple(counts))
    if "未作出" in text:
        named = [d for d in decisions if d in text.split("未作出")[1].split("决定", maxsplit=1)[0]]
        assert named and all(decisions[d] == 0 for d in named)
    if f"未收取{labels.ADMINISTRATIVE_FEES}" in text:
        assert t.fees == 0


def check_fees(text: str, report: Report) -> None:
    fees = report.other_matters.processing_fees
    unit_item: ProcessingFeeItem | None = None
    items = iter(fees.breakdown)
    for words, value, unit in numbers(text, report.year):
        if words.endswith("共收取信息处理费"):
            assert unit == "元" and value == fees.amount
        elif words.endswith("涉及政府信息公开申请"):
            assert value == fees.count
        elif words == "收取":
            assert unit_item is not None and value == unit_item.amount
        else:
            unit_item = next(items)
            assert words == unit_item.unit and value == unit_item.count
    assert next(items, None) is None  # every breakdown line was named
    if "未收取信息处理费" in text:
        assert fees.count == 0 and fees.amount == 0


def check_proposals(text: str, report: Report) -> None:
    handled = report.other_matters.proposals
    for words, value, _ in numbers(text, report.year):
        if words.endswith("人大代表建议"):
            assert value == handled.npc_suggestions
        else:
            assert words.endswith("政协委员提案") and value == handled.cppcc_proposals
    if "未承办人大代表建议" in text:
        assert handled.npc_suggestions == 0
    if re.search("未承办(人大代表建议、)?政协委员提案", text):
        assert handled.cppcc_proposals == 0


# --- the properties -----------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(reports(), options)
def test_every_number_equals_the_figure_it_names(report: Report, wording: SentenceOptions) -> None:
    check_applications(sentences.applications(report, wording), report)
    check_cases(sentences.cases(report, wording), report)
    check_active_disclosure(sentences.active_disclosure(report, wording), report)
    check_fees(sentences.processing_fees(report, wording), report)
    check_proposals(sentences.proposals(report, wording), report)


@settings(max_examples=100, deadline=None)
@given(reports(), options)
def test_year_form_and_subject_start_every_sentence(report: Report, wording: SentenceOptions) -> None:
    year = "本年度" if wording.year_form is YearForm.THIS_YEAR else f"{report.year}{wording.year_form.value}"
    start = f"{year}，{wording.subject}" if wording.subject else year
    for statement in sentences.STATEMENTS.values():
        text = statement(report, wording)
        assert text.startswith(start), text
        assert text.endswith("。")
        assert "；。" not in text and "，，" not in text and "。。" not in text


def test_parser_catches_a_wrong_figure() -> None:
    # The checks can fail: a sentence written for one table does not pass for another.
    report = Report.blank("某局", 2023)
    other = attrs.evolve(
        report,
        applications=attrs.evolve(
            report.applications,
            new=ApplicantCounts(2, 0, 0, 0, 0, 0),
            results=attrs.evolve(report.applications.results, disclosed=ApplicantCounts(2, 0, 0, 0, 0, 0)),
        ),
    )
    text = sentences.applications(other).replace("2件", "3件", 1)
    try:
        check_applications(text, other)
    except AssertionError:
        return
    raise AssertionError("a wrong figure went unnoticed")
