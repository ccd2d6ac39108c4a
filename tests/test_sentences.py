"""Standard sentences: the reference's stock sentences, hand-computed non-zero forms, filling."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import attrs
import pytest

from nianbao import datafile, sentences
from nianbao.errors import DataError
from nianbao.model import (
    NOT_APPLICABLE,
    ActiveDisclosureTable,
    ApplicantCounts,
    ApplicationTable,
    CaseOutcomes,
    CaseTable,
    Contact,
    DocumentCounts,
    ProcessingFeeItem,
    ProcessingFees,
    Proposals,
    Report,
    Subsection,
    Topic,
)
from nianbao.render import render
from nianbao.sentences import SentenceOptions, YearForm

from support import REFERENCE_TEXT, ROOT, compare_with_reference

A = ApplicantCounts
Z = ApplicantCounts.zero()
DOCS = ROOT / "docs" / "sentences.md"


def reference_lines() -> list[str]:
    return REFERENCE_TEXT.read_text(encoding="utf-8").splitlines()


def table(
    new: A,
    carried_over: A,
    carried_forward: A,
    **rows: A,
) -> ApplicationTable:
    """A 表三 from the rows given by data path (``disclosed``, ``unable.not_held`` …)."""
    results = ApplicationTable.zero().results
    for path, row in rows.items():
        if "__" in path:
            group, key = path.split("__")
            results = attrs.evolve(results, **{group: attrs.evolve(getattr(results, group), **{key: row})})
        else:
            results = attrs.evolve(results, **{path: row})
    built = ApplicationTable(new=new, carried_over=carried_over, results=results, carried_forward=carried_forward)
    # R1 holds for every column: 新收 + 结转 = （七）总计 + 结转下年度.
    for i in range(6):
        assert built.new.values()[i] + built.carried_over.values()[i] == (
            built.results.total.values()[i] + built.carried_forward.values()[i]
        )
    return built


def with_tables(**changes: object) -> Report:
    return attrs.evolve(Report.blank("某局", 2023), **changes)


# --- realistic tables, computed by hand -------------------------------------------

# A city: thousands of applications, every applicant column and every result category used.
CITY = table(
    new=A(3402, 99, 3, 4, 5, 94),  # 3607
    carried_over=A(91, 3, 0, 0, 2, 0),  # 96
    carried_forward=A(208, 3, 0, 0, 0, 7),  # 218
    disclosed=A(1150, 35, 1, 1, 2, 2),  # 1191
    partially_disclosed=A(320, 6, 0, 0, 1, 1),  # 328
    withheld__state_secret=A(10, 0, 0, 0, 0, 0),
    withheld__third_party_rights=A(50, 5, 0, 0, 0, 0),
    withheld__process_information=A(70, 5, 1, 0, 1, 0),  # 不予公开 142
    unable__not_held=A(1000, 30, 1, 2, 1, 4),
    unable__needs_creation=A(30, 2, 0, 0, 0, 0),
    unable__still_unclear=A(8, 0, 0, 0, 0, 0),  # 无法提供 1078
    not_processed__complaints=A(300, 5, 0, 0, 0, 0),
    not_processed__repeated=A(90, 3, 0, 0, 0, 0),
    not_processed__excessive=A(8, 0, 0, 0, 0, 0),  # 不予处理 406
    other_handling__overdue_correction=A(200, 5, 0, 1, 1, 80),
    other_handling__unpaid_fees=A(4, 0, 0, 0, 0, 0),
    other_handling__other=A(45, 3, 0, 0, 1, 0),  # 其他处理 340; （七）总计 3485
)

# A bureau with a handful: four new, one carried over, one carried forward.
BUREAU = table(
    new=A(3, 1, 0, 0, 0, 0),
    carried_over=A(1, 0, 0, 0, 0, 0),
    carried_forward=A(1, 0, 0, 0, 0, 0),
    disclosed=A(1, 0, 0, 0, 0, 0),
    partially_disclosed=A(0, 1, 0, 0, 0, 0),
    unable__not_held=A(1, 0, 0, 0, 0, 0),
    other_handling__other=A(1, 0, 0, 0, 0, 0),
)

TWO_DISCLOSED = table(new=A(2, 0, 0, 0, 0, 0), carried_over=Z, carried_forward=Z, disclosed=A(2, 0, 0, 0, 0, 0))

ONLY_COMPANIES = table(
    new=Z, carried_over=A(0, 2, 0, 0, 1, 0), carried_forward=A(0, 2, 0, 0, 1, 0)
)  # nothing new, nothing closed

CITY_TEXT = (
    "2023年度，全市共收到政府信息公开申请3607件，其中自然人申请3402件、法人或其他组织申请205件"
    "（商业企业99件、科研机构3件、社会公益组织4件、法律服务机构5件、其他94件）；"
    "上年结转申请96件，其中自然人申请91件、法人或其他组织申请5件（商业企业3件、法律服务机构2件）。"
    "全年共办结3485件，其中予以公开1191件、部分公开328件、不予公开142件、无法提供1078件、不予处理406件、"
    "其他处理340件。结转下年度继续办理218件。"
)
CITY_SHARES_TEXT = (
    "2023年，全市共收到政府信息公开申请3,607件，其中自然人申请3,402件、法人或其他组织申请205件"
    "（商业企业99件、科研机构3件、社会公益组织4件、法律服务机构5件、其他94件）；"
    "上年结转申请96件，其中自然人申请91件、法人或其他组织申请5件（商业企业3件、法律服务机构2件）。"
    "全年共办结3,485件，其中予以公开1,191件，占34.18%；部分公开328件，占9.41%；不予公开142件，占4.07%；"
    "无法提供1,078件，占30.93%；不予处理406件，占11.65%；其他处理340件，占9.76%。结转下年度继续办理218件。"
)
BUREAU_TEXT = (
    "2023年，我局共收到政府信息公开申请4件，其中自然人申请3件、法人或其他组织申请1件（商业企业1件）；"
    "上年结转申请1件，均为自然人申请。全年共办结4件，其中予以公开1件、部分公开1件、无法提供1件、其他处理1件。"
    "结转下年度继续办理1件。"
)
TWO_DISCLOSED_TEXT = (
    "本年度，区政府办公室共收到政府信息公开申请2件，均为自然人申请，无上年结转申请。"
    "全年共办结2件，均予以公开。无结转下年度继续办理的申请。"
)
ONLY_COMPANIES_TEXT = (
    "2023年度，未收到新的政府信息公开申请；上年结转申请3件，均为法人或其他组织申请（商业企业2件、法律服务机构1件）。"
    "全年无办结的申请。结转下年度继续办理3件。"
)

# 表四: pending cases, all upheld, and 淮安市 2024's real figures (SENTENCES.md E24).
PENDING = CaseTable(CaseOutcomes(2, 1, 0, 1), CaseOutcomes(1, 0, 0, 0), CaseOutcomes(0, 0, 1, 0))
PENDING_TEXT = (
    "2023年度，发生政府信息公开行政复议案件4件，其中结果维持2件、结果纠正1件、尚未审结1件；"
    "发生政府信息公开行政诉讼案件2件（未经复议直接起诉1件、复议后起诉1件），其中结果维持1件、其他结果1件，均已审结。"
)
SHANGHAI = CaseTable(CaseOutcomes(5, 0, 0, 2), CaseOutcomes(8, 0, 0, 1), CaseOutcomes.zero())
SHANGHAI_TEXT = (
    "2023年度，发生政府信息公开行政复议案件7件，其中结果维持5件、尚未审结2件；"
    "发生政府信息公开行政诉讼案件9件（均为未经复议直接起诉），其中结果维持8件、尚未审结1件。"
)
UPHELD = CaseTable(CaseOutcomes(3, 0, 0, 0), CaseOutcomes.zero(), CaseOutcomes.zero())
UPHELD_TEXT = "2023年度，我局发生政府信息公开行政复议案件3件，均获维持；未发生政府信息公开行政诉讼案件。"
ONLY_PENDING = CaseTable(CaseOutcomes.zero(), CaseOutcomes.zero(), CaseOutcomes(0, 0, 0, 2))
ONLY_PENDING_TEXT = (
    "2023年度，未发生政府信息公开行政复议案件；发生政府信息公开行政诉讼案件2件（均为复议后起诉），均尚未审结。"
)
HUAIAN = CaseTable(CaseOutcomes(72, 64, 178, 37), CaseOutcomes(20, 5, 9, 7), CaseOutcomes(5, 0, 0, 0))
HUAIAN_TEXT = (
    "2024年，全市发生政府信息公开行政复议案件351件，其中结果维持72件、结果纠正64件、其他结果178件、尚未审结37件；"
    "发生政府信息公开行政诉讼案件46件（未经复议直接起诉41件、复议后起诉5件），"
    "其中结果维持25件、结果纠正5件、其他结果9件、尚未审结7件。"
)

ACTIVE = ActiveDisclosureTable(
    rules=DocumentCounts(NOT_APPLICABLE, NOT_APPLICABLE, NOT_APPLICABLE),
    normative_documents=DocumentCounts(3, 1, 20),
    licensing=1200,
    punishment=35,
    coercion=0,
    fees=Decimal("12.5"),
)
ACTIVE_TEXT = (
    "2023年度，我局行政规范性文件制发3件、废止1件、现行有效20件；"
    "作出行政许可决定1200件、行政处罚决定35件、行政强制决定0件；收取行政事业性收费12.5万元。"
)
ACTIVE_MIXED = ActiveDisclosureTable(
    rules=DocumentCounts(0, 0, 0),
    normative_documents=DocumentCounts(0, 0, 4),
    licensing=0,
    punishment=0,
    coercion=NOT_APPLICABLE,
    fees=NOT_APPLICABLE,
)
ACTIVE_MIXED_TEXT = (
    "2023年度，未制发、废止规章；行政规范性文件制发0件、废止0件、现行有效4件；未作出行政许可、行政处罚决定。"
)

SUQIAN_FEES = ProcessingFees(
    3,
    Decimal(2230),
    (
        ProcessingFeeItem("沭阳县民政局", 1, Decimal(880)),
        ProcessingFeeItem("泗洪县人民政府办公室", 1, Decimal(1080)),
        ProcessingFeeItem("泗洪县半城镇人民政府", 1, Decimal(270)),
    ),
)
SUQIAN_FEES_TEXT = (
    "2024年，共收取信息处理费2230元，涉及政府信息公开申请3件。"
    "其中，沭阳县民政局1件，收取880元；泗洪县人民政府办公室1件，收取1080元；泗洪县半城镇人民政府1件，收取270元。"
)
TOTAL_ONLY_FEES_TEXT = "2024年，市政府共收取信息处理费3940元。"


def fees_report(fees: ProcessingFees, year: int = 2023) -> Report:
    report = Report.blank("某局", year)
    return attrs.evolve(report, other_matters=attrs.evolve(report.other_matters, processing_fees=fees))


def proposals_report(npc: int, cppcc: int) -> Report:
    report = Report.blank("某局", 2023)
    return attrs.evolve(report, other_matters=attrs.evolve(report.other_matters, proposals=Proposals(npc, cppcc)))


HUAIAN_REPORT = attrs.evolve(Report.blank("淮安市人民政府", 2024), cases=HUAIAN)
ZERO = Report.blank("某局", 2023)
WE = SentenceOptions(subject="我局")

ZHANGDIAN = attrs.evolve(
    Report.blank("张店区信访局", 2023),
    contact=Contact(
        office="淄博市张店区信访局办公室",
        address="山东省淄博市张店区新村西路226号",
        postcode="255000",
        phone="0533-2868600",
        email="zdqxfjbgs@zb.shandong.cn",
    ),
)
OPENING_START = (
    "本年度报告根据《中华人民共和国政府信息公开条例》和《国务院办公厅政府信息与政务公开办公室关于印发"
    "〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）相关要求编制。"
)

# Every form of every statement: (statement, report, options, expected). docs/sentences.md shows each.
EXAMPLES = [
    (
        sentences.opening,
        ZHANGDIAN,
        SentenceOptions(),
        OPENING_START + "本报告所列数据的统计时限自2023年1月1日起至2023年12月31日止。"
        "如对报告内容有疑问，请与淄博市张店区信访局办公室联系（地址：山东省淄博市张店区新村西路226号；"
        "邮编：255000；联系电话：0533-2868600；邮箱：zdqxfjbgs@zb.shandong.cn）。",
    ),
    (
        sentences.opening,
        Report.blank("某市某局", 2024),
        SentenceOptions(),
        OPENING_START + "本报告所列数据的统计时限自2024年1月1日起至2024年12月31日止。",
    ),
    (sentences.applications, ZERO, SentenceOptions(), "2023年度无依申请公开的信息。"),
    (
        sentences.applications,
        ZERO,
        SentenceOptions(year_form=YearForm.THIS_YEAR, subject="我局"),
        "本年度，我局无依申请公开的信息。",
    ),
    (sentences.applications, with_tables(applications=CITY), SentenceOptions(subject="全市"), CITY_TEXT),
    (
        sentences.applications,
        with_tables(applications=CITY),
        SentenceOptions(year_form=YearForm.YEAR, subject="全市", grouping=True, shares=True),
        CITY_SHARES_TEXT,
    ),
    (sentences.applications, with_tables(applications=BUREAU), SentenceOptions(YearForm.YEAR, "我局"), BUREAU_TEXT),
    (
        sentences.applications,
        with_tables(applications=TWO_DISCLOSED),
        SentenceOptions(YearForm.THIS_YEAR, "区政府办公室"),
        TWO_DISCLOSED_TEXT,
    ),
    (sentences.applications, with_tables(applications=ONLY_COMPANIES), SentenceOptions(), ONLY_COMPANIES_TEXT),
    (sentences.cases, ZERO, SentenceOptions(), "2023年度未发生政府信息公开行政复议、行政诉讼案件。"),
    (sentences.cases, with_tables(cases=PENDING), SentenceOptions(), PENDING_TEXT),
    (sentences.cases, with_tables(cases=SHANGHAI), SentenceOptions(), SHANGHAI_TEXT),
    (sentences.cases, with_tables(cases=UPHELD), WE, UPHELD_TEXT),
    (sentences.cases, with_tables(cases=ONLY_PENDING), SentenceOptions(), ONLY_PENDING_TEXT),
    (sentences.cases, HUAIAN_REPORT, SentenceOptions(YearForm.YEAR, "全市"), HUAIAN_TEXT),
    (
        sentences.active_disclosure,
        ZERO,
        SentenceOptions(),
        "2023年度未制发、废止规章和行政规范性文件，未作出行政许可、行政处罚、行政强制决定，未收取行政事业性收费。",
    ),
    (sentences.active_disclosure, with_tables(active_disclosure=ACTIVE), WE, ACTIVE_TEXT),
    (sentences.active_disclosure, with_tables(active_disclosure=ACTIVE_MIXED), SentenceOptions(), ACTIVE_MIXED_TEXT),
    (sentences.processing_fees, ZERO, SentenceOptions(), "2023年度未收取信息处理费。"),
    (sentences.processing_fees, fees_report(SUQIAN_FEES, 2024), SentenceOptions(YearForm.YEAR), SUQIAN_FEES_TEXT),
    (
        sentences.processing_fees,
        fees_report(ProcessingFees(0, Decimal(3940)), 2024),
        SentenceOptions(YearForm.YEAR, "市政府"),
        TOTAL_ONLY_FEES_TEXT,
    ),
    (sentences.proposals, ZERO, SentenceOptions(), "2023年度未承办人大代表建议、政协委员提案。"),
    (sentences.proposals, proposals_report(12, 8), WE, "2023年度，我局共承办人大代表建议12件、政协委员提案8件。"),
    (sentences.proposals, proposals_report(0, 2), WE, "2023年度，我局共承办政协委员提案2件，未承办人大代表建议。"),
]


@pytest.mark.parametrize(("statement", "report", "options", "expected"), EXAMPLES)
def test_sentence_matches_hand_computed_text(
    statement: sentences.Statement, report: Report, options: SentenceOptions, expected: str
) -> None:
    assert statement(report, options) == expected


def test_docs_show_every_example() -> None:
    docs = DOCS.read_text(encoding="utf-8")
    missing = [expected for *_, expected in EXAMPLES if expected not in docs]
    assert not missing, missing


def test_never_claims_all_upheld_or_all_concluded_unless_true() -> None:
    assert "均获维持" not in sentences.cases(with_tables(cases=SHANGHAI))  # SENTENCES.md E27
    assert "均已审结" not in sentences.cases(with_tables(cases=SHANGHAI))
    assert "均已审结" not in sentences.cases(with_tables(cases=PENDING)).split("；")[0]
    assert "均获维持" in sentences.cases(with_tables(cases=UPHELD))


# --- the reference report ------------------------------------------------------------


def test_reference_stock_sentences_come_from_its_zero_counts(example_report: Report) -> None:
    lines = reference_lines()
    assert "（二）依申请公开工作方面。" + sentences.applications(example_report) in lines
    assert sentences.processing_fees(example_report) in lines
    assert sentences.proposals(example_report) in lines
    assert sentences.processing_fees(example_report) == "2023年度未收取信息处理费。"


def test_example_leaves_the_stock_sentences_to_the_functions(example_report: Report) -> None:
    empty = {
        s.topic
        for section in (example_report.overview, example_report.other_matters)
        for s in section.subsections
        if not s.paragraphs
    }
    assert empty == {Topic.APPLICATIONS, Topic.PROCESSING_FEES, Topic.PROPOSALS}
    completed, filled = sentences.fill(example_report)
    assert len(filled) == 3
    texts = [p for s in completed.other_matters.subsections for p in s.paragraphs]
    assert "2023年度未收取信息处理费。" in texts
    assert "2023年度未承办人大代表建议、政协委员提案。" in texts


def test_example_without_stock_sentences_renders_token_equal(tmp_path: Path, example_report: Report) -> None:
    done = compare_with_reference(render(example_report, tmp_path / "example.docx"))
    assert done.returncode == 0, done.stdout
    # and the comparison notices a wrong generated sentence
    wrong = attrs.evolve(
        example_report, other_matters=attrs.evolve(example_report.other_matters, proposals=Proposals(1, 0))
    )
    assert compare_with_reference(render(wrong, tmp_path / "wrong.docx")).returncode == 1


def _normalised(text: str) -> str:
    """The reference's half-width quirks made full-width, whitespace dropped."""
    table = str.maketrans({"<": "〈", ">": "〉", ";": "；", ":": "："})
    return re.sub(r"\s+", "", text.translate(table))


