"""``nianbao check`` and the refusal of ``nianbao render`` on the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nianbao.cli import main

from support import EXAMPLE

DATA = Path(__file__).parent / "data" / "checks"
THIS_YEAR = DATA / "district-2024.yaml"
LAST_YEAR = DATA / "district-2023.yaml"


def broken(tmp_path: Path) -> Path:
    """The reference report with one application received that neither the table nor the text settles."""
    text = EXAMPLE.read_text(encoding="utf-8")
    for old, new in (
        ("  new: [0, 0, 0, 0, 0, 0]", "  new: [1, 0, 0, 0, 0, 0]"),
        (
            "（二）依申请公开工作方面。\n    paragraphs: []",
            "（二）依申请公开工作方面。\n    paragraphs:\n    - 2023年度无依申请公开的信息。",
        ),
    ):
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_reference_example_passes_clean(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(EXAMPLE)]) == 0
    assert main(["check", str(EXAMPLE), "--strict"]) == 0
    assert capsys.readouterr().out.strip().endswith("未发现问题。")


def test_errors_are_printed_for_people_and_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = broken(tmp_path)
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert "错误 [R1] 表三/申请人情况/自然人：" in out
    assert "错误 [T3] 一、总体情况/（二）依申请公开工作方面/第1段：正文称“无依申请公开”（即 0 件）" in out
    assert "原文：“2023年度无依申请公开的信息。”" in out
    assert out.strip().endswith(f"{path}：共发现 3 处错误、0 处警告。")


def test_json_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(broken(tmp_path)), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert (data["errors"], data["warnings"]) == (3, 0)
    assert [f["rule"] for f in data["findings"]] == ["R1", "R1", "T3"]
    first = data["findings"][0]
    assert first == {
        "level": "error",
        "rule": "R1",
        "location": "表三/申请人情况/自然人",
        "expected": "1",
        "actual": "0",
        "message": first["message"],
        "quote": None,
    }


def test_warnings_only_exit_0_unless_strict(capsys: pytest.CaptureFixture[str]) -> None:
    # this year's data against itself as “last year”: X0, X1 and C1 warnings, no error
    args = ["check", str(THIS_YEAR), "--previous", str(THIS_YEAR)]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "警告 [X0]" in out and "警告 [X1]" in out and "警告 [C1]" in out
    assert "0 处错误" in out
    assert main([*args, "--strict"]) == 1


def test_previous_year_that_carries_on_passes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(THIS_YEAR), "--previous", str(LAST_YEAR), "--strict"]) == 0
    assert "未发现问题" in capsys.readouterr().out


def test_previous_report_that_cannot_be_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    other = tmp_path / "2023.docx"
    other.write_bytes(b"PK")
    assert main(["check", str(THIS_YEAR), "--previous", str(other)]) == 1
    assert "不是有效的 Word（.docx）文件" in capsys.readouterr().err
    pdf = tmp_path / "2023.pdf"
    pdf.write_bytes(b"%PDF")
    assert main(["check", str(THIS_YEAR), "--previous", str(pdf)]) == 1
    assert "不支持的文件类型“.pdf”" in capsys.readouterr().err


def test_render_refuses_a_report_with_errors_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.docx"
    assert main(["render", str(broken(tmp_path)), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("错误：报告有 3 处错误，未生成文档。")
    assert "--force" in err
    assert "[R1] 表三/申请人情况/自然人" in err
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [tmp_path / "broken.yaml"]


def test_render_force_writes_despite_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.docx"
    assert main(["render", str(broken(tmp_path)), "-o", str(out), "--force"]) == 0
    assert out.stat().st_size > 0


def test_render_of_a_clean_report_is_unchanged(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.docx"
    assert main(["render", str(THIS_YEAR), "-o", str(out)]) == 0
    assert out.exists()


def test_bad_input_with_json_format_is_json_too(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "bad.yaml"
    text = EXAMPLE.read_text(encoding="utf-8").replace("  licensing: 0", "  licensing: -2", 1)
    data.write_text(text, encoding="utf-8")
    assert main(["check", str(data), "--format", "json"]) == 1
    captured = capsys.readouterr()
    output = json.loads(captured.out)
    assert output["readable"] is False
    (fault,) = output["input_errors"]
    assert fault["path"] == ["active_disclosure", "licensing"]
    assert fault["location"] == "表二/行政许可"
    assert "负数" in fault["message"]
    assert fault["line"] == text.splitlines().index("  licensing: -2") + 1
    assert "负数" in captured.err
