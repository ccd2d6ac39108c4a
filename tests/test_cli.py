"""The command line: exit codes, Chinese messages, default output, python -m."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from nianbao.cli import main

from support import EXAMPLE, compare_with_reference

TITLE = "张店区信访局2023年政府信息公开工作年度报告"


def test_render_writes_beside_the_input_named_after_the_title(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data.yaml"
    shutil.copy(EXAMPLE, data)
    assert main(["render", str(data)]) == 0
    out = tmp_path / f"{TITLE}.docx"
    assert compare_with_reference(out).returncode == 0
    assert "已生成" in capsys.readouterr().err


def test_render_does_not_overwrite_without_flag(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "r.docx"
    out.write_bytes(b"old")
    assert main(["render", str(EXAMPLE), "-o", str(out)]) == 1
    assert "已存在" in capsys.readouterr().err
    assert out.read_bytes() == b"old"
    assert main(["render", str(EXAMPLE), "-o", str(out), "--overwrite"]) == 0
    assert compare_with_reference(out).returncode == 0


def test_bad_input_exits_1_with_chinese_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "bad.yaml"
    data.write_text(EXAMPLE.read_text(encoding="utf-8").replace("new: [0, 0", "new: [-3, 0", 1), encoding="utf-8")
    assert main(["render", str(data), "-o", str(tmp_path / "x.docx")]) == 1
    err = capsys.readouterr().err
    assert "表三/一、本年新收政府信息公开申请数量/自然人" in err
    assert "不能为负数" in err
    assert "Traceback" not in err
    assert not (tmp_path / "x.docx").exists()


def test_missing_file_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", str(tmp_path / "nope.yaml")]) == 1
    assert "文件不存在" in capsys.readouterr().err


def test_usage_errors_exit_2_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["render"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "用法" in err
    assert "缺少必需的参数" in err
    with pytest.raises(SystemExit) as exit_info:
        main(["no-such-command"])
    assert exit_info.value.code == 2
    assert "无效的选择" in capsys.readouterr().err


def test_schema_is_json_schema_with_official_labels(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    applications = schema["properties"]["applications"]
    assert applications["properties"]["results"]["properties"]["withheld"]["properties"]["state_secret"]["title"] == (
        "1.属于国家秘密"
    )
    assert set(schema["required"]) >= {"agency", "year", "active_disclosure", "applications", "cases"}


def test_python_dash_m(tmp_path: Path) -> None:
    out = tmp_path / "m.docx"
    done = subprocess.run(
        [sys.executable, "-m", "nianbao", "render", str(EXAMPLE), "-o", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert compare_with_reference(out).returncode == 0


def test_closed_pipe_is_not_a_traceback() -> None:
    # The reader closes its end before the command writes: the write fails with EPIPE.
    child = subprocess.Popen(
        [sys.executable, "-m", "nianbao", "schema"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert child.stdout is not None and child.stderr is not None
    child.stdout.close()
    err = child.stderr.read().decode()
    assert child.wait() == 0
    assert "Traceback" not in err


def test_help_is_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert "选项：" in out
    assert "显示版本号并退出" in out
    assert "show" not in out
    assert "options" not in out
