"""Rendering: template context → .docx, through docxtpl in a sandboxed Jinja.

>>> from nianbao.model import Report
>>> import tempfile, pathlib
>>> out = render(Report.blank("某局", 2024), pathlib.Path(tempfile.mkdtemp()) / "r.docx")
>>> out.name
'r.docx'
"""

from __future__ import annotations

import io
import os
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from docxtpl import DocxTemplate

from nianbao.context import build_context
from nianbao.datafile import refuse_existing, write_atomic
from nianbao.errors import OutputError, TemplateError
from nianbao.model import Report
from nianbao.sandbox import ReportEnvironment
from nianbao.sandbox import describe as describe_refusal

TEMPLATE_NAME = "report.docx"


def default_template(name: str = TEMPLATE_NAME) -> Path:
    """A shipped template (by default the .docx): inside the installed package, else the source tree's."""
    packaged = resources.files("nianbao") / "templates" / name
    if packaged.is_file():
        return Path(str(packaged))
    source_tree = Path(__file__).resolve().parents[2] / "templates" / name
    if source_tree.is_file():
        return source_tree
    raise TemplateError(f"找不到默认模板 {name}，安装可能不完整")


def jinja_environment() -> jinja2.Environment:
    """A sandboxed, autoescaping environment: data is text, never template code.

    Templates that switch escaping off are refused too (see :mod:`nianbao.sandbox`).
    """
    return ReportEnvironment(autoescape=True, undefined=jinja2.StrictUndefined)


def render_bytes(report: Report, template: str | os.PathLike[str] | None = None) -> bytes:
    """The report as .docx bytes."""
    return render_context(build_context(report), template)


def render_context(context: dict[str, Any], template: str | os.PathLike[str] | None = None) -> bytes:
    """Render an already built context (see :func:`nianbao.context.build_context`)."""
    path = Path(template) if template is not None else default_template()
    try:
        doc = DocxTemplate(str(path))
        doc.render(context, jinja_env=jinja_environment(), autoescape=True)
    except FileNotFoundError:
        raise TemplateError(f"模板文件不存在：{path}") from None
    except jinja2.exceptions.SecurityError as exc:
        raise TemplateError(f"模板 {path} {describe_refusal(exc)}（模板可用的变量见 docs/templates.md）") from None
    except jinja2.TemplateError as exc:
        raise TemplateError(f"模板 {path} 渲染失败：{exc}") from None
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def render(
    report: Report,
    out: str | os.PathLike[str],
    template: str | os.PathLike[str] | None = None,
    overwrite: bool = True,
) -> Path:
    """Render a report to ``out`` (.docx), written atomically."""
    target = Path(out)
    refuse_existing(target, overwrite)
    content = render_bytes(report, template)
    try:
        write_atomic(target, content)
    except OSError as exc:
        raise OutputError(f"无法写入 {target}：{exc.strerror}") from None
    return target


def default_output(report: Report, data_file: str | os.PathLike[str]) -> Path:
    """Where ``nianbao render`` writes by default: beside the data, named after the title."""
    return Path(data_file).resolve().parent / f"{report.title}.docx"