def test_opening_reproduces_the_reference_from_contact_facts(example_report: Report) -> None:
    lines = reference_lines()
    start = next(i for i, line in enumerate(lines) if line.startswith("本年度报告根据"))
    reference_opening = lines[start] + lines[start + 1]  # the reference breaks the line before "）。"
    generated = sentences.opening(attrs.evolve(example_report, opening=""))
    assert generated == _normalised(reference_opening)
    assert _normalised(example_report.opening) == generated  # the example keeps the quirks


def test_opening_forms_with_fewer_contact_facts() -> None:
    report = Report.blank("某市某局", 2024)
    bare = sentences.opening(report)
    assert bare.endswith("本报告所列数据的统计时限自2024年1月1日起至2024年12月31日止。")
    assert "联系" not in bare
    phone_only = sentences.opening(attrs.evolve(report, contact=Contact(phone="0517-83605210")))
    assert phone_only.endswith("如对报告内容有疑问，请与某市某局联系（联系电话：0517-83605210）。")
    office_only = sentences.opening(attrs.evolve(report, contact=Contact(office="某市某局办公室")))
    assert office_only.endswith("如对报告内容有疑问，请与某市某局办公室联系。")


# --- filling a report ------------------------------------------------------------------


def _report_with(*subsections: Subsection, opening: str = "") -> Report:
    report = Report.blank("某局", 2023)
    return attrs.evolve(
        report,
        opening=opening,
        applications=CITY,
        overview=attrs.evolve(report.overview, subsections=subsections),
    )


