"""docs/workbook.md shows real output: its sample messages are what nianbao prints."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest

from nianbao import roster, workbook
from nianbao.cli import main
from nianbao.model import Report

from support import ROOT

DOC = (ROOT / "docs" / "workbook.md").read_text(encoding="utf-8")


def _block_after(marker: str) -> list[str]:
    """The first fenced block without a language after ``marker``: a sample of output."""
    for match in re.finditer(r"```(\w*)\n(.*?)```", DOC[DOC.index(marker) :], re.DOTALL):
        if not match[1]:
            return match[2].rstrip("\n").splitlines()
    raise AssertionError(f"no sample after {marker}")


def test_workbook_error_sample_is_real(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = workbook.write_workbook(tmp_path / "填报表.xlsx", Report.blank("某局", 2024))
    wb = openpyxl.load_workbook(path)
    wb["基本信息"]["B3"] = "去年"
    wb["表三"]["D9"] = -3
    wb["表四"]["K5"] = 1.5
    wb.save(path)
    assert main(["check", str(path)]) == 1
    capsys.readouterr()
    assert main(["render", str(path), "-o", str(tmp_path / "x.docx")]) == 1
    printed = capsys.readouterr().err.replace(str(path), "填报表.xlsx").splitlines()
    assert printed == _block_after("## 三、错误信息")


def test_roster_render_sample_is_real(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from test_roster import FIFTY

    path = roster.write_roster(tmp_path / "汇总表.xlsx", FIFTY)
    wb = openpyxl.load_workbook(path)
    wb[roster.SHEET]["N10"] = -2
    wb[roster.SHEET]["A20"] = None
    wb[roster.SHEET][f"{roster.LETTER_OF[('cases', 'direct_litigation', 3)]}33"] = "三件"
    wb.save(path)
    assert main(["render", str(path), "-o", str(tmp_path / "各机关报告")]) == 1
    printed = capsys.readouterr().err.replace(str(path), "汇总表.xlsx").replace(f"{tmp_path}/", "")
    sample = _block_after("### 一次排版全部机关")
    lines = printed.splitlines()
    assert lines[: len(sample) - 1] == sample[:-1]  # the sample ends with “……”


@pytest.mark.parametrize("word", ["基本信息", "表二", "表三", "表四", "文字", "汇总表", "--from", "--rows", "--report"])
def test_doc_names_sheets_and_options(word: str) -> None:
    assert word in DOC


def test_roster_check_sample_is_real(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from test_roster import FIFTY

    path = roster.write_roster(tmp_path / "汇总表.xlsx", FIFTY[:6])
    wb = openpyxl.load_workbook(path)
    wb[roster.SHEET]["B5"] = 1999
    wb[roster.SHEET][f"{roster.LETTER_OF[('applications', 'new', 0)]}8"] = 40
    wb.save(path)
    assert main(["check", str(path)]) == 1
    printed = capsys.readouterr().out.replace(str(path), "汇总表.xlsx").splitlines()
    sample = _block_after("### 一次检查全部机关")
    assert printed[: len(sample) - 1] == sample[:-1]  # the sample ends with “……”
