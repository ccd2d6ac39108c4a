"""Reading claims from real report sentences (SENTENCES.md), and leaving others alone."""

from __future__ import annotations

import pytest

from nianbao.claims import Kind, Subject, read_claims, sentences

A, R, L, C = Subject.APPLICATIONS, Subject.REVIEW, Subject.LITIGATION, Subject.CASES


def numbers(text: str, on_topic: bool = True) -> list[tuple[Subject, str, int | None]]:
    return [(c.subject, c.measure, c.value) for c in read_claims(text, on_topic) if c.kind is Kind.NUMBER]


def kinds(text: str, on_topic: bool = True) -> list[tuple[Kind, Subject, str]]:
    return [(c.kind, c.subject, c.measure) for c in read_claims(text, on_topic) if c.kind is not Kind.NUMBER]


def test_received_answered_carried_pattern_of_huaian_2024() -> None:
    text = (
        "2024 年，全市共受理政府信息公开申请 3119 件，答复 3050 件（含上年度结转申请 34 件，"
        "另有 103 件顺延到下年度答复），均在法定期限内予以答复。"
    )
    assert numbers(text) == [
        (A, "received", 3119),
        (A, "closed", 3050),
        (A, "carried_over", 34),
        (A, "carried_forward", 103),
    ]


def test_full_breakdown_of_suqian_2023() -> None:
    text = (
        "全市全年共收办政府信息公开申请案件3607件（市政府349件、市各有关部门933件、沭阳县477件、…），"
        "同比增长70.3%，其中，自然人申请3493件，法人或其他组织申请114件；予以公开1191件、部分公开328件、"
        "不予公开142件、无法提供1078件、不予处理406件、作其他处理（含申请人主动撤回申请）341件、转下年度办理121件。"
    )
    assert numbers(text) == [
        (A, "received", 3607),
        (A, "natural_person", 3493),
        (A, "legal_persons", 114),
        (A, "disclosed", 1191),
        (A, "partially_disclosed", 328),
        (A, "withheld", 142),
        (A, "unable", 1078),
        (A, "not_processed", 406),
        (A, "carried_forward", 121),
    ]


def test_percentages_and_cases_of_pingtan_2023() -> None:
    text = (
        "2023年全区接收通过邮寄、网络提交的各类政府信息公开申请共计81件，涉及自然人80件、商业企业1件。"
        "办结依申请公开81件，其中：予以公开及部分公开42件，占51.85%；不予公开5件，占6.17%；无法提供31件，"
        "占38.27%；不予处理1件，占1.23%；其他处理2件，占2.47%；因政府信息公开引起的行政复议案件2件、行政诉讼案件7件。"
    )
    assert numbers(text) == [
        (A, "received", 81),
        (A, "natural_person", 80),
        (A, "commercial_enterprise", 1),
        (A, "closed", 81),
        (A, "disclosed_or_partially", 42),
        (A, "withheld", 5),
        (A, "unable", 31),
        (A, "not_processed", 1),
        (A, "other_handling", 2),
        (R, "total", 2),
        (L, "total", 7),
    ]


def test_number_after_its_words_and_a_sub_row() -> None:
    assert numbers("本年度全区共收到70件申请，及时依法依规办结69件，1件结转下年度继续办理。") == [
        (A, "received", 70),
        (A, "closed", 69),
        (A, "carried_forward", 1),
    ]
    assert numbers("其中12条属于本机关不掌握相关政府信息而无法提供。申请共12条。") == [
        (A, "unable_not_held", 12),
        (A, "received", 12),
    ]


def test_case_outcomes_follow_their_case_kind() -> None:
    text = (
        "政府信息公开行政复议 351 件，其中结果维持 72 件，结果纠正 64 件，其他结果 178 件，尚未审结 37 件；"
        "政府信息公开行政诉讼 46 件，其中结果维持 25 件，结果纠正 5 件，其他结果 9 件，尚未审结 7 件。"
    )
    assert numbers(text) == [
        (R, "total", 351),
        (R, "upheld", 72),
        (R, "corrected", 64),
        (R, "other", 178),
        (R, "pending", 37),
        (L, "total", 46),
        (L, "upheld", 25),
        (L, "corrected", 5),
        (L, "other", 9),
        (L, "pending", 7),
    ]
    assert numbers("受理依申请公开信息16件，已答复16件；受理行政复议2件，被依法纠错2件。") == [
        (A, "received", 16),
        (A, "closed", 16),
        (R, "total", 2),
        (R, "corrected", 2),
    ]


