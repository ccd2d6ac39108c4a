"""What the prose of a report states about applications, 行政复议 and 行政诉讼.

Reads sentences such as “共受理政府信息公开申请3件” or “未发生行政复议、行政诉讼案件”
into :class:`Claim` values, which :mod:`nianbao.checks` compares with 表三 and 表四.
Only phrases whose meaning is plain are read: a sentence this module does not
understand yields no claim, so it can never cause a false finding.

>>> [(c.measure, c.value) for c in read_claims("2023年共受理政府信息公开申请3件，办结2件，1件结转下年度办理。")]
[('received', 3), ('closed', 2), ('carried_forward', 1)]
>>> [(c.kind.value, c.subject.value) for c in read_claims("2023年未发生行政复议、行政诉讼案件。")]
[('none', 'cases')]
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterator
from typing import Final

from attrs import frozen

from nianbao import labels


class Subject(enum.StrEnum):
    """What a claim is about."""

    APPLICATIONS = "applications"  # 表三
    REVIEW = "review"  # 表四 行政复议
    LITIGATION = "litigation"  # 表四 行政诉讼: both litigation blocks
    DIRECT_LITIGATION = "direct_litigation"  # 未经复议直接起诉
    LITIGATION_AFTER_REVIEW = "litigation_after_review"  # 复议后起诉
    CASES = "cases"  # 行政复议和行政诉讼 together


class Kind(enum.StrEnum):
    """The shape of a claim."""

    NUMBER = "number"  # “受理申请3件”
    NONE = "none"  # “未收到政府信息公开申请”, “无下年度结转”
    ALL_UPHELD = "all_upheld"  # “均获维持”
    ALL_CLOSED = "all_closed"  # “均已审结”


@frozen
class Claim:
    """One statement of the prose about a table figure.

    ``measure`` names the figure: for applications ``received`` (收到/受理), ``closed``
    (办结/答复), ``handled`` (办理), ``carried_over``, ``carried_forward``, a result
    group (``disclosed``, ``withheld``, …), a sub-row key of
    :data:`nianbao.labels.APPLICATION_ROWS` or an applicant column key; for cases
    ``total``, ``closed`` or an outcome column key (``upheld``, ``corrected``,
    ``other``, ``pending``). ``value`` is the stated number (0 for a NONE claim,
    None for the ALL_* claims). ``phrase`` holds the words that state it and
    ``sentence`` the whole sentence, as written.
    """

    kind: Kind
    subject: Subject
    measure: str
    value: int | None
    phrase: str
    sentence: str


# --- patterns ---------------------------------------------------------------------

_FULL_WIDTH_DIGITS: Final = str.maketrans("０１２３４５６７８９", "0123456789")
_SENTENCES: Final = re.compile(r"[^。！？!?\n]+[。！？!?]?")
_CLAUSE_BREAK: Final = re.compile(r"[，,；;：:（）()【】\[\]]")
# a count: digits and a measure word (years, dates and percentages have none of these)
_COUNT: Final = re.compile(r"(?<![\d.])(\d+)\s*(?:件|条|起|份|宗)")
_THOUSANDS: Final = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")

# Which case block a phrase names (first match wins).
_CASE_SUBJECTS: Final = (
    (Subject.LITIGATION_AFTER_REVIEW, re.compile(r"复议后(?:起诉|诉讼|提起)|经复议后?(?:起诉|诉讼)")),
    (Subject.DIRECT_LITIGATION, re.compile(r"直接起诉|未经复议")),
    (Subject.CASES, re.compile(r"复议.*(?:诉讼|起诉)|(?:诉讼|起诉).*复议")),
    (Subject.REVIEW, re.compile(r"复议")),
    (Subject.LITIGATION, re.compile(r"诉讼|起诉|应诉")),
)
_CASE_MEASURES: Final = (
    ("pending", re.compile(r"尚未审结|未审结|未结案|在审")),
    ("upheld", re.compile(r"维持")),
    ("corrected", re.compile(r"纠正|纠错")),
    ("other", re.compile(r"其他结果")),
    ("closed", re.compile(r"审结|结案|办结")),
)


def _leaf_measures() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Sub-rows of 三、本年度办理结果 named by their label (“本机关不掌握相关政府信息”)."""
    found = []
    for group_key, _, sub_rows in labels.RESULT_GROUPS:
        for key, label in sub_rows:
            words = re.sub(r"^\d+\.", "", label)
            if len(words) >= 4:  # “3.其他” says nothing on its own
                found.append((f"{group_key}_{key}", re.compile(re.escape(words))))
    return tuple(found)


