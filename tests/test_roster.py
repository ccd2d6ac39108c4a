"""The roster (汇总表): one row per agency; render and check a whole roster at once."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import attrs
import openpyxl
import pytest

from nianbao import checks, figures, inputs, roster, summary, workbook
from nianbao.cli import main
from nianbao.errors import DataError
from nianbao.inputs import read_inputs
from nianbao.model import NOT_APPLICABLE, ApplicantCounts, CaseOutcomes, DocumentCounts, Report

from support import docx_lines


def agency_report(i: int) -> Report:
    """An agency with figures of its own that add up (一 + 二 = 三（七） + 四 in every column)."""
    base = Report.blank(f"某市第{i + 1:02d}局", 2024)
    new = ApplicantCounts(i % 7, i % 3, 0, 0, i % 2, 1)
    carried_over = ApplicantCounts(i % 2, 0, 0, 0, 0, 0)
    results = attrs.evolve(base.applications.results, disclosed=new)
    return attrs.evolve(
        base,
        active_disclosure=attrs.evolve(
            base.active_disclosure,
            normative_documents=DocumentCounts(i, 0, 10 + i),
            punishment=100 * i,
            fees=Decimal(f"{i}.25"),
        ),
        applications=attrs.evolve(
            base.applications, new=new, carried_over=carried_over, results=results, carried_forward=carried_over
        ),
        cases=attrs.evolve(base.cases, review=CaseOutcomes(i % 2, 0, 0, 0)),
    )


FIFTY = [agency_report(i) for i in range(50)]


def tables_of(report: Report) -> Report:
    """What a roster keeps of a report: agency, year and tables 二, 三, 四."""
    return attrs.evolve(
        Report.blank(report.agency, report.year),
        active_disclosure=report.active_disclosure,
        applications=report.applications,
        cases=report.cases,
    )


def column(path: figures.DataPath) -> str:
    return roster.LETTER_OF[path]


def test_round_trip(tmp_path: Path) -> None:
    reports = [
        *FIFTY[:3],
        attrs.evolve(
            FIFTY[3],
            active_disclosure=attrs.evolve(FIFTY[3].active_disclosure, rules=DocumentCounts(NOT_APPLICABLE, 0, 0)),
        ),
    ]
    out = roster.write_roster(tmp_path / "汇总表.xlsx", reports)
    entries = roster.read_roster(out)
    assert [e.report for e in entries] == reports
    assert [e.row for e in entries] == [4, 5, 6, 7]
    assert entries[0].source == f"{out} 第4行"


def test_header_names_official_labels_and_totals_are_formulas(tmp_path: Path) -> None:
    ws = openpyxl.load_workbook(roster.write_roster(tmp_path / "r.xlsx", FIFTY[:1]))[roster.SHEET]
    assert (ws["A1"].value, ws["B1"].value) == ("机关名称", "报告年度")
    assert len(list(ws.iter_cols(min_row=3, max_row=3))) == 2 + 10 + 175 + 15
    state_secret = column(("applications", "results", "withheld", "state_secret", 0))
    assert ws[f"{state_secret}3"].value == "自然人"
    assert ws[f"{state_secret}2"].value == "三、本年度办理结果/（三）不予公开/1.属于国家秘密"
    first_three = column(("applications", "new", 0))
    assert ws[f"{first_three}1"].value == "表三 收到和处理政府信息公开申请情况"
    new_total = column(("applications", "new", 6))
    assert ws[f"{new_total}3"].value == "总计"
    assert ws[f"{new_total}4"].value == f"=SUM({first_three}4:{column(('applications', 'new', 5))}4)"
    results_total = ws[f"{column(('applications', 'results', 'stated_total', 0))}4"].value
    assert results_total.startswith(f"={column(('applications', 'results', 'disclosed', 0))}4+")
    assert results_total.count("+") == 20  # the 21 rows that make up （七）总计
    assert ws[f"{column(('cases', 'review', 4))}3"].value == "总计"
    assert ws.protection.sheet and not ws["A4"].protection.locked and ws[f"{new_total}4"].protection.locked


def test_empty_roster_has_rows_ready_and_reads_as_no_agencies(tmp_path: Path) -> None:
    out = roster.write_roster(tmp_path / "r.xlsx")
    ws = openpyxl.load_workbook(out)[roster.SHEET]
    assert ws.max_row == roster.FIRST_ROW + roster.BLANK_ROWS - 1
    assert not ws[f"{column(('applications', 'new', 0))}50"].protection.locked
    assert read_inputs(out) == []


def _fifty_with_three_bad_rows(tmp_path: Path) -> Path:
    path = roster.write_roster(tmp_path / "汇总表.xlsx", FIFTY)
    wb = openpyxl.load_workbook(path)
    ws = wb[roster.SHEET]
    ws[f"{column(('applications', 'new', 1))}10"] = -2  # row 10: 某市第07局
    ws["A20"] = None  # row 20: no agency name
    ws[f"{column(('cases', 'direct_litigation', 3))}33"] = "三件"  # row 33: 某市第30局
    wb.save(path)
    return path


def test_roster_of_50_with_3_bad_rows_renders_47(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _fifty_with_three_bad_rows(tmp_path)
    outdir = tmp_path / "reports"
    assert main(["render", str(path), "-o", str(outdir)]) == 1
    written = sorted(p.name for p in outdir.iterdir())
    assert len(written) == 47
    assert "某市第07局2024年政府信息公开工作年度报告.docx" not in written
    assert "某市第30局2024年政府信息公开工作年度报告.docx" not in written
    assert "某市第01局2024年政府信息公开工作年度报告.docx" in written
    err = capsys.readouterr().err
    assert "已生成 47 份报告" in err
    assert "以下 3 个机关未生成" in err
    assert "某市第07局" in err and "第20行" in err and "某市第30局" in err
    # Each report carries its own row's figures.
    lines = docx_lines(outdir / "某市第12局2024年政府信息公开工作年度报告.docx")
    assert "\t1100" in lines  # 行政处罚 of agency 12 (i = 11)
    assert "\t11.25" in lines  # 行政事业性收费
    assert "\t1000" not in lines  # agency 11's


def test_roster_check_lists_the_3_bad_rows(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _fifty_with_three_bad_rows(tmp_path)
    report = tmp_path / "问题清单.xlsx"
    assert main(["check", str(path), "--report", str(report)]) == 1
    out = capsys.readouterr().out
    assert "共检查 50 个机关：47 个未发现问题，3 个有错误。" in out
    new_commercial = column(("applications", "new", 1))
    assert f"某市第07局（{path} 第10行）：1 处错误" in out
    assert f"汇总表!{new_commercial}10（表三/一、本年新收政府信息公开申请数量/商业企业）：不能为负数，实为 -2" in out
    assert f"第20行（{path} 第20行）" in out and "汇总表!A20（机关名称）：必须填写机关名称" in out
    assert "表四/行政诉讼/未经复议直接起诉/尚未审结）：应为非负整数，实为 “三件”" in out
    wb = openpyxl.load_workbook(report)
    problems = list(wb["问题清单"].iter_rows(min_row=2, values_only=True))
    assert [p[1] for p in problems] == ["某市第07局", "第20行", "某市第30局"]
    assert all(p[3] == "错误" for p in problems)
    overview = list(wb["各机关情况"].iter_rows(min_row=2, values_only=True))
    assert len(overview) == 50
    assert sum(1 for row in overview if row[4] == "未发现问题") == 47


def test_check_report_as_csv_opens_in_excel(tmp_path: Path) -> None:
    path = _fifty_with_three_bad_rows(tmp_path)
    report = tmp_path / "问题清单.csv"
    assert main(["check", str(path), "--report", str(report)]) == 1
    raw = report.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel then reads UTF-8 Chinese
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0] == ["序号", "机关名称", "来源", "级别", "规则", "位置", "问题说明", "应为", "实为"]
    assert [r[1] for r in rows[1:]] == ["某市第07局", "第20行", "某市第30局"]


def test_duplicate_agencies_and_blank_rows(tmp_path: Path) -> None:
    path = roster.write_roster(tmp_path / "r.xlsx", FIFTY[:2], blank_rows=5)
    wb = openpyxl.load_workbook(path)
    ws = wb[roster.SHEET]
    ws["A9"], ws["B9"] = FIFTY[0].agency, 2024  # after two blank rows
    ws["B5"] = "二〇二四"
    wb.save(path)
    entries = read_inputs(path)
    assert [(e.row, e.ok) for e in entries] == [(4, True), (5, False), (9, False)]
    assert "报告年度应为 2008 至 2100 之间的四位数字，实为“二〇二四”" in entries[1].issues[0].message
    assert entries[2].issues[0].message == "与第4行重复（同一机关、同一年度只能有一行）"


def test_changed_header_is_refused(tmp_path: Path) -> None:
    path = roster.write_roster(tmp_path / "r.xlsx", FIFTY[:1])
    wb = openpyxl.load_workbook(path)
    wb[roster.SHEET]["C3"] = "制发"
    wb.save(path)
    with pytest.raises(DataError, match="汇总表!C3：表头被改动：此处应为“本年制发件数”"):
        roster.read_roster(path)


def test_roster_command_collects_data_files_and_workbooks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], example_report: Report
) -> None:
    from nianbao import datafile, workbook

    folder = tmp_path / "各部门"
    folder.mkdir()
    datafile.save(FIFTY[0], folder / "a.yaml")
    workbook.write_workbook(folder / "b.xlsx", FIFTY[1])
    datafile.save(example_report, tmp_path / "example.yaml")
    out = tmp_path / "汇总表.xlsx"
    assert main(["roster", "-o", str(out), "--from", str(folder), str(tmp_path / "example.yaml")]) == 0
    figures_only = [FIFTY[0], FIFTY[1], tables_of(example_report)]
    assert [e.report for e in read_inputs(out)] == figures_only
    assert "3 个机关" in capsys.readouterr().err
    # The same agency twice is refused, naming both sources.
    assert main(["roster", "-o", str(tmp_path / "x.xlsx"), "--from", str(folder), str(folder / "a.yaml")]) == 1
    assert "重复" in capsys.readouterr().err
    assert not (tmp_path / "x.xlsx").exists()
    assert main(["roster", "-o", str(tmp_path / "空.xlsx")]) == 0
    assert "已生成空汇总表" in capsys.readouterr().err


def _with_unbalanced_row(tmp_path: Path) -> Path:
    """Row 8 (某市第05局) reads fine but breaks R1: 一 + 二 ≠ 三（七） + 四 for 自然人."""
    path = roster.write_roster(tmp_path / "汇总表.xlsx", FIFTY[:6])
    wb = openpyxl.load_workbook(path)
    ws = wb[roster.SHEET]
    ws[f"{column(('applications', 'new', 0))}8"] = 40
    wb.save(path)
    return path


def test_roster_row_failing_the_checks_is_not_rendered_unless_forced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _with_unbalanced_row(tmp_path)
    outdir = tmp_path / "out"
    assert main(["render", str(path), "-o", str(outdir)]) == 1
    assert len(list(outdir.iterdir())) == 5
    err = capsys.readouterr().err
    assert "以下 1 个机关未生成（确需照原样生成有校验错误的报告，可加 --force）：" in err
    assert "某市第05局" in err and "[R1]" in err
    assert main(["render", str(path), "-o", str(outdir), "--force", "--overwrite"]) == 0
    assert len(list(outdir.iterdir())) == 6


def test_roster_check_lists_rule_findings_with_reading_faults(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _with_unbalanced_row(tmp_path)
    wb = openpyxl.load_workbook(path)
    wb[roster.SHEET]["B5"] = 1999
    wb.save(path)
    report = tmp_path / "问题清单.xlsx"
    assert main(["check", str(path), "--report", str(report)]) == 1
    out = capsys.readouterr().out
    assert out.startswith("共检查 6 个机关：4 个未发现问题，2 个有错误。")
    assert "汇总表!B5（报告年度）：报告年度应为 2008 至 2100 之间的四位数字，实为“1999”" in out
    rows = list(openpyxl.load_workbook(report)["问题清单"].iter_rows(min_row=2, values_only=True))
    assert {r[4] for r in rows if r[1] == "某市第05局"} == {"R1"}
    assert {r[1] for r in rows} == {"某市第02局", "某市第05局"}


def test_check_json_for_a_roster(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    path = _with_unbalanced_row(tmp_path)
    assert main(["check", str(path), "--format", "json"]) == 1
    output = json.loads(capsys.readouterr().out)
    assert output["checked"] == 6
    assert output["errors"] >= 1
    assert {p["agency"] for p in output["problems"]} == {"某市第05局"}
    assert main(["check", str(path), "--previous", str(path)]) == 1
    assert "--previous 只能用于检查单个报告" in capsys.readouterr().err


def test_roster_render_defaults_to_a_folder_beside_the_roster(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = roster.write_roster(tmp_path / "二〇二四汇总.xlsx", FIFTY[:2])
    assert main(["render", str(path)]) == 0
    assert sorted(p.name for p in (tmp_path / "二〇二四汇总").iterdir()) == [
        "某市第01局2024年政府信息公开工作年度报告.docx",
        "某市第02局2024年政府信息公开工作年度报告.docx",
    ]
    assert main(["render", str(path), "-o", str(tmp_path / "one.docx")]) == 1
    assert "-o 应为输出目录" in capsys.readouterr().err
    empty = roster.write_roster(tmp_path / "空.xlsx")
    assert main(["render", str(empty)]) == 1
    assert "汇总表中没有任何机关的数据" in capsys.readouterr().err


def test_findings_on_a_roster_name_their_cells(tmp_path: Path) -> None:
    # A row that reads fine but does not add up: the finding names the roster's cells.
    good = Report.blank("甲局", 2024)
    table = good.applications
    bad = attrs.evolve(good, agency="乙局", applications=attrs.evolve(table, new=ApplicantCounts(2, 0, 0, 0, 0, 0)))
    path = roster.write_roster(tmp_path / "汇总表.xlsx", [good, bad])
    result = summary.summarize(inputs.read_inputs(path), checks.check)
    r1 = [p for p in result.problems if p.rule == "R1" and p.location.endswith("/自然人）")]
    assert len(r1) == 1
    row = roster.FIRST_ROW + 1
    new = roster.LETTER_OF[("applications", "new", 0)]
    carried = roster.LETTER_OF[("applications", "carried_forward", 0)]
    assert r1[0].location.startswith(f"汇总表!{new}{row}、")
    assert r1[0].location.endswith(f"、{carried}{row}（表三/申请人情况/自然人）")


def test_findings_on_a_workbook_name_their_cells(tmp_path: Path) -> None:
    report = Report.blank("甲局", 2024)
    report = attrs.evolve(report, cases=attrs.evolve(report.cases, review=CaseOutcomes(1, 0, 0, 0, stated_total=0)))
    path = workbook.write_workbook(tmp_path / "填报表.xlsx", report)
    result = summary.summarize(inputs.read_inputs(path), checks.check)
    (r4,) = [p for p in result.problems if p.rule == "R4"]
    slot = workbook.SLOT_BY_PATH[("cases", "review", 4)]
    assert r4.location == f"表四!{slot.ref}（表四/行政复议/总计）"
