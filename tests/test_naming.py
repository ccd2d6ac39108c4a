"""Output names: safe, distinct, and read cheaply from the data files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nianbao import datafile
from nianbao.model import Report
from nianbao.naming import distinct_names, file_name, folder_key, title_of

from support import EXAMPLE


def test_file_name_is_safe_everywhere() -> None:
    assert file_name('某局/某处:"甲"*?<>|\\乙') == "某局_某处__甲_______乙"
    assert file_name("  某局。。..  ") == "某局。。"
    assert file_name("") == "报告"
    long = file_name("长" * 300)
    assert len(long.encode("utf-8")) <= 200
    assert long == "长" * len(long)


def test_distinct_names_number_repeats_in_order() -> None:
    wanted = [("out", "甲.docx"), ("out", "乙.docx"), ("out", "甲.docx"), ("out", "甲.docx")]
    assert distinct_names(wanted) == ["甲.docx", "乙.docx", "甲（2）.docx", "甲（3）.docx"]
    # The same name in different folders is no collision.
    assert distinct_names([("out", "甲.docx"), ("other", "甲.docx")]) == ["甲.docx", "甲.docx"]


def test_distinct_names_never_take_a_name_another_output_wants() -> None:
    wanted = [("o", "甲.docx"), ("o", "甲.docx"), ("o", "甲（2）.docx")]
    assert distinct_names(wanted) == ["甲.docx", "甲（3）.docx", "甲（2）.docx"]


def test_distinct_names_ignore_letter_case() -> None:
    assert distinct_names([("o", "Ab.docx"), ("o", "aB.docx")]) == ["Ab.docx", "aB（2）.docx"]


def test_folder_key_sees_through_spellings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert folder_key("out") == folder_key("./out") == folder_key(tmp_path / "out") == folder_key("out/")


def test_title_of_yaml_reads_only_what_it_needs(tmp_path: Path) -> None:
    assert title_of(EXAMPLE) == "张店区信访局2023年政府信息公开工作年度报告"
    # Keys anywhere at the top level; nested values skipped.
    data = tmp_path / "a.yaml"
    data.write_text("contact: {office: x, y: [1, [2]]}\nyear: 2024\nnotes:\n  - agency: 不是它\nagency: 某局\n")
    assert title_of(data) == "某局2024年政府信息公开工作年度报告"
    # An unreadable tail after the keys does not matter here (it fails later, when loaded).
    data.write_text("agency: 某局\nyear: 2024\nbroken: [\n")
    assert title_of(data) == "某局2024年政府信息公开工作年度报告"


def test_title_of_agrees_with_the_loaded_report(tmp_path: Path) -> None:
    report = Report.blank("某市某局", 2025)
    for suffix in (".yaml", ".json"):
        path = datafile.save(report, tmp_path / f"r{suffix}")
        assert title_of(path) == report.title == datafile.load(path).title


def test_title_of_aliases_fall_back_to_a_full_read(tmp_path: Path) -> None:
    text = datafile.dumps(Report.blank("某局", 2024)).replace("agency: 某局", "agency: *name", 1)
    data = tmp_path / "a.yaml"
    data.write_text("x: &name 某局\n" + text, encoding="utf-8")
    assert title_of(data) is None  # the full read rejects the extra key: named after the file later


def test_title_of_bad_files_is_none(tmp_path: Path) -> None:
    assert title_of(tmp_path / "missing.yaml") is None
    (tmp_path / "list.yaml").write_text("- 1\n")
    assert title_of(tmp_path / "list.yaml") is None
    (tmp_path / "noyear.yaml").write_text("agency: 某局\n")
    assert title_of(tmp_path / "noyear.yaml") is None
    (tmp_path / "blank.json").write_text(json.dumps({"agency": " ", "year": 2024}))
    assert title_of(tmp_path / "blank.json") is None
    (tmp_path / "bad.json").write_text("{")
    assert title_of(tmp_path / "bad.json") is None
    (tmp_path / "x.txt").write_text("agency: 某局\nyear: 2024\n")
    assert title_of(tmp_path / "x.txt") is None
