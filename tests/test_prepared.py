"""The prepared template writes what docxtpl writes, byte for byte, on any template."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from docx import Document
from docx.shared import Mm
from markupsafe import Markup

from nianbao import prepared
from nianbao.context import build_context
from nianbao.errors import TemplateError
from nianbao.model import NOT_APPLICABLE, Report, Section, Signature, Subsection
from nianbao.prepared import PreparedTemplate
from nianbao.render import render_context

NASTY = "A&B <w:t>{{ title }}</w:t> \"双引号\" '单引号' “中文引号” 1 < 2 > 0 &amp;"


def _parts(docx: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        return {name: package.read(name) for name in package.namelist()}


def _reports(example: Report) -> list[Report]:
    active = attrs.evolve(
        example.active_disclosure,
        rules=attrs.evolve(example.active_disclosure.rules, issued=NOT_APPLICABLE, in_force=12),
        licensing=3985758,
        fees=Decimal("59237.2440"),
    )
    return [
        example,
        Report.blank("某局", 2024),
        attrs.evolve(
            example,
            agency="某&<局>“甲”'乙'",
            active_disclosure=active,
            opening=NASTY,
            problems=Section(
                (NASTY, "第一行\n第二行", "制表\t符", "末尾换行\n", ""),
                (Subsection("（一）<b>小标题</b>", ("段落 & 段落",)),),
            ),
            signature=Signature("某局办公室", example.signature.date),
        ),
    ]


def test_document_xml_equals_docxtpl_on_several_reports(example_report: Report) -> None:
    template = PreparedTemplate.load()
    assert template.fast  # the default template takes the fast path: the comparison means something
    for report in _reports(example_report):
        context = build_context(report)
        expected = _parts(render_context(context))
        written = _parts(template.render(context))
        assert template.document_xml(context) == expected["word/document.xml"], report.agency
        assert written["word/document.xml"] == expected["word/document.xml"], report.agency
        assert written["docProps/core.xml"] == expected["docProps/core.xml"], report.agency
        assert written == expected  # every other part too, as it stands in the template


def test_the_escaped_text_is_in_the_document(example_report: Report) -> None:
    report = _reports(example_report)[2]
    document = PreparedTemplate.load().document_xml(build_context(report)).decode("utf-8")
    assert "A&amp;B &lt;w:t&gt;{{ title }}&lt;/w:t&gt;" in document
    assert "第一行</w:t><w:br/>" in document  # a newline became a line break, as docxtpl does
    assert "某&amp;&lt;局&gt;“甲”'乙'2024年" not in document  # the example's year is 2023
    assert "某&amp;&lt;局&gt;“甲”'乙'2023年政府信息公开工作年度报告" in document


def test_fast_path_does_not_call_docxtpl_per_report(monkeypatch: pytest.MonkeyPatch, example_report: Report) -> None:
    template = PreparedTemplate.load()

    def refuse(*args: Any, **kwargs: Any) -> bytes:
        raise AssertionError("docxtpl called")

    monkeypatch.setattr(prepared, "render_context", refuse)
    assert template.render(build_context(example_report))[:2] == b"PK"


# --- other templates ------------------------------------------------------------


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0\0\0\0")) + chunk(b"IEND", b"")
    )


def _template(path: Path, *, footer: str = "", image: bool = False, column_loop: bool = False) -> Path:
    doc = Document()
    doc.add_paragraph("{{ title }}")
    doc.add_paragraph("{%p for line in lines %}")
    doc.add_paragraph("{{ line }}")
    doc.add_paragraph("{%p endfor %}")
    rows = doc.add_table(rows=3, cols=2)
    rows.cell(0, 0).text = "{%tr for row in rows %}"
    rows.cell(1, 0).text = "{{ row.a }}"
    rows.cell(1, 1).text = "{{ row.b }}"
    rows.cell(2, 0).text = "{%tr endfor %}"
    fixed = doc.add_table(rows=1, cols=2)
    fixed.cell(0, 0).text = "{{ title }}"
    fixed.cell(0, 1).text = "固定"
    if column_loop:
        columns = doc.add_table(rows=1, cols=3)
        columns.cell(0, 0).text = "{%tc for c in columns %}"
        columns.cell(0, 1).text = "{{ c }}"
        columns.cell(0, 2).text = "{%tc endfor %}"
    if image:
        doc.add_picture(io.BytesIO(_png()), width=Mm(10))
    if footer:
        doc.sections[0].footer.paragraphs[0].text = footer
    doc.core_properties.title = "{{ title }}"
    doc.save(str(path))
    return path


CONTEXT: dict[str, Any] = {
    "title": "标题 & <标题>",
    "lines": ["一", "二 & 三", "四\n五"],
    "rows": [{"a": "甲", "b": "乙"}, {"a": "丙", "b": "<丁>"}],
    "columns": ["一", "二", "三", "四"],
}


@pytest.mark.parametrize(
    "options",
    [{}, {"image": True}, {"column_loop": True}, {"footer": "{{ title }}"}],
    ids=["loops", "image", "column-loop", "footer-tags"],
)
def test_other_templates_equal_docxtpl(tmp_path: Path, options: dict[str, Any]) -> None:
    path = _template(tmp_path / "t.docx", **options)
    template = PreparedTemplate.load(path)
    assert template.fast == ("footer" not in options)
    expected = _parts(render_context(CONTEXT, path))
    written = _parts(template.render(CONTEXT))
    assert written["word/document.xml"] == expected["word/document.xml"]
    assert written["docProps/core.xml"] == expected["docProps/core.xml"]
    if template.fast:
        assert template.document_xml(CONTEXT) == expected["word/document.xml"]


def test_column_loop_needs_the_table_fix_and_gets_it(tmp_path: Path) -> None:
    template = PreparedTemplate.load(_template(tmp_path / "t.docx", column_loop=True))
    document = template.document_xml(CONTEXT).decode("utf-8")
    # Four columns rendered into a three-column grid: docxtpl's fix_tables widens the grid.
    assert document.count("<w:gridCol ") >= 2 + 2 + 4


def test_image_ids_renumbered_as_docxtpl_does(tmp_path: Path) -> None:
    template = PreparedTemplate.load(_template(tmp_path / "t.docx", image=True))
    assert 'id="1001"' in template.document_xml(CONTEXT).decode("utf-8")


def test_markup_in_a_context_goes_through_docxtpl(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _template(tmp_path / "t.docx")
    context = {**CONTEXT, "title": Markup("<w:r><w:t>原样</w:t></w:r>")}
    calls: list[int] = []
    original = prepared.render_context

    def counting(*args: Any) -> bytes:
        calls.append(1)
        return original(*args)

    monkeypatch.setattr(prepared, "render_context", counting)
    written = _parts(PreparedTemplate.load(path).render(context))
    assert calls == [1]
    assert written["word/document.xml"] == _parts(original(context, path))["word/document.xml"]


def test_unusable_templates_are_template_errors(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match="模板文件不存在"):
        PreparedTemplate.load(tmp_path / "none.docx")
    (tmp_path / "text.docx").write_text("不是 Word 文档", encoding="utf-8")
    with pytest.raises(TemplateError, match="不是有效的 Word 文档"):
        PreparedTemplate.load(tmp_path / "text.docx")
    broken = Document()
    broken.add_paragraph("{% if %}")
    broken.save(str(tmp_path / "broken.docx"))
    with pytest.raises(TemplateError, match="渲染失败"):
        PreparedTemplate.load(tmp_path / "broken.docx")
    template = PreparedTemplate.load(_template(tmp_path / "t.docx"))
    with pytest.raises(TemplateError, match="渲染失败"):
        template.render({"title": "缺少 lines 和 rows"})
