"""The 填报表: layout like the official tables, round trip, faults named by cell."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

import attrs
import openpyxl
import pytest

from nianbao import datafile, labels, workbook
from nianbao.errors import DataError, OutputError
from nianbao.model import (
    NOT_APPLICABLE,
    ApplicantCounts,
    CaseOutcomes,
    DocumentCounts,
    OtherMatters,
    Overview,
    ProcessingFeeItem,
    ProcessingFees,
    Report,
    Section,
    Signature,
    Subsection,
    Topic,
)

from support import EXAMPLE


def rich_report() -> Report:
    """A report using every corner of the model: “/”, exact decimals, stated totals, texts."""
    base = Report.blank("某市某局", 2024)
    apps = base.applications
    results = attrs.evolve(
        apps.results,
        disclosed=ApplicantCounts(5, 1, 0, 0, 0, 0),
        withheld=attrs.evolve(apps.results.withheld, state_secret=ApplicantCounts(1, 0, 0, 0, 0, 2)),
        stated_total=ApplicantCounts(6, 1, 0, 0, 0, 2, stated_total=9),
    )
    return attrs.evolve(
        base,
        active_disclosure=attrs.evolve(
            base.active_disclosure,
            rules=DocumentCounts(NOT_APPLICABLE, NOT_APPLICABLE, NOT_APPLICABLE),
            normative_documents=DocumentCounts(3, 1, 42),
            licensing=3985758,
            fees=Decimal("0.50"),
        ),
        applications=attrs.evolve(
            apps,
            new=ApplicantCounts(7, 1, 0, 0, 0, 2, stated_total=11),
            carried_over=ApplicantCounts(1, 0, 0, 0, 0, 0),
            results=results,
            carried_forward=ApplicantCounts(2, 0, 0, 0, 0, 0),
        ),
        cases=attrs.evolve(base.cases, review=CaseOutcomes(1, 2, 0, 1, stated_total=5)),
        opening="=不是公式，是一段以等号开头的文字。",
        overview=Overview(
            paragraphs=("总体情况第一段。", "第二段。"),
            subsections=(
                Subsection("（一）主动公开", ("甲。", "乙。"), Topic.ACTIVE_DISCLOSURE),
                Subsection("（二）依申请公开", (), Topic.APPLICATIONS),
                Subsection("", ("没有小标题的小节。",)),
                Subsection("（六）行政复议和行政诉讼", (), Topic.CASES),
            ),
        ),
        applications_notes=("表三前的说明。",),
        problems=Section(("问题一。",)),
        other_matters=OtherMatters(
            subsections=(Subsection("（一）信息处理费", ("未收取。",), Topic.PROCESSING_FEES),),
            processing_fees=ProcessingFees(
                3,
                Decimal("150.00"),
                (
                    ProcessingFeeItem("某市某局", 2, Decimal("100.50")),
                    ProcessingFeeItem("某县分局", 1, Decimal("49.50")),
                ),
            ),
        ),
        signature=Signature("某市某局办公室", datetime.date(2025, 1, 20)),
    )


def test_round_trip_of_the_example(tmp_path: Path, example_report: Report) -> None:
    out = workbook.write_workbook(tmp_path / "填报表.xlsx", example_report)
    assert workbook.read_workbook(out) == example_report


def test_round_trip_keeps_every_corner_of_the_model(tmp_path: Path) -> None:
    report = rich_report()
    back = workbook.read_workbook(workbook.write_workbook(tmp_path / "w.xlsx", report))
    assert back == report
    # Equal data, down to how a data file writes it (0.50 stays 0.50).
    assert datafile.dumps(back) == datafile.dumps(report)


def test_tables_are_laid_out_like_the_official_ones(tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(workbook.write_workbook(tmp_path / "w.xlsx"))
    assert wb.sheetnames == ["基本信息", "表二", "表三", "表四", "文字", "信息处理费分项"]
    three = wb["表三"]
    merged = {str(r) for r in three.merged_cells.ranges}
    assert {"A2:C4", "D2:J2", "D3:D4", "E3:I3", "J3:J4", "A5:C5", "A7:A28", "B9:B16", "B28:C28", "A29:C29"} <= merged
    assert three["A2"].value == labels.BALANCE_NOTE
    assert three["A7"].value == labels.RESULTS
    assert three["B9"].value == labels.WITHHELD
    assert three["C9"].value == labels.WITHHELD_ROWS[0][1]
    assert three["C27"].value == labels.OTHER_HANDLING_ROWS[2][1]
    assert three["B28"].value == labels.RESULTS_TOTAL
    assert three["A29"].value == labels.CARRIED_FORWARD
    assert [three.cell(4, c).value for c in range(5, 10)] == [c.label for c in labels.APPLICANT_COLUMNS[1:]]
    # Totals are formulas.
    assert three["J5"].value == "=SUM(D5:I5)"
    assert three["D28"].value == "=SUM(D7:D27)"
    assert three["J28"].value == "=SUM(D28:I28)"
    four = wb["表四"]
    assert {"A2:E2", "F2:O2", "F3:J3", "K3:O3", "E3:E4"} <= {str(r) for r in four.merged_cells.ranges}
    assert four["F3"].value == labels.DIRECT_LITIGATION
    assert four["O5"].value == "=SUM(K5:N5)"
    two = wb["表二"]
    assert two["A2"].value == labels.ARTICLE_20_1
    assert two["B8"].value is None and "B8:D8" in {str(r) for r in two.merged_cells.ranges}
    assert two["B14"].value == labels.FEE_AMOUNT


def test_labels_are_locked_inputs_open_and_validated(tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(workbook.write_workbook(tmp_path / "w.xlsx"))
    three = wb["表三"]
    assert three.protection.sheet
    assert three["C9"].protection.locked
    assert three["J9"].protection.locked  # a formula
    assert not three["D9"].protection.locked
    validations = {str(dv.sqref): dv for dv in three.data_validations.dataValidation}
    assert validations["D9"].type == "whole"
    assert validations["D9"].operator == "greaterThanOrEqual"
    assert validations["D9"].formula1 == "0"
    two = {str(dv.sqref): dv for dv in wb["表二"].data_validations.dataValidation}
    assert '"/"' in (two["B4"].formula1 or "")  # 表二 also takes “/”
    assert not wb["基本信息"]["B2"].protection.locked
    assert wb["基本信息"]["A2"].protection.locked


def test_known_error_filled_through_openpyxl_names_the_cell(tmp_path: Path, example_report: Report) -> None:
    path = workbook.write_workbook(tmp_path / "w.xlsx", example_report)
    wb = openpyxl.load_workbook(path)
    wb["表三"]["D9"] = -3  # （三）不予公开/1.属于国家秘密/自然人
    wb["表三"]["E5"] = "五"
    wb["表四"]["K5"] = 1.5
    wb["表二"]["B15"] = "很多"
    wb["基本信息"]["B3"] = "去年"
    wb.save(path)
    with pytest.raises(DataError) as caught:
        workbook.read_workbook(path)
    issues = caught.value.issues
    # All faults at once, in the order a reader meets the cells.
    assert [i.location.split("（")[0] for i in issues] == ["基本信息!B3", "表二!B15", "表三!E5", "表三!D9", "表四!K5"]
    text = str(caught.value)
    assert "表三!D9（三、本年度办理结果/（三）不予公开/1.属于国家秘密/自然人）：不能为负数，实为 -3" in text
    assert "表三!E5（一、本年新收政府信息公开申请数量/商业企业）：应为非负整数，实为 “五”" in text
    assert "表四!K5（行政诉讼/复议后起诉/结果维持）：件数应为整数，实为 1.5" in text
    assert "表二!B15（第二十条第（八）项/行政事业性收费/本年收费金额（单位：万元））" in text
    assert "基本信息!B3（报告年度）" in text
    assert str(path) in text


def test_blank_cells_count_as_zero_and_a_typed_total_is_kept(tmp_path: Path) -> None:
    path = workbook.write_workbook(tmp_path / "w.xlsx")
    wb = openpyxl.load_workbook(path)
    wb["基本信息"]["B2"] = "某县某局"
    wb["基本信息"]["B3"] = 2024
    wb["表三"]["D5"] = 4
    wb["表三"]["J5"] = 5  # typed over the formula: a stated 总计 the checks compare
    wb["表二"]["B4"] = "/"
    wb["表二"]["B15"] = " 12.50 "
    wb.save(path)
    report = workbook.read_workbook(path)
    assert report.agency == "某县某局"
    assert report.applications.new == ApplicantCounts(4, 0, 0, 0, 0, 0, stated_total=5)
    assert report.applications.carried_over == ApplicantCounts.zero()
    assert report.applications.results.stated_total is None
    assert report.active_disclosure.rules.issued is NOT_APPLICABLE
    assert report.active_disclosure.fees == Decimal("12.50")


def test_formula_in_an_input_cell_without_a_saved_value(tmp_path: Path, example_report: Report) -> None:
    path = workbook.write_workbook(tmp_path / "w.xlsx", example_report)
    wb = openpyxl.load_workbook(path)
    wb["表三"]["F6"] = "=1+2"
    wb.save(path)
    with pytest.raises(DataError, match=r"表三!F6（二、上年结转政府信息公开申请数量/科研机构）：单元格含公式"):
        workbook.read_workbook(path)


def test_changed_labels_are_reported(tmp_path: Path, example_report: Report) -> None:
    path = workbook.write_workbook(tmp_path / "w.xlsx", example_report)
    wb = openpyxl.load_workbook(path)
    wb["表三"]["C10"] = "2.其他法律行政止公开"
    wb.save(path)
    with pytest.raises(DataError, match=r"表三!C10：表格结构被改动：此处应为“2\.其他法律行政法规禁止公开”"):
        workbook.read_workbook(path)


def test_details_faults(tmp_path: Path, example_report: Report) -> None:
    path = workbook.write_workbook(tmp_path / "w.xlsx", example_report)
    wb = openpyxl.load_workbook(path)
    details = wb["基本信息"]
    details["B2"] = "  "
    details["B10"] = "明年春天"
    details["B6"] = 2868600  # a phone number typed as a number stays the digits
    wb.save(path)
    with pytest.raises(DataError) as caught:
        workbook.read_workbook(path)
    text = str(caught.value)
    assert "基本信息!B2（机关名称）：必须填写机关名称" in text
    assert "基本信息!B10（落款/成文日期）：应为日期" in text
    assert len(caught.value.issues) == 2


@pytest.mark.parametrize("typed", ["2025年1月20日", "2025-1-20", "2025/01/20", datetime.datetime(2025, 1, 20)])
def test_dates_as_offices_type_them(tmp_path: Path, example_report: Report, typed: object) -> None:
    path = workbook.write_workbook(tmp_path / "w.xlsx", example_report)
    wb = openpyxl.load_workbook(path)
    wb["基本信息"]["B10"] = typed
    wb.save(path)
    assert workbook.read_workbook(path).signature.date == datetime.date(2025, 1, 20)


def test_texts_sheet_faults(tmp_path: Path, example_report: Report) -> None:
    path = workbook.write_workbook(tmp_path / "w.xlsx", example_report)
    wb = openpyxl.load_workbook(path)
    texts = wb["文字"]
    start = texts.max_row + 1
    while texts.cell(start - 1, 1).value is None:
        start -= 1
    rows = [
        ("七、其他", None, None, None, "不属于任何部分"),
        ("三、表前说明", 2, None, None, "表前说明不分小节"),
        ("一、总体情况", 1, "另一个小标题", None, "与已有小标题冲突"),
        ("一、总体情况", 9, "新小节", "随便", "主题不认识"),
        ("五、存在的主要问题及改进情况", None, "无序号的小标题", None, "正文"),
    ]
    for offset, row in enumerate(rows):
        for column, value in enumerate(row, start=1):
            texts.cell(start + offset, column).value = value
    wb.save(path)
    with pytest.raises(DataError) as caught:
        workbook.read_workbook(path)
    text = str(caught.value)
    assert f"文字!A{start}（部分）：应为“一、总体情况”" in text
    assert f"文字!B{start + 1}（三、表前说明/小节）：“三、表前说明”不分小节" in text
    assert (
        f"文字!C{start + 2}（一、总体情况/第1小节）：同一小节的小标题前后不一致（前面为“（一）主动公开方面。”）" in text
    )
    assert f"文字!D{start + 3}（一、总体情况/主题）：主题应为" in text
    assert f"文字!C{start + 4}（五、存在的主要问题及改进情况）：小标题、主题只用于小节" in text
    assert len(caught.value.issues) == 5


def test_texts_rows_follow_the_report(tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(workbook.write_workbook(tmp_path / "w.xlsx", rich_report()))
    texts = wb["文字"]
    rows = [tuple(c.value for c in row) for row in texts.iter_rows(min_row=1, max_row=4, max_col=5)]
    assert rows[0] == workbook.TEXTS_HEADER
    assert rows[1] == ("一、总体情况", None, None, None, "总体情况第一段。")
    assert rows[3] == ("一、总体情况", 1, "（一）主动公开", "主动公开", "甲。")


def test_not_a_workbook(tmp_path: Path) -> None:
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"not a zip")
    with pytest.raises(DataError, match=r"不是有效的 \.xlsx 文件"):
        workbook.read_workbook(junk)
    with pytest.raises(DataError, match=r"不支持旧版 \.xls 文件"):
        workbook.read_workbook(tmp_path / "old.xls")
    with pytest.raises(DataError, match="文件不存在"):
        workbook.read_workbook(tmp_path / "none.xlsx")
    other = tmp_path / "other.xlsx"
    openpyxl.Workbook().save(other)
    with pytest.raises(DataError, match="不是 nianbao 填报表：缺少工作表“基本信息”"):
        workbook.read_workbook(other)


def test_refuses_to_overwrite(tmp_path: Path) -> None:
    out = tmp_path / "w.xlsx"
    out.write_bytes(b"keep")
    with pytest.raises(OutputError, match="已存在"):
        workbook.write_workbook(out, overwrite=False)
    assert out.read_bytes() == b"keep"
    with pytest.raises(OutputError, match=r"应以 \.xlsx 结尾"):
        workbook.write_workbook(tmp_path / "w.docx")


def test_the_example_data_file_and_its_workbook_read_the_same(tmp_path: Path) -> None:
    from nianbao.inputs import read_reports

    out = workbook.write_workbook(tmp_path / "w.xlsx", datafile.load(EXAMPLE))
    assert read_reports(out) == read_reports(EXAMPLE)


def test_cli_workbook_then_render_matches_the_reference(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from nianbao.cli import main

    from support import compare_with_reference

    book = tmp_path / "填报表.xlsx"
    assert main(["workbook", "-o", str(book), "--from", str(EXAMPLE)]) == 0
    out = tmp_path / "out.docx"
    assert main(["render", str(book), "-o", str(out)]) == 0
    done = compare_with_reference(out)
    assert done.returncode == 0, done.stdout
    # The default output sits beside the workbook, named after the title.
    assert main(["render", str(book)]) == 0
    assert (tmp_path / "张店区信访局2023年政府信息公开工作年度报告.docx").is_file()
    capsys.readouterr()
    assert main(["check", str(book)]) == 0
    assert capsys.readouterr().out == f"{book}：未发现问题。\n"


def test_cli_empty_workbook_and_its_faults(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from nianbao.cli import main

    book = tmp_path / "填报表.xlsx"
    assert main(["workbook", "-o", str(book)]) == 0
    assert main(["workbook", "-o", str(book)]) == 1
    assert "已存在" in capsys.readouterr().err
    assert main(["render", str(book), "-o", str(tmp_path / "x.docx")]) == 1
    err = capsys.readouterr().err
    assert "基本信息!B2（机关名称）：必须填写机关名称" in err
    assert "Traceback" not in err
    assert not (tmp_path / "x.docx").exists()
    assert main(["check", str(book)]) == 1
    assert "基本信息!B3（报告年度）：必须填写报告年度" in capsys.readouterr().err


def test_every_topic_has_a_name_in_the_texts_sheet() -> None:
    assert set(workbook.TOPIC_LABELS) == set(Topic)


def test_fee_breakdown_that_does_not_add_up_is_named(tmp_path: Path) -> None:
    path = workbook.write_workbook(tmp_path / "w.xlsx", rich_report())
    wb = openpyxl.load_workbook(path)
    wb["信息处理费分项"]["B3"] = 5
    wb["信息处理费分项"]["C4"] = "两元"
    wb.save(path)
    with pytest.raises(DataError) as caught:
        workbook.read_workbook(path)
    text = str(caught.value)
    assert "信息处理费分项!C4（收费金额（元））：应为金额（数字），实为 “两元”" in text
    assert len(caught.value.issues) == 1  # the sum is compared once every cell reads
    wb["信息处理费分项"]["C4"] = None
    wb.save(path)
    with pytest.raises(DataError, match=r"信息处理费分项!A1（信息处理费分项合计）：.*分项合计为 7 件"):
        workbook.read_workbook(path)


def test_workbook_without_the_breakdown_sheet_still_reads(tmp_path: Path, example_report: Report) -> None:
    path = workbook.write_workbook(tmp_path / "w.xlsx", example_report)
    wb = openpyxl.load_workbook(path)
    del wb["信息处理费分项"]
    wb.save(path)
    assert workbook.read_workbook(path) == example_report
