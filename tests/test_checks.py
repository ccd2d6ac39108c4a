"""The checks: each rule failing and passing on real-shaped data, and property tests."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nianbao import checks, datafile, labels, sentences
from nianbao.checks import RULES, Finding, Level, check
from nianbao.errors import ExtractError
from nianbao.model import (
    NOT_APPLICABLE,
    ActiveDisclosureTable,
    ApplicantCounts,
    ApplicationResults,
    ApplicationTable,
    CaseOutcomes,
    CaseTable,
    DocumentCounts,
    NotProcessedResults,
    OtherHandlingResults,
    Overview,
    Report,
    Section,
    Subsection,
    Topic,
    UnableResults,
    WithheldResults,
)
from nianbao.render import render

from support import ROOT

DATA = Path(__file__).parent / "data" / "checks"


@pytest.fixture(scope="module")
def district() -> Report:
    """A 2024 report with every 总计 given and prose that states the tables' figures."""
    return datafile.load(DATA / "district-2024.yaml")


@pytest.fixture(scope="module")
def district_2023() -> Report:
    return datafile.load(DATA / "district-2023.yaml")


def of_rule(findings: list[Finding], rule: str) -> list[Finding]:
    return [f for f in findings if f.rule == rule]


def with_applications(report: Report, **changes: Any) -> Report:
    return attrs.evolve(report, applications=attrs.evolve(report.applications, **changes))


def with_results(report: Report, **changes: Any) -> Report:
    return with_applications(report, results=attrs.evolve(report.applications.results, **changes))


def with_cases(report: Report, **changes: Any) -> Report:
    return attrs.evolve(report, cases=attrs.evolve(report.cases, **changes))


def with_paragraph(report: Report, text: str, topic: Topic = Topic.APPLICATIONS) -> Report:
    """The report with the subsection of ``topic`` saying ``text``."""
    subsections = tuple(
        attrs.evolve(s, paragraphs=(text,)) if s.topic is topic else s for s in report.overview.subsections
    )
    if all(s.topic is not topic for s in subsections):
        subsections = (*subsections, Subsection("（二）依申请公开", (text,), topic))
    return attrs.evolve(report, overview=attrs.evolve(report.overview, subsections=subsections))


# --- the passing cases -----------------------------------------------------------------


def test_reference_example_has_no_finding(example_report: Report) -> None:
    assert check(example_report) == []


def test_real_shaped_report_passes_every_rule(district: Report, district_2023: Report) -> None:
    assert check(district, district_2023) == []


def test_real_shaped_report_is_really_read(district: Report) -> None:
    # the passing report is not passing because nothing was looked at
    assert district.applications.results.stated_total is not None
    assert district.applications.new.stated_total == 49
    assert district.cases.review.stated_total == 6


# --- R1 ------------------------------------------------------------------------------


def test_r1_reports_the_unbalanced_column_and_the_total_column(district: Report) -> None:
    new = district.applications.new
    changed = with_applications(district, new=attrs.evolve(new, commercial_enterprise=6, stated_total=50))
    found = of_rule(check(changed), "R1")
    assert [f.location for f in found] == [
        "表三/申请人情况/法人或其他组织/商业企业",
        "表三/申请人情况/总计",
    ]
    assert all(f.level is Level.ERROR for f in found)
    assert (found[0].expected, found[0].actual) == ("7", "6")
    assert "一、本年新收政府信息公开申请数量（6）" in found[0].message


def test_r1_holds_for_a_balanced_table(district: Report) -> None:
    # one more application received and one more disclosed: still balanced
    app = district.applications
    changed = with_applications(
        district,
        new=attrs.evolve(app.new, research_institution=2, stated_total=None),
        results=attrs.evolve(
            app.results,
            disclosed=attrs.evolve(app.results.disclosed, research_institution=1, stated_total=None),
            stated_total=None,
        ),
    )
    assert of_rule(check(changed), "R1") == []


# --- R2 ------------------------------------------------------------------------------


