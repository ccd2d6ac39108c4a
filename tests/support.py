"""Helpers the tests share: paths of the shared reference and the flattening tool."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
REFERENCE_TEXT = SHARED / "seed" / "000_16652a60a82de5e5.txt"
DOCX_TEXT_TOOL = SHARED / "tools" / "docx_text.py"
EXAMPLE = ROOT / "examples" / "zhangdian-xinfang-2023.yaml"


def compare_with_reference(docx: Path, reference: Path = REFERENCE_TEXT) -> subprocess.CompletedProcess[str]:
    """Run the shared comparison tool (exit 0 when every token is equal)."""
    return subprocess.run(
        [sys.executable, str(DOCX_TEXT_TOOL), "compare", str(docx), str(reference)],
        capture_output=True,
        text=True,
        check=False,
    )


def docx_lines(docx: Path) -> list[str]:
    """The shared tool's flattening of a .docx (paragraphs and table cells)."""
    done = subprocess.run(
        [sys.executable, str(DOCX_TEXT_TOOL), "text", str(docx)], capture_output=True, text=True, check=True
    )
    return done.stdout.split("\n")


def in_ci() -> bool:
    """CI runs with CI=true: there a missing system tool is a failure, not a skip."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def require_tools(*names: str) -> None:
    """Skip the test when a system program is missing locally; fail it in CI.

    The programs (LibreOffice, poppler-utils, fontconfig) come from the Debian packages
    that scripts/setup.sh installs, so in CI their absence is a broken set-up.
    """
    missing = [name for name in names if shutil.which(name) is None]
    if not missing:
        return
    message = f"needs {', '.join(missing)} (installed by scripts/setup.sh)"
    if in_ci():
        pytest.fail(f"{message}; CI is set, so this is an error")
    pytest.skip(message)