_APPLICATION_MEASURES: Final = (
    *_leaf_measures(),
    ("disclosed_or_partially", re.compile(r"予以公开(?:及|和|与|、|或)部分公开")),
    ("partially_disclosed", re.compile(r"部分公开")),
    ("withheld", re.compile(r"不予公开")),
    ("disclosed", re.compile(r"予以公开")),
    ("unable", re.compile(r"无法提供")),
    ("not_processed", re.compile(r"不予处理")),
    ("other_handling", re.compile(r"其他处理")),
    ("carried_over", re.compile(r"上一?年度?(?:结转|转入)|结转上一?年|由上一?年")),
    (
        "carried_forward",
        re.compile(r"结转(?:至|到)?下一?年|转(?:入|至|到)?下一?年|顺延|结转(?:至|到)\d+年|下一?年度?继续"),
    ),
    ("legal_persons", re.compile(r"法人")),
    ("natural_person", re.compile(r"自然人")),
    *((column.key, re.compile(column.label)) for column in labels.APPLICANT_COLUMNS[1:5]),
    ("closed", re.compile(r"办结|答复|办理完毕|办理完成|作出决定")),
)
# “收到/受理 … 件” counts only when the phrase itself says 申请 (not “共计发布信息500条”).
_RECEIVED: Final = re.compile(r"收到|受理|接收|接到|收办|新收|提出|提交|共|累计|总数|总量|数量")
_HANDLED: Final = re.compile(r"办理")
# Phrases about other business that happen to sit in a sentence about applications.
_OTHER_BUSINESS: Final = re.compile(
    r"主动公开|发布|建议|提案|信访|举报|投诉|咨询|留言|来电|政务信息|政府信息\d|撤回|撤销|补正|逾期|缴纳|转办|告知"
)

_NO: Final = r"(?:无|没有(?:收到|接到|接收|受理|发生|产生)?|(?:尚)?未(?:收到|接到|接收|受理|发生|产生|有))"
_NO_APPLICATIONS: Final = re.compile(
    _NO + r"(?:过|到|任何|受理过|有关|关于|涉及)*(?:依申请公开|(?:政府)?信息公开(?:的)?申请|公开申请)"
    r"(?!超期|逾期|答复|办理|被|引发|引起|导致|纠错|违法|工作|制度|流程|不及时|行政|复议|诉讼)"
)
_NO_CARRIED_OVER: Final = re.compile(r"(?:无|没有)(?:上一?年度?结转|结转上一?年)")
_NO_CARRIED_FORWARD: Final = re.compile(r"(?:无|没有)(?:下一?年度?)?(?:结转|转入下一?年|顺延)")
_NO_CASES: Final = re.compile(
    r"(?:无|没有|(?:尚)?未(?:发生|出现|收到|接到|有|产生|涉及|被))[^，,；;。！？\d]{0,20}?"
    r"(?:行政复议|行政诉讼|复议|诉讼)(?=案件|案|的情况|情况|等|、|和|及|与|或|申请|事项|[。！？!?]|$)"
)
_ALL_UPHELD: Final = re.compile(r"均(?:获|被|予|已)?维持|全部(?:获|被|予)?维持|均为(?:结果)?维持")
_ALL_CLOSED: Final = re.compile(r"均已(?:审结|结案)|已?全部(?:审结|结案)|均(?:审结|结案)")


# --- reading ----------------------------------------------------------------------


def sentences(text: str) -> Iterator[str]:
    """The sentences of a text, each with its closing mark."""
    for match in _SENTENCES.finditer(text):
        sentence = match.group().strip()
        if sentence:
            yield sentence


def read_claims(text: str, on_topic: bool = True) -> list[Claim]:
    """Every claim the text makes about applications, 行政复议 and 行政诉讼.

    ``on_topic`` says the text is where such figures belong (一、（二）依申请公开 or the
    notes before 表三 and 表四). Elsewhere only sentences that speak of 信息公开 are read,
    so that a 司法局's “办理行政复议案件300件” about its own business is left alone.
    """
    claims: list[Claim] = []
    for sentence in sentences(text):
        if on_topic or "信息公开" in sentence:
            claims.extend(_sentence_claims(sentence, on_topic))
    return claims


def _sentence_claims(sentence: str, on_topic: bool) -> Iterator[Claim]:
    plain = _THOUSANDS.sub("", sentence.translate(_FULL_WIDTH_DIGITS))
    about_applications = on_topic or "申请" in plain
    case_subject: Subject | None = None
    for clause in _CLAUSE_BREAK.split(plain):
        yield from _none_claims(clause, sentence, about_applications)
        counts = list(_COUNT.finditer(clause))
        for i, count in enumerate(counts):
            before = clause[counts[i - 1].end() if i else 0 : count.start()]
            after = clause[count.end() : counts[i + 1].start() if i + 1 < len(counts) else len(clause)]
            if i + 1 < len(counts):
                after = after.split("、")[0]  # in “341件、转下年度办理121件” the rest leads to 121
            value = int(count.group(1))
            named = _case_subject(before) or _case_subject(after)
            if named is not None:
                case_subject = _follow(case_subject, named)
                measure = _first(_CASE_MEASURES, before) or "total"
                yield Claim(Kind.NUMBER, named, measure, value, before.strip() + count.group(), sentence)
                continue
            if case_subject is not None:
                # after a 复议/诉讼 figure, “其中结果维持5件” speaks of the same cases
                outcome = _first(_CASE_MEASURES, before) or _first(_CASE_MEASURES, after)
                if outcome is not None:
                    yield Claim(Kind.NUMBER, case_subject, outcome, value, _phrase(before, count, after), sentence)
                    continue
                if "申请" not in before + after:
                    continue  # “行政复议2件，已办结2件”: not about applications
            if about_applications:
                claim = _application_claim(before, count, after, sentence)
                if claim is not None:
                    yield claim
        mentioned = _case_subject(clause)
        if mentioned is not None:
            case_subject = _follow(case_subject, mentioned)
    yield from _all_claims(plain, sentence)


