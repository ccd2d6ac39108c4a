"""Shared fixtures: the reference report, its data file, a fresh render."""

from __future__ import annotations

from pathlib import Path

import pytest

from nianbao import datafile
from nianbao.model import Report
from nianbao.render import render

from support import EXAMPLE


@pytest.fixture(scope="session")
def example_report() -> Report:
    return datafile.load(EXAMPLE)


@pytest.fixture(scope="session")
def example_docx(tmp_path_factory: pytest.TempPathFactory, example_report: Report) -> Path:
    return render(example_report, tmp_path_factory.mktemp("render") / "example.docx")
