"""Helpers the tests share: paths of the shared reference and the flattening tool."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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