def _application_claim(before: str, count: re.Match[str], after: str, sentence: str) -> Claim | None:
    value = int(count.group(1))
    for words in (before, after):
        if _OTHER_BUSINESS.search(words):
            return None
    for words in (before, after):
        measure = _first(_APPLICATION_MEASURES, words)
        if measure is not None:
            return Claim(Kind.NUMBER, Subject.APPLICATIONS, measure, value, _phrase(before, count, after), sentence)
    if _RECEIVED.search(before + after) and "申请" in before + after:
        return Claim(Kind.NUMBER, Subject.APPLICATIONS, "received", value, _phrase(before, count, after), sentence)
    if _HANDLED.search(before + after) and "申请" in before + after:
        return Claim(Kind.NUMBER, Subject.APPLICATIONS, "handled", value, _phrase(before, count, after), sentence)
    return None


def _none_claims(clause: str, sentence: str, about_applications: bool) -> Iterator[Claim]:
    if match := _NO_APPLICATIONS.search(clause):
        yield Claim(Kind.NONE, Subject.APPLICATIONS, "received", 0, match.group(), sentence)
    if about_applications:
        if match := _NO_CARRIED_OVER.search(clause):
            yield Claim(Kind.NONE, Subject.APPLICATIONS, "carried_over", 0, match.group(), sentence)
        elif match := _NO_CARRIED_FORWARD.search(clause):
            yield Claim(Kind.NONE, Subject.APPLICATIONS, "carried_forward", 0, match.group(), sentence)
    if match := _NO_CASES.search(clause):
        subject = _case_subject(clause[match.start() :])
        if subject is not None:
            yield Claim(Kind.NONE, subject, "total", 0, clause[match.start() :].strip(), sentence)


def _follow(current: Subject | None, named: Subject) -> Subject:
    """The cases later outcomes speak of, after a phrase that names ``named``.

    “行政诉讼5件（未经复议直接起诉2件、复议后起诉3件），其中结果维持4件”: the two
    litigation blocks inside a 行政诉讼 figure are its breakdown, not a new subject.
    """
    breakdown = (Subject.DIRECT_LITIGATION, Subject.LITIGATION_AFTER_REVIEW)
    if current is Subject.LITIGATION and named in breakdown:
        return current
    return named


def _all_claims(plain: str, sentence: str) -> Iterator[Claim]:
    """“均获维持”, “均已审结”: about the cases named before them in the same part of the sentence."""
    earlier: Subject | None = None
    for part in re.split(r"[；;]", plain):
        claims = [
            (kind, match)
            for kind, pattern in ((Kind.ALL_UPHELD, _ALL_UPHELD), (Kind.ALL_CLOSED, _ALL_CLOSED))
            for match in pattern.finditer(part)
        ]
        for kind, match in sorted(claims, key=lambda claim: claim[1].start()):
            subject = _cases_named(part[: match.start()]) or earlier
            if subject is None and kind is Kind.ALL_UPHELD:
                subject = Subject.CASES  # only cases can be “维持”
            if subject is not None:
                yield Claim(kind, subject, "total", None, match.group(), sentence)
        earlier = _cases_named(part) or earlier


def _cases_named(text: str) -> Subject | None:
    """The case blocks a stretch of text speaks of, all of them together."""
    review = "复议" in text.replace("复议后起诉", "").replace("复议后诉讼", "")
    litigation = bool(re.search(r"诉讼|起诉", text))
    if review and litigation:
        return Subject.CASES
    if review:
        return Subject.REVIEW
    if litigation:
        return _case_subject(text)
    return None


def _case_subject(words: str) -> Subject | None:
    for subject, pattern in _CASE_SUBJECTS:
        if pattern.search(words):
            return subject
    return None


def _first(measures: tuple[tuple[str, re.Pattern[str]], ...], words: str) -> str | None:
    return next((measure for measure, pattern in measures if pattern.search(words)), None)


def _phrase(before: str, count: re.Match[str], after: str) -> str:
    """The words of one figure: what leads to it, or what follows when nothing leads."""
    lead = before.strip("、 ")
    if lead and not re.fullmatch(r"(?:其中|另有|共|共有|有)", lead):
        return lead + count.group()
    return (lead + count.group() + after).strip("、 ")