def test_r2_reports_a_stated_row_total_that_does_not_add_up(district: Report) -> None:
    unable = district.applications.results.unable
    changed = with_results(
        district, unable=attrs.evolve(unable, not_held=attrs.evolve(unable.not_held, stated_total=11))
    )
    [finding] = check(changed)
    assert finding.rule == "R2"
    assert finding.location == "表三/三、本年度办理结果/（四）无法提供/1.本机关不掌握相关政府信息/总计"
    assert (finding.expected, finding.actual) == ("10", "11")


def test_r2_checks_the_stated_results_total_row_too(district: Report) -> None:
    stated = district.applications.results.stated_total
    assert stated is not None
    changed = with_results(district, stated_total=attrs.evolve(stated, stated_total=48))
    found = check(changed)
    assert {f.rule for f in found} == {"R2", "R3"}
    assert of_rule(found, "R2")[0].location == "表三/三、本年度办理结果/（七）总计/总计"


def test_r2_is_silent_without_stated_totals(district: Report) -> None:
    app = district.applications
    changed = with_applications(district, new=ApplicantCounts(*app.new.values()))
    assert of_rule(check(changed), "R2") == []


# --- R3 ------------------------------------------------------------------------------


def test_r3_reports_each_column_of_a_wrong_results_total(district: Report) -> None:
    stated = district.applications.results.stated_total
    assert stated is not None
    changed = with_results(district, stated_total=attrs.evolve(stated, natural_person=40, stated_total=48))
    found = of_rule(check(changed), "R3")
    assert [f.location for f in found] == [
        "表三/三、本年度办理结果/（七）总计/自然人",
        "表三/三、本年度办理结果/（七）总计/总计",
    ]
    assert (found[0].expected, found[0].actual) == ("41", "40")
    assert "（一）至（六）各行（含各分项）之和为 41" in found[0].message


def test_r3_passes_when_the_results_total_is_derived(district: Report) -> None:
    assert of_rule(check(with_results(district, stated_total=None)), "R3") == []


# --- R4 ------------------------------------------------------------------------------


def test_r4_reports_a_case_total_left_at_zero(district: Report) -> None:
    # FORMAT.md §7.1: 表四 总计 left at 0 while its parts are non-zero
    changed = with_cases(district, litigation_after_review=CaseOutcomes(1, 0, 0, 0, stated_total=0))
    [finding] = check(changed)
    assert finding.rule == "R4"
    assert finding.location == "表四/行政诉讼/复议后起诉/总计"
    assert (finding.expected, finding.actual) == ("1", "0")
    assert "结果维持 1" in finding.message


def test_r4_passes_for_matching_totals(district: Report) -> None:
    assert of_rule(check(district), "R4") == []
    changed = with_cases(district, review=CaseOutcomes(3, 1, 1, 1, stated_total=None))
    assert of_rule(check(changed), "R4") == []


# --- X0–X2 -----------------------------------------------------------------------------


def test_x0_warns_when_last_year_is_not_last_year(district: Report, district_2023: Report) -> None:
    found = check(district, attrs.evolve(district_2023, year=2022))
    assert [(f.rule, f.level, f.expected, f.actual) for f in found] == [("X0", Level.WARNING, "2023", "2022")]


def test_x1_warns_on_carry_over_mismatch_column_by_column(district: Report, district_2023: Report) -> None:
    last = with_applications(district_2023, carried_forward=ApplicantCounts(3, 0, 0, 0, 1, 0))
    found = of_rule(check(district, last), "X1")
    assert [f.location for f in found] == [
        "表三/二、上年结转政府信息公开申请数量/商业企业",
        "表三/二、上年结转政府信息公开申请数量/法律服务机构",
    ]
    assert all(f.level is Level.WARNING for f in found)
    assert (found[0].expected, found[0].actual) == ("0", "1")


def test_x1_passes_when_carried_over_equals_last_years_carried_forward(district: Report, district_2023: Report) -> None:
    assert district.applications.carried_over.values() == district_2023.applications.carried_forward.values()
    assert of_rule(check(district, district_2023), "X1") == []


def test_x2_warns_on_documents_in_force_and_mentions_clean_ups(district: Report, district_2023: Report) -> None:
    table = district.active_disclosure
    changed = attrs.evolve(
        district, active_disclosure=attrs.evolve(table, normative_documents=DocumentCounts(6, 3, 30))
    )
    [finding] = check(changed, district_2023)
    assert (finding.rule, finding.level) == ("X2", Level.WARNING)
    assert finding.location == "表二/行政规范性文件/现行有效件数"
    assert (finding.expected, finding.actual) == ("43", "30")
    assert "清理" in finding.message