def test_closed_after_a_case_is_not_read_as_applications() -> None:
    assert numbers("收到政府信息公开申请5件。行政复议2件，已办结2件。") == [
        (A, "received", 5),
        (R, "total", 2),
        (R, "closed", 2),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "未收到依申请公开信息的申请。",
        "2022年，未收到依申请公开事项。",
        "全年无依申请公开的情况。",
        "2021 年，我局未收到政府信息公开申请。",
        "2022年，我镇未接收受理过依申请公开。",
        "2023年度无依申请公开的信息。",
    ],
)
def test_no_applications_statements(text: str) -> None:
    assert kinds(text) == [(Kind.NONE, A, "received")]


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("2024年我办未收到依申请公开，没有发生行政复议、行政诉讼、举报投诉等情况。", C),
        ("2020 年，我单位对形成的政府信息实现了依法、有序公开，未出现申请行政复议、提起行政诉讼的情况。", C),
        ("2024年无因信息公开引起的行政复议和行政诉讼。", C),
        ("全年收到因政府信息公开申请引起的行政复议1件（已办结），未收到因政府信息公开申请引起的行政诉讼。", L),
        ("本年度未发生政府信息公开行政复议案件。", R),
    ],
)
def test_no_cases_statements(text: str, subject: Subject) -> None:
    assert (Kind.NONE, subject, "total") in kinds(text)


def test_no_carry_forward_statements() -> None:
    assert kinds("无下年度结转。") == [(Kind.NONE, A, "carried_forward")]
    assert (Kind.NONE, A, "carried_forward") in kinds("共受理36件政府信息公开申请，无结转2024年继续办理件。")
    assert kinds("无上年结转申请。") == [(Kind.NONE, A, "carried_over")]


def test_all_upheld_and_all_closed() -> None:
    assert kinds("信息公开类行政复议7件，诉讼9件，均获维持。") == [(Kind.ALL_UPHELD, C, "total")]
    assert kinds("2022年，全区共有行政诉讼案件1件、行政复议案件2件，均已结案。") == [(Kind.ALL_CLOSED, C, "total")]
    assert kinds("行政诉讼3件，均已审结。") == [(Kind.ALL_CLOSED, L, "total")]


@pytest.mark.parametrize(
    "text",
    [
        "我局无行政复议决定被纠错情况，未发生依申请公开超期答复。",  # not “none received”
        "主动公开政府信息共计500条。",  # no 申请
        "同比增长70.3%，办结率达100%。",  # shares, not counts
        "2023年12月31日前完成。",  # dates
        "全年未经复议直接起诉的案件由法院审理。",  # “未经” is not “未发生”
        "收到人大代表建议5件，政府信息公开申请在法定期限内答复。",  # 建议 is other business
        "属于四类过程性性信息1件，其他1件（申请人自主撤销）。",  # typo and bare 其他: not understood
        "其中，申请人主动撤回申请3件，逾期未补正申请1件。",  # parts of （六）, not applications received
    ],
)
def test_sentences_not_understood_give_no_claim(text: str) -> None:
    assert read_claims(text) == []


def test_off_topic_text_is_read_only_where_it_speaks_of_disclosure() -> None:
    assert read_claims("全年办理行政复议案件300件，均获维持。", on_topic=False) == []
    assert numbers("全年因政府信息公开被申请行政复议3件。", on_topic=False) == [(R, "total", 3)]


def test_thousands_separators_and_full_width_digits() -> None:
    assert numbers("共受理政府信息公开申请3,985件，办结１２件。") == [(A, "received", 3985), (A, "closed", 12)]


def test_claims_keep_their_words_and_sentence() -> None:
    [claim] = read_claims("前言。本年度，共受理政府信息公开申请2件，都在法定期限内予以答复。")
    assert claim.phrase == "共受理政府信息公开申请2件"
    assert claim.sentence == "本年度，共受理政府信息公开申请2件，都在法定期限内予以答复。"


def test_sentences_split_on_closing_marks() -> None:
    assert list(sentences("一。二！三？\n四")) == ["一。", "二！", "三？", "四"]


def test_litigation_breakdown_does_not_change_the_subject() -> None:
    text = "发生政府信息公开行政诉讼案件4件（未经复议直接起诉3件、复议后起诉1件），其中结果维持2件、尚未审结2件。"
    assert numbers(text) == [
        (L, "total", 4),
        (Subject.DIRECT_LITIGATION, "total", 3),
        (Subject.LITIGATION_AFTER_REVIEW, "total", 1),
        (L, "upheld", 2),
        (L, "pending", 2),
    ]
    assert numbers("未经复议直接起诉2件，其中结果维持2件；复议后起诉3件，其中结果纠正1件。") == [
        (Subject.DIRECT_LITIGATION, "total", 2),
        (Subject.DIRECT_LITIGATION, "upheld", 2),
        (Subject.LITIGATION_AFTER_REVIEW, "total", 3),
        (Subject.LITIGATION_AFTER_REVIEW, "corrected", 1),
    ]


def test_all_claims_speak_of_their_own_part_of_the_sentence() -> None:
    text = "行政复议3件，其中结果维持2件、尚未审结1件；行政诉讼2件，其中结果维持1件、结果纠正1件，均已审结。"
    assert kinds(text) == [(Kind.ALL_CLOSED, L, "total")]
