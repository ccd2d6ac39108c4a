"""The JSON Schema of data files, derived from the model and its official labels.

>>> schema = json_schema()
>>> schema["properties"]["applications"]["title"]
'表三 收到和处理政府信息公开申请情况'
"""

from __future__ import annotations

import datetime
import types
import typing
from decimal import Decimal
from typing import Any, Final

import attrs

from nianbao import labels
from nianbao.model import LABEL, ApplicantCounts, CaseOutcomes, NotApplicable, Report, Topic

SCHEMA_ID: Final = "https://nianbao.invalid/schema/report.json"

_COUNT: Final = {"type": "integer", "minimum": 0}
_NOT_APPLICABLE: Final = {"const": "/", "description": "不适用（表中写“/”），与 0 不同"}


def _row_schema(columns: tuple[labels.Column, ...]) -> dict[str, Any]:
    names = "、".join(c.label for c in columns)
    return {
        "type": "array",
        "items": _COUNT,
        "minItems": len(columns),
        "maxItems": len(columns) + 1,
        "description": f"按列依次为：{names}；可在末尾加“总计”（将与各列之和核对）",
    }


def _type_schema(annotation: Any) -> dict[str, Any]:
    if annotation is ApplicantCounts:
        return _row_schema(labels.APPLICANT_COLUMNS)
    if annotation is CaseOutcomes:
        return _row_schema(labels.OUTCOME_COLUMNS)
    if annotation is int:
        return dict(_COUNT)
    if annotation is str:
        return {"type": "string"}
    if annotation is Decimal:
        return {"type": ["number", "string"], "pattern": r"^\d+(\.\d+)?$", "description": "金额，小数位照原样保留"}
    if annotation is NotApplicable:
        return dict(_NOT_APPLICABLE)
    if annotation is datetime.date:
        return {"type": "string", "format": "date"}
    if annotation is Topic:
        return {"enum": [t.value for t in Topic]}
    if isinstance(annotation, type) and attrs.has(annotation):
        return _class_schema(annotation)
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is tuple:
        return {"type": "array", "items": _type_schema(args[0])}
    if origin in (typing.Union, types.UnionType):
        options = [a for a in args if a is not type(None)]
        if len(options) == 1:
            return _type_schema(options[0])
        return {"anyOf": [_type_schema(a) for a in options]}
    raise TypeError(f"no schema for {annotation!r}")


def _class_schema(cls: type) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    properties: dict[str, Any] = {}
    required: list[str] = []
    for attribute in attrs.fields(cls):
        if attribute.name == "stated_total":
            continue
        prop = _type_schema(hints[attribute.name])
        if LABEL in attribute.metadata:
            prop = {"title": attribute.metadata[LABEL], **prop}
        properties[attribute.name] = prop
        if attribute.default is attrs.NOTHING:
            required.append(attribute.name)
    schema: dict[str, Any] = {"type": "object", "properties": properties, "additionalProperties": False}
    if cls.__doc__:
        schema["description"] = cls.__doc__.strip().splitlines()[0]
    if required:
        schema["required"] = required
    return schema


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) that every data file satisfies."""
    schema = _class_schema(Report)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "政府信息公开工作年度报告数据文件",
        **schema,
    }
