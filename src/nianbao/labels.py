"""Official labels of the 2021 format (国办公开办函〔2021〕30号).

One place for every fixed text of the report: section titles, table labels and the
order of table rows and columns. The model, the template builder, the checks, the
importers and the workbooks all read their labels from here.
"""

from __future__ import annotations

from typing import Final, NamedTuple

SECTION_TITLES: Final = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)

TITLE_SUFFIX: Final = "年政府信息公开工作年度报告"

# --- 表二 主动公开政府信息情况 -------------------------------------------------

ARTICLE_20_1: Final = "第二十条第（一）项"
ARTICLE_20_5: Final = "第二十条第（五）项"
ARTICLE_20_6: Final = "第二十条第（六）项"
ARTICLE_20_8: Final = "第二十条第（八）项"
INFORMATION_CONTENT: Final = "信息内容"
ISSUED: Final = "本年制发件数"
REPEALED: Final = "本年废止件数"
IN_FORCE: Final = "现行有效件数"
DECISIONS: Final = "本年处理决定数量"
FEE_AMOUNT: Final = "本年收费金额（单位：万元）"
RULES: Final = "规章"
NORMATIVE_DOCUMENTS: Final = "行政规范性文件"
LICENSING: Final = "行政许可"
PUNISHMENT: Final = "行政处罚"
COERCION: Final = "行政强制"
ADMINISTRATIVE_FEES: Final = "行政事业性收费"

# --- 表三 收到和处理政府信息公开申请情况 ---------------------------------------

BALANCE_NOTE: Final = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
APPLICANTS: Final = "申请人情况"
LEGAL_PERSONS: Final = "法人或其他组织"
TOTAL: Final = "总计"


class Column(NamedTuple):
    """A data column of 表三: its key in data files and its official label."""

    key: str
    label: str


APPLICANT_COLUMNS: Final = (
    Column("natural_person", "自然人"),
    Column("commercial_enterprise", "商业企业"),
    Column("research_institution", "科研机构"),
    Column("social_welfare_organization", "社会公益组织"),
    Column("legal_service_agency", "法律服务机构"),
    Column("other", "其他"),
)
TOTAL_COLUMN: Final = Column("total", TOTAL)
ALL_COLUMNS: Final = (*APPLICANT_COLUMNS, TOTAL_COLUMN)


class Row(NamedTuple):
    """A data row of 表三.

    ``key`` names the row in the template context (flat), ``path`` is where the row
    lives in the data file, ``label`` is the row's own label cell and ``group`` the
    label of the merged cell it sits under (empty for rows without one).
    """

    key: str
    path: tuple[str, ...]
    label: str
    group: str = ""


NEW: Final = "一、本年新收政府信息公开申请数量"
CARRIED_OVER: Final = "二、上年结转政府信息公开申请数量"
RESULTS: Final = "三、本年度办理结果"
CARRIED_FORWARD: Final = "四、结转下年度继续办理"
DISCLOSED: Final = "（一）予以公开"
PARTIALLY_DISCLOSED: Final = "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
WITHHELD: Final = "（三）不予公开"
UNABLE: Final = "（四）无法提供"
NOT_PROCESSED: Final = "（五）不予处理"
OTHER_HANDLING: Final = "（六）其他处理"
RESULTS_TOTAL: Final = "（七）总计"

WITHHELD_ROWS: Final = (
    ("state_secret", "1.属于国家秘密"),
    ("prohibited_by_law", "2.其他法律行政法规禁止公开"),
    ("three_safeties", "3.危及“三安全一稳定”"),
    ("third_party_rights", "4.保护第三方合法权益"),
    ("internal_affairs", "5.属于三类内部事务信息"),
    ("process_information", "6.属于四类过程性信息"),
    ("enforcement_files", "7.属于行政执法案卷"),
    ("inquiry_matters", "8.属于行政查询事项"),
)
UNABLE_ROWS: Final = (
    ("not_held", "1.本机关不掌握相关政府信息"),
    ("needs_creation", "2.没有现成信息需要另行制作"),
    ("still_unclear", "3.补正后申请内容仍不明确"),
)
NOT_PROCESSED_ROWS: Final = (
    ("complaints", "1.信访举报投诉类申请"),
    ("repeated", "2.重复申请"),
    ("publications", "3.要求提供公开出版物"),
    ("excessive", "4.无正当理由大量反复申请"),
    ("confirmation", "5.要求行政机关确认或重新出具已获取信息"),
)
OTHER_HANDLING_ROWS: Final = (
    ("overdue_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("unpaid_fees", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("other", "3.其他"),
)

# The sub-row groups of 三、本年度办理结果: (data file key, label, sub-rows).
RESULT_GROUPS: Final = (
    ("withheld", WITHHELD, WITHHELD_ROWS),
    ("unable", UNABLE, UNABLE_ROWS),
    ("not_processed", NOT_PROCESSED, NOT_PROCESSED_ROWS),
    ("other_handling", OTHER_HANDLING, OTHER_HANDLING_ROWS),
)


def _application_rows() -> tuple[Row, ...]:
    rows = [
        Row("new", ("new",), NEW),
        Row("carried_over", ("carried_over",), CARRIED_OVER),
        Row("disclosed", ("results", "disclosed"), DISCLOSED, RESULTS),
        Row("partially_disclosed", ("results", "partially_disclosed"), PARTIALLY_DISCLOSED, RESULTS),
    ]
    for group_key, group_label, sub_rows in RESULT_GROUPS:
        rows.extend(
            Row(f"{group_key}_{key}", ("results", group_key, key), label, group_label) for key, label in sub_rows
        )
    rows.append(Row("results_total", ("results", "total"), RESULTS_TOTAL, RESULTS))
    rows.append(Row("carried_forward", ("carried_forward",), CARRIED_FORWARD))
    return tuple(rows)


APPLICATION_ROWS: Final = _application_rows()
"""The 25 data rows of 表三 in printed order, the derived （七）总计 included."""

# --- 表四 政府信息公开行政复议、行政诉讼情况 -----------------------------------

ADMINISTRATIVE_REVIEW: Final = "行政复议"
ADMINISTRATIVE_LITIGATION: Final = "行政诉讼"
DIRECT_LITIGATION: Final = "未经复议直接起诉"
LITIGATION_AFTER_REVIEW: Final = "复议后起诉"

OUTCOME_COLUMNS: Final = (
    Column("upheld", "结果维持"),
    Column("corrected", "结果纠正"),
    Column("other", "其他结果"),
    Column("pending", "尚未审结"),
)
ALL_OUTCOME_COLUMNS: Final = (*OUTCOME_COLUMNS, TOTAL_COLUMN)

CASE_GROUPS: Final = (
    Column("review", ADMINISTRATIVE_REVIEW),
    Column("direct_litigation", DIRECT_LITIGATION),
    Column("litigation_after_review", LITIGATION_AFTER_REVIEW),
)

# --- 表名 ------------------------------------------------------------------

TABLE_NAMES: Final = {
    "active_disclosure": "表二",
    "applications": "表三",
    "cases": "表四",
}
