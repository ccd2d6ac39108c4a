"""Any input read into reports: data files, 填报表, 汇总表."""

from __future__ import annotations

from pathlib import Path

import pytest

from nianbao import datafile, roster, workbook
from nianbao.cli import main
from nianbao.errors import DataError
from nianbao.inputs import is_batch, read_inputs, read_reports
from nianbao.model import Report

from support import EXAMPLE, REFERENCE_TEXT


def test_each_kind_of_input(tmp_path: Path, example_report: Report) -> None:
    book = workbook.write_workbook(tmp_path / "填报表.xlsx", example_report)
    table = roster.write_roster(tmp_path / "汇总表.xlsx", [Report.blank("甲局", 2024), Report.blank("乙局", 2024)])
    assert read_reports(EXAMPLE) == [("张店区信访局", example_report)]
    assert read_reports(book) == [("张店区信访局", example_report)]
    assert read_reports(table) == [("甲局", Report.blank("甲局", 2024)), ("乙局", Report.blank("乙局", 2024))]
    assert not is_batch(read_inputs(book))
    assert is_batch(read_inputs(table))


def test_a_fault_of_the_whole_file_is_one_entry(tmp_path: Path) -> None:
    entries = read_inputs(tmp_path / "nope.xlsx")
    assert [(e.name, e.ok) for e in entries] == [("nope.xlsx", False)]
    assert "文件不存在" in entries[0].issues[0].message


def test_read_reports_raises_every_fault(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(EXAMPLE.read_text(encoding="utf-8").replace("new: [0, 0", "new: [-1, -2", 1), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        read_reports(bad)
    assert len(caught.value.issues) == 2


def test_data_file_round_trips_through_the_workbook_and_back(tmp_path: Path, example_report: Report) -> None:
    book = workbook.write_workbook(tmp_path / "w.xlsx", example_report)
    ((_, report),) = read_reports(book)
    assert datafile.dumps(report) == EXAMPLE.read_text(encoding="utf-8")


def test_a_published_report_is_checked_like_any_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The reference report, as flattened text, imported and checked: the arithmetic holds.
    assert main(["check", str(REFERENCE_TEXT), "--strict"]) == 0
    assert "未发现问题" in capsys.readouterr().out
    # A published table that does not add up is reported, not repaired.
    broken = tmp_path / "broken.txt"
    text = REFERENCE_TEXT.read_text(encoding="utf-8")
    row = "一、本年新收政府信息公开申请数量\n\t0\n\t0"
    assert row in text
    broken.write_text(text.replace(row, "一、本年新收政府信息公开申请数量\n\t2\n\t0", 1), encoding="utf-8")
    assert main(["check", str(broken)]) == 1
    out = capsys.readouterr().out
    assert "R1" in out
    assert "自然人" in out
