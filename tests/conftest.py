"""Shared fixtures: the reference report, its data file, a fresh render."""

from __future__ import annotations

from pathlib import Path

import pytest

from nianbao import datafile
from nianbao.model import Report
from nianbao.pdf import convert
from nianbao.render import render

from support import EXAMPLE, require_tools


@pytest.fixture(scope="session")
def example_report() -> Report:
    return datafile.load(EXAMPLE)


@pytest.fixture(scope="session")
def example_docx(tmp_path_factory: pytest.TempPathFactory, example_report: Report) -> Path:
    return render(example_report, tmp_path_factory.mktemp("render") / "example.docx")


@pytest.fixture
def needs_libreoffice() -> None:
    """For tests that run LibreOffice and read its PDF back with poppler-utils."""
    require_tools("soffice", "pdffonts", "pdftotext")


@pytest.fixture(scope="session")
def example_pdf(tmp_path_factory: pytest.TempPathFactory, example_docx: Path) -> Path:
    """The reference report as PDF (skipped without LibreOffice, failed in CI)."""
    require_tools("soffice", "pdffonts", "pdftotext")
    return convert(example_docx, tmp_path_factory.mktemp("pdf") / "example.pdf")
