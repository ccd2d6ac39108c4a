"""Bad input of every kind: a Chinese message naming file, line and field, exit 1, no traceback.

The command-line tests run the real entry point in a subprocess, as a user would.
"""

from __future__ import annotations

import copy
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nianbao import datafile
from nianbao.errors import DataError

from support import EXAMPLE

EXAMPLE_TEXT = EXAMPLE.read_text(encoding="utf-8")


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "nianbao", *map(str, args)], capture_output=True, text=True, check=False
    )


def edited(tmp_path: Path, *replacements: tuple[str, str], name: str = "report.yaml") -> Path:
    """The reference data file with each (old, new) replaced once; fails if ``old`` is absent."""
    text = EXAMPLE_TEXT
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1) if needle in line)


def assert_refused(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 1, done
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("错误：")
    return done.stderr


@pytest.fixture(params=["check", "render"])
def command(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def test_malformed_yaml(tmp_path: Path, command: str) -> None:
    path = edited(tmp_path, ("  new: [0, 0, 0, 0, 0, 0]", "  new: [0, 0, 0, 0, 0, 0"))
    message = assert_refused(run(command, path))
    assert f"{path} 第{line_of(path, 'carried_over:')}行：YAML 格式错误：方括号列表“[ ]”没有正确闭合" in message


def test_malformed_yaml_indentation_and_tabs(tmp_path: Path) -> None:
    path = edited(tmp_path, ("  licensing: 0", "\tlicensing: 0"))
    message = assert_refused(run("check", path))
    assert f"第{line_of(path, 'licensing')}行：YAML 格式错误：" in message
    assert "制表符" in message


def test_malformed_json(tmp_path: Path) -> None:
    path = tmp_path / "report.json"
    path.write_text('{\n  "agency": "某局",\n  "year": 2024,\n}\n', encoding="utf-8")
    message = assert_refused(run("check", path))
    assert f"{path} 第4行：JSON 格式错误（第1列）：此处应为用双引号括起的键名（最后一项之后不能有逗号）" in message


def test_duplicate_key(tmp_path: Path) -> None:
    path = edited(tmp_path, ("  licensing: 0\n", "  licensing: 0\n  licensing: 3\n"))
    message = assert_refused(run("check", path))
    first = line_of(path, "licensing: 0")
    assert f"第{first + 1}行：键“licensing”重复出现（第{first}行已有），请删去其中一处" in message


def test_wrong_types_are_all_reported_at_once(tmp_path: Path, command: str) -> None:
    path = edited(
        tmp_path,
        ("year: 2023", 'year: "二〇二三"'),
        ("  licensing: 0", "  licensing: 很多"),
        ("cases:\n  review: [0, 0, 0, 0]", "cases:\n  review: 无"),
        ("applications_notes: []", "applications_notes: 表前没有说明"),
    )
    message = assert_refused(run(command, path))
    assert message.startswith("错误：输入数据有 4 处错误：")
    assert f"{path} 第2行：报告年度：应为非负整数，实为 “二〇二三”" in message
    assert f"第{line_of(path, 'licensing')}行：表二/行政许可：应为非负整数，实为 “很多”" in message
    assert (
        f"第{line_of(path, 'review')}行：表四/行政复议：应为 4 个数字组成的列表（可在末尾加总计），实为 “无”" in message
    )
    line = line_of(path, "applications_notes")
    assert f"第{line}行：三、表前说明：应为文本列表（每段一项，以“- ”开头），实为 “表前没有说明”" in message


def test_mapping_expected(tmp_path: Path) -> None:
    path = edited(tmp_path, ("contact:\n", "contact: 办公室\ncontact_old:\n"))
    message = assert_refused(run("check", path))
    assert (
        f"第{line_of(path, 'contact: 办公室')}行：联系方式：应为键值映射（下一级各项写成“键: 值”），实为 “办公室”"
        in message
    )


def test_negative_count(tmp_path: Path, command: str) -> None:
    path = edited(tmp_path, ("  carried_forward: [0, 0, 0, 0, 0, 0]", "  carried_forward: [0, -2, 0, 0, 0, 0]"))
    message = assert_refused(run(command, path))
    line = line_of(path, "carried_forward")
    assert f"{path} 第{line}行：表三/四、结转下年度继续办理/商业企业：不能为负数，实为 -2" in message


def test_negative_money(tmp_path: Path) -> None:
    path = edited(tmp_path, ("  fees: 0", "  fees: -1.5"))
    message = assert_refused(run("check", path))
    assert "表二/行政事业性收费：金额不能为负数，实为 -1.5" in message


def test_fractional_count(tmp_path: Path, command: str) -> None:
    path = edited(tmp_path, ("      state_secret: [0, 0, 0, 0, 0, 0]", "      state_secret: [0.5, 0, 0, 0, 0, 0]"))
    message = assert_refused(run(command, path))
    line = line_of(path, "state_secret")
    where = "表三/三、本年度办理结果/（三）不予公开/1.属于国家秘密/自然人"
    assert f"第{line}行：{where}：件数应为整数，实为 0.5" in message


def test_unknown_key_suggests_the_nearest(tmp_path: Path, command: str) -> None:
    path = edited(tmp_path, ("  licensing: 0", "  licencing: 0"), ("\ncontact:", "\ncontcat:"))
    message = assert_refused(run(command, path))
    assert (
        f"第{line_of(path, 'licencing')}行：表二：未知的键“licencing”，是否应为“licensing”（表二/行政许可）？"
        in message
    )
    assert f"第{line_of(path, 'contcat')}行：顶层：未知的键“contcat”，是否应为“contact”（联系方式）？" in message


def test_missing_fields(tmp_path: Path, command: str) -> None:
    path = edited(tmp_path, ("  carried_forward: [0, 0, 0, 0, 0, 0]\n", ""), ("  coercion: 0\n", ""))
    message = assert_refused(run(command, path))
    assert (
        f"第{line_of(path, 'applications:')}行：表三/四、结转下年度继续办理：缺少必填项（键名 carried_forward）"
        in message
    )
    assert f"第{line_of(path, 'active_disclosure:')}行：表二/行政强制：缺少必填项（键名 coercion）" in message


def test_missing_file_and_wrong_suffix(tmp_path: Path) -> None:
    assert "文件不存在" in assert_refused(run("check", tmp_path / "none.yaml"))
    other = tmp_path / "report.pdf"
    other.write_text("x", encoding="utf-8")
    assert "不支持的文件类型“.pdf”" in assert_refused(run("check", other))
    # A text file is imported as a flattened report; one that is not a report says so.
    text = tmp_path / "report.txt"
    text.write_text("x", encoding="utf-8")
    assert "未识别出年度报告的内容" in assert_refused(run("check", text))


def test_bad_previous_file_is_reported_too(tmp_path: Path) -> None:
    path = edited(tmp_path, ("year: 2023", "year: -1"), name="last.yaml")
    message = assert_refused(run("check", EXAMPLE, "--previous", path))
    assert f"{path} 第2行：报告年度：不能为负数，实为 -1" in message


# --- never a traceback, whatever the data --------------------------------------------------

_BASE = yaml.safe_load(EXAMPLE_TEXT)
_junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 5),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=5),
    st.lists(st.integers(-1, 3), max_size=8),
    st.dictionaries(st.text(max_size=4), st.integers(), max_size=2),
)


def _paths(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            found += _paths(value, (*path, i))
    return found


_ALL_PATHS = _paths(_BASE)[1:]


def _replace(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    data = copy.deepcopy(data)
    target = data
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return data


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(_ALL_PATHS), _junk), min_size=1, max_size=3))
def test_any_bad_value_gives_chinese_issues_never_an_exception(changes: list[tuple[tuple[Any, ...], Any]]) -> None:
    data = _BASE
    for path, value in changes:
        try:
            data = _replace(data, path, value)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed this place
    try:
        datafile.from_data(data, name="x.yaml")
    except DataError as exc:
        assert exc.issues
        for issue in exc.issues:
            assert re.search(r"[\u4e00-\u9fff]", issue.message), issue
            assert not re.search(r"object|has no attribute|NoneType|Traceback", issue.message), issue


@settings(max_examples=200)
@given(st.text(alphabet="agency:year[]{}-\"'#&*!|>\t\n 0123456789.,", max_size=60))
def test_any_text_gives_a_report_or_chinese_issues(text: str) -> None:
    try:
        datafile.loads(text)
    except DataError as exc:
        assert all(re.search(r"[\u4e00-\u9fff]", issue.message) for issue in exc.issues)