def test_what_the_user_wrote_always_wins() -> None:
    own = Subsection("（二）依申请公开", ("我局今年收到的申请由我们自己描述。",), Topic.APPLICATIONS)
    report = _report_with(own, opening="我们自己的开头。")
    assert sentences.complete(report) is report
    assert sentences.fill(report) == (report, ())


def test_blank_paragraphs_count_as_empty_and_untopical_text_is_left_alone() -> None:
    blank = Subsection("（二）依申请公开", ("  ",), Topic.APPLICATIONS)
    free = Subsection("（三）政府信息管理", (), Topic.INFORMATION_MANAGEMENT)
    untagged = Subsection("（四）其他", ())
    completed = sentences.complete(_report_with(blank, free, untagged), SentenceOptions(subject="全市"))
    filled, still_free, still_untagged = completed.overview.subsections
    assert filled.paragraphs == (CITY_TEXT,)
    assert filled.heading == "（二）依申请公开"
    assert still_free.paragraphs == ()
    assert still_untagged.paragraphs == ()
    assert completed.opening.startswith("本年度报告根据")


def test_cases_statement_is_opt_in(example_report: Report) -> None:
    # The reference has no 四 sentence: no subsection asks for one, so none is written.
    assert Topic.CASES not in {s.topic for s in example_report.overview.subsections}
    asked = Subsection("（六）行政复议和行政诉讼方面。", (), Topic.CASES)
    report = attrs.evolve(
        example_report,
        cases=PENDING,
        overview=attrs.evolve(example_report.overview, subsections=(*example_report.overview.subsections, asked)),
    )
    completed, filled = sentences.fill(report)
    assert completed.overview.subsections[-1].paragraphs == (PENDING_TEXT,)
    assert "行政复议和行政诉讼（一、总体情况）" in filled


