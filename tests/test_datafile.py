"""Data files: round trips, exact decimals, "/" kept apart from 0, faults reported in full."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import attrs
import jsonschema
import pytest
import yaml

from nianbao import datafile
from nianbao.errors import DataError
from nianbao.model import NOT_APPLICABLE, ApplicantCounts, Report
from nianbao.schema import json_schema

from support import EXAMPLE


def test_example_file_round_trips_byte_for_byte() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert datafile.dumps(datafile.loads(text)) == text


def test_money_keeps_its_digits_and_not_applicable_stays_slash(tmp_path: Path) -> None:
    report = Report.blank("某局", 2024)
    table = attrs.evolve(
        report.active_disclosure,
        fees=Decimal("59237.2440"),
        rules=attrs.evolve(report.active_disclosure.rules, issued=NOT_APPLICABLE),
    )
    report = attrs.evolve(report, active_disclosure=table)
    for name in ("r.yaml", "r.json"):
        path = datafile.save(report, tmp_path / name)
        again = datafile.load(path)
        assert again == report
        assert again.active_disclosure.fees.as_tuple() == Decimal("59237.2440").as_tuple()
        assert again.active_disclosure.rules.issued is NOT_APPLICABLE
    assert "fees: 59237.2440" in (tmp_path / "r.yaml").read_text(encoding="utf-8")
    assert "issued: /" in (tmp_path / "r.yaml").read_text(encoding="utf-8")


def test_stated_totals_are_kept() -> None:
    text = EXAMPLE.read_text(encoding="utf-8").replace("new: [0, 0, 0, 0, 0, 0]", "new: [2, 1, 0, 0, 0, 0, 4]")
    report = datafile.loads(text)
    assert report.applications.new == ApplicantCounts(2, 1, 0, 0, 0, 0, stated_total=4)
    assert report.applications.new.total == 3
    assert "new: [2, 1, 0, 0, 0, 0, 4]" in datafile.dumps(report)


def test_every_fault_is_reported_at_once_with_line_and_label() -> None:
    text = (
        EXAMPLE.read_text(encoding="utf-8")
        .replace("new: [0, 0, 0, 0, 0, 0]", "new: [0, 1.5, 0, 0, 0, 0]")
        .replace("  licensing: 0", "  licensing: -2")
        .replace("year: 2023", "yaer: 2023")
    )
    with pytest.raises(DataError) as info:
        datafile.loads(text, name="bad.yaml")
    issues = info.value.issues
    messages = [str(issue) for issue in issues]
    assert any("表三/一、本年新收政府信息公开申请数量/商业企业" in m and "整数" in m for m in messages), messages
    assert any("表二/行政许可" in m and "负数" in m for m in messages), messages
    assert any("yaer" in m and "year" in m for m in messages), messages
    assert any("报告年度" in m and "缺少必填项" in m for m in messages), messages
    licensing = next(i for i in issues if i.path == ("active_disclosure", "licensing"))
    assert licensing.line == text.splitlines().index("  licensing: -2") + 1
    assert all(issue.file == "bad.yaml" for issue in issues)


def test_malformed_yaml_names_the_line() -> None:
    with pytest.raises(DataError) as info:
        datafile.loads("agency: 某局\nyear: [2024\n", name="x.yaml")
    (issue,) = info.value.issues
    assert issue.line is not None
    assert "YAML 格式错误" in issue.message


def test_schema_accepts_the_example() -> None:
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data = json.loads(json.dumps(data, default=str))
    jsonschema.validate(data, json_schema())


def test_written_files_are_ordinary_files_not_private(tmp_path: Path) -> None:
    import os
    import stat

    path = datafile.save(Report.blank("某局", 2024), tmp_path / "r.yaml")
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~mask
