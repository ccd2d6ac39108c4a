"""Tables 二, 三 and 四 read by their official labels: normalisation, totals, guesses and notes."""

from __future__ import annotations

from decimal import Decimal

import pytest

from nianbao import labels as L
from nianbao.extract.document import Cell, Table
from nianbao.extract.normalize import cell_value, label_key
from nianbao.extract.tables import TablesRead, read_tables
from nianbao.model import NOT_APPLICABLE, ApplicantCounts, CaseOutcomes


def table(*rows: list[str], index: int = 1) -> Table:
    return Table([[Cell(text) for text in row] for row in rows], index)


def t3_row(label: str, *values: object) -> list[str]:
    return [label, *(str(v) for v in values)]


def read(*rows: list[str]) -> TablesRead:
    return read_tables([table(*rows)])


def messages(result: TablesRead) -> list[str]:
    return [str(n) for n in result.notes]


@pytest.mark.parametrize(
    ("written", "official"),
    [
        ("商业\n企业", "商业企业"),
        (" 社会公益 组织 ", "社会公益组织"),
        ("1、属于国家秘密", "1.属于国家秘密"),
        ("１．属于国家秘密", "1.属于国家秘密"),
        ("(三)不予公开", "（三）不予公开"),
        ('3.危及"三安全一稳定"', "3.危及“三安全一稳定”"),
        ("1.申请人无正当理由逾期不补正，行政机关不再处理其政府信息公开申请", L.OTHER_HANDLING_ROWS[0][1]),
        ("2.其他法律行政止公开", "2.其他法律行政法规禁止公开"),
        ("5.属于三类内容事务信息", "5.属于三类内部事务信息"),
        ("行政法复议", "行政复议"),
    ],
)
def test_label_variants_have_the_official_key(written: str, official: str) -> None:
    assert label_key(written) == label_key(official)


@pytest.mark.parametrize(
    ("text", "kind", "number"),
    [
        ("0", "number", Decimal(0)),
        ("　 0", "number", Decimal(0)),
        ("3,985,758", "number", Decimal(3985758)),
        ("１２", "number", Decimal(12)),
        ("59237.2449", "number", Decimal("59237.2449")),
        ("12.5万元", "number", Decimal("12.5")),
        ("", "blank", None),
        ("/", "slash", None),
        ("／", "slash", None),
        ("无", "none", None),
        ("—", "dash", None),
    ],
)
def test_cell_values(text: str, kind: str, number: Decimal | None) -> None:
    value = cell_value(text)
    assert value is not None
    assert (value.kind, value.number) == (kind, number)


@pytest.mark.parametrize("text", ["（一）予以公开", "其他", "1.属于国家秘密", "总计", "-3"])
def test_labels_are_not_values(text: str) -> None:
    assert cell_value(text) is None


def test_totals_equal_to_the_sum_are_not_stored_and_wrong_ones_are() -> None:
    result = read(
        t3_row(L.NEW, 1, 2, 3, 4, 5, 6, 21),
        t3_row(L.CARRIED_OVER, 1, 0, 0, 0, 0, 0, 7),
        [L.RESULTS, L.DISCLOSED, "2", "2", "3", "4", "5", "6", "22"],
        t3_row(L.RESULTS_TOTAL, 9, 9, 9, 9, 9, 9, 54),
        t3_row(L.CARRIED_FORWARD, 0, 0, 0, 0, 0, 0, 0),
    )
    t3 = result.applications
    assert t3.new == ApplicantCounts(1, 2, 3, 4, 5, 6)
    assert t3.carried_over == ApplicantCounts(1, 0, 0, 0, 0, 0, stated_total=7)
    assert t3.results.disclosed == ApplicantCounts(2, 2, 3, 4, 5, 6)
    assert t3.results.stated_total == ApplicantCounts(9, 9, 9, 9, 9, 9)
    missing = [n for n in messages(result) if n.endswith("表中未找到此行，按0计")]
    assert len(missing) == 21 - 1  # every leaf row but （一）予以公开
    assert "表三/三、本年度办理结果/（三）不予公开/1.属于国家秘密：表中未找到此行，按0计" in missing


