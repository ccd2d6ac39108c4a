"""The text of a report: title, opening, the six sections, their subsections and the 落款.

Sections are found by their headings ("一、总体情况" … "六、其他需要报告的事项", with the
variants real reports use: other wording, other punctuation after the numeral, no
numeral, typos). Subsections start with a bracketed number ("（一）", "(2)"); in 一 the
heading is usually run in ("（一）主动公开方面。" followed by text in the same
paragraph), which formatting shows in .docx and .html and the wording shows in text.

>>> section_number("四、政府信息公开行政法复议、行政诉讼情况")
(4, False)
>>> section_number("三、收到和处理政府信息公开申请情况")
(3, True)
>>> section_number("二是主动公开方面") is None
True
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Final

from attrs import frozen

from nianbao import labels as L
from nianbao.extract.document import Block, Paragraph, Table
from nianbao.extract.normalize import clean, label_key, parse_date, raw_key, squash
from nianbao.extract.notes import Note
from nianbao.model import (
    Contact,
    OtherMatters,
    Overview,
    ProcessingFees,
    Proposals,
    Section,
    Signature,
    Subsection,
    Topic,
)

_NUMERALS: Final = "一二三四五六"
_SECTION_NUMBERED: Final = re.compile(
    r"^(?:第\s*(?P<part>[一二三四五六])\s*(?:部分|章)\s*[、.．，,：:]?|(?P<num>[一二三四五六])\s*(?:[、.．，,：:]|\s))\s*(?P<rest>.*)$"
)
SECTION_KEYWORDS: Final = {
    1: ("总体情况", "概述", "总体"),
    2: ("主动公开",),
    3: ("收到和处理", "依申请", "申请情况", "处理政府信息公开申请"),
    4: ("复议", "诉讼"),
    5: ("问题",),
    6: ("其他", "需要报告"),
}
# Unnumbered headings accepted as they stand (label keys): the official titles and the
# variants FORMAT.md lists.
_SECTION_VARIANTS: Final = {
    **{label_key(title): n for n, title in enumerate(L.SECTION_TITLES, start=1)},
    label_key("因政府信息公开工作被申请行政复议、提起行政诉讼情况"): 4,
    label_key("政府信息公开行政复议及行政诉讼情况"): 4,
    label_key("因政府信息公开申请行政复议、提起行政诉讼的情况"): 4,
    label_key("政府信息公开工作存在的主要问题及改进情况"): 5,
    label_key("其他需要报告的事项"): 6,
}
SECTION_MAX_CHARS: Final = 40

_ENUMERATOR: Final = re.compile(r"^[（(]\s*(?:[一二三四五六七八九十]{1,3}|\d{1,2}|[０-９]{1,2})\s*[）)]")
_RUN_IN_END: Final = re.compile(r"[。：:]")
RUN_IN_MAX_CHARS: Final = 60
HEADING_MAX_CHARS: Final = 80

_TITLE: Final = re.compile(r"^(?P<agency>.*?)(?P<year>\d{4})年度?政府信息公开(?:工作)?年度报告(?:全文)?$")
_AGENCY_END: Final = re.compile(
    r"(局|委|办|厅|署|院|所|部|会|中心|政府|办公室|街道|镇|乡|处|站|队|室|馆|社|公司|集团|监狱|法院|检察院|大学|学院)$"
)
_SIGNATURE_ONE_LINE: Final = re.compile(r"^(?P<agency>\S.{1,40}?)\s+(?P<date>\S+年\S+月\S+日)$")
_PAGE_CHROME: Final = re.compile(r"发布(时间|日期)|来源[:：]|字号|浏览(次数)?|索引号|【(打印|关闭)】|分享到|访问量")

OVERVIEW_TOPICS: Final = (
    (Topic.APPLICATIONS, ("依申请",)),
    (Topic.ACTIVE_DISCLOSURE, ("主动公开",)),
    (Topic.INFORMATION_MANAGEMENT, ("信息管理",)),
    (Topic.PLATFORMS, ("平台",)),
    (Topic.OVERSIGHT, ("监督", "保障")),
    (Topic.CASES, ("复议", "诉讼")),
)
OTHER_TOPICS: Final = (
    (Topic.PROCESSING_FEES, ("处理费",)),
    (Topic.PROPOSALS, ("建议", "提案")),
    (Topic.INNOVATION, ("创新",)),
    (Topic.WORK_PLAN, ("工作要点", "工作方案", "要点落实", "落实情况")),
    (Topic.CASES, ("复议", "诉讼")),
)

_CONTACT: Final = {
    "office": re.compile(r"(?:请与|请联系|联系单位[:：]?)\s*(?P<v>[^，,。；;（(：:]{2,40}?)\s*联系"),
    "address": re.compile(r"(?:通讯|通信|联系)?地址\s*[:：]?\s*(?P<v>[^;；，,。）)]{2,80})"),
    "postcode": re.compile(r"邮\s*(?:政)?\s*编\s*(?:码)?\s*[:：]?\s*(?P<v>\d{6})"),
    "phone": re.compile(r"(?:联系|咨询)?电\s*话\s*[:：]?\s*(?P<v>\d[\d\-－—()（） ]{4,}\d)"),
    "email": re.compile(r"(?P<v>[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+)"),
}
_CONTACT_LABELS: Final = {"office": "联系机构", "address": "地址", "postcode": "邮编", "phone": "电话", "email": "邮箱"}


@frozen
class TextRead:
    """What the text of a source says, with the notes made while reading it."""

    agency: str
    year: int | None
    opening: str
    contact: Contact
    overview: Overview
    active_disclosure_notes: tuple[str, ...]
    applications_notes: tuple[str, ...]
    cases_notes: tuple[str, ...]
    problems: Section
    other_matters: OtherMatters
    signature: Signature
    notes: tuple[Note, ...]
    sections_found: int


def section_number(text: str) -> tuple[int, bool] | None:
    """Which section a heading opens, and whether it is worded as the official title."""
    line = clean(text)
    if len(squash(line)) > SECTION_MAX_CHARS or _ENUMERATOR.match(line):
        return None
    m = _SECTION_NUMBERED.match(line)
    if m is not None:
        n = _NUMERALS.index(m.group("part") or m.group("num")) + 1
        rest = squash(m.group("rest"))
        if not any(word in rest for word in SECTION_KEYWORDS[n]):
            return None
        return n, raw_key(rest) == raw_key(L.SECTION_TITLES[n - 1])
    key = label_key(line)
    if key in _SECTION_VARIANTS:
        n = _SECTION_VARIANTS[key]
        return n, raw_key(line) == raw_key(L.SECTION_TITLES[n - 1])
    return None


def is_enumerated(text: str) -> bool:
    """Whether text starts with a bracketed item number: （一）, (2), （3）."""
    return _ENUMERATOR.match(clean(text)) is not None


def prose(text: str) -> str:
    """A paragraph as the model keeps it: trimmed, line breaks inside it dropped."""
    return "".join(line.strip() for line in clean(text).split("\n"))


def read_sections(blocks: Sequence[Block]) -> TextRead:
    """Read the title, opening, sections and 落款 from a source's blocks."""
    return _SectionReader(blocks).read()


