"""Rendering the reference report and reading the .docx back."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

from nianbao import datafile
from nianbao.errors import OutputError
from nianbao.model import Report, Section
from nianbao.render import render

from support import compare_with_reference, docx_lines


def test_example_is_token_equal_to_reference(example_docx: Path) -> None:
    done = compare_with_reference(example_docx)
    assert done.returncode == 0, done.stdout
    assert "tokens equal: 328/328" in done.stdout


def test_changed_figure_breaks_the_comparison(tmp_path: Path, example_report: Report) -> None:
    # The comparison is real: one different cell makes it fail.
    changed = attrs.evolve(
        example_report,
        applications=attrs.evolve(
            example_report.applications,
            new=attrs.evolve(example_report.applications.new, natural_person=1),
        ),
    )
    done = compare_with_reference(render(changed, tmp_path / "changed.docx"))
    assert done.returncode == 1
    assert "+ 1" in done.stdout


def test_text_with_markup_renders_literally(tmp_path: Path) -> None:
    nasty = "A&B <w:t>{{ title }}</w:t> {% if true %}x{% endif %} ''.__class__"
    report = attrs.evolve(Report.blank("某局", 2024), problems=Section((nasty,)))
    lines = docx_lines(render(report, tmp_path / "nasty.docx"))
    assert nasty in lines


def test_render_refuses_to_overwrite(tmp_path: Path) -> None:
    out = tmp_path / "r.docx"
    out.write_bytes(b"keep me")
    with pytest.raises(OutputError, match="已存在"):
        render(Report.blank("某局", 2024), out, overwrite=False)
    assert out.read_bytes() == b"keep me"


def test_example_round_trips_through_the_data_file(example_report: Report) -> None:
    text = datafile.dumps(example_report)
    assert datafile.loads(text) == example_report
    assert datafile.loads(datafile.dumps(example_report, "json"), fmt="json") == example_report
