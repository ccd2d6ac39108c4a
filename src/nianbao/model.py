"""The typed model of an annual report.

Small frozen attrs classes, validated when they are built; totals are derived, never
stored twice. Reading and writing data files lives in :mod:`nianbao.datafile`.

>>> from nianbao.model import ApplicantCounts
>>> ApplicantCounts(3, 1, 0, 0, 0, 0).total
4
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any, Final, cast, final

import attrs
from attrs import field, frozen

from nianbao import labels

LABEL: Final = "label"
"""Key of the official Chinese label in each field's metadata."""


@final
class NotApplicable:
    """A table cell that does not apply to the agency, printed as "/".

    Kept apart from 0: an agency without rule-making power has no 规章 at all.
    """

    _instance: NotApplicable | None = None

    def __new__(cls) -> NotApplicable:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "NOT_APPLICABLE"

    def __str__(self) -> str:
        return "/"

    def __reduce__(self) -> str:
        return "NOT_APPLICABLE"


NOT_APPLICABLE: Final = NotApplicable()

Count = int
Cell = int | NotApplicable
Money = Decimal | NotApplicable


def _check_count(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{attribute.name}: 应为整数，实为 {value!r}")
    if value < 0:
        raise ValueError(f"{attribute.name}: 不能为负数，实为 {value}")


def _check_cell(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, NotApplicable):
        _check_count(instance, attribute, value)


def _check_money(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, NotApplicable):
        return
    if not isinstance(value, Decimal) or not value.is_finite():
        raise TypeError(f"{attribute.name}: 金额应为十进制数（Decimal），实为 {value!r}")
    if value < 0:
        raise ValueError(f"{attribute.name}: 金额不能为负数，实为 {value}")


def _check_optional_count(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _check_count(instance, attribute, value)


def label(text: str) -> dict[str, str]:
    """Field metadata carrying the official Chinese label."""
    return {LABEL: text}


def _non_blank(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{attribute.name}: 不能为空")


_is_str = attrs.validators.instance_of(str)
_are_str = attrs.validators.deep_iterable(_is_str)


def _texts(items: Iterable[str]) -> tuple[str, ...]:
    """Converter to a tuple, typed so that mypy accepts lists and tuples of text."""
    return tuple(items)


def _optional_texts(value: Iterable[str] | None) -> tuple[str, ...] | None:
    return None if value is None else tuple(value)


def _check_optional_texts(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _are_str(instance, attribute, value)


# --- text parts ---------------------------------------------------------------


class Topic(enum.StrEnum):
    """What a subsection reports on, so standard sentences can fill it when left empty."""

    ACTIVE_DISCLOSURE = "active_disclosure"  # 一、（一）主动公开
    APPLICATIONS = "applications"  # 一、（二）依申请公开
    INFORMATION_MANAGEMENT = "information_management"  # 一、（三）政府信息管理
    PLATFORMS = "platforms"  # 一、（四）政府信息公开平台建设
    OVERSIGHT = "oversight"  # 一、（五）监督保障
    CASES = "cases"  # 四、行政复议和行政诉讼 (opt-in: a subsection wherever the agency wants the sentence)
    PROCESSING_FEES = "processing_fees"  # 六、信息处理费
    PROPOSALS = "proposals"  # 六、人大代表建议和政协提案
    INNOVATION = "innovation"  # 六、创新实践
    WORK_PLAN = "work_plan"  # 六、工作要点落实情况


@frozen
class Subsection:
    """A numbered subsection: its heading as the agency writes it and its paragraphs."""

    heading: str = field(default="", validator=_is_str, metadata=label("小标题"))
    paragraphs: tuple[str, ...] = field(factory=tuple, converter=_texts, validator=_are_str, metadata=label("正文段落"))
    topic: Topic | None = field(
        default=None,
        validator=attrs.validators.optional(attrs.validators.instance_of(Topic)),
        metadata=label("主题"),
    )


_are_subsections = attrs.validators.deep_iterable(attrs.validators.instance_of(Subsection))


def _subsections(items: Iterable[Subsection]) -> tuple[Subsection, ...]:
    return tuple(items)


@frozen
class Section:
    """Free text of a section: leading paragraphs, then numbered subsections."""

    paragraphs: tuple[str, ...] = field(factory=tuple, converter=_texts, validator=_are_str, metadata=label("段落"))
    subsections: tuple[Subsection, ...] = field(
        factory=tuple, converter=_subsections, validator=_are_subsections, metadata=label("小节")
    )


@frozen
class Contact:
    """Who answers questions about the report (the opening paragraph's facts)."""

    office: str = field(default="", validator=_is_str, metadata=label("联系机构"))
    address: str = field(default="", validator=_is_str, metadata=label("地址"))
    postcode: str = field(default="", validator=_is_str, metadata=label("邮编"))
    phone: str = field(default="", validator=_is_str, metadata=label("联系电话"))
    email: str = field(default="", validator=_is_str, metadata=label("邮箱"))


@frozen
class Signature:
    """The 落款: the signing agency and the date."""

    agency: str = field(default="", validator=_is_str, metadata=label("落款机关"))
    date: datetime.date | None = field(
        default=None,
        validator=attrs.validators.optional(attrs.validators.instance_of(datetime.date)),
        metadata=label("成文日期"),
    )


# --- 表二 ---------------------------------------------------------------------


@frozen
class DocumentCounts:
    """One row of 第二十条第（一）项: documents issued, repealed and in force."""

    issued: Cell = field(validator=_check_cell, metadata=label(labels.ISSUED))
    repealed: Cell = field(validator=_check_cell, metadata=label(labels.REPEALED))
    in_force: Cell = field(validator=_check_cell, metadata=label(labels.IN_FORCE))


@frozen
class ActiveDisclosureTable:
    """表二 主动公开政府信息情况."""

    rules: DocumentCounts = field(metadata=label(labels.RULES))
    normative_documents: DocumentCounts = field(metadata=label(labels.NORMATIVE_DOCUMENTS))
    licensing: Cell = field(validator=_check_cell, metadata=label(labels.LICENSING))
    punishment: Cell = field(validator=_check_cell, metadata=label(labels.PUNISHMENT))
    coercion: Cell = field(validator=_check_cell, metadata=label(labels.COERCION))
    fees: Money = field(validator=_check_money, metadata=label(labels.ADMINISTRATIVE_FEES))
    """行政事业性收费, 万元, digits kept exactly as given."""

    @classmethod
    def zero(cls) -> ActiveDisclosureTable:
        none = DocumentCounts(0, 0, 0)
        return cls(none, none, 0, 0, 0, Decimal(0))


# --- 表三 ---------------------------------------------------------------------


@frozen
class ApplicantCounts:
    """One row of 表三 across the six applicant columns.

    ``stated_total`` is a 总计 found in the input (an imported table); the checks
    compare it with the derived :attr:`total`, which rendering always prints.
    """

    natural_person: int = field(validator=_check_count, metadata=label("自然人"))
    commercial_enterprise: int = field(validator=_check_count, metadata=label("商业企业"))
    research_institution: int = field(validator=_check_count, metadata=label("科研机构"))
    social_welfare_organization: int = field(validator=_check_count, metadata=label("社会公益组织"))
    legal_service_agency: int = field(validator=_check_count, metadata=label("法律服务机构"))
    other: int = field(validator=_check_count, metadata=label("其他"))
    stated_total: int | None = field(
        default=None, validator=_check_optional_count, metadata=label(labels.TOTAL), kw_only=True
    )

    @property
    def total(self) -> int:
        return sum(self.values())

    @property
    def legal_persons(self) -> int:
        """法人或其他组织: the five organisation columns together."""
        return self.total - self.natural_person

    def values(self) -> tuple[int, int, int, int, int, int]:
        """The six applicant columns in printed order."""
        return (
            self.natural_person,
            self.commercial_enterprise,
            self.research_institution,
            self.social_welfare_organization,
            self.legal_service_agency,
            self.other,
        )

    def with_total(self) -> tuple[int, ...]:
        """The seven printed cells: six columns and the derived 总计."""
        return (*self.values(), self.total)

    @classmethod
    def zero(cls) -> ApplicantCounts:
        return cls(0, 0, 0, 0, 0, 0)

    @classmethod
    def sum(cls, rows: Iterable[ApplicantCounts]) -> ApplicantCounts:
        """Column-wise sum of rows (stated totals are not carried)."""
        columns = [0] * 6
        for row in rows:
            for i, value in enumerate(row.values()):
                columns[i] += value
        return cls(*columns)


_is_row = attrs.validators.instance_of(ApplicantCounts)


class _RowGroup:
    """Shared behaviour of the groups of sub-rows under 三、本年度办理结果."""

    def rows(self) -> tuple[ApplicantCounts, ...]:
        """The sub-rows in printed order."""
        return tuple(getattr(self, a.name) for a in attrs.fields(cast(Any, type(self))))

    @property
    def total(self) -> ApplicantCounts:
        """The group's sum, e.g. all of （三）不予公开."""
        return ApplicantCounts.sum(self.rows())


@frozen
class WithheldResults(_RowGroup):
    """（三）不予公开: the eight grounds."""

    state_secret: ApplicantCounts = field(validator=_is_row, metadata=label(labels.WITHHELD_ROWS[0][1]))
    prohibited_by_law: ApplicantCounts = field(validator=_is_row, metadata=label(labels.WITHHELD_ROWS[1][1]))
    three_safeties: ApplicantCounts = field(validator=_is_row, metadata=label(labels.WITHHELD_ROWS[2][1]))
    third_party_rights: ApplicantCounts = field(validator=_is_row, metadata=label(labels.WITHHELD_ROWS[3][1]))
    internal_affairs: ApplicantCounts = field(validator=_is_row, metadata=label(labels.WITHHELD_ROWS[4][1]))
    process_information: ApplicantCounts = field(validator=_is_row, metadata=label(labels.WITHHELD_ROWS[5][1]))
    enforcement_files: ApplicantCounts = field(validator=_is_row, metadata=label(labels.WITHHELD_ROWS[6][1]))
    inquiry_matters: ApplicantCounts = field(validator=_is_row, metadata=label(labels.WITHHELD_ROWS[7][1]))


@frozen
class UnableResults(_RowGroup):
    """（四）无法提供: the three reasons."""

    not_held: ApplicantCounts = field(validator=_is_row, metadata=label(labels.UNABLE_ROWS[0][1]))
    needs_creation: ApplicantCounts = field(validator=_is_row, metadata=label(labels.UNABLE_ROWS[1][1]))
    still_unclear: ApplicantCounts = field(validator=_is_row, metadata=label(labels.UNABLE_ROWS[2][1]))


@frozen
class NotProcessedResults(_RowGroup):
    """（五）不予处理: the five reasons."""

    complaints: ApplicantCounts = field(validator=_is_row, metadata=label(labels.NOT_PROCESSED_ROWS[0][1]))
    repeated: ApplicantCounts = field(validator=_is_row, metadata=label(labels.NOT_PROCESSED_ROWS[1][1]))
    publications: ApplicantCounts = field(validator=_is_row, metadata=label(labels.NOT_PROCESSED_ROWS[2][1]))
    excessive: ApplicantCounts = field(validator=_is_row, metadata=label(labels.NOT_PROCESSED_ROWS[3][1]))
    confirmation: ApplicantCounts = field(validator=_is_row, metadata=label(labels.NOT_PROCESSED_ROWS[4][1]))


@frozen
class OtherHandlingResults(_RowGroup):
    """（六）其他处理: the three cases."""

    overdue_correction: ApplicantCounts = field(validator=_is_row, metadata=label(labels.OTHER_HANDLING_ROWS[0][1]))
    unpaid_fees: ApplicantCounts = field(validator=_is_row, metadata=label(labels.OTHER_HANDLING_ROWS[1][1]))
    other: ApplicantCounts = field(validator=_is_row, metadata=label(labels.OTHER_HANDLING_ROWS[2][1]))


@frozen
class ApplicationResults:
    """三、本年度办理结果. The （七）总计 row is derived; ``stated_total`` keeps one read from input."""

    disclosed: ApplicantCounts = field(validator=_is_row, metadata=label(labels.DISCLOSED))
    partially_disclosed: ApplicantCounts = field(validator=_is_row, metadata=label(labels.PARTIALLY_DISCLOSED))
    withheld: WithheldResults = field(metadata=label(labels.WITHHELD))
    unable: UnableResults = field(metadata=label(labels.UNABLE))
    not_processed: NotProcessedResults = field(metadata=label(labels.NOT_PROCESSED))
    other_handling: OtherHandlingResults = field(metadata=label(labels.OTHER_HANDLING))
    stated_total: ApplicantCounts | None = field(
        default=None,
        validator=attrs.validators.optional(attrs.validators.instance_of(ApplicantCounts)),
        metadata=label(labels.RESULTS_TOTAL),
        kw_only=True,
    )

    def leaf_rows(self) -> tuple[ApplicantCounts, ...]:
        """The 21 rows that add up to （七）总计, in printed order."""
        return (
            self.disclosed,
            self.partially_disclosed,
            *self.withheld.rows(),
            *self.unable.rows(),
            *self.not_processed.rows(),
            *self.other_handling.rows(),
        )

    @property
    def total(self) -> ApplicantCounts:
        """（七）总计, derived from the 21 rows above it."""
        return ApplicantCounts.sum(self.leaf_rows())


@frozen
class ApplicationTable:
    """表三 收到和处理政府信息公开申请情况."""

    new: ApplicantCounts = field(validator=_is_row, metadata=label(labels.NEW))
    carried_over: ApplicantCounts = field(validator=_is_row, metadata=label(labels.CARRIED_OVER))
    results: ApplicationResults = field(metadata=label(labels.RESULTS))
    carried_forward: ApplicantCounts = field(validator=_is_row, metadata=label(labels.CARRIED_FORWARD))

    def rows(self) -> Iterator[tuple[labels.Row, ApplicantCounts]]:
        """Every printed data row with its official label, （七）总计 derived.

        >>> len(list(ApplicationTable.zero().rows()))
        25
        """
        by_key: dict[str, ApplicantCounts] = {
            "new": self.new,
            "carried_over": self.carried_over,
            "disclosed": self.results.disclosed,
            "partially_disclosed": self.results.partially_disclosed,
            "results_total": self.results.total,
            "carried_forward": self.carried_forward,
        }
        for group_key, _label, sub_rows in labels.RESULT_GROUPS:
            group = getattr(self.results, group_key)
            for key, _ in sub_rows:
                by_key[f"{group_key}_{key}"] = getattr(group, key)
        for row in labels.APPLICATION_ROWS:
            yield row, by_key[row.key]

    @classmethod
    def zero(cls) -> ApplicationTable:
        """A table with every count 0."""
        z = ApplicantCounts.zero()
        return cls(
            new=z,
            carried_over=z,
            results=ApplicationResults(
                disclosed=z,
                partially_disclosed=z,
                withheld=WithheldResults(*(z,) * len(labels.WITHHELD_ROWS)),
                unable=UnableResults(*(z,) * len(labels.UNABLE_ROWS)),
                not_processed=NotProcessedResults(*(z,) * len(labels.NOT_PROCESSED_ROWS)),
                other_handling=OtherHandlingResults(*(z,) * len(labels.OTHER_HANDLING_ROWS)),
            ),
            carried_forward=z,
        )


# --- 表四 ---------------------------------------------------------------------


@frozen
class CaseOutcomes:
    """One block of 表四: 结果维持, 结果纠正, 其他结果, 尚未审结 and the derived 总计."""

    upheld: int = field(validator=_check_count, metadata=label("结果维持"))
    corrected: int = field(validator=_check_count, metadata=label("结果纠正"))
    other: int = field(validator=_check_count, metadata=label("其他结果"))
    pending: int = field(validator=_check_count, metadata=label("尚未审结"))
    stated_total: int | None = field(
        default=None, validator=_check_optional_count, metadata=label(labels.TOTAL), kw_only=True
    )

    @property
    def total(self) -> int:
        return self.upheld + self.corrected + self.other + self.pending

    def values(self) -> tuple[int, int, int, int]:
        return (self.upheld, self.corrected, self.other, self.pending)

    def with_total(self) -> tuple[int, int, int, int, int]:
        return (*self.values(), self.total)

    @classmethod
    def zero(cls) -> CaseOutcomes:
        return cls(0, 0, 0, 0)


@frozen
class CaseTable:
    """表四 政府信息公开行政复议、行政诉讼情况."""

    review: CaseOutcomes = field(metadata=label(labels.ADMINISTRATIVE_REVIEW))
    direct_litigation: CaseOutcomes = field(metadata=label(labels.DIRECT_LITIGATION))
    litigation_after_review: CaseOutcomes = field(metadata=label(labels.LITIGATION_AFTER_REVIEW))

    @property
    def litigation(self) -> CaseOutcomes:
        """行政诉讼 as a whole: both litigation blocks added."""
        a, b = self.direct_litigation, self.litigation_after_review
        return CaseOutcomes(a.upheld + b.upheld, a.corrected + b.corrected, a.other + b.other, a.pending + b.pending)

    @classmethod
    def zero(cls) -> CaseTable:
        z = CaseOutcomes.zero()
        return cls(z, z, z)


# --- 六 -----------------------------------------------------------------------


@frozen
class ProcessingFeeItem:
    """One line of a 信息处理费 breakdown: who charged, for how many applications, how much (元)."""

    unit: str = field(validator=_non_blank, metadata=label("收费单位"))
    count: int = field(validator=_check_count, metadata=label("收费件数"))
    amount: Decimal = field(validator=_check_money, metadata=label("收费金额（元）"))


def _check_breakdown(instance: ProcessingFees, attribute: attrs.Attribute[Any], value: object) -> None:
    # The breakdown is printed next to the totals, so it must add up to them.
    items = cast(tuple[ProcessingFeeItem, ...], value)
    if not items:
        return
    count = sum(item.count for item in items)
    amount = sum((item.amount for item in items), Decimal(0))
    if count != instance.count or amount != instance.amount:
        raise ValueError(
            f"信息处理费分项合计为 {count} 件、{amount} 元，"
            f"与收费件数 {instance.count} 件、收费金额 {instance.amount} 元不一致"
        )


@frozen
class ProcessingFees:
    """信息处理费 charged under 《政府信息公开信息处理费管理办法》, in 元 (not 万元)."""

    count: int = field(default=0, validator=_check_count, metadata=label("收费件数"))
    amount: Decimal = field(default=Decimal(0), validator=_check_money, metadata=label("收费金额（元）"))
    breakdown: tuple[ProcessingFeeItem, ...] = field(
        factory=tuple,
        converter=tuple,
        validator=[attrs.validators.deep_iterable(attrs.validators.instance_of(ProcessingFeeItem)), _check_breakdown],
        metadata=label("分项"),
    )


@frozen
class Proposals:
    """人大代表建议 and 政协提案 handled this year."""

    npc_suggestions: int = field(default=0, validator=_check_count, metadata=label("人大代表建议件数"))
    cppcc_proposals: int = field(default=0, validator=_check_count, metadata=label("政协提案件数"))


@frozen
class OtherMatters(Section):
    """六、其他需要报告的事项: free text plus the figures its stock sentences use."""

    processing_fees: ProcessingFees = field(factory=ProcessingFees, metadata=label("信息处理费"))
    proposals: Proposals = field(factory=Proposals, metadata=label("人大代表建议和政协提案"))


@frozen
class Overview(Section):
    """一、总体情况: an introduction and the five standard subsections."""


# --- the report ---------------------------------------------------------------


def _year(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    _check_count(instance, attribute, value)
    assert isinstance(value, int)
    if not 2008 <= value <= 2100:
        raise ValueError(f"year: 年度应在 2008 至 2100 之间，实为 {value}")


@frozen
class Report:
    """A whole 政府信息公开工作年度报告.

    >>> Report.blank("某市某局", 2024).title
    '某市某局2024年政府信息公开工作年度报告'
    """

    agency: str = field(validator=_non_blank, metadata=label("机关名称"))
    year: int = field(validator=_year, metadata=label("报告年度"))
    active_disclosure: ActiveDisclosureTable = field(metadata=label("表二 主动公开政府信息情况"))
    applications: ApplicationTable = field(metadata=label("表三 收到和处理政府信息公开申请情况"))
    cases: CaseTable = field(metadata=label("表四 政府信息公开行政复议、行政诉讼情况"))
    contact: Contact = field(factory=Contact, metadata=label("联系方式"))
    opening: str = field(default="", validator=_is_str, metadata=label("开头段落"))
    overview: Overview = field(factory=Overview, metadata=label("一、总体情况"))
    active_disclosure_notes: tuple[str, ...] = field(
        factory=tuple, converter=_texts, validator=_are_str, metadata=label("二、表前说明")
    )
    applications_notes: tuple[str, ...] = field(
        factory=tuple, converter=_texts, validator=_are_str, metadata=label("三、表前说明")
    )
    cases_notes: tuple[str, ...] = field(
        factory=tuple, converter=_texts, validator=_are_str, metadata=label("四、表前说明")
    )
    problems: Section = field(factory=Section, metadata=label("五、存在的主要问题及改进情况"))
    other_matters: OtherMatters = field(factory=OtherMatters, metadata=label("六、其他需要报告的事项"))
    signature: Signature = field(factory=Signature, metadata=label("落款"))
    aggregated_agencies: tuple[str, ...] | None = field(
        default=None,
        converter=_optional_texts,
        validator=_check_optional_texts,
        metadata=label("汇总所含机关"),
    )
    """Set on a total made by :func:`nianbao.aggregate.aggregate`: the agencies summed, in order."""

    @property
    def title(self) -> str:
        """The report's title: agency, year and the fixed words."""
        return f"{self.agency}{self.year}{labels.TITLE_SUFFIX}"

    @classmethod
    def blank(cls, agency: str, year: int) -> Report:
        """A report with every count 0 and no text yet."""
        return cls(
            agency=agency,
            year=year,
            active_disclosure=ActiveDisclosureTable.zero(),
            applications=ApplicationTable.zero(),
            cases=CaseTable.zero(),
        )

    @property
    def signing_agency(self) -> str:
        """The agency in the 落款: the signature's, else the report's."""
        return self.signature.agency or self.agency
