"""PDF by LibreOffice: fonts mapped and embedded, text back, page numbers, failures in Chinese."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from nianbao import labels, pdf
from nianbao.errors import ConversionError, OutputError
from nianbao.model import Report

from support import require_tools


def pdffonts(path: Path) -> list[dict[str, str]]:
    """pdffonts' table: name, type, emb (yes/no) per font."""
    done = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    rows = []
    for line in done.stdout.splitlines()[2:]:
        name, *_, emb, _sub, _uni, _obj, _gen = line.split()
        rows.append({"name": name, "emb": emb})
    return rows


def pdftext(path: Path, *options: str) -> str:
    done = subprocess.run(["pdftotext", *options, str(path), "-"], capture_output=True, text=True, check=True)
    return done.stdout


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


# --- the example as PDF ---------------------------------------------------------


def test_every_font_is_embedded_and_cjk(example_pdf: Path) -> None:
    fonts = pdffonts(example_pdf)
    assert fonts, "pdffonts listed no font"
    assert all(font["emb"] == "yes" for font in fonts), fonts
    names = " ".join(font["name"] for font in fonts)
    # 仿宋/宋体/小标宋 → Noto Serif CJK, 黑体 → Noto Sans CJK, 楷体 → AR PL UKai: the
    # mapping at work (unmapped, fontconfig gives every name the same first CJK font).
    assert "NotoSerifCJK" in names
    assert "NotoSansCJK" in names
    assert "UKai" in names
    assert "NotoSerifCJK" in names and re.search(r"NotoSerifCJK\w*-Bold", names), "小标宋 should be the bold face"


def test_text_comes_back_with_title_and_table_labels(example_pdf: Path, example_report: Report) -> None:
    # -raw keeps LibreOffice's order (cell by cell), so a label wrapped in its cell stays whole.
    text = squash(pdftext(example_pdf, "-raw"))
    assert example_report.title in text
    for title in labels.SECTION_TITLES:
        assert title in text
    table_labels = [
        labels.ARTICLE_20_1,
        labels.ARTICLE_20_5,
        labels.ARTICLE_20_6,
        labels.ARTICLE_20_8,
        labels.INFORMATION_CONTENT,
        labels.ISSUED,
        labels.REPEALED,
        labels.IN_FORCE,
        labels.DECISIONS,
        labels.FEE_AMOUNT,
        labels.RULES,
        labels.NORMATIVE_DOCUMENTS,
        labels.LICENSING,
        labels.PUNISHMENT,
        labels.COERCION,
        labels.ADMINISTRATIVE_FEES,
        labels.BALANCE_NOTE,
        labels.APPLICANTS,
        labels.LEGAL_PERSONS,
        labels.NEW,
        labels.CARRIED_OVER,
        labels.CARRIED_FORWARD,
        labels.ADMINISTRATIVE_REVIEW,
        labels.ADMINISTRATIVE_LITIGATION,
        labels.DIRECT_LITIGATION,
        labels.LITIGATION_AFTER_REVIEW,
        *(column.label for column in labels.ALL_COLUMNS),
        *(column.label for column in labels.ALL_OUTCOME_COLUMNS),
        *(row.label for row in labels.APPLICATION_ROWS),
    ]
    missing = [label for label in table_labels if squash(label) not in text]
    assert not missing


def test_pages_are_numbered_odd_right_even_left(example_pdf: Path) -> None:
    pages = pdftext(example_pdf, "-layout").split("\f")
    pages = [page for page in pages if page.strip()]
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        footer = [line for line in page.splitlines() if line.strip()][-1]
        assert re.fullmatch(rf"\s*—\s*{number}\s*—\s*", footer), (number, footer)
        indent = len(footer) - len(footer.lstrip())
        if number % 2:
            assert indent > 20, f"page {number}: the number should stand right"
        else:
            assert indent < 10, f"page {number}: the number should stand left"