def test_rendering_fills_through_the_context(tmp_path: Path) -> None:
    from support import docx_lines

    subsection = Subsection("（二）依申请公开工作方面。", (), Topic.APPLICATIONS)
    report = _report_with(subsection)
    lines = docx_lines(render(report, tmp_path / "r.docx"))
    assert "（二）依申请公开工作方面。" + sentences.applications(report) in lines


def test_absent_topics_are_named(example_report: Report) -> None:
    assert sentences.absent_topics(example_report) == ()
    assert sentences.absent_topics(Report.blank("某局", 2023)) == sentences.EXPECTED_TOPICS


# --- the 信息处理费 breakdown must add up ----------------------------------------------


def test_fee_breakdown_must_add_up_to_the_totals() -> None:
    with pytest.raises(ValueError, match="分项合计为 2 件、100 元"):
        ProcessingFees(
            3, Decimal(100), (ProcessingFeeItem("甲", 1, Decimal(40)), ProcessingFeeItem("乙", 1, Decimal(60)))
        )


def test_fee_breakdown_fault_in_a_data_file_is_reported_in_chinese() -> None:
    report = fees_report(SUQIAN_FEES, 2024)
    text = datafile.dumps(report).replace("amount: 270", "amount: 300")
    with pytest.raises(DataError) as info:
        datafile.loads(text, name="fees.yaml")
    message = str(info.value)
    assert "六、其他需要报告的事项/信息处理费" in message
    assert "2260 元" in message and "2230 元" in message
    assert datafile.loads(datafile.dumps(report)) == report
