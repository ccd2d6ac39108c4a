"""``nianbao render --pdf --html``: extra outputs beside the .docx, refused before anything is written."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from nianbao import pdf
from nianbao.cli import main
from nianbao.model import Report

from support import EXAMPLE


def test_render_makes_pdf_and_html_beside_the_docx(
    needs_libreoffice: None, tmp_path: Path, capsys: pytest.CaptureFixture[str], example_report: Report
) -> None:
    out = tmp_path / "报告.docx"
    assert main(["render", str(EXAMPLE), "-o", str(out), "--pdf", "--html"]) == 0
    made = sorted(path.name for path in tmp_path.iterdir())
    assert made == ["报告.docx", "报告.html", "报告.pdf"]
    said = capsys.readouterr().err
    for name in made:
        assert f"已生成：{tmp_path / name}" in said
    assert (tmp_path / "报告.pdf").read_bytes().startswith(b"%PDF-")
    text = subprocess.run(["pdftotext", str(tmp_path / "报告.pdf"), "-"], capture_output=True, text=True, check=True)
    assert example_report.title in "".join(text.stdout.split())
    assert f"<h1>{example_report.title}</h1>" in (tmp_path / "报告.html").read_text(encoding="utf-8")


def test_html_alone_needs_no_libreoffice(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(pdf, "_candidates", list)
    out = tmp_path / "r.docx"
    assert main(["render", str(EXAMPLE), "-o", str(out), "--html"]) == 0
    assert out.with_suffix(".html").is_file()
    assert not out.with_suffix(".pdf").exists()


def test_missing_libreoffice_is_reported_before_anything_is_written(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv(pdf.SOFFICE_VARIABLE, raising=False)
    monkeypatch.setattr(pdf, "_candidates", list)
    out = tmp_path / "out" / "r.docx"
    assert main(["render", str(EXAMPLE), "-o", str(out), "--pdf", "--html"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("错误：未找到 LibreOffice（soffice），无法生成 PDF。")
    assert "Traceback" not in err
    assert not out.parent.exists()


def test_an_extra_file_in_the_way_stops_the_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "r.docx"
    out.with_suffix(".html").write_text("keep me", encoding="utf-8")
    assert main(["render", str(EXAMPLE), "-o", str(out), "--html"]) == 1
    assert "输出文件已存在" in capsys.readouterr().err
    assert not out.exists()
    assert out.with_suffix(".html").read_text(encoding="utf-8") == "keep me"
    assert main(["render", str(EXAMPLE), "-o", str(out), "--html", "--overwrite"]) == 0
    assert "<!DOCTYPE html>" in out.with_suffix(".html").read_text(encoding="utf-8")
