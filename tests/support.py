"""Helpers the tests share: paths of the shared reference and the flattening tool."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

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


# --- system tools -------------------------------------------------------------


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


# --- a normalized dump of a .docx for regression tests ------------------------

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{" + W_NS + "}"


def _attr(el: Any, path: str, name: str = "val") -> str | None:
    found = el.find(path) if el is not None else None
    return None if found is None else found.get(W + name)


def _text(el: Any) -> str:
    out = []
    for node in el.iter():
        if node.tag == W + "t" and node.text:
            out.append(node.text)
        elif node.tag == W + "br":
            out.append("\n")
        elif node.tag == W + "instrText" and node.text:
            out.append("{" + node.text.strip() + "}")
    return "".join(out)


def _paragraph(p: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {"style": _attr(p, f"{W}pPr/{W}pStyle") or "Normal", "text": _text(p)}
    runs = [_attr(r, f"{W}rPr/{W}rStyle") for r in p.iter(W + "r")]
    if any(runs):
        entry["run_styles"] = [r or "" for r in runs]
    return entry


def _table(tbl: Any) -> dict[str, Any]:
    rows = []
    for tr in tbl.findall(W + "tr"):
        tr_pr = tr.find(W + "trPr")
        cells = []
        for tc in tr.findall(W + "tc"):
            cell: dict[str, Any] = {"text": "\n".join(_text(p) for p in tc.findall(W + "p"))}
            span = _attr(tc, f"{W}tcPr/{W}gridSpan")
            if span:
                cell["span"] = int(span)
            vmerge = tc.find(f"{W}tcPr/{W}vMerge")
            if vmerge is not None:
                cell["vmerge"] = vmerge.get(W + "val") or "continue"
            cells.append(cell)
        row: dict[str, Any] = {"cells": cells}
        if tr_pr is not None and tr_pr.find(W + "tblHeader") is not None:
            row["header"] = True
        if tr_pr is not None and tr_pr.find(W + "cantSplit") is not None:
            row["cant_split"] = True
        rows.append(row)
    grid = [int(c.get(W + "w")) for c in tbl.findall(f"{W}tblGrid/{W}gridCol")]
    return {"table": {"grid": grid, "width": sum(grid), "rows": rows}}


def _style(style: Any) -> dict[str, Any]:
    rpr = style.find(W + "rPr")
    ppr = style.find(W + "pPr")
    fonts = rpr.find(W + "rFonts") if rpr is not None else None
    entry: dict[str, Any] = {
        "type": style.get(W + "type"),
        "based_on": _attr(style, f"{W}basedOn"),
        "east_asian_font": fonts.get(W + "eastAsia") if fonts is not None else None,
        "latin_font": fonts.get(W + "ascii") if fonts is not None else None,
        "size_half_points": _attr(rpr, f"{W}sz"),
        "alignment": _attr(ppr, f"{W}jc"),
        "line": _attr(ppr, f"{W}spacing", "line"),
        "line_rule": _attr(ppr, f"{W}spacing", "lineRule"),
        "first_line_chars": _attr(ppr, f"{W}ind", "firstLineChars"),
        "right_indent": _attr(ppr, f"{W}ind", "right"),
        "snap_to_grid": _attr(ppr, f"{W}snapToGrid"),
    }
    return {k: v for k, v in entry.items() if v is not None}


def dump_docx(path: Path) -> dict[str, Any]:
    """The parts of a .docx that matter to a reader: text, merges, page set-up, fonts.

    Normalized (no zip bytes, ids or timestamps), for pytest-regressions.
    """
    from lxml import etree

    with zipfile.ZipFile(path) as z:
        document = etree.fromstring(z.read("word/document.xml"))
        styles = etree.fromstring(z.read("word/styles.xml"))
        settings = etree.fromstring(z.read("word/settings.xml"))
        footers = {name: etree.fromstring(z.read(name)) for name in z.namelist() if name.startswith("word/footer")}
    body = document.find(W + "body")
    content: list[dict[str, Any]] = []
    for el in body:
        if el.tag == W + "p":
            content.append(_paragraph(el))
        elif el.tag == W + "tbl":
            content.append(_table(el))
    sect = body.find(W + "sectPr")
    page = {
        "size": [_attr(sect, f"{W}pgSz", "w"), _attr(sect, f"{W}pgSz", "h")],
        "margins": {k: _attr(sect, f"{W}pgMar", k) for k in ("top", "bottom", "left", "right", "footer")},
        "doc_grid": [_attr(sect, f"{W}docGrid", "type"), _attr(sect, f"{W}docGrid", "linePitch")],
        "even_and_odd_footers": settings.find(W + "evenAndOddHeaders") is not None,
        "footer_kinds": sorted(ref.get(W + "type") for ref in sect.findall(W + "footerReference")),
    }
    # The styles the report uses: its paragraphs', the run-in heading's, tables', footers'.
    used = {p["style"] for p in content if "style" in p} | {"Normal", "footer", "小标题字符", "表格文字"}
    dumped_styles = {}
    for style in styles.findall(W + "style"):
        name = _attr(style, f"{W}name")
        if name in used or style.get(W + "styleId") in used:
            dumped_styles[name] = _style(style)
    footer_texts = sorted(
        [_attr(next(iter(f.iter(W + "pPr")), None), f"{W}jc") or "", _text(f)] for f in footers.values()
    )
    return {"page": page, "styles": dumped_styles, "footers": footer_texts, "body": content}
