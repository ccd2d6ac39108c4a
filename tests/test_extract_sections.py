"""The text of a report: headings and their variants, subsections, title, opening, 落款."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from nianbao.extract import extract_text
from nianbao.extract.document import Paragraph
from nianbao.extract.sections import OTHER_TOPICS, OVERVIEW_TOPICS, section_number, subsection_head, topic_of
from nianbao.model import Contact, ProcessingFees, Proposals, Signature, Subsection, Topic

SIX = ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
       "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]  # fmt: skip


@pytest.mark.parametrize(
    ("heading", "number", "official"),
    [
        ("一、总体情况", 1, True),
        ("一．总体情况", 1, True),
        ("一 总体情况", 1, True),
        ("第一部分 总体情况", 1, True),
        ("总体情况", 1, True),
        ("四、因政府信息公开工作被申请行政复议、提起行政诉讼情况", 4, False),
        ("四、政府信息公开行政复议及行政诉讼情况", 4, False),
        ("政府信息公开行政复议、行政诉讼情况", 4, True),
        ("五、政府信息公开工作存在的主要问题及改进情况", 5, False),
        ("六、其他需要报告的事项", 6, True),
    ],
)
def test_section_heading_variants(heading: str, number: int, official: bool) -> None:
    assert section_number(heading) == (number, official)


@pytest.mark.parametrize(
    "text",
    [
        "二是主动公开政府信息",
        "（一）其他需要报告的事项",
        "一、严格落实《条例》规定，全面推进政务公开标准化规范化建设工作",
    ],
)
def test_not_section_headings(text: str) -> None:
    assert section_number(text) is None


@pytest.mark.parametrize(
    ("paragraph", "head"),
    [
        (Paragraph("（一）主动公开方面。全年公开信息35条。"), ("（一）主动公开方面。", "全年公开信息35条。")),
        (Paragraph("（二）依申请公开：无。"), ("（二）依申请公开：", "无。")),
        (Paragraph("(3) 创新实践情况"), ("(3) 创新实践情况", "")),
        (
            Paragraph("（一）主动公开全年公开信息35条。", lead="（一）主动公开"),
            ("（一）主动公开", "全年公开信息35条。"),
        ),
        (Paragraph("信息处理费情况", heading=True), ("信息处理费情况", "")),
        (Paragraph("一是加强组织领导。"), None),
        (Paragraph("加粗的整段正文也不是小标题。", heading=True), None),
    ],
)
def test_subsection_heads(paragraph: Paragraph, head: tuple[str, str] | None) -> None:
    assert subsection_head(paragraph) == head


def test_topics_only_when_the_heading_clearly_names_one() -> None:
    assert topic_of("（二）依申请公开工作方面。", OVERVIEW_TOPICS) == Topic.APPLICATIONS
    assert topic_of("（一）主动公开和依申请公开", OVERVIEW_TOPICS) is None
    assert (
        topic_of("（3）本单位在政务公开制度、内容、形式和平台建设方面的创新实践情况。", OTHER_TOPICS)
        == Topic.INNOVATION
    )
    assert topic_of("（四）《2023年张店区政务公开工作方案》落实情况", OTHER_TOPICS) == Topic.WORK_PLAN
    assert topic_of("（五）其他", OTHER_TOPICS) is None


def report_text(*lines: str) -> str:
    return "\n".join(lines) + "\n"


def test_two_line_title_page_furniture_and_one_line_signature() -> None:
    text = report_text(
        "首页 > 政府信息公开 > 年度报告",
        "某市生态环境局",
        "2024年政府信息公开工作年度报告",
        "发布日期：2025-01-20 来源：本站",
        "本报告依据《条例》编制。如对本报告有疑问，请与某市生态环境局办公室联系（联系电话：0517-83605210，电子邮箱：hbj@example.cn）。",
        *SIX[:5],
        "（一）存在的问题。一是宣传不够。",
        SIX[5],
        "无。",
        "某市生态环境局 二〇二五年一月二十日",
        "主办单位：某市人民政府",
    )
    extraction = extract_text(text)
    report = extraction.report
    assert (report.agency, report.year) == ("某市生态环境局", 2024)
    assert report.opening.startswith("本报告依据《条例》编制。")
    assert report.contact == Contact(office="某市生态环境局办公室", phone="0517-83605210", email="hbj@example.cn")
    assert report.problems.subsections == (Subsection("（一）存在的问题。", ("一是宣传不够。",)),)
    assert report.other_matters.paragraphs == ("无。",)
    assert report.signature == Signature("某市生态环境局", datetime.date(2025, 1, 20))
    notes = [str(n) for n in extraction.notes]
    assert any("网页信息“发布日期：2025-01-20 来源：本站”不属于报告" in n for n in notes)
    assert any(n.startswith("落款：落款之后的1段文字不属于报告") for n in notes)


def test_without_title_the_agency_comes_from_the_signature() -> None:
    extraction = extract_text(report_text(*SIX, "某县教育局", "2024年1月16日"))
    assert extraction.report.agency == "某县教育局"
    assert extraction.report.year == 2023
    notes = [str(n) for n in extraction.notes]
    assert "报告标题：未找到报告标题，机关名称取自落款：某县教育局" in notes
    assert "报告年度：标题中未找到年度，按落款日期的上一年取2023年" in notes


def test_a_heading_word_in_the_overview_is_not_section_two() -> None:
    text = report_text(
        "某局2023年政府信息公开工作年度报告",
        SIX[0],
        "二、主动公开情况",  # a list inside 一 that reuses the numerals
        "全年公开信息12条。",
        SIX[1],
        "\t规章",
        "\t0",
        "\t0",
        "\t0",
        "",
        *SIX[2:],
    )
    report = extract_text(text).report
    assert report.overview.paragraphs == ("二、主动公开情况", "全年公开信息12条。")


def test_fees_and_proposals_are_read_from_section_six() -> None:
    text = report_text(
        "某局2023年政府信息公开工作年度报告",
        *SIX,
        "（一）信息处理费收取情况",
        "2023年度共收取信息处理费420.50元，涉及5件申请。",
        "（二）人大代表建议和政协提案办理情况",
        "共办理人大代表建议12件、政协委员提案8件，均已按时办结。",
    )
    extraction = extract_text(text)
    matters = extraction.report.other_matters
    assert matters.processing_fees == ProcessingFees(5, Decimal("420.50"))
    assert matters.proposals == Proposals(12, 8)
    assert [s.topic for s in matters.subsections] == [Topic.PROCESSING_FEES, Topic.PROPOSALS]
    notes = [str(n) for n in extraction.notes]
    assert "六、其他需要报告的事项/信息处理费：从正文识别：5件，420.50元" in notes


def test_no_fee_sentence_keeps_zero() -> None:
    text = report_text("某局2023年政府信息公开工作年度报告", *SIX, "2023年度未收取信息处理费。")
    assert extract_text(text).report.other_matters.processing_fees == ProcessingFees()