def test_x2_passes_when_documents_add_up_and_skips_not_applicable(district: Report, district_2023: Report) -> None:
    assert district.active_disclosure.rules.in_force is NOT_APPLICABLE
    assert of_rule(check(district, district_2023), "X2") == []


# --- T1–T4: prose against the tables ------------------------------------------------------


def test_t1_reports_a_wrong_number_of_applications_with_the_sentence(district: Report) -> None:
    text = "2024年，区政府办公室共收到政府信息公开申请47件，办结49件。"
    [finding] = check(with_paragraph(district, text))
    assert (finding.rule, finding.level) == ("T1", Level.ERROR)
    assert finding.location == "一、总体情况/（二）依申请公开/第1段"
    assert finding.quote == text
    assert (finding.expected, finding.actual) == ("49 或 53", "47")
    assert "共收到政府信息公开申请47件" in finding.message
    assert "表三/一、本年新收政府信息公开申请数量/总计为 49" in finding.message


def test_t1_reads_the_real_mismatch_of_changchun_2023() -> None:
    # SENTENCES.md D23: the text says 2 applications, its own table says 3
    report = Report.blank("长春市某局", 2023)
    report = with_applications(
        report,
        new=ApplicantCounts(3, 0, 0, 0, 0, 0),
        results=attrs.evolve(report.applications.results, disclosed=ApplicantCounts(3, 0, 0, 0, 0, 0)),
    )
    report = with_paragraph(report, "本年度，共受理政府信息公开申请2件，都在法定期限内予以答复。")
    [finding] = check(report)
    assert (finding.rule, finding.expected, finding.actual) == ("T1", "3", "2")


def test_t1_checks_categories_and_columns(district: Report) -> None:
    text = "其中，自然人申请41件，法人或其他组织申请9件；予以公开15件、部分公开7件、不予公开6件。"
    found = check(with_paragraph(district, "2024年共收到政府信息公开申请49件。" + text))
    assert [(f.rule, f.actual, f.expected) for f in found] == [("T1", "41", "40 或 3 或 43"), ("T1", "6", "5")]
    assert "（三）不予公开（各分项合计）" in found[1].message


def test_t1_passes_when_prose_matches_in_either_scope(district: Report) -> None:
    # “收办” counts 新收 and 上年结转 together (宿迁 2023): 49 + 4
    assert check(with_paragraph(district, "2024年共收办政府信息公开申请53件，转下年度办理4件。")) == []


def test_t2_reports_a_wrong_number_of_cases(district: Report) -> None:
    text = "2024年，因政府信息公开被申请行政复议5件，其中结果维持3件；被提起行政诉讼4件。"
    changed = attrs.evolve(district, cases_notes=(text,))
    [finding] = check(changed)
    assert (finding.rule, finding.expected, finding.actual) == ("T2", "6", "5")
    assert finding.location == "四、政府信息公开行政复议、行政诉讼情况/第1段"
    assert "表四/行政复议/总计为 6" in finding.message


def test_t2_passes_for_matching_case_figures(district: Report) -> None:
    assert check(district) == []  # its 四 notes state every 复议 and 诉讼 figure
    assert len(district.cases_notes) == 1


def test_t3_reports_no_applications_said_while_the_table_has_some(district: Report) -> None:
    [finding] = check(with_paragraph(district, "2024年度无依申请公开的信息。"))
    assert (finding.rule, finding.level) == ("T3", Level.ERROR)
    assert finding.quote == "2024年度无依申请公开的信息。"
    assert (finding.expected, finding.actual) == ("49", "0")