class _SectionReader:
    def __init__(self, blocks: Sequence[Block]) -> None:
        self.blocks = list(blocks)
        self.notes: list[Note] = []

    def note(self, location: str, message: str, paragraph: Paragraph | None = None) -> None:
        where = f"第{paragraph.index}段" if paragraph is not None and paragraph.index else ""
        self.notes.append(Note(location, message, where))

    def read(self) -> TextRead:
        headings = self._headings()
        first = min(headings.values(), default=len(self.blocks))
        agency, year, title_at = self._title(first)
        opening = self._opening(title_at, first)
        contact = self._contact(opening)
        parts = self._parts(headings)
        signature = Signature()
        if parts:
            last = max(parts)
            signature, parts[last] = self._signature(parts[last], agency)
        if not agency:
            agency = signature.agency or contact.office
            if agency:
                self.note(
                    "报告标题", f"未找到报告标题，机关名称取自{'落款' if signature.agency else '联系方式'}：{agency}"
                )
        if year is None:
            year = self._year_elsewhere(opening, signature)
        for n in range(1, 7):
            if n not in headings:
                self.note(L.SECTION_TITLES[n - 1], "未找到此部分的标题，此部分按空白处理")
        overview_paragraphs, overview_subsections = self._subsections(parts.get(1, []), OVERVIEW_TOPICS)
        problems = Section(*self._subsections(parts.get(5, []), ()))
        other_paragraphs, other_subsections = self._subsections(parts.get(6, []), OTHER_TOPICS)
        fees, proposals = self._figures_in_other_matters(other_paragraphs, other_subsections)
        return TextRead(
            agency=agency,
            year=year,
            opening=opening,
            contact=contact,
            overview=Overview(overview_paragraphs, overview_subsections),
            active_disclosure_notes=tuple(prose(p.text) for p in parts.get(2, [])),
            applications_notes=tuple(prose(p.text) for p in parts.get(3, [])),
            cases_notes=tuple(prose(p.text) for p in parts.get(4, [])),
            problems=problems,
            other_matters=OtherMatters(other_paragraphs, other_subsections, fees, proposals),
            signature=signature,
            notes=tuple(self.notes),
            sections_found=len(headings),
        )

    # --- headings --------------------------------------------------------------------

    def _headings(self) -> dict[int, int]:
        """Block index of each section heading found, in order, 一 to 六."""
        candidates: dict[int, list[tuple[int, bool]]] = {n: [] for n in range(1, 7)}
        for i, block in enumerate(self.blocks):
            if isinstance(block, Paragraph):
                found = section_number(block.text)
                if found is not None:
                    candidates[found[0]].append((i, found[1]))
        chosen: dict[int, int] = {}
        last = -1
        for n in range(1, 7):
            after = [(i, official) for i, official in candidates[n] if i > last]
            if not after:
                continue
            # 二、三、四 are followed by their tables: of several candidates, take the one closest before a table.
            if n in (2, 3, 4) and len(after) > 1:
                after.sort(key=lambda c: (self._to_next_table(c[0]), c[0]))
            i, official = after[0]
            chosen[n] = last = i
            if not official:
                block = self.blocks[i]
                assert isinstance(block, Paragraph)
                self.note(
                    L.SECTION_TITLES[n - 1],
                    f"标题“{clean(block.text)}”与官方格式“{L.SECTION_TITLES[n - 1]}”不同，已按此部分读取",
                    block,
                )
        return chosen

    def _to_next_table(self, start: int) -> int:
        """How many blocks after ``start`` the next table comes (past the end if none)."""
        for k, block in enumerate(self.blocks[start + 1 :], start=1):
            if isinstance(block, Table):
                return k
        return len(self.blocks)

    def _paragraphs(self, start: int, end: int) -> list[Paragraph]:
        return [b for b in self.blocks[start:end] if isinstance(b, Paragraph)]

    def _parts(self, headings: dict[int, int]) -> dict[int, list[Paragraph]]:
        order = sorted(headings.items(), key=lambda item: item[1])
        parts: dict[int, list[Paragraph]] = {}
        for k, (n, start) in enumerate(order):
            end = order[k + 1][1] if k + 1 < len(order) else len(self.blocks)
            parts[n] = self._paragraphs(start + 1, end)
        return parts

    # --- title and opening -------------------------------------------------------------

    def _title(self, first_heading: int) -> tuple[str, int | None, int]:
        """Agency, year and block index of the title (-1 when there is none)."""
        paragraphs = [(i, b) for i, b in enumerate(self.blocks[:first_heading]) if isinstance(b, Paragraph)]
        for k in range(len(paragraphs) - 1, -1, -1):
            i, paragraph = paragraphs[k]
            m = _TITLE.match(squash(paragraph.text))
            if m is None:
                continue
            agency = m.group("agency")
            if not agency and k > 0:
                above = squash(paragraphs[k - 1][1].text)
                if 0 < len(above) <= SECTION_MAX_CHARS:
                    agency = above
            return agency, int(m.group("year")), i
        self.note("报告标题", "未找到报告标题（“××××年政府信息公开工作年度报告”）")
        return "", None, -1

    def _opening(self, title_at: int, first_heading: int) -> str:
        paragraphs = self._paragraphs(title_at + 1, first_heading)
        if title_at < 0:
            # Without a title, what precedes 一 may be page furniture: start at the report's own words.
            starts = [k for k, p in enumerate(paragraphs) if re.search(r"本报告|年度报告|条例", p.text)]
            paragraphs = paragraphs[starts[0] :] if starts else []
        kept = []
        for p in paragraphs:
            if len(squash(p.text)) <= 60 and _PAGE_CHROME.search(p.text):
                self.note("开头段落", f"网页信息“{clean(p.text)}”不属于报告，未读取", p)
            else:
                kept.append(prose(p.text))
        return "".join(kept)

    def _contact(self, opening: str) -> Contact:
        found: dict[str, str] = {}
        for name, pattern in _CONTACT.items():
            m = pattern.search(opening)
            if m is not None:
                found[name] = m.group("v").strip()
        if found:
            listed = "；".join(f"{_CONTACT_LABELS[k]}：{v}" for k, v in found.items())
            self.note("联系方式", f"从开头段落识别：{listed}")
        return Contact(**found)

    def _year_elsewhere(self, opening: str, signature: Signature) -> int | None:
        m = re.search(r"(\d{4})\s*年\s*1\s*月\s*1\s*日", opening)
        if m is not None:
            self.note("报告年度", f"标题中未找到年度，按开头段落的统计期限取{m.group(1)}年")
            return int(m.group(1))
        if signature.date is not None:
            year = signature.date.year - 1
            self.note("报告年度", f"标题中未找到年度，按落款日期的上一年取{year}年")
            return year
        return None

    # --- subsections ---------------------------------------------------------------------

    def _subsections(
        self, paragraphs: list[Paragraph], topics: Sequence[tuple[Topic, tuple[str, ...]]]
    ) -> tuple[list[str], list[Subsection]]:
        leading: list[str] = []
        heads: list[tuple[str, list[str]]] = []
        for p in paragraphs:
            head = subsection_head(p)
            if head is not None:
                heads.append((head[0], [head[1]] if head[1] else []))
            elif heads:
                heads[-1][1].append(prose(p.text))
            else:
                leading.append(prose(p.text))
        used: set[Topic] = set()
        subsections = []
        for heading, body in heads:
            topic = topic_of(heading, topics)
            if topic in used:
                topic = None
            if topic is not None:
                used.add(topic)
            subsections.append(Subsection(heading, tuple(body), topic))
        return leading, subsections

    def _figures_in_other_matters(
        self, paragraphs: list[str], subsections: list[Subsection]
    ) -> tuple[ProcessingFees, Proposals]:
        def text_on(topic: Topic) -> str:
            own = [s for s in subsections if s.topic == topic]
            chosen = own or [Subsection("", tuple(paragraphs))] + [s for s in subsections if s.topic is None]
            return "".join(p for s in chosen for p in s.paragraphs)

        fees = ProcessingFees()
        for sentence in re.split(r"[。；;]", text_on(Topic.PROCESSING_FEES)):
            if "处理费" not in sentence or re.search(r"(未|无|没有|不)\s*收取", sentence):
                continue
            amount = re.search(r"(\d+(?:\.\d+)?)\s*元", sentence)
            count = re.search(r"(\d+)\s*(?:件|笔|次)", sentence)
            if amount is not None or count is not None:
                fees = ProcessingFees(
                    count=int(count.group(1)) if count else 0,
                    amount=Decimal(amount.group(1)) if amount else Decimal(0),
                )
                self.note("六、其他需要报告的事项/信息处理费", f"从正文识别：{fees.count}件，{fees.amount}元")
                break
        text = text_on(Topic.PROPOSALS)
        npc = re.search(r"人大代表建议\s*(\d+)\s*件", text)
        cppcc = re.search(r"政协(?:委员)?提案\s*(\d+)\s*件", text)
        proposals = Proposals(int(npc.group(1)) if npc else 0, int(cppcc.group(1)) if cppcc else 0)
        if npc or cppcc:
            self.note(
                "六、其他需要报告的事项/人大代表建议和政协提案",
                f"从正文识别：人大代表建议{proposals.npc_suggestions}件，政协提案{proposals.cppcc_proposals}件",
            )
        return fees, proposals

    # --- 落款 ------------------------------------------------------------------------------

    def _signature(self, paragraphs: list[Paragraph], agency: str) -> tuple[Signature, list[Paragraph]]:
        """The 落款 at the end of the last section, and that section without it."""
        for j in range(len(paragraphs) - 1, -1, -1):
            text = clean(paragraphs[j].text)
            date = parse_date(text)
            signer = ""
            start = j
            if date is None:
                m = _SIGNATURE_ONE_LINE.match(text)
                if m is None or (date := parse_date(m.group("date"))) is None:
                    continue
                signer = squash(m.group("agency"))
            elif j > 0 and _looks_like_agency(paragraphs[j - 1].text, agency):
                signer, start = squash(paragraphs[j - 1].text), j - 1
            after = paragraphs[j + 1 :]
            if after:
                shown = "；".join(clean(p.text)[:20] for p in after[:3])
                self.note("落款", f"落款之后的{len(after)}段文字不属于报告，未读取（{shown}…）", after[0])
            return Signature(signer, date), paragraphs[:start]
        return Signature(), paragraphs


