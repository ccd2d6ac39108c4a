"""`nianbao draft`: the data file written back with every empty standard statement filled."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from nianbao import datafile
from nianbao.cli import main
from nianbao.model import Report
from nianbao.render import render

from support import EXAMPLE, compare_with_reference

STOCK = ("2023年度无依申请公开的信息。", "2023年度未收取信息处理费。", "2023年度未承办人大代表建议、政协委员提案。")


@pytest.fixture
def data(tmp_path: Path) -> Path:
    copy = tmp_path / "张店.yaml"
    shutil.copy(EXAMPLE, copy)
    return copy


def test_draft_writes_the_stock_sentences_into_the_data_file(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "draft.yaml"
    assert main(["draft", str(data), "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    for sentence in STOCK:
        assert f"    - {sentence}\n" in text
    err = capsys.readouterr().err
    assert f"已生成草稿：{out}" in err
    assert "依申请公开（一、总体情况）" in err and "信息处理费（六、其他需要报告的事项）" in err
    drafted = datafile.load(out)
    # The user's opening (with its quirks) is kept; only the empty statements changed.
    assert drafted.opening == datafile.load(data).opening
    assert compare_with_reference(render(drafted, tmp_path / "draft.docx")).returncode == 0
    assert data.read_text(encoding="utf-8") == EXAMPLE.read_text(encoding="utf-8")


def test_draft_of_a_draft_changes_nothing(data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first, second = tmp_path / "1.yaml", tmp_path / "2.yaml"
    assert main(["draft", str(data), "-o", str(first)]) == 0
    assert main(["draft", str(first), "-o", str(second)]) == 0
    assert first.read_text(encoding="utf-8") == second.read_text(encoding="utf-8")
    assert "没有空着的标准表述" in capsys.readouterr().err


def test_draft_options_change_the_wording(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "d.json"
    args = ["draft", str(data), "-o", str(out), "--year-form", "本年度", "--subject", "我局"]
    assert main(args) == 0
    drafted = datafile.load(out)
    texts = [p for s in drafted.other_matters.subsections for p in s.paragraphs]
    assert "本年度，我局未收取信息处理费。" in texts
    assert out.read_text(encoding="utf-8").lstrip().startswith("{")


def test_draft_default_output_sits_beside_the_input(data: Path) -> None:
    assert main(["draft", str(data)]) == 0
    assert (data.parent / "张店-草稿.yaml").is_file()


def test_draft_refuses_to_overwrite(data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "d.yaml"
    out.write_text("keep", encoding="utf-8")
    assert main(["draft", str(data), "-o", str(out)]) == 1
    assert "已存在" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "keep"
    assert main(["draft", str(data), "-o", str(out), "--overwrite"]) == 0
    assert STOCK[0] in out.read_text(encoding="utf-8")


def test_draft_in_place_with_overwrite(data: Path) -> None:
    assert main(["draft", str(data), "-o", str(data), "--overwrite"]) == 0
    assert STOCK[1] in data.read_text(encoding="utf-8")


def test_draft_faults_are_chinese_with_exit_codes(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["draft", str(data), "-o", str(tmp_path / "d.txt")]) == 1
    assert "输出文件应为 .yaml 或 .json" in capsys.readouterr().err
    bad = tmp_path / "bad.yaml"
    bad.write_text(data.read_text(encoding="utf-8").replace("year: 2023", "year: 二〇二三"), encoding="utf-8")
    assert main(["draft", str(bad), "-o", str(tmp_path / "x.yaml")]) == 1
    err = capsys.readouterr().err
    assert "报告年度" in err and "Traceback" not in err
    assert not (tmp_path / "x.yaml").exists()
    with pytest.raises(SystemExit) as info:
        main(["draft", str(data), "--year-form", "明年"])
    assert info.value.code == 2
    assert "无效的选择" in capsys.readouterr().err


def test_draft_names_topics_with_no_place(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blank = tmp_path / "blank.yaml"
    blank.write_text(datafile.dumps(Report.blank("某局", 2024)), encoding="utf-8")
    assert main(["draft", str(blank), "-o", str(tmp_path / "out.yaml")]) == 0
    err = capsys.readouterr().err
    assert "开头段落" in err
    assert "提示：没有主题为 applications（依申请公开）的小节" in err
