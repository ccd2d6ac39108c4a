"""The template context: a report as plain strings, lists and dicts.

Templates see only this (never model objects), so a template cannot reach into
Python and every number is formatted once, here. The keys are documented in
docs/templates.md.

>>> from nianbao.model import Report
>>> build_context(Report.blank("某局", 2024))["t3"]["results_total"]["total"]
'0'
"""

from __future__ import annotations

from typing import Any

from nianbao import labels, sentences
from nianbao.formatting import format_cell, format_count, format_date
from nianbao.model import ActiveDisclosureTable, ApplicationTable, CaseTable, Report, Section


def build_context(report: Report) -> dict[str, Any]:
    """Everything the template needs, formatted; empty standard statements are written first."""
    report = sentences.complete(report)
    return {
        "title": report.title,
        "agency": report.agency,
        "year": str(report.year),
        "opening": report.opening,
        "contact": {
            "office": report.contact.office,
            "address": report.contact.address,
            "postcode": report.contact.postcode,
            "phone": report.contact.phone,
            "email": report.contact.email,
        },
        "overview": {
            "paragraphs": list(report.overview.paragraphs),
            "subsections": [
                {
                    "heading": s.heading,
                    "lead": s.paragraphs[0] if s.paragraphs else "",
                    "rest": list(s.paragraphs[1:]),
                    "paragraphs": list(s.paragraphs),
                }
                for s in report.overview.subsections
            ],
        },
        "active_disclosure_notes": list(report.active_disclosure_notes),
        "applications_notes": list(report.applications_notes),
        "cases_notes": list(report.cases_notes),
        "t2": active_disclosure_context(report.active_disclosure),
        "t3": applications_context(report.applications),
        "t4": cases_context(report.cases),
        "problems": section_context(report.problems),
        "other_matters": section_context(report.other_matters),
        "signature": {
            "agency": report.signing_agency,
            "date": format_date(report.signature.date) if report.signature.date else "",
        },
    }


def section_context(section: Section) -> dict[str, Any]:
    return {
        "paragraphs": list(section.paragraphs),
        "subsections": [{"heading": s.heading, "paragraphs": list(s.paragraphs)} for s in section.subsections],
    }


def active_disclosure_context(table: ActiveDisclosureTable) -> dict[str, Any]:
    def documents(row: Any) -> dict[str, str]:
        return {
            "issued": format_cell(row.issued),
            "repealed": format_cell(row.repealed),
            "in_force": format_cell(row.in_force),
        }

    return {
        "rules": documents(table.rules),
        "normative_documents": documents(table.normative_documents),
        "licensing": format_cell(table.licensing),
        "punishment": format_cell(table.punishment),
        "coercion": format_cell(table.coercion),
        "fees": format_cell(table.fees),
    }


def applications_context(table: ApplicationTable) -> dict[str, dict[str, str]]:
    """表三 by row key, then column key (``total`` derived)."""
    return {
        row.key: {
            column.key: format_count(value)
            for column, value in zip(labels.ALL_COLUMNS, counts.with_total(), strict=True)
        }
        for row, counts in table.rows()
    }


def cases_context(table: CaseTable) -> dict[str, dict[str, str]]:
    """表四 by block (review, direct_litigation, litigation_after_review), then column."""
    return {
        group.key: {
            column.key: format_count(value)
            for column, value in zip(labels.ALL_OUTCOME_COLUMNS, getattr(table, group.key).with_total(), strict=True)
        }
        for group in labels.CASE_GROUPS
    }