def _looks_like_agency(text: str, agency: str) -> bool:
    line = squash(text)
    if not line or len(line) > SECTION_MAX_CHARS or is_enumerated(line):
        return False
    return line == agency or _AGENCY_END.search(line) is not None


def subsection_head(paragraph: Paragraph) -> tuple[str, str] | None:
    """(heading, rest of the paragraph) when a paragraph opens a subsection."""
    text = prose(paragraph.text)
    lead = prose(paragraph.lead)
    enumerated = _ENUMERATOR.match(text) is not None
    if lead and text.startswith(lead) and _ENUMERATOR.match(lead):
        return lead, text[len(lead) :].strip()
    short_unpunctuated = len(text) <= SECTION_MAX_CHARS and not text.endswith(("。", "；", ";"))
    if paragraph.heading and len(text) <= HEADING_MAX_CHARS and (enumerated or short_unpunctuated):
        return text, ""
    if not enumerated:
        return None
    m = _RUN_IN_END.search(text)
    if m is not None and m.end() < len(text) and m.start() < RUN_IN_MAX_CHARS:
        return text[: m.end()], text[m.end() :].strip()
    if len(text) <= RUN_IN_MAX_CHARS:
        return text, ""
    comma = re.search(r"[，,]", text)
    if comma is not None and comma.start() <= 20:
        return text[: comma.end()], text[comma.end() :].strip()
    enumerator = _ENUMERATOR.match(text)
    assert enumerator is not None
    return text[: enumerator.end()], text[enumerator.end() :].strip()


def topic_of(heading: str, topics: Sequence[tuple[Topic, tuple[str, ...]]]) -> Topic | None:
    """The standard subsection a heading clearly names (exactly one topic's words), if any.

    >>> topic_of("（四）政府信息公开平台建设方面。", OVERVIEW_TOPICS)
    <Topic.PLATFORMS: 'platforms'>
    """
    words = squash(_ENUMERATOR.sub("", clean(heading)))
    matched = [topic for topic, keys in topics if any(k in words for k in keys)]
    return matched[0] if len(matched) == 1 else None