def test_t3_reports_no_review_said_while_the_table_has_some(district: Report) -> None:
    text = "全年未发生因政府信息公开引起的行政复议、行政诉讼案件。"
    changed = with_paragraph(with_cases(district, direct_litigation=CaseOutcomes(0, 0, 0, 0)), text, Topic.OVERSIGHT)
    changed = attrs.evolve(changed, cases_notes=())
    [finding] = check(changed)
    assert finding.rule == "T3"
    assert finding.location == "一、总体情况/（五）监督保障/第1段"
    assert "表四/行政复议/总计为 6" in finding.message
    assert "表四/行政诉讼（未经复议直接起诉与复议后起诉合计）/总计为 1" in finding.message
    assert (finding.expected, finding.actual) == ("6、1", "0")
    assert "表四/行政诉讼（未经复议直接起诉与复议后起诉合计）/总计为 1" in finding.message
    assert (finding.expected, finding.actual) == ("6、1", "0")


def test_t3_reports_no_carry_forward_said_while_the_table_has_some(district: Report) -> None:
    [finding] = check(with_paragraph(district, "2024年共收到政府信息公开申请49件，无下年度结转。"))
    assert (finding.rule, finding.expected) == ("T3", "4")


def test_t3_passes_on_zero_tables(example_report: Report) -> None:
    text = "2023年度无依申请公开的信息，未发生政府信息公开行政复议、行政诉讼案件。"
    assert check(with_paragraph(example_report, text)) == []


def test_t4_reports_all_upheld_while_some_were_corrected(district: Report) -> None:
    text = "2024年，因政府信息公开被申请行政复议6件，均获维持。"
    [finding] = check(attrs.evolve(district, cases_notes=(text,)))
    assert (finding.rule, finding.level, finding.quote) == ("T4", Level.ERROR, text)
    assert finding.actual == "结果纠正 1，其他结果 1，尚未审结 1"
    assert "表四/行政复议中结果纠正 1 件" in finding.message


def test_t4_reports_all_closed_while_cases_are_pending(district: Report) -> None:
    text = "2024年，共有行政诉讼案件4件，均已审结。"
    [finding] = check(attrs.evolve(district, cases_notes=(text,)))
    assert finding.rule == "T4"
    assert finding.actual == "尚未审结 1"


def test_t4_passes_when_all_were_upheld(district: Report) -> None:
    changed = with_cases(
        attrs.evolve(district, cases_notes=("2024年，因政府信息公开被申请行政复议2件，均获维持。",)),
        review=CaseOutcomes(2, 0, 0, 0),
    )
    assert check(changed) == []


def test_prose_about_other_business_is_left_alone(district: Report) -> None:
    # a 司法局 reports its own 复议 work in (三); only 信息公开 figures are compared
    text = "全年办理行政复议案件300件，均获维持。"
    assert check(with_paragraph(district, text, Topic.INFORMATION_MANAGEMENT)) == []


# --- C1 ----------------------------------------------------------------------------------


def test_c1_warns_on_a_section_copied_from_last_year(district: Report, district_2023: Report) -> None:
    copied = attrs.evolve(district, problems=district_2023.problems)
    [finding] = check(copied, district_2023)
    assert (finding.rule, finding.level) == ("C1", Level.WARNING)
    assert finding.location == "五、存在的主要问题及改进情况"
    assert finding.actual == "100.00%"
    assert "内容雷同" in finding.message


def test_c1_counts_copies_with_only_the_year_changed(district: Report, district_2023: Report) -> None:
    text = district.problems.paragraphs[0]
    last = attrs.evolve(district_2023, problems=Section((text.replace("2024", "2023"),)))
    assert [f.rule for f in check(district, last)] == ["C1"]


def test_c1_passes_for_rewritten_sections(district: Report, district_2023: Report) -> None:
    assert of_rule(check(district, district_2023), "C1") == []


# --- findings as values, rules as documented -------------------------------------------------