def test_pdf_carries_the_report_title(example_pdf: Path, example_report: Report) -> None:
    require_tools("pdfinfo")
    done = subprocess.run(["pdfinfo", str(example_pdf)], capture_output=True, text=True, check=True)
    assert re.search(rf"^Title:\s+{example_report.title}$", done.stdout, re.MULTILINE)
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", done.stdout)


# --- fonts ----------------------------------------------------------------------


@pytest.mark.parametrize("font", pdf.FONT_MAP, ids=lambda font: font.official)
def test_official_font_names_resolve_to_an_installed_substitute(tmp_path: Path, font: pdf.FontSubstitute) -> None:
    require_tools("fc-match")
    config = tmp_path / "fonts.conf"
    config.write_text(pdf.fontconfig_xml(), encoding="utf-8")
    env = {**os.environ, "FONTCONFIG_FILE": str(config)}
    for name in (font.official, *font.aliases):
        pattern = name.replace("-", "\\-")  # in a fontconfig pattern "-" would start the size
        done = subprocess.run(
            ["fc-match", "-f", "%{family}|%{weight}", pattern], capture_output=True, text=True, env=env, check=True
        )
        families, weight = done.stdout.split("|")
        assert any(substitute in families.split(",") for substitute in font.substitutes), (name, families)
        assert (int(weight) >= 200) == font.bold, (name, weight)


def test_unmapped_names_are_left_alone() -> None:
    xml = pdf.fontconfig_xml()
    assert '<include ignore_missing="yes">' in xml
    assert "Times New Roman" not in xml  # the system's own metric aliases handle it


# --- conversions ----------------------------------------------------------------


def test_parallel_conversions_do_not_share_a_profile(
    needs_libreoffice: None, tmp_path: Path, example_docx: Path, example_report: Report
) -> None:
    targets = [tmp_path / f"r{i}.pdf" for i in range(2)]
    with ThreadPoolExecutor(max_workers=2) as pool:
        done = list(pool.map(lambda target: pdf.convert(example_docx, target), targets))
    assert done == targets
    for target in targets:
        assert example_report.title in squash(pdftext(target))


def test_missing_libreoffice_is_a_clear_message(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(pdf, "_candidates", list)
    with pytest.raises(ConversionError, match=r"未找到 LibreOffice（soffice），无法生成 PDF。请先安装"):
        pdf.find_soffice({"PATH": str(tmp_path)})


def test_soffice_named_by_the_environment_must_exist(tmp_path: Path) -> None:
    with pytest.raises(ConversionError, match=r"NIANBAO_SOFFICE 指向的 .*不存在或不可执行"):
        pdf.find_soffice({pdf.SOFFICE_VARIABLE: str(tmp_path / "nope")})


def fake_soffice(tmp_path: Path, script: str) -> Path:
    program = tmp_path / "soffice"
    program.write_text("#!/bin/sh\n" + script + "\n", encoding="utf-8")
    program.chmod(0o755)
    return program


def test_a_failed_conversion_says_so_and_writes_nothing(tmp_path: Path, example_docx: Path) -> None:
    program = fake_soffice(tmp_path, 'echo "Error: source file could not be loaded" >&2; exit 0')
    out = tmp_path / "out.pdf"
    with pytest.raises(ConversionError, match=r"LibreOffice 未能把文档转换为 PDF.*source file could not be loaded"):
        pdf.convert(example_docx, out, soffice=program)
    assert not out.exists()


def test_a_hung_conversion_is_ended(tmp_path: Path, example_docx: Path) -> None:
    program = fake_soffice(tmp_path, f'exec "{sys.executable}" -c "import time; time.sleep(60)"')
    with pytest.raises(ConversionError, match="超时"):
        pdf.convert(example_docx, tmp_path / "out.pdf", soffice=program, timeout=0.5)


def test_convert_refuses_to_overwrite(tmp_path: Path, example_docx: Path) -> None:
    out = tmp_path / "out.pdf"
    out.write_bytes(b"keep me")
    with pytest.raises(OutputError, match="已存在"):
        pdf.convert(example_docx, out, soffice=Path("/nonexistent"), overwrite=False)
    assert out.read_bytes() == b"keep me"
