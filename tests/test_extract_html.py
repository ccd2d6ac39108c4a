"""Published web pages: tables with rowspan/colspan, GB2312 pages, page furniture, layout tables."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract_samples import (
    Layout,
    assert_same_report,
    busy_report,
    real_world_expected,
    real_world_layout,
    write_html,
)
from nianbao import labels as L
from nianbao.extract import extract_html, read_report
from nianbao.extract.document import Cell, Paragraph, Table
from nianbao.extract.html_source import read_html


@pytest.mark.parametrize(
    "layout",
    [Layout(), Layout(merged=False), Layout(merged=False, split_t2=True, split_t3_after=12)],
    ids=["rowspan-colspan", "no-spans", "split-tables"],
)
@pytest.mark.parametrize("charset", ["utf-8", "gb2312"])
def test_published_page_reads_every_figure(tmp_path: Path, layout: Layout, charset: str) -> None:
    report = busy_report()
    page = tmp_path / "index.html"
    page.write_bytes(write_html(report, layout, charset=charset))
    extraction = read_report(page)
    assert extraction.kind == "html"
    assert_same_report(extraction.report, report)
    assert not any(n.location.startswith("表") for n in extraction.notes), extraction.notes


@pytest.mark.parametrize("merged", [True, False], ids=["rowspan-colspan", "no-spans"])
def test_published_page_with_real_world_defects(merged: bool) -> None:
    extraction = extract_html(write_html(busy_report(), real_world_layout(merged)), "page.html")
    assert_same_report(extraction.report, real_world_expected())
    notes = [str(n) for n in extraction.notes]
    assert any(n.startswith("表三/三、本年度办理结果/（一）予以公开：空白单元格按0计（自然人、总计）") for n in notes)
    assert any(n.startswith("落款：落款之后的1段文字不属于报告") for n in notes)


@pytest.mark.parametrize("old", [False, True], ids=["25-rows", "23-rows"])
def test_published_page_2019_table_three(old: bool) -> None:
    layout = real_world_layout(merged=True, old_other_handling=old)
    extraction = extract_html(write_html(busy_report(), layout), "page.html")
    assert_same_report(extraction.report, real_world_expected(old_other_handling=old))


def test_page_laid_out_in_a_table_is_read_as_text() -> None:
    # Many portals put the whole article inside a layout table; the report tables sit inside it.
    page = write_html(busy_report(), Layout(), chrome=False).decode("utf-8")
    page = page.replace('<div class="article">', '<table width="100%"><tr><td><div class="article">', 1)
    page = page.replace("</div>\n</body>", "</div></td></tr></table>\n</body>", 1)
    assert_same_report(extract_html(page.encode("utf-8"), "layout.html").report, busy_report())


def test_rowspan_and_colspan_become_cells_and_continuations() -> None:
    page = f"""<table>
      <tr><td rowspan="3" colspan="2">{L.RESULTS}</td><td>（一）予以公开</td><td>5</td></tr>
      <tr><td>（二）部分公开</td><td>6</td></tr>
      <tr><td>（七）总计</td><td colspan="2">11</td></tr>
      <tr><th>四、结转</th><td>&nbsp;</td><td>商业<br>企业</td></tr>
    </table>""".encode()
    (table,) = read_html(page)
    assert isinstance(table, Table)
    assert table.rows == (
        (Cell(L.RESULTS), Cell("（一）予以公开"), Cell("5")),
        (Cell("", continues=L.RESULTS), Cell("（二）部分公开"), Cell("6")),
        (Cell("", continues=L.RESULTS), Cell("（七）总计"), Cell("11")),
        (Cell("四、结转"), Cell(""), Cell("商业\n企业")),
    )


def test_bold_first_words_are_a_run_in_heading() -> None:
    page = "<p>　　<b>（一）主动公开。</b>全年公开信息35条。</p><h3>（二）依申请公开</h3><p>正文。</p>".encode()
    assert read_html(page) == [
        Paragraph("（一）主动公开。全年公开信息35条。", lead="（一）主动公开。", index=1),
        Paragraph("（二）依申请公开", heading=True, index=2),
        Paragraph("正文。", index=3),
    ]