def test_every_rule_is_documented_with_its_level() -> None:
    doc = (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")
    for rule in RULES.values():
        row = re.search(rf"^\| {rule.id} \| (错误|警告) \|", doc, re.MULTILINE)
        assert row is not None, rule.id
        assert row.group(1) == ("错误" if rule.level is Level.ERROR else "警告")


def test_findings_use_only_listed_rules_at_their_level(district: Report) -> None:
    broken = with_cases(
        with_paragraph(district, "2024年度无依申请公开的信息。"), review=CaseOutcomes(0, 0, 0, 0, stated_total=1)
    )
    found = check(broken, attrs.evolve(district, year=2020))
    assert {f.rule for f in found} >= {"R4", "T3", "X0", "X1", "C1"}
    for finding in found:
        assert finding.level is RULES[finding.rule].level


def test_finding_as_text_and_json(district: Report) -> None:
    [finding] = check(with_paragraph(district, "2024年度无依申请公开的信息。"))
    text = str(finding)
    assert text.startswith("错误 [T3] 一、总体情况/（二）依申请公开/第1段：正文称“无依申请公开”")
    assert "应为：49；实为：0" in text
    assert "原文：“2024年度无依申请公开的信息。”" in text
    data = json.loads(json.dumps(finding.to_dict(), ensure_ascii=False))
    assert data["level"] == "error" and data["rule"] == "T3" and data["quote"] == "2024年度无依申请公开的信息。"


def test_findings_are_immutable(district: Report) -> None:
    [finding] = check(with_paragraph(district, "2024年度无依申请公开的信息。"))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        finding.rule = "R1"  # type: ignore[misc]


def test_errors_of_leaves_warnings_out_and_ensure_no_errors_lists_them(district: Report) -> None:
    assert checks.errors_of(district) == []
    checks.ensure_no_errors(district)
    broken = with_paragraph(district, "2024年度无依申请公开的信息。")
    with pytest.raises(checks.ReportHasErrors) as raised:
        checks.ensure_no_errors(broken)
    assert "报告有 1 处错误，未生成文档" in str(raised.value)
    assert "[T3]" in str(raised.value)


def test_load_previous_reads_data_files_and_reports(tmp_path: Path) -> None:
    assert checks.load_previous(DATA / "district-2023.yaml").year == 2023
    last = checks.load_previous(DATA / "district-2023.yaml")
    rendered = render(last, tmp_path / "2023.docx")
    imported = checks.load_previous(rendered)
    assert imported.year == 2023
    assert imported.applications.carried_forward.values() == last.applications.carried_forward.values()
    assert imported.active_disclosure == last.active_disclosure
    other = tmp_path / "broken.docx"
    other.write_bytes(b"PK")
    with pytest.raises(ExtractError, match="不是有效的 Word"):
        checks.load_previous(other)


# --- property tests -------------------------------------------------------------------------

_counts = st.integers(min_value=0, max_value=30)
_row = st.lists(_counts, min_size=6, max_size=6)
_outcomes = st.lists(_counts, min_size=4, max_size=4)


def _applicants(values: list[int], state_total: bool) -> ApplicantCounts:
    return ApplicantCounts(*values, stated_total=sum(values) if state_total else None)


@st.composite
def balanced_tables(draw: st.DrawFn, state_totals: bool | None = None) -> tuple[ApplicationTable, CaseTable]:
    """表三 and 表四 that satisfy R1–R4; with every 总计 given when ``state_totals``."""

    def stated() -> bool:
        return draw(st.booleans()) if state_totals is None else state_totals

    leaves = [draw(_row) for _ in range(21)]
    forward = draw(_row)
    done = [sum(column) for column in zip(*leaves, strict=True)]
    over = [draw(st.integers(0, done[c] + forward[c])) for c in range(6)]
    new = [done[c] + forward[c] - over[c] for c in range(6)]
    rows = iter(_applicants(values, stated()) for values in leaves)
    results = ApplicationResults(
        disclosed=next(rows),
        partially_disclosed=next(rows),
        withheld=WithheldResults(*(next(rows) for _ in labels.WITHHELD_ROWS)),
        unable=UnableResults(*(next(rows) for _ in labels.UNABLE_ROWS)),
        not_processed=NotProcessedResults(*(next(rows) for _ in labels.NOT_PROCESSED_ROWS)),
        other_handling=OtherHandlingResults(*(next(rows) for _ in labels.OTHER_HANDLING_ROWS)),
        stated_total=_applicants(done, stated()) if stated() else None,
    )
    applications = ApplicationTable(
        new=_applicants(new, stated()),
        carried_over=_applicants(over, stated()),
        results=results,
        carried_forward=_applicants(forward, stated()),
    )
    blocks = [draw(_outcomes) for _ in labels.CASE_GROUPS]
    cases = CaseTable(*(CaseOutcomes(*b, stated_total=sum(b) if stated() else None) for b in blocks))
    return applications, cases


def _prose(applications: ApplicationTable, cases: CaseTable) -> tuple[str, str]:
    """What a writer would say from the tables: the 一、（二） paragraph and the 四 note."""
    new, done = applications.new.total, applications.results.total.total
    if new == 0:
        about_applications = "2024年，未收到政府信息公开申请。"
    else:
        about_applications = (
            f"2024年，共收到政府信息公开申请{new}件，办结{done}件，"
            f"其中自然人申请{applications.new.natural_person}件，"
            f"予以公开{applications.results.disclosed.total}件、"
            f"无法提供{applications.results.unable.total.total}件，"
            f"另有{applications.carried_forward.total}件结转下年度继续办理。"
        )
    review, litigation = cases.review, cases.litigation
    if review.total == 0 and litigation.total == 0:
        about_cases = "2024年未发生政府信息公开行政复议、行政诉讼案件。"
    else:
        about_cases = (
            f"政府信息公开行政复议{review.total}件，其中结果维持{review.upheld}件，尚未审结{review.pending}件；"
            f"政府信息公开行政诉讼{litigation.total}件，其中结果纠正{litigation.corrected}件。"
        )
        if review.total == review.upheld and litigation.total == litigation.upheld:
            about_cases += "均获维持。"
    return about_applications, about_cases


@st.composite
def consistent_years(draw: st.DrawFn) -> tuple[Report, Report]:
    """A report that breaks no rule, and last year's report that carries on into it."""
    applications, cases = draw(balanced_tables())
    documents = [draw(st.lists(_counts, min_size=3, max_size=3)) for _ in range(2)]
    last_in_force = [max(0, repealed - issued) + draw(_counts) for issued, repealed, _ in documents]
    active = ActiveDisclosureTable(
        DocumentCounts(documents[0][0], documents[0][1], last_in_force[0] + documents[0][0] - documents[0][1]),
        DocumentCounts(documents[1][0], documents[1][1], last_in_force[1] + documents[1][0] - documents[1][1]),
        draw(_counts),
        draw(_counts),
        draw(_counts),
        Decimal(draw(st.integers(0, 10**6))) / 100,
    )
    about_applications, about_cases = _prose(applications, cases)
    report = Report(
        agency="某县某局",
        year=2024,
        active_disclosure=active,
        applications=applications,
        cases=cases,
        overview=Overview(subsections=(Subsection("（二）依申请公开", (about_applications,), Topic.APPLICATIONS),)),
        cases_notes=(about_cases,),
    )
    last = Report.blank("某县某局", 2023)
    last = attrs.evolve(
        last,
        applications=attrs.evolve(
            last.applications, carried_forward=ApplicantCounts(*applications.carried_over.values())
        ),
        active_disclosure=attrs.evolve(
            last.active_disclosure,
            rules=DocumentCounts(0, 0, last_in_force[0]),
            normative_documents=DocumentCounts(0, 0, last_in_force[1]),
        ),
    )
    return report, last


@settings(max_examples=150, deadline=None)
@given(consistent_years())
def test_any_report_built_to_satisfy_the_rules_passes(years: tuple[Report, Report]) -> None:
    report, last = years
    assert check(report, last) == []


def _cells() -> list[tuple[str, str, str, int]]:
    """Every printed cell of 表三 and 表四: (table, row key, row label, column index)."""
    cells = [
        ("表三", row.key, row.label, index)
        for row in labels.APPLICATION_ROWS
        for index in range(len(labels.ALL_COLUMNS))
    ]
    cells += [
        ("表四", block.key, block.label, index)
        for block in labels.CASE_GROUPS
        for index in range(len(labels.ALL_OUTCOME_COLUMNS))
    ]
    return cells


def _nudge(counts: Any, index: int, step: int) -> Any:
    """The row with one printed cell changed by ``step`` (the last index is the 总计)."""
    cells = [*counts.values(), counts.stated_total]
    cells[index] += step if cells[index] + step >= 0 else 1  # a 0 can only go up
    return type(counts)(*cells[:-1], stated_total=cells[-1])


def _with_cell_changed(
    applications: ApplicationTable, cases: CaseTable, cell: tuple[str, str, str, int], step: int
) -> tuple[ApplicationTable, CaseTable]:
    table, key, _, index = cell
    if table == "表四":
        return applications, attrs.evolve(cases, **{key: _nudge(getattr(cases, key), index, step)})
    row = next(r for r in labels.APPLICATION_ROWS if r.key == key)
    if key == "results_total":
        stated = applications.results.stated_total
        return attrs.evolve(
            applications, results=attrs.evolve(applications.results, stated_total=_nudge(stated, index, step))
        ), cases
    if len(row.path) == 1:
        return attrs.evolve(applications, **{key: _nudge(getattr(applications, key), index, step)}), cases
    if len(row.path) == 2:
        results = attrs.evolve(
            applications.results, **{row.path[1]: _nudge(getattr(applications.results, row.path[1]), index, step)}
        )
        return attrs.evolve(applications, results=results), cases
    group = getattr(applications.results, row.path[1])
    group = attrs.evolve(group, **{row.path[2]: _nudge(getattr(group, row.path[2]), index, step)})
    return attrs.evolve(applications, results=attrs.evolve(applications.results, **{row.path[1]: group})), cases


@settings(max_examples=300, deadline=None)
@given(balanced_tables(state_totals=True), st.sampled_from(_cells()), st.sampled_from((1, -1)))
def test_changing_any_cell_by_one_is_reported_naming_its_row_or_column(
    tables: tuple[ApplicationTable, CaseTable], cell: tuple[str, str, str, int], step: int
) -> None:
    applications, cases = tables
    report = attrs.evolve(Report.blank("某县某局", 2024), applications=applications, cases=cases)
    assert check(report) == []
    changed_applications, changed_cases = _with_cell_changed(applications, cases, cell, step)
    assert (changed_applications, changed_cases) != (applications, cases)
    findings = check(attrs.evolve(report, applications=changed_applications, cases=changed_cases))
    table, _, row_label, index = cell
    columns = labels.ALL_OUTCOME_COLUMNS if table == "表四" else labels.ALL_COLUMNS
    named = [
        f
        for f in findings
        if f.level is Level.ERROR
        and f.location.startswith(table)
        and ({row_label, columns[index].label} & set(f.location.split("/")))
    ]
    assert named, findings


@settings(max_examples=200, deadline=None)
@given(
    balanced_tables(state_totals=False),
    st.sampled_from([c for c in _cells() if c[0] == "表三" and c[1] != "results_total" and c[3] < 6]),
    st.sampled_from((1, -1)),
)
def test_without_stated_totals_any_cell_changed_breaks_its_column(
    tables: tuple[ApplicationTable, CaseTable], cell: tuple[str, str, str, int], step: int
) -> None:
    # typed tables give no 总计: the balance of each column (R1) still finds the change
    applications, cases = tables
    report = attrs.evolve(Report.blank("某县某局", 2024), applications=applications, cases=cases)
    changed, _ = _with_cell_changed(applications, cases, cell, step)
    findings = check(attrs.evolve(report, applications=changed))
    column = labels.ALL_COLUMNS[cell[3]].label
    assert [f.location.split("/")[-1] for f in findings if f.rule == "R1"] == [column, labels.TOTAL]


@settings(max_examples=150, deadline=None)
@given(
    balanced_tables(),
    st.sampled_from(list(sentences.YearForm)),
    st.sampled_from(("", "我局")),
    st.booleans(),
    st.booleans(),
)
def test_standard_sentences_agree_with_the_checks(
    tables: tuple[ApplicationTable, CaseTable],
    year_form: sentences.YearForm,
    subject: str,
    grouping: bool,
    shares: bool,
) -> None:
    # the prose nianbao writes from the tables (nianbao.sentences) is read back without a finding
    applications, cases = tables
    statements = (Subsection("（二）依申请公开", (), Topic.APPLICATIONS), Subsection("（六）复议诉讼", (), Topic.CASES))
    report = attrs.evolve(
        Report.blank("某县某局", 2024),
        applications=applications,
        cases=cases,
        overview=Overview(subsections=statements),
    )
    options = sentences.SentenceOptions(year_form=year_form, subject=subject, grouping=grouping, shares=shares)
    written = sentences.complete(report, options)
    assert all(s.paragraphs for s in written.overview.subsections)
    assert check(written) == []
