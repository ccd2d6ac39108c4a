""".docx files made other ways than by nianbao: by hand in Word/WPS (python-docx), merged
differently, split, misspelt, the 2019 table 三, and converted by LibreOffice from a web page."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import attrs
import docx
import pytest

from extract_samples import (
    Layout,
    assert_same_report,
    busy_report,
    real_world_expected,
    real_world_layout,
    write_docx,
    write_html,
)
from nianbao import labels as L
from nianbao.extract import read_report
from nianbao.extract.document import Cell, Paragraph, Table
from nianbao.extract.docx_source import read_docx
from nianbao.model import ApplicantCounts, OtherHandlingResults

needs_libreoffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) 未安装")


@pytest.mark.parametrize(
    "layout",
    [
        Layout(),
        Layout(merged=False),
        Layout(merged=False, split_t2=True, split_t3_after=9),
        Layout(run_in_bold=False),
    ],
    ids=["official-merges", "no-merges", "split-tables", "plain-run-in-headings"],
)
def test_hand_made_docx_reads_every_figure(tmp_path: Path, layout: Layout) -> None:
    report = busy_report()
    extraction = read_report(write_docx(report, layout, tmp_path / "made.docx"))
    assert_same_report(extraction.report, report)
    locations = {n.location for n in extraction.notes}
    # Only inferences from prose, never a table guess, for a clean table.
    assert not any(loc.startswith("表") for loc in locations), extraction.notes


@pytest.mark.parametrize("merged", [True, False], ids=["official-merges", "no-merges"])
def test_real_world_defects_are_read_as_written_and_noted(tmp_path: Path, merged: bool) -> None:
    path = write_docx(busy_report(), real_world_layout(merged), tmp_path / "defects.docx")
    extraction = read_report(path)
    assert_same_report(extraction.report, real_world_expected())
    notes = [str(n) for n in extraction.notes]
    expected = [
        "表三/三、本年度办理结果/（三）不予公开/2.其他法律行政法规禁止公开：标签“2、其他法律行政止公开”有误",
        "表三/三、本年度办理结果/（三）不予公开/5.属于三类内部事务信息：标签“5、属于三类内容事务信息”有误",
        "表三/三、本年度办理结果/（二）部分公开（区分处理的，只计这一情形，不计其他情形）：标签",
        "表二/行政强制：“无”按0计",
        "表三/一、本年新收政府信息公开申请数量：“无”按0计（社会公益组织）",
        "表三/三、本年度办理结果/（一）予以公开：空白单元格按0计（自然人、总计）",
        "五、存在的主要问题及改进情况：标题“五、政府信息公开工作存在的主要问题及改进情况”与官方格式",
        "四、政府信息公开行政复议、行政诉讼情况：标题“四、政府信息公开行政法复议、行政诉讼情况”",
    ]
    for start in expected:
        assert any(n.startswith(start) for n in notes), (start, notes)
    # "/" in 表二 means "not applicable": kept, not guessed, so no note.
    assert not any(n.startswith("表二/规章") for n in notes)


def test_2019_table_three_with_23_rows(tmp_path: Path) -> None:
    report = busy_report()
    layout = Layout(old_other_handling=True)
    extraction = read_report(write_docx(report, layout, tmp_path / "2019.docx"))
    document_tables = [b for b in read_docx((tmp_path / "2019.docx").read_bytes()) if isinstance(b, Table)]
    assert len(document_tables[1].rows) == 3 + 23
    zero = ApplicantCounts.zero()
    whole = report.applications.results.other_handling.total
    want = attrs.evolve(
        report,
        applications=attrs.evolve(
            report.applications,
            results=attrs.evolve(report.applications.results, other_handling=OtherHandlingResults(zero, zero, whole)),
        ),
    )
    assert_same_report(extraction.report, want)
    (note,) = [n for n in extraction.notes if n.location.startswith("表")]
    assert note.location == "表三/三、本年度办理结果/（六）其他处理"
    assert "2019年版格式" in note.message
    assert "已计入“3.其他”" in note.message
    assert note.source == "第2个表格第24行"


def test_2019_table_three_with_defects(tmp_path: Path) -> None:
    layout = real_world_layout(merged=False, old_other_handling=True)
    extraction = read_report(write_docx(busy_report(), layout, tmp_path / "2019-defects.docx"))
    assert_same_report(extraction.report, real_world_expected(old_other_handling=True))


@needs_libreoffice
@pytest.mark.parametrize("merged", [True, False], ids=["rowspan-colspan", "no-spans"])
def test_docx_converted_by_libreoffice_from_a_web_page(tmp_path: Path, merged: bool) -> None:
    page = tmp_path / "年报.html"
    page.write_bytes(write_html(busy_report(), real_world_layout(merged), charset="gbk"))
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(tmp_path),
            str(page),
        ],
        capture_output=True,
        check=True,
        timeout=180,
    )
    converted = tmp_path / "年报.docx"
    # LibreOffice writes Word's own merge markup for the page's spans.
    xml = converted.read_bytes()
    assert xml.startswith(b"PK")
    extraction = read_report(converted)
    assert extraction.kind == "docx"
    assert_same_report(extraction.report, real_world_expected())
    assert any("网站标识码" in n.message for n in extraction.notes)  # the page footer after the 落款 is dropped


def test_vertical_merges_become_continuations(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(2, 0)).text = L.WITHHELD
    table.cell(0, 1).text = "1.属于国家秘密"
    table.cell(1, 1).merge(table.cell(1, 2)).text = "跨两列"
    document.save(str(tmp_path / "m.docx"))
    (read,) = read_docx((tmp_path / "m.docx").read_bytes())
    assert isinstance(read, Table)
    assert read.rows[0][0] == Cell(L.WITHHELD)
    assert read.rows[1] == (Cell("", continues=L.WITHHELD), Cell("跨两列"))
    assert read.rows[2][0].continues == L.WITHHELD


def test_run_in_heading_comes_from_formatting(tmp_path: Path) -> None:
    document = docx.Document()
    p = document.add_paragraph()
    p.add_run("（一）主动公开").bold = True
    p.add_run("全年公开信息35条。")
    kai = document.add_paragraph()
    run = kai.add_run("（二）依申请公开")
    run._r.get_or_add_rPr().get_or_add_rFonts().set(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia", "楷体_GB2312"
    )
    kai.add_run("无。")
    document.add_paragraph("（三）平台建设情况。").runs[0].bold = True
    document.save(str(tmp_path / "lead.docx"))
    blocks = read_docx((tmp_path / "lead.docx").read_bytes())
    assert blocks == [
        Paragraph("（一）主动公开全年公开信息35条。", lead="（一）主动公开", index=1),
        Paragraph("（二）依申请公开无。", lead="（二）依申请公开", index=2),
        Paragraph("（三）平台建设情况。", heading=True, index=3),
    ]