def test_group_comes_from_the_rows_above_in_flattened_text() -> None:
    # In flattened text a merged group cell is an empty cell: the group is the one seen last.
    result = read(
        ["", L.NOT_PROCESSED, "1.信访举报投诉类申请", "1", "0", "0", "0", "0", "0", "1"],
        ["", "", "2、", "2", "0", "0", "0", "0", "0", "2"],
        ["", L.OTHER_HANDLING, "1.申请人无正当理由逾期不补正", "3", "0", "0", "0", "0", "0", "3"],
        ["", "", "3.其他", "4", "0", "0", "0", "0", "0", "4"],
    )
    results = result.applications.results
    assert results.not_processed.complaints.natural_person == 1
    assert results.not_processed.repeated.natural_person == 2
    assert results.other_handling.overdue_correction.natural_person == 3
    assert results.other_handling.other.natural_person == 4
    assert any("标签“2、”与官方标签“2.重复申请”不一致" in n for n in messages(result))


def test_column_header_other_is_not_the_row_3_other() -> None:
    result = read(
        ["", "", L.APPLICANT_COLUMNS[1].label, "科研机构", "社会公益组织", "法律服务机构", "其他", ""],
        t3_row(L.NEW, 1, 1, 1, 1, 1, 1, 6),
    )
    assert result.applications.results.other_handling.other == ApplicantCounts.zero()
    assert result.applications.new == ApplicantCounts(1, 1, 1, 1, 1, 1)


def test_rows_without_total_column_and_short_rows_are_noted() -> None:
    result = read(t3_row(L.NEW, 1, 2, 3, 4, 5, 6), t3_row(L.CARRIED_OVER, 7, 8))
    assert result.applications.new == ApplicantCounts(1, 2, 3, 4, 5, 6)
    assert result.applications.carried_over == ApplicantCounts(7, 8, 0, 0, 0, 0)
    notes = messages(result)
    assert (
        "表三/一、本年新收政府信息公开申请数量：此行只有6个数值单元格，按六类申请人读取，未见总计（第1个表格第1行）"
        in notes
    )
    assert any(n.startswith("表三/二、上年结转政府信息公开申请数量：此行只有2个数值单元格") for n in notes)


def test_duplicate_unknown_and_fractional_rows_are_noted() -> None:
    result = read(
        t3_row(L.NEW, 1, 0, 0, 0, 0, 0, 1),
        t3_row(L.NEW, 5, 0, 0, 0, 0, 0, 5),
        t3_row("小计", 3, 0, 0, 0, 0, 0, 3),
        t3_row(L.CARRIED_OVER, "1.5", 0, 0, 0, 0, 0, 0),
    )
    assert result.applications.new.natural_person == 1
    assert result.applications.carried_over.natural_person == 0
    notes = messages(result)
    assert "表三/一、本年新收政府信息公开申请数量：此行重复出现，只读取第一次（第1个表格第2行）" in notes
    assert "无法识别的表格行“小计”，已忽略（第1个表格第3行）" in notes
    assert any("件数应为整数，表中为“1.5”，按0计" in n for n in notes)


def test_table_two_values_headers_and_2019_rows() -> None:
    result = read(
        [L.ARTICLE_20_1, "", "", ""],
        [L.INFORMATION_CONTENT, L.ISSUED, L.REPEALED, "现行有效件数（历史累计）"],
        [L.RULES, "/", "/", "/"],
        ["规范性文件", "2", "1", "40"],
        [L.INFORMATION_CONTENT, "上一年项目数量", "本年增/减", "处理决定数量"],
        [L.LICENSING, "12", "3", "3,985,758"],
        ["其他对外管理服务事项", "5", "", ""],
        [L.INFORMATION_CONTENT, L.DECISIONS],
        [L.PUNISHMENT, "", "812", ""],
        [L.COERCION, "—"],
        [L.ADMINISTRATIVE_FEES, "96171.60"],
        ["政府集中采购", "3", "120"],
    )
    t2 = result.active_disclosure
    assert (t2.rules.issued, t2.rules.repealed, t2.rules.in_force) == (NOT_APPLICABLE,) * 3
    assert (t2.normative_documents.issued, t2.normative_documents.repealed, t2.normative_documents.in_force) == (
        2,
        1,
        40,
    )
    assert (t2.licensing, t2.punishment, t2.coercion) == (3985758, 812, 0)
    assert t2.fees == Decimal("96171.60")
    assert str(t2.fees) == "96171.60"
    notes = messages(result)
    assert any("“规范性文件”是2019年版格式的标签，已按2021年版“行政规范性文件”读取" in n for n in notes)
    assert any("“其他对外管理服务事项”是2019年版格式的行" in n for n in notes)
    assert any("“政府集中采购”是2019年版格式的行" in n for n in notes)
    assert "表二/行政强制：“—”按0计（第1个表格第10行）" in notes


