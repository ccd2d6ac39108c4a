"""Importing reports: the reference text, every kind of file, the command, bad files."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from nianbao import datafile
from nianbao.cli import main
from nianbao.errors import DataError, ExtractError
from nianbao.extract import Extraction, extract_text, read_report
from nianbao.model import Report
from nianbao.render import render
from nianbao.sentences import complete

from support import EXAMPLE, REFERENCE_TEXT, compare_with_reference

needs_libreoffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) 未安装")


def test_reference_text_extracted_then_rendered_is_token_equal(tmp_path: Path) -> None:
    extraction = read_report(REFERENCE_TEXT)
    out = render(extraction.report, tmp_path / "from-text.docx")
    done = compare_with_reference(out)
    assert done.returncode == 0, done.stdout
    assert "tokens equal: 328/328" in done.stdout


@pytest.fixture(scope="module")
def printed_example(example_report: Report) -> Report:
    """The example as printed: its empty standard statements written out (the reference has them)."""
    return complete(example_report)


def test_reference_text_gives_the_example_data(printed_example: Report) -> None:
    extraction = read_report(REFERENCE_TEXT)
    assert extraction.report == printed_example
    assert extraction.kind == "txt"
    # Only the contact details were inferred; nothing else needed guessing.
    assert [n.location for n in extraction.notes] == ["联系方式"]
    assert "邮编：255000" in extraction.notes[0].message


def test_changed_reference_figure_is_read(tmp_path: Path) -> None:
    # The reader really reads the cells: one figure changed in the text shows in the model.
    lines = REFERENCE_TEXT.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.endswith("8.属于行政查询事项"))
    lines[at + 3] = "\t4"
    lines[at + 7] = "\t4"
    report = extract_text("\n".join(lines)).report
    assert report.applications.results.withheld.inquiry_matters.values() == (0, 0, 4, 0, 0, 0)
    assert report.applications.results.withheld.inquiry_matters.stated_total is None
    assert report.applications.results.stated_total is not None  # （七）总计 still says 0: kept for the checks
    assert report.applications.results.stated_total.values() == (0, 0, 0, 0, 0, 0)


def test_data_files_are_read_as_they_are(example_report: Report) -> None:
    extraction = read_report(EXAMPLE)
    assert extraction == Extraction(example_report, (), str(EXAMPLE), "data")


def test_rendered_docx_reads_back(example_docx: Path, printed_example: Report) -> None:
    extraction = read_report(example_docx)
    assert extraction.report == printed_example
    assert extraction.kind == "docx"


@needs_libreoffice
def test_old_word_files_are_converted_by_libreoffice(
    tmp_path: Path, example_docx: Path, printed_example: Report
) -> None:
    shutil.copy(example_docx, tmp_path / "last.docx")
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "doc",
            "--outdir",
            str(tmp_path),
            str(tmp_path / "last.docx"),
        ],
        capture_output=True,
        check=True,
        timeout=180,
    )
    extraction = read_report(tmp_path / "last.doc")
    assert extraction.report.applications == printed_example.applications
    assert extraction.report.active_disclosure == printed_example.active_disclosure
    assert extraction.report.overview == printed_example.overview
    assert "LibreOffice" in extraction.notes[0].message


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.docx", None, "文件不存在"),
        ("report.pdf", b"%PDF-1.4", "不支持的文件类型“.pdf”"),
        ("broken.docx", b"not a zip", "不是有效的 Word（.docx）文件"),
        ("notes.txt", "今天天气很好。\n".encode(), "未识别出年度报告的内容"),
        ("empty.html", b"", "未识别出年度报告的内容"),
    ],
)
def test_unreadable_files_raise_in_chinese(tmp_path: Path, name: str, content: bytes | None, message: str) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(ExtractError, match=message):
        read_report(path)


def test_bad_data_file_raises_data_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("agency: 某局\nyear: 1900\n", encoding="utf-8")
    with pytest.raises(DataError):
        read_report(bad)


def test_gb18030_text_is_read(tmp_path: Path, printed_example: Report) -> None:
    path = tmp_path / "gbk.txt"
    path.write_bytes(REFERENCE_TEXT.read_text(encoding="utf-8").encode("gb18030"))
    assert read_report(path).report == printed_example


# --- the command ---------------------------------------------------------------------


def test_extract_command_writes_data_and_prints_notes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "2023.yaml"
    assert main(["extract", str(REFERENCE_TEXT), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "导入说明（1条）" in err
    assert "联系方式：从开头段落识别" in err
    assert "已导入" in err
    assert datafile.load(out) == complete(datafile.load(EXAMPLE))


def test_extract_command_prints_yaml_without_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(REFERENCE_TEXT)]) == 0
    assert datafile.loads(capsys.readouterr().out) == complete(datafile.load(EXAMPLE))


def test_extract_command_writes_json(tmp_path: Path) -> None:
    out = tmp_path / "2023.json"
    assert main(["extract", str(REFERENCE_TEXT), "-o", str(out)]) == 0
    assert datafile.load(out) == complete(datafile.load(EXAMPLE))


def test_extract_command_refuses_to_overwrite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "keep.yaml"
    out.write_text("keep", encoding="utf-8")
    assert main(["extract", str(REFERENCE_TEXT), "-o", str(out)]) == 1
    assert "已存在" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "keep"
    assert main(["extract", str(REFERENCE_TEXT), "-o", str(out), "--overwrite"]) == 0
    assert datafile.load(out) == complete(datafile.load(EXAMPLE))


def test_extract_command_bad_file_exits_1_without_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK broken")
    out = tmp_path / "x.yaml"
    assert main(["extract", str(bad), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "不是有效的 Word" in err
    assert "Traceback" not in err
    assert not out.exists()
