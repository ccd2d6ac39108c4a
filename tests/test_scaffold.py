"""``nianbao new --from``: next year's data file from last year's report."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import attrs
import pytest

from extract_samples import Layout, busy_report, write_docx, write_html
from nianbao import datafile
from nianbao.cli import main
from nianbao.model import NOT_APPLICABLE, ApplicantCounts, CaseTable, DocumentCounts, Report
from nianbao.render import render
from nianbao.scaffold import TO_WRITE, next_year, scaffold_text


def last_year() -> Report:
    """Busy last year's report with "/" for 规章 (no rule-making power)."""
    report = busy_report()
    return attrs.evolve(
        report,
        active_disclosure=attrs.evolve(
            report.active_disclosure, rules=DocumentCounts(NOT_APPLICABLE, NOT_APPLICABLE, NOT_APPLICABLE)
        ),
    )


def assert_scaffolded(new: Report, last: Report, year: int) -> None:
    assert new.year == year
    assert (new.agency, new.contact, new.signature.agency) == (last.agency, last.contact, last.signature.agency)
    assert new.signature.date is None
    # 上年结转 = last year's 结转下年度, column by column.
    assert new.applications.carried_over == ApplicantCounts(3, 1, 0, 2, 0, 1)
    assert new.applications.carried_over.values() == last.applications.carried_forward.values()
    zero = ApplicantCounts.zero()
    assert new.applications.new == new.applications.carried_forward == zero
    assert all(row == zero for row in new.applications.results.leaf_rows())
    assert new.cases == CaseTable.zero()
    t2 = new.active_disclosure
    assert t2.rules == DocumentCounts(NOT_APPLICABLE, NOT_APPLICABLE, NOT_APPLICABLE)
    assert t2.normative_documents == DocumentCounts(0, 0, 66)  # 现行有效 carried as the base
    assert (t2.licensing, t2.punishment, t2.coercion, t2.fees) == (0, 0, 0, Decimal(0))
    # Structure without last year's prose.
    assert [(s.heading, s.topic) for s in new.overview.subsections] == [
        (s.heading, s.topic) for s in last.overview.subsections
    ]
    texts = [
        new.opening,
        *new.overview.paragraphs,
        *(p for s in new.overview.subsections for p in s.paragraphs),
        *new.active_disclosure_notes,
        *new.applications_notes,
        *new.cases_notes,
        *new.problems.paragraphs,
        *new.other_matters.paragraphs,
        *(p for s in new.other_matters.subsections for p in s.paragraphs),
    ]
    assert not any(texts)
    assert new.other_matters.processing_fees.count == 0


def test_next_year_carries_structure_and_balances() -> None:
    last = last_year()
    assert_scaffolded(next_year(last), last, 2024)


def test_years_in_headings_move_on() -> None:
    report = datafile.load(Path(__file__).parents[1] / "examples" / "zhangdian-xinfang-2023.yaml")
    headings = [s.heading for s in next_year(report, 2024).other_matters.subsections]
    assert headings[-1] == "（四）《2024年张店区政务公开工作方案》落实情况"


def test_scaffold_file_marks_every_text_place_and_loads_as_the_report() -> None:
    new = next_year(last_year(), 2024)
    text = scaffold_text(new, "2023.docx")
    assert datafile.loads(text) == new
    assert (
        text.count(f"# {TO_WRITE}") == 1 + 1 + 5 + 1 + 1 + 2 + 1
    )  # opening, 一 lead, 一's five, 五, 六, 六's two, date
    assert "opening: ''  # 【请填写】开头段落" in text
    assert "paragraphs: []  # 【请填写】“（二）依申请公开情况。”的本年度内容" in text
    assert "# date: 2025-01-20" in text


@pytest.mark.parametrize("kind", ["yaml", "docx", "html", "rendered"])
def test_new_from_any_last_report_gives_carry_over_per_column(
    tmp_path: Path, kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    last = last_year()
    source = tmp_path / f"2023.{'docx' if kind == 'rendered' else kind}"
    if kind == "yaml":
        datafile.save(last, source)
    elif kind == "docx":
        write_docx(last, Layout(merged=False), source)
    elif kind == "html":
        source.write_bytes(write_html(last, Layout()))
    else:
        render(last, source)
    out = tmp_path / "2024.yaml"
    assert main(["new", "--from", str(source), "--year", "2024", "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "表三“二、上年结转”：自然人3、商业企业1、科研机构0、社会公益组织2、法律服务机构0、其他1、总计7" in err
    assert_scaffolded(datafile.load(out), last, 2024)
    assert TO_WRITE in out.read_text(encoding="utf-8")


def test_new_refuses_to_overwrite_and_writes_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "2023.yaml"
    datafile.save(last_year(), source)
    out = tmp_path / "2024.yaml"
    out.write_text("keep", encoding="utf-8")
    assert main(["new", "--from", str(source), "-o", str(out)]) == 1
    assert "已存在" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "keep"
    as_json = tmp_path / "2024.json"
    assert main(["new", "--from", str(source), "-o", str(as_json)]) == 0
    assert_scaffolded(datafile.load(as_json), last_year(), 2024)


def test_new_from_missing_file_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "--from", str(tmp_path / "none.docx"), "-o", str(tmp_path / "x.yaml")]) == 1
    assert "文件不存在" in capsys.readouterr().err
    assert not (tmp_path / "x.yaml").exists()