def test_table_four_over_two_tables_and_without_totals() -> None:
    head = [L.ADMINISTRATIVE_REVIEW, *[c.label for c in L.ALL_OUTCOME_COLUMNS]]
    split = read_tables(
        [
            table(head, ["1", "2", "3", "4", "10"], index=3),
            table([L.ADMINISTRATIVE_LITIGATION], [str(n) for n in range(5, 15)], index=4),
        ]
    )
    assert split.cases.review == CaseOutcomes(1, 2, 3, 4)
    assert split.cases.direct_litigation == CaseOutcomes(5, 6, 7, 8, stated_total=9)
    assert split.cases.litigation_after_review == CaseOutcomes(10, 11, 12, 13, stated_total=14)
    short = read([L.ADMINISTRATIVE_REVIEW, L.ADMINISTRATIVE_LITIGATION], [str(n) for n in range(1, 13)])
    assert short.cases.litigation_after_review == CaseOutcomes(9, 10, 11, 12)
    assert "表四：表四只有12个数值单元格，按无总计栏读取（第1个表格第2行）" in messages(short)


def test_missing_tables_are_zero_with_one_note_each() -> None:
    result = read_tables([])
    assert result.found == frozenset()
    assert messages(result) == [
        "未找到表二（主动公开政府信息情况），各项按0计",
        "未找到表三（收到和处理政府信息公开申请情况），各项按0计",
        "未找到表四（政府信息公开行政复议、行政诉讼情况），各项按0计",
    ]


def test_table_two_2019_columns_are_read_by_position_with_a_note() -> None:
    result = read(
        [L.INFORMATION_CONTENT, "本年新制作数量", "本年新公开数量", "对外公开总数量"],
        [L.RULES, "1", "2", "3"],
    )
    rules = result.active_disclosure.rules
    assert (rules.issued, rules.repealed, rules.in_force) == (1, 2, 3)
    header = "本年新制作数量、本年新公开数量、对外公开总数量"
    assert f"表二/规章：列标题（{header}）与官方格式不同，按位置读取（第1个表格第2行）" in messages(result)


def test_table_two_official_header_maps_columns_by_label() -> None:
    # A reordered header is read by its labels, not by position.
    result = read([L.INFORMATION_CONTENT, L.IN_FORCE, L.ISSUED, L.REPEALED], [L.RULES, "30", "1", "2"])
    rules = result.active_disclosure.rules
    assert (rules.issued, rules.repealed, rules.in_force) == (1, 2, 30)


def test_slash_in_tables_three_and_four_is_zero_with_a_note() -> None:
    result = read(
        t3_row(L.NEW, "/", 1, 0, 0, 0, 0, 1),
        [L.ADMINISTRATIVE_REVIEW, L.ADMINISTRATIVE_LITIGATION],
        ["/"] * 15,
    )
    assert result.applications.new == ApplicantCounts(0, 1, 0, 0, 0, 0)
    assert result.cases.review == CaseOutcomes(0, 0, 0, 0)
    notes = messages(result)
    assert "表三/一、本年新收政府信息公开申请数量：“/”按0计（本表不区分“不适用”）（自然人）（第1个表格第1行）" in notes
    assert any(n.startswith("表四/行政复议：“/”按0计") for n in notes)
