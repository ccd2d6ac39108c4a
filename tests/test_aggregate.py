"""Totals across agencies: every figure equals the hand sum, and the total renders."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import attrs
import pytest

from nianbao import datafile
from nianbao.aggregate import AggregateError, aggregate
from nianbao.cli import main
from nianbao.model import (
    NOT_APPLICABLE,
    ActiveDisclosureTable,
    ApplicantCounts,
    CaseOutcomes,
    CaseTable,
    DocumentCounts,
    OtherMatters,
    ProcessingFeeItem,
    ProcessingFees,
    Proposals,
    Report,
)

from support import docx_lines

NA = NOT_APPLICABLE


def _report(agency: str, table2: ActiveDisclosureTable, new: list[int], disclosed: list[int], **more: object) -> Report:
    blank = Report.blank(agency, 2024)
    applications = blank.applications
    results = attrs.evolve(applications.results, disclosed=ApplicantCounts(*disclosed))
    return attrs.evolve(
        blank,
        active_disclosure=table2,
        applications=attrs.evolve(applications, new=ApplicantCounts(*new), results=results),
        **more,
    )


@pytest.fixture
def three() -> list[Report]:
    a = _report(
        "甲局",
        ActiveDisclosureTable(DocumentCounts(NA, NA, NA), DocumentCounts(3, 1, 20), 100, NA, 2, Decimal("1.50")),
        new=[1, 2, 3, 4, 5, 6],
        disclosed=[1, 0, 0, 0, 0, 0],
        cases=CaseTable(CaseOutcomes(1, 0, 0, 1), CaseOutcomes.zero(), CaseOutcomes(0, 0, 1, 0)),
        other_matters=OtherMatters(processing_fees=ProcessingFees(1, Decimal("10.5")), proposals=Proposals(3, 4)),
    )
    b = _report(
        "乙局",
        ActiveDisclosureTable(DocumentCounts(2, 0, 5), DocumentCounts(4, 0, 30), 50, NA, 0, Decimal("2.255")),
        new=[10, 0, 0, 0, 0, 1],
        disclosed=[5, 0, 0, 0, 0, 1],
        cases=CaseTable(CaseOutcomes(0, 2, 0, 0), CaseOutcomes(1, 1, 1, 1), CaseOutcomes.zero()),
        other_matters=OtherMatters(processing_fees=ProcessingFees(2, Decimal("0.25")), proposals=Proposals(1, 0)),
    )
    stated = attrs.evolve(b.applications.new, stated_total=99)  # an imported, wrong 总计: not carried
    c = _report(
        "丙局",
        ActiveDisclosureTable(DocumentCounts(NA, NA, NA), DocumentCounts(0, 2, 10), NA, NA, 1, NA),
        new=[0, 0, 0, 0, 0, 0],
        disclosed=[0, 0, 0, 0, 0, 0],
    )
    c = attrs.evolve(c, applications=attrs.evolve(c.applications, carried_over=stated))
    return [_balanced(r) for r in (a, b, c)]


def _balanced(report: Report) -> Report:
    """结转下年度 set so that 一 + 二 = 三（七） + 四 in every column, as the checks require."""
    table = report.applications
    received = [n + c for n, c in zip(table.new.values(), table.carried_over.values(), strict=True)]
    forward = [r - d for r, d in zip(received, table.results.total.values(), strict=True)]
    return attrs.evolve(report, applications=attrs.evolve(table, carried_forward=ApplicantCounts(*forward)))


def test_totals_equal_hand_sums(three: list[Report]) -> None:
    total = aggregate(three, agency="某市")
    t2 = total.active_disclosure
    # 表二: "/" adds nothing; "/" stays only where every agency has "/".
    assert t2.rules == DocumentCounts(2, 0, 5)
    assert t2.normative_documents == DocumentCounts(3 + 4 + 0, 1 + 0 + 2, 20 + 30 + 10)
    assert t2.licensing == 150
    assert t2.punishment is NA
    assert t2.coercion == 3
    assert t2.fees == Decimal("3.755")
    assert str(t2.fees) == "3.755"  # exact, with the most decimal places given
    # 表三: each cell summed; totals derived.
    t3 = total.applications
    assert t3.new == ApplicantCounts(11, 2, 3, 4, 5, 7)
    assert t3.new.total == 32
    assert t3.carried_over == ApplicantCounts(10, 0, 0, 0, 0, 1)
    assert t3.carried_over.stated_total is None
    assert t3.results.disclosed == ApplicantCounts(6, 0, 0, 0, 0, 1)
    assert t3.results.total.total == 7
    assert t3.carried_forward == ApplicantCounts(0 + 5 + 10, 2, 3, 4, 5, 6 + 0 + 1)
    # 表四.
    assert total.cases.review == CaseOutcomes(1, 2, 0, 1)
    assert total.cases.direct_litigation == CaseOutcomes(1, 1, 1, 1)
    assert total.cases.litigation_after_review == CaseOutcomes(0, 0, 1, 0)
    assert total.cases.litigation.total == 5
    # 六's figures, and who was summed.
    assert total.other_matters.processing_fees == ProcessingFees(3, Decimal("10.75"))
    assert total.other_matters.proposals == Proposals(4, 4)
    assert total.aggregated_agencies == ("甲局", "乙局", "丙局")
    assert total.title == "某市2024年政府信息公开工作年度报告"
    assert total.signing_agency == "某市"


def test_every_cell_of_table_three_is_the_column_sum(three: list[Report]) -> None:
    total = aggregate(three, agency="某市")
    rows = [dict(r.applications.rows()) for r in three]
    for row, counts in total.applications.rows():
        expected = [sum(values) for values in zip(*(r[row].with_total() for r in rows), strict=True)]
        assert list(counts.with_total()) == expected, row.label


def test_years_must_agree(three: list[Report]) -> None:
    other = attrs.evolve(three[1], year=2023)
    with pytest.raises(AggregateError, match="乙局2023年政府信息公开工作年度报告（2023年）"):
        aggregate([three[0], other], agency="某市")
    with pytest.raises(AggregateError, match="应均为 2025 年"):
        aggregate(three, agency="某市", year=2025)


def test_an_agency_twice_is_refused(three: list[Report]) -> None:
    with pytest.raises(AggregateError, match=re.escape("“甲局”出现两次（a.yaml；c.yaml）")):
        aggregate([three[0], three[1], three[0]], agency="某市", names=["a.yaml", "b.yaml", "c.yaml"])


def test_nothing_to_sum() -> None:
    with pytest.raises(AggregateError, match="没有可汇总"):
        aggregate([], agency="某市")


def _row(lines: list[str], label: str) -> list[str]:
    start = lines.index("\t" + label) + 1
    cells = []
    for line in lines[start:]:
        if not line.strip():
            break
        cells.append(line.strip())
    return cells


def test_cli_aggregate_then_render(three: list[Report], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    inputs = tmp_path / "in"
    for i, report in enumerate(three):
        datafile.save(report, inputs / f"{i}.yaml")
    total = tmp_path / "全市.yaml"
    assert main(["aggregate", str(inputs), "-o", str(total), "--agency", "某市人民政府"]) == 0
    assert f"已汇总 3 个机关：{total}" in capsys.readouterr().err
    loaded = datafile.load(total)
    assert loaded == aggregate(three, agency="某市人民政府")
    assert "aggregated_agencies:\n- 甲局\n- 乙局\n- 丙局\n" in total.read_text(encoding="utf-8")
    # Rendered like any report.
    assert main(["render", str(total), "-o", str(tmp_path / "全市.docx")]) == 0
    lines = docx_lines(tmp_path / "全市.docx")
    assert "某市人民政府2024年政府信息公开工作年度报告" in lines
    assert _row(lines, "一、本年新收政府信息公开申请数量") == ["11", "2", "3", "4", "5", "7", "32"]
    assert _row(lines, "规章") == ["2", "0", "5"]
    assert _row(lines, "行政处罚") == ["/"]
    assert _row(lines, "行政事业性收费") == ["3.755"]


def test_cli_aggregate_refuses_bad_inputs_and_keeps_outputs(
    three: list[Report], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = datafile.save(three[0], tmp_path / "a.yaml")
    bad = tmp_path / "b.yaml"
    bad.write_text(datafile.dumps(three[1]).replace("new: [10,", "new: [-10,", 1), encoding="utf-8")
    out = tmp_path / "total.yaml"
    assert main(["aggregate", str(good), str(bad), "-o", str(out), "--agency", "某市"]) == 1
    err = capsys.readouterr().err
    assert "b.yaml" in err and "不能为负数" in err
    assert not out.exists()
    out.write_text("keep", encoding="utf-8")
    assert main(["aggregate", str(good), "-o", str(out), "--agency", "某市"]) == 1
    assert "已存在" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "keep"
    assert main(["aggregate", str(good), "-o", str(out), "--agency", "某市", "--overwrite", "--year", "2024"]) == 0
    assert datafile.load(out).aggregated_agencies == ("甲局",)
    assert main(["aggregate", str(good), "-o", str(tmp_path / "t.docx"), "--agency", "某市"]) == 2
    assert "应保存为数据文件" in capsys.readouterr().err


def test_fee_breakdowns_are_not_summed(three: list[Report]) -> None:
    fees = ProcessingFees(1, Decimal("10.5"), (ProcessingFeeItem("甲局办公室", 1, Decimal("10.5")),))
    a = attrs.evolve(three[0], other_matters=attrs.evolve(three[0].other_matters, processing_fees=fees))
    total = aggregate([a, three[1]], agency="某市")
    assert total.other_matters.processing_fees == ProcessingFees(3, Decimal("10.75"))
    assert total.other_matters.processing_fees.breakdown == ()


def test_cli_aggregate_a_roster(three: list[Report], tmp_path: Path) -> None:
    from nianbao import roster

    book = roster.write_roster(tmp_path / "汇总表.xlsx", three)
    out = tmp_path / "total.yaml"
    assert main(["aggregate", str(book), "-o", str(out), "--agency", "某市"]) == 0
    total = datafile.load(out)
    assert total.applications == aggregate(three, agency="某市").applications
    assert total.aggregated_agencies == ("甲局", "乙局", "丙局")
