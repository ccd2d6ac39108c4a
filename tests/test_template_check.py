"""Custom templates: the sandbox, autoescape, and ``nianbao template check`` naming each defect."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import attrs
import docx
import pytest
from docx.document import Document
from docx.oxml.ns import qn

from nianbao import datafile
from nianbao.cli import main
from nianbao.context import build_context
from nianbao.errors import TemplateError
from nianbao.model import Report
from nianbao.render import default_template, render
from nianbao.template_check import Finding, check_template, sample_report

from support import EXAMPLE, ROOT, docx_lines


def edited_template(tmp_path: Path, edit: Callable[[Document], None], name: str = "mine.docx") -> Path:
    """The default template with one change made in python-docx."""
    document = docx.Document(str(default_template()))
    edit(document)
    out = tmp_path / name
    document.save(str(out))
    return out


def paragraph_template(tmp_path: Path, *texts: str) -> Path:
    """The default template with paragraphs added at the end of the body."""

    def add(document: Document) -> None:
        for text in texts:
            document.add_paragraph(text)

    return edited_template(tmp_path, add)


def kinds(findings: list[Finding]) -> list[str]:
    return [finding.kind for finding in findings]


# --- the sandbox and autoescape -----------------------------------------------------


@pytest.mark.parametrize(
    ("tag", "named"),
    [
        ("{{ ''.__class__.__mro__ }}", "__class__"),
        ("{{ title.__class__.__base__.__subclasses__() }}", "__class__"),
        ("{{ cycler.__init__.__globals__ }}", "__init__"),
        ("{{ '{0.__class__}'.format(title) }}", "__class__"),
    ],
)
def test_template_reaching_python_internals_is_refused(tmp_path: Path, tag: str, named: str) -> None:
    template = paragraph_template(tmp_path, tag)
    out = tmp_path / "out.docx"
    with pytest.raises(TemplateError, match=rf"试图访问 Python 内部属性“{named}”.*出于安全考虑已拒绝"):
        render(Report.blank("某局", 2024), out, template=template)
    assert not out.exists()


def test_refusal_on_the_command_line_is_chinese_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    template = paragraph_template(tmp_path, "{{ ''.__class__.__mro__ }}")
    out = tmp_path / "out.docx"
    assert main(["render", str(EXAMPLE), "-o", str(out), "--template", str(template)]) == 1
    err = capsys.readouterr().err
    assert f"错误：模板 {template} 试图访问 Python 内部属性“__class__”（str 对象），出于安全考虑已拒绝" in err
    assert "Traceback" not in err
    assert not out.exists()


def test_template_cannot_change_data(tmp_path: Path) -> None:
    template = paragraph_template(tmp_path, "{{ overview.paragraphs.append('x') }}")
    with pytest.raises(TemplateError, match="试图调用会修改数据的“append”"):
        render(Report.blank("某局", 2024), tmp_path / "out.docx", template=template)


@pytest.mark.parametrize(
    "tag",
    [
        "{% autoescape false %}{{ opening }}{% endautoescape %}",
        "{{ opening|safe }}",
        "{% filter safe %}{{ opening }}{% endfilter %}",
    ],
)
def test_template_cannot_turn_autoescape_off(tmp_path: Path, tag: str) -> None:
    template = paragraph_template(tmp_path, tag)
    report = Report.blank("某局", 2024)
    with pytest.raises(TemplateError, match="出于安全考虑不允许"):
        render(report, tmp_path / "out.docx", template=template)


def test_data_that_looks_like_markup_stays_text_in_a_custom_template(tmp_path: Path, example_report: Report) -> None:
    nasty = '</w:t></w:r><w:r><w:t>注入</w:t></w:r><w:r><w:t> & "{{ title }}"'
    template = paragraph_template(tmp_path, "结尾：{{ opening }}")
    out = render(attrs.evolve(example_report, opening=nasty), tmp_path / "out.docx", template=template)
    assert f"结尾：{nasty}" in docx_lines(out)


# --- template check: one defect each ----------------------------------------------


def test_default_template_is_clean() -> None:
    assert check_template(default_template()) == []


def test_undeclared_variables_are_named_with_their_place(tmp_path: Path) -> None:
    template = paragraph_template(tmp_path, "电话：{{ contact.phon }}", "{{ agency_name }}", "{{ t3.new.natural }}")
    findings = [f for f in check_template(template) if f.kind == "undeclared"]
    assert [f.message.split("”")[0] for f in findings] == [
        "变量“contact.phon",
        "变量“agency_name",
        "变量“t3.new.natural",
    ]
    assert "电话：{{ contact.phon }}" in findings[0].where
    assert findings[0].where.startswith("正文第 ")


def test_loop_variables_and_sets_are_declared(tmp_path: Path) -> None:
    template = paragraph_template(
        tmp_path,
        "{% for s in problems.subsections %}{{ s.heading }}{{ loop.index }}{% endfor %}",
        "{% set who = signature.agency %}{{ who }}{{ title|length }}{{ agency.upper() }}",
        "{% for s in problems.subsections %}{{ s.lead }}{% endfor %}",  # only 一、's subsections have a lead
    )
    findings = [f for f in check_template(template) if f.kind == "undeclared"]
    assert [f.message.split("”")[0] for f in findings] == ["变量“….lead"]


def test_full_width_braces_are_found(tmp_path: Path) -> None:
    template = paragraph_template(tmp_path, "落款：｛｛ signature.agency ｝｝", "{％ if title %}x{% endif %}")
    findings = [f for f in check_template(template) if f.kind == "fullwidth"]
    assert len(findings) == 3
    assert "“｛｛”是中文输入法下输入的全角符号" in findings[0].message
    assert "请改为半角“{{”" in findings[0].message
    assert "“｝｝”" in findings[1].message
    assert "“{％”" in findings[2].message and "请改为半角“{%”" in findings[2].message
    assert "落款：｛｛ signature.agency ｝｝" in findings[0].where


def test_tag_split_across_paragraphs_is_found(tmp_path: Path) -> None:
    template = paragraph_template(tmp_path, "联系电话：{{ contact.", "phone }}")
    findings = [f for f in check_template(template) if f.kind == "split"]
    assert len(findings) == 2
    assert "标签“{{ contact.”在这一段（单元格）中没有结尾" in findings[0].message
    assert "有标签的结尾" in findings[1].message
    first, second = (int(f.where.split("第 ")[1].split(" 段")[0]) for f in findings)
    assert second == first + 1


def test_tag_split_across_table_cells_is_found(tmp_path: Path) -> None:
    def split(document: Document) -> None:
        cells = document.tables[2].rows[3].cells
        cells[0].paragraphs[0].text = "{{ t4.review."
        cells[1].paragraphs[0].text = "upheld }}"

    findings = [f for f in check_template(edited_template(tmp_path, split)) if f.kind == "split"]
    assert [f.where.split("（")[0] for f in findings] == ["第 3 个表格第 4 行第 1 列", "第 3 个表格第 4 行第 2 列"]


def test_tag_split_into_differently_formatted_runs_is_a_warning(tmp_path: Path) -> None:
    def split(document: Document) -> None:
        paragraph = document.add_paragraph()
        paragraph.add_run("{{ signature.")
        paragraph.add_run("agency }}").bold = True

    findings = check_template(edited_template(tmp_path, split))
    assert kinds(findings) == ["split_format"]
    assert findings[0].severity == "警告"
    assert "标签“{{ signature.agency }}”被 Word 拆成了 2 段且格式不一致" in findings[0].message


def test_tag_split_only_by_spell_check_marks_is_fine(tmp_path: Path) -> None:
    def split(document: Document) -> None:
        paragraph = document.add_paragraph()
        paragraph.add_run("{{ signa")
        paragraph._p.append(paragraph._p.makeelement(qn("w:proofErr"), {qn("w:type"): "spellStart"}))
        paragraph.add_run("ture.agency }}")

    assert check_template(edited_template(tmp_path, split)) == []


def test_tag_across_a_hyperlink_is_found(tmp_path: Path) -> None:
    def split(document: Document) -> None:
        paragraph = document.add_paragraph()
        paragraph.add_run("{{ contact.")
        link = paragraph._p.makeelement(qn("w:hyperlink"), {qn("w:history"): "1"})
        paragraph._p.append(link)
        run = paragraph.add_run("email }}")
        link.append(run._r)

    findings = check_template(edited_template(tmp_path, split))
    assert kinds(findings) == ["split"]
    assert "跨越了超链接、域或内容控件的边界" in findings[0].message


def test_paragraph_tag_with_text_is_found(tmp_path: Path) -> None:
    template = paragraph_template(tmp_path, "说明：{%p if cases_notes %}", "{%p endif %}")
    findings = check_template(template)
    assert kinds(findings) == ["paragraph_tag"]
    assert "同段的文字“说明：”会丢失" in findings[0].message


def test_missing_table_is_found(tmp_path: Path) -> None:
    def drop_cases_table(document: Document) -> None:
        table = document.tables[2]._tbl
        table.getparent().remove(table)

    findings = check_template(edited_template(tmp_path, drop_cases_table))
    assert kinds(findings) == ["missing_table"]
    assert findings[0].message == "缺少表四（政府信息公开行政复议、行政诉讼情况）：模板中没有 t4 的任何变量"


def test_missing_cells_are_named_by_their_labels(tmp_path: Path) -> None:
    def blank_cells(document: Document) -> None:
        row = document.tables[1].rows[9]  # 表三 （三）3.危及“三安全一稳定”
        for cell in row.cells[3:5]:
            cell.paragraphs[0].text = ""

    findings = check_template(edited_template(tmp_path, blank_cells))
    assert kinds(findings) == ["missing_table"]
    assert findings[0].message == (
        "表三（收到和处理政府信息公开申请情况）缺少单元格：3.危及“三安全一稳定”/自然人；3.危及“三安全一稳定”/商业企业"
    )


def test_a_loop_over_a_table_counts_as_using_it(tmp_path: Path) -> None:
    def loop_instead(document: Document) -> None:
        table = document.tables[2]._tbl
        table.getparent().remove(table)
        document.add_paragraph("{% for key, block in t4.items() %}{{ block.total }}{% endfor %}")

    assert check_template(edited_template(tmp_path, loop_instead)) == []


def test_sandbox_and_syntax_problems_are_findings(tmp_path: Path) -> None:
    findings = check_template(paragraph_template(tmp_path, "{{ ''.__class__ }}", "{{ opening|safe }}"))
    assert "unsafe" in kinds(findings)
    broken = check_template(paragraph_template(tmp_path, "{% if title %}没有结尾"))
    assert kinds(broken) == ["syntax"]
    assert broken[0].message.startswith("模板语法错误：模板提前结束，缺少对应的结束标签")


def test_not_a_word_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.docx"
    bad.write_text("not a zip", encoding="utf-8")
    with pytest.raises(TemplateError, match="不是有效的 Word 文档"):
        check_template(bad)
    with pytest.raises(TemplateError, match="模板文件不存在"):
        check_template(tmp_path / "none.docx")


# --- the command -------------------------------------------------------------------


def test_check_command_lists_findings_and_fails_on_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    template = paragraph_template(tmp_path, "｛｛ title ｝｝", "{{ contact.phon }}")
    assert main(["template", "check", str(template)]) == 1
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert len(lines) == 3
    assert all(line.startswith("错误：正文第 ") for line in lines)
    assert f"模板 {template}：3 个错误，0 个警告。" in captured.err


def test_check_command_passes_a_clean_template(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["template", "check", str(default_template())]) == 0
    assert "检查通过" in capsys.readouterr().err


def test_check_command_exits_0_on_warnings_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def split(document: Document) -> None:
        paragraph = document.add_paragraph()
        paragraph.add_run("{{ ti")
        paragraph.add_run("tle }}").italic = True

    assert main(["template", "check", str(edited_template(tmp_path, split))]) == 0
    assert "0 个错误，1 个警告" in capsys.readouterr().err


def test_context_command_prints_the_context(capsys: pytest.CaptureFixture[str], example_report: Report) -> None:
    assert main(["template", "context", str(EXAMPLE)]) == 0
    assert json.loads(capsys.readouterr().out) == json.loads(
        json.dumps(build_context(example_report), ensure_ascii=False)
    )
    assert main(["template", "context"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == sample_report().title


def test_sample_report_fills_every_list() -> None:
    context = build_context(sample_report())
    assert context["overview"]["subsections"] and context["problems"]["subsections"]
    assert context["signature"]["date"]
    assert datafile.loads(datafile.dumps(sample_report())) == sample_report()


def test_docs_name_every_context_variable() -> None:
    text = (ROOT / "docs" / "templates.md").read_text(encoding="utf-8")

    def names(value: object, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
        if isinstance(value, dict):
            return [p for key, item in value.items() for p in names(item, (*path, key))]
        if isinstance(value, list) and value:
            return [path, *names(value[0], path)]
        return [path]

    missing = []
    for path in names(build_context(sample_report())):
        top, *rest = path
        if f"`{top}" not in text:
            missing.append(".".join(path))
        for key in rest:
            if not re.search(rf"[`.]{re.escape(key)}\b", text):
                missing.append(".".join(path))
    assert not missing
