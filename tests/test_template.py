"""The default template as rendered: layout, merges, page set-up and fonts (regression)."""

from __future__ import annotations

import runpy
import zipfile
from pathlib import Path
from typing import Any

import pytest

from nianbao import labels
from nianbao.render import default_template

from support import ROOT, dump_docx


@pytest.fixture(scope="module")
def dump(example_docx: Path) -> dict[str, Any]:
    return dump_docx(example_docx)


def test_rendered_example_regression(dump: dict[str, Any], data_regression: Any) -> None:
    # Reviewed by hand: GB/T 9704 page set-up, the four tables' merges, the styles' fonts.
    data_regression.check(dump)


def test_page_is_gbt_9704(dump: dict[str, Any]) -> None:
    page = dump["page"]
    assert page["size"] == ["11906", "16838"]  # A4
    # 37 / 35 / 28 / 26 mm in twips
    assert page["margins"] | {"footer": None} == {
        "top": "2098",
        "bottom": "1984",
        "left": "1587",
        "right": "1474",
        "footer": None,
    }
    assert page["even_and_odd_footers"] is True
    assert page["footer_kinds"] == ["default", "even"]
    # "— N —": even pages on the left, odd pages on the right
    assert dump["footers"] == [["left", "— {PAGE}1 —"], ["right", "— {PAGE}1 —"]]


def test_fonts_follow_the_standard(dump: dict[str, Any]) -> None:
    styles = dump["styles"]
    assert styles["Normal"]["east_asian_font"] == "仿宋_GB2312"
    assert styles["Normal"]["size_half_points"] == "32"  # 3号
    assert styles["Normal"]["line_rule"] == "exact"
    assert styles["Normal"]["first_line_chars"] == "200"
    assert styles["报告标题"]["east_asian_font"] == "方正小标宋简体"
    assert styles["报告标题"]["size_half_points"] == "44"  # 2号
    assert styles["报告标题"]["alignment"] == "center"
    assert styles["一级标题"]["east_asian_font"] == "黑体"
    assert styles["小标题字符"]["east_asian_font"] == "楷体_GB2312"
    assert styles["footer"]["size_half_points"] == "28"  # 4号
    assert int(styles["表格文字"]["size_half_points"]) >= 18  # >= 9 pt


def _tables(dump: dict[str, Any]) -> list[dict[str, Any]]:
    return [entry["table"] for entry in dump["body"] if "table" in entry]


def test_tables_fit_the_page_and_repeat_headers(dump: dict[str, Any]) -> None:
    text_width = 11906 - 1587 - 1474
    tables = _tables(dump)
    assert len(tables) == 3
    for table in tables:
        assert table["width"] <= text_width
        assert all(row.get("cant_split") for row in table["rows"])
    applications = tables[1]
    assert [bool(row.get("header")) for row in applications["rows"][:4]] == [True, True, True, False]
    assert len(applications["rows"]) == 3 + len(labels.APPLICATION_ROWS)


def test_applications_table_merges(dump: dict[str, Any]) -> None:
    rows = _tables(dump)[1]["rows"]
    note = rows[0]["cells"][0]
    assert note == {"text": labels.BALANCE_NOTE, "span": 3, "vmerge": "restart"}
    assert rows[1]["cells"][0] == {"text": "", "span": 3, "vmerge": "continue"}
    assert rows[0]["cells"][1] == {"text": labels.APPLICANTS, "span": 7}
    results = rows[5]["cells"][0]
    assert results == {"text": labels.RESULTS, "vmerge": "restart"}
    continued = [row["cells"][0] for row in rows[6:27]]
    assert all(cell == {"text": "", "vmerge": "continue"} for cell in continued)
    withheld = [row["cells"][1] for row in rows[7:15]]
    assert withheld[0] == {"text": labels.WITHHELD, "vmerge": "restart"}
    assert all(cell == {"text": "", "vmerge": "continue"} for cell in withheld[1:])
    assert rows[-1]["cells"][0] == {"text": labels.CARRIED_FORWARD, "span": 3}


def test_committed_template_is_what_the_builder_makes(tmp_path: Path) -> None:
    builder = runpy.run_path(str(ROOT / "scripts" / "build_template.py"))
    rebuilt = builder["build"](tmp_path / "report.docx")
    for part in ("word/document.xml", "word/styles.xml", "word/footer1.xml", "word/settings.xml"):
        with zipfile.ZipFile(rebuilt) as new, zipfile.ZipFile(default_template()) as old:
            assert new.read(part) == old.read(part), part
