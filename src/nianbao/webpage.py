"""The web page: one standalone, accessible HTML file of a report, for the agency's portal.

Built from the template context (never by converting the .docx): headings, paragraphs
and the official tables with their merges (:mod:`nianbao.tables`), ``<caption>`` and
``<th scope>``, ``lang="zh-CN"``, inline styles with a print style, no external assets.
The page template is ``templates/report.html``, run in the same sandboxed, autoescaping
Jinja as the Word template.

>>> from nianbao.model import Report
>>> page = render_html(Report.blank("某局", 2024))
>>> page.startswith("<!DOCTYPE html>") and '<html lang="zh-CN">' in page
True
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

import jinja2

from nianbao import __version__, labels
from nianbao.context import build_context
from nianbao.datafile import refuse_existing, write_atomic
from nianbao.errors import OutputError, TemplateError
from nianbao.model import Report
from nianbao.render import default_template, jinja_environment
from nianbao.sandbox import describe as describe_refusal
from nianbao.tables import official_tables

PAGE_TEMPLATE: Final = "report.html"


def page_context(context: Mapping[str, Any]) -> dict[str, Any]:
    """The template context plus what only the page needs: section titles, table grids."""
    return {
        **context,
        "sections": labels.SECTION_TITLES,
        "tables": official_tables(context),
        "generator": f"nianbao {__version__}",
    }


def render_page(context: Mapping[str, Any], template: str | os.PathLike[str] | None = None) -> str:
    """The page for an already built context (see :func:`nianbao.context.build_context`)."""
    path = Path(template) if template is not None else default_template(PAGE_TEMPLATE)
    try:
        source = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise TemplateError(f"网页模板不存在：{path}") from None
    try:
        return jinja_environment().from_string(source).render(page_context(context)) + "\n"
    except jinja2.exceptions.SecurityError as exc:
        raise TemplateError(f"网页模板 {path} {describe_refusal(exc)}") from None
    except jinja2.TemplateError as exc:
        raise TemplateError(f"网页模板 {path} 渲染失败：{exc}") from None


def render_html(report: Report) -> str:
    """The report as one standalone HTML page."""
    return render_page(build_context(report))


def write_html(report: Report, out: str | os.PathLike[str], overwrite: bool = True) -> Path:
    """Write the report's page to ``out`` (UTF-8), atomically."""
    target = Path(out)
    refuse_existing(target, overwrite)
    content = render_html(report).encode("utf-8")
    try:
        write_atomic(target, content)
    except OSError as exc:
        raise OutputError(f"无法写入 {target}：{exc.strerror}") from None
    return target
