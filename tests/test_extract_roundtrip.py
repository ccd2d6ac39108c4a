"""Property: a report rendered by nianbao and read back is the same report.

The reports are random but plausible: figures of any size, "/" where a cell may not
apply, text as agencies write it (standard subsections under their usual headings,
the opening with the contact details, the fee and proposal sentences of 六).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import attrs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nianbao.extract import extract_docx, extract_text
from nianbao.formatting import chinese_numeral
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
from nianbao.render import render_bytes
from nianbao.sentences import complete

from support import REFERENCE_TEXT

SENTENCES = (
    "全面推进政务公开标准化规范化建设。",
    "严格落实政府信息公开保密审查制度。",
    "及时更新政府网站信息公开专栏内容。",
    "加强政策解读和回应关切工作，提升公开实效。",
    "一是完善工作机制，二是加强队伍建设。",
    "依法依规做好政府信息公开申请答复工作。",
    "严格按照《中华人民共和国政府信息公开条例》要求开展工作。",
)
OVERVIEW_HEADINGS = {
    Topic.ACTIVE_DISCLOSURE: ("主动公开情况", "主动公开方面", "主动公开"),
    Topic.APPLICATIONS: ("依申请公开情况", "依申请公开工作方面"),
    Topic.INFORMATION_MANAGEMENT: ("政府信息管理", "政府信息管理方面"),
    Topic.PLATFORMS: ("政府信息公开平台建设", "平台建设情况"),
    Topic.OVERSIGHT: ("监督保障", "监督保障方面"),
}
OTHER_HEADINGS = {
    Topic.PROCESSING_FEES: ("收取信息处理费情况", "依据《政府信息公开信息处理费管理办法》收取信息处理费的情况"),
    Topic.PROPOSALS: ("人大代表建议和政协提案办理情况", "建议提案办理结果公开情况"),
    Topic.INNOVATION: ("政务公开工作创新情况", "本单位在政务公开方面的创新实践情况"),
    Topic.WORK_PLAN: ("年度政务公开工作要点落实情况",),
}
AGENCIES = st.builds(
    str.__add__,
    st.sampled_from(["张店区", "淄博市", "某市", "某县", "某区", "洪泽区"]),
    st.sampled_from(["信访局", "交通运输局", "人民政府办公室", "教育局", "卫生健康委员会", "市场监督管理局"]),
)

counts = st.integers(0, 5000)
cells = st.one_of(st.integers(0, 10**7), st.just(NOT_APPLICABLE))
money = st.one_of(
    st.builds(lambda n, p: Decimal(n).scaleb(-p), st.integers(0, 10**10), st.integers(0, 6)),
    st.just(NOT_APPLICABLE),
)
rows = st.builds(ApplicantCounts, counts, counts, counts, counts, counts, counts)
paragraphs = st.lists(st.sampled_from(SENTENCES), max_size=3).map(tuple)
some_paragraphs = st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=3).map(tuple)


def heading(n: int, text: str, end: str) -> str:
    return f"（{chinese_numeral(n)}）{text}{end}"


@st.composite
def subsections(draw: st.DrawFn, topics: dict[Topic, tuple[str, ...]], plain: tuple[str, ...]) -> list[Subsection]:
    """Standard subsections in order (each under one of its usual headings), maybe a non-standard one."""
    chosen = [t for t in topics if draw(st.booleans())]
    out: list[Subsection] = []
    for topic in chosen:
        text = draw(st.sampled_from(topics[topic]))
        end = draw(st.sampled_from(["", "。"]))
        out.append(Subsection(heading(len(out) + 1, text, end), draw(paragraphs), topic))
    if draw(st.booleans()):
        out.append(Subsection(heading(len(out) + 1, draw(st.sampled_from(plain)), ""), draw(some_paragraphs)))
    return out


@st.composite
def reports(draw: st.DrawFn) -> Report:
    agency = draw(AGENCIES)
    year = draw(st.integers(2019, 2030))
    if draw(st.booleans()):
        contact = Contact(
            office=agency + "办公室",
            address=draw(st.sampled_from(["山东省淄博市张店区新村西路226号", "某市人民路88号"])),
            postcode=draw(st.from_regex(r"[1-8]\d{5}", fullmatch=True)),
            phone=draw(st.from_regex(r"0\d{3}-[2-8]\d{6}", fullmatch=True)),
            email=draw(st.from_regex(r"[a-z]{3,8}@[a-z]{2,5}\.gov\.cn", fullmatch=True)),
        )
        opening = (
            f"本报告由{agency}根据《中华人民共和国政府信息公开条例》规定编制。"
            f"报告所列统计期限自{year}年1月1日至{year}年12月31日。如对本报告有疑问，请与{contact.office}联系"
            f"（地址：{contact.address}，邮编：{contact.postcode}，电话：{contact.phone}，电子邮箱：{contact.email}）。"
        )
    else:
        contact = Contact()
        opening = draw(st.sampled_from(["", f"本报告所列数据的统计期限自{year}年1月1日至{year}年12月31日。"]))

    other = draw(subsections(OTHER_HEADINGS, ("其他需要报告的情况",)))
    fees, proposals = ProcessingFees(), Proposals()
    for i, s in enumerate(other):
        if s.topic == Topic.PROCESSING_FEES and draw(st.booleans()):
            fees = ProcessingFees(draw(st.integers(1, 50)), Decimal(draw(st.integers(1, 99999))).scaleb(-2))
            other[i] = attrs.evolve(
                s, paragraphs=(f"{year}年度共收取信息处理费{fees.amount}元，涉及{fees.count}件申请。",)
            )
        if s.topic == Topic.PROPOSALS and draw(st.booleans()):
            proposals = Proposals(draw(st.integers(0, 90)), draw(st.integers(0, 90)))
            text = f"{year}年度共办理人大代表建议{proposals.npc_suggestions}件、政协提案{proposals.cppcc_proposals}件。"
            other[i] = attrs.evolve(s, paragraphs=(text,))

    def group(n: int) -> list[ApplicantCounts]:
        return [draw(rows) for _ in range(n)]

    return Report(
        agency=agency,
        year=year,
        active_disclosure=ActiveDisclosureTable(
            DocumentCounts(draw(cells), draw(cells), draw(cells)),
            DocumentCounts(draw(cells), draw(cells), draw(cells)),
            draw(cells),
            draw(cells),
            draw(cells),
            draw(money),
        ),
        applications=ApplicationTable(
            new=draw(rows),
            carried_over=draw(rows),
            results=ApplicationResults(
                draw(rows),
                draw(rows),
                WithheldResults(*group(8)),
                UnableResults(*group(3)),
                NotProcessedResults(*group(5)),
                OtherHandlingResults(*group(3)),
            ),
            carried_forward=draw(rows),
        ),
        cases=CaseTable(*(CaseOutcomes(*(draw(st.integers(0, 300)) for _ in range(4))) for _ in range(3))),
        contact=contact,
        opening=opening,
        overview=Overview(draw(paragraphs), draw(subsections(OVERVIEW_HEADINGS, ("其他工作情况", "工作成效")))),
        active_disclosure_notes=draw(paragraphs),
        applications_notes=draw(paragraphs),
        cases_notes=draw(paragraphs),
        problems=Section(
            draw(paragraphs),
            draw(subsections({}, ("存在的主要问题", "改进措施"))) + draw(subsections({}, ("下一步工作",))),
        ),
        other_matters=OtherMatters(draw(paragraphs), other, fees, proposals),
        signature=Signature(
            draw(st.sampled_from([agency, agency + "办公室"])),
            datetime.date(year + 1, draw(st.integers(1, 3)), draw(st.integers(1, 28))),
        ),
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports())
def test_extract_of_render_is_the_report(report: Report) -> None:
    # Rendering writes the standard statements a report leaves empty (nianbao.sentences), so what
    # is read back is the report with them written; a report without empty ones reads back as itself.
    extraction = extract_docx(render_bytes(report), "rendered.docx")
    assert extraction.report == complete(report)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports().filter(lambda report: complete(report) == report))
def test_extract_of_render_is_the_report_itself_when_fully_written(report: Report) -> None:
    assert extract_docx(render_bytes(report), "rendered.docx").report == report


def test_reference_text_reads_as_the_example(example_report: Report) -> None:
    # The example leaves its three stock sentences to the sentence writer; the reference prints them.
    assert extract_text(REFERENCE_TEXT.read_text(encoding="utf-8")).report == complete(example_report)
