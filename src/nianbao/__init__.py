"""nianbao: drafting 政府信息公开工作年度报告 (government information disclosure annual reports).

Build a report in code, load and save data files, render the official Word layout::

    >>> import nianbao
    >>> report = nianbao.Report.blank("某市某局", 2024)
    >>> nianbao.loads(nianbao.dumps(report)) == report
    True
"""

__version__ = "0.1.0"

from nianbao.datafile import dumps, load, loads, save
from nianbao.errors import DataError, DataIssue, NianbaoError, OutputError, TemplateError
from nianbao.model import (
    NOT_APPLICABLE,
    ActiveDisclosureTable,
    ApplicantCounts,
    ApplicationResults,
    ApplicationTable,
    CaseOutcomes,
    CaseTable,
    Contact,
    DocumentCounts,
    NotApplicable,
    NotProcessedResults,
    OtherHandlingResults,
    OtherMatters,
    Overview,
    ProcessingFeeItem,
    ProcessingFees,
    Proposals,
    Report,
    Section,
    Signature,
    Subsection,
    Topic,
    UnableResults,
    WithheldResults,
)
from nianbao.render import render, render_bytes

__all__ = [
    "NOT_APPLICABLE",
    "ActiveDisclosureTable",
    "ApplicantCounts",
    "ApplicationResults",
    "ApplicationTable",
    "CaseOutcomes",
    "CaseTable",
    "Contact",
    "DataError",
    "DataIssue",
    "DocumentCounts",
    "NianbaoError",
    "NotApplicable",
    "NotProcessedResults",
    "OtherHandlingResults",
    "OtherMatters",
    "OutputError",
    "Overview",
    "ProcessingFeeItem",
    "ProcessingFees",
    "Proposals",
    "Report",
    "Section",
    "Signature",
    "Subsection",
    "TemplateError",
    "Topic",
    "UnableResults",
    "WithheldResults",
    "__version__",
    "dumps",
    "load",
    "loads",
    "render",
    "render_bytes",
    "save",
]
