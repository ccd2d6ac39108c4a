"""The problem summary: terminal text and the 问题清单 an office sends back."""

from __future__ import annotations

import enum
from pathlib import Path

import openpyxl
import pytest
from attrs import frozen

from nianbao import summary
from nianbao.errors import DataIssue, OutputError
from nianbao.inputs import Loaded
from nianbao.model import Report


class Level(enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@frozen
class Finding:
    """The shape the checks (nianbao.checks) agreed to report in."""

    level: Level
    rule: str
    location: str
    expected: object
    actual: object
    message: str


def fake_check(report: Report) -> list[Finding]:
    if report.agency == "乙局":
        return [
            Finding(Level.ERROR, "R1", "表三/总计", 5, 4, "第一项加第二项之和应等于第三项加第四项之和"),
            Finding(Level.WARNING, "X1", "表三/二、上年结转政府信息公开申请数量", 2, 0, "与上年结转下年度不一致"),
        ]
    if report.agency == "丙局":
        return [Finding(Level.WARNING, "X2", "表二/规章", 3, 1, "现行有效件数与上年不衔接")]
    return []


ENTRIES = [
    Loaded("汇总表.xlsx 第4行", "甲局", Report.blank("甲局", 2024), row=4),
    Loaded("汇总表.xlsx 第5行", "乙局", Report.blank("乙局", 2024), row=5),
    Loaded("汇总表.xlsx 第6行", "丙局", Report.blank("丙局", 2024), row=6),
    Loaded(
        "汇总表.xlsx 第7行", "丁局", None, (DataIssue("汇总表.xlsx", "不能为负数，实为 -1", location="汇总表!D7"),), 7
    ),
]


def test_text_counts_and_lists_each_agency_with_problems() -> None:
    result = summary.summarize(ENTRIES, fake_check)
    assert result.text().splitlines() == [
        "共检查 4 个机关：1 个未发现问题，2 个有错误，1 个仅有警告。",
        "乙局（汇总表.xlsx 第5行）：1 处错误，1 处警告",
        "  [错误 R1] 表三/总计：第一项加第二项之和应等于第三项加第四项之和",
        "  [警告 X1] 表三/二、上年结转政府信息公开申请数量：与上年结转下年度不一致",
        "丙局（汇总表.xlsx 第6行）：1 处警告",
        "  [警告 X2] 表二/规章：现行有效件数与上年不衔接",
        "丁局（汇总表.xlsx 第7行）：1 处错误",
        "  [错误] 汇总表!D7：不能为负数，实为 -1",
    ]
    assert result.has_errors
    assert [e.name for e in result.with_errors()] == ["乙局", "丁局"]


def test_warnings_alone_are_not_errors() -> None:
    result = summary.summarize(ENTRIES[2:3], fake_check)
    assert not result.has_errors
    assert result.text().startswith("共检查 1 个机关：0 个未发现问题，1 个仅有警告。")


def test_without_checks_only_reading_faults_count() -> None:
    result = summary.summarize(ENTRIES)
    assert [p.agency for p in result.problems] == ["丁局"]
    assert result.problems[0].rule == summary.UNREADABLE_RULE


@pytest.mark.parametrize("level", [Level.WARNING, "warning", "WARNING", "警告"])
def test_level_names(level: object) -> None:
    assert summary.level_text(level) == "警告"
    assert summary.level_text(Level.ERROR) == "错误"


def test_xlsx_report_has_every_problem_and_every_agency(tmp_path: Path) -> None:
    out = summary.write_report(summary.summarize(ENTRIES, fake_check), tmp_path / "问题清单.xlsx")
    wb = openpyxl.load_workbook(out)
    rows = list(wb["问题清单"].iter_rows(values_only=True))
    assert rows[0] == summary.COLUMNS
    assert rows[1] == (
        1,
        "乙局",
        "汇总表.xlsx 第5行",
        "错误",
        "R1",
        "表三/总计",
        "第一项加第二项之和应等于第三项加第四项之和",
        "5",
        "4",
    )
    assert len(rows) == 5
    overview = list(wb["各机关情况"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[2], r[3], r[4]) for r in overview] == [
        ("甲局", 0, 0, "未发现问题"),
        ("乙局", 1, 1, "有错误，请修改后重报"),
        ("丙局", 0, 1, "有警告，请核实"),
        ("丁局", 1, 0, "有错误，请修改后重报"),
    ]
    assert wb["问题清单"].auto_filter.ref == "A1:I5"


def test_report_file_type(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match=r"问题清单应为 \.xlsx 或 \.csv 文件"):
        summary.write_report(summary.summarize(ENTRIES), tmp_path / "问题清单.txt")
