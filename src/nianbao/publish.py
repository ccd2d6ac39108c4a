"""Publication outputs beside a rendered .docx: ``--pdf`` and ``--html``.

Each report's extra files take the .docx's folder and base name (``报告.docx`` →
``报告.pdf``, ``报告.html``) and are written atomically. Everything that can be
checked before writing (LibreOffice present, nothing in the way) is checked first, so
a refused run leaves no half set of files.

>>> [path.name for path in Extras(pdf=True, html=True).targets(Path("out/报告.docx"))]
['报告.html', '报告.pdf']
"""

from __future__ import annotations

import argparse
from pathlib import Path

from attrs import frozen

from nianbao import pdf
from nianbao.datafile import refuse_existing
from nianbao.model import Report
from nianbao.webpage import write_html


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add ``--pdf`` and ``--html`` to a command that renders .docx files."""
    parser.add_argument(
        "--pdf",
        action="store_true",
        help="同时生成 PDF（由 LibreOffice 转换，与 .docx 同目录同名），见 docs/publish.md",
    )
    parser.add_argument(
        "--html", action="store_true", help="同时生成网页（单个独立的 .html 文件，与 .docx 同目录同名）"
    )


@frozen
class Extras:
    """Which extra outputs to make for each report."""

    pdf: bool = False
    html: bool = False

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> Extras:
        return cls(pdf=bool(getattr(args, "pdf", False)), html=bool(getattr(args, "html", False)))

    def targets(self, docx: Path) -> list[Path]:
        """The files made beside ``docx``, in the order they are written."""
        return [docx.with_suffix(suffix) for wanted, suffix in ((self.html, ".html"), (self.pdf, ".pdf")) if wanted]

    def check(self, docx: Path, overwrite: bool = False) -> None:
        """Refuse now rather than half way: no LibreOffice for --pdf, or a file in the way."""
        if self.pdf:
            pdf.find_soffice()
        for target in self.targets(docx):
            refuse_existing(target, overwrite)

    def write(self, report: Report, docx: Path) -> list[Path]:
        """Make the extra files for ``report``, whose .docx is ``docx``; returns what was written."""
        written = []
        if self.html:
            written.append(write_html(report, docx.with_suffix(".html")))
        if self.pdf:
            written.append(pdf.convert(docx, docx.with_suffix(".pdf")))
        return written
