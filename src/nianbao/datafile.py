"""Data files: YAML or JSON text ↔ :class:`~nianbao.model.Report`.

The converting layer sits apart from the model. Structuring collects every fault of
a file at once and reports each with its file, line and official label.

>>> from nianbao.model import Report
>>> text = dumps(Report.blank("某局", 2024))
>>> loads(text).agency
'某局'
"""

from __future__ import annotations

import datetime
import difflib
import json
import math
import os
import tempfile
import types
import typing
from collections.abc import Iterator, Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Final

import attrs
import cattrs
import yaml
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationNote,
)

from nianbao import labels
from nianbao.errors import DataError, DataIssue, OutputError
from nianbao.model import (
    LABEL,
    NOT_APPLICABLE,
    ApplicantCounts,
    CaseOutcomes,
    Cell,
    Money,
    NotApplicable,
    Report,
    Topic,
)

SUFFIXES: Final = (".yaml", ".yml", ".json")
NOT_APPLICABLE_MARK: Final = "/"


class CellError(ValueError):
    """A bad value in one cell; ``index`` is its position within a row, if any."""

    def __init__(self, message: str, index: int | None = None) -> None:
        super().__init__(message)
        self.index = index


class RowErrors(ExceptionGroup[CellError]):
    """All bad cells of one row."""


# --- scalar hooks ---------------------------------------------------------------


def _count(value: Any, index: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise CellError(f"应为非负整数，实为 {_show(value)}", index)
    if isinstance(value, float | Decimal) and not math.isfinite(value):
        raise CellError(f"应为非负整数，实为 {_show(value)}", index)
    if isinstance(value, float | Decimal) and value != int(value):
        raise CellError(f"件数应为整数，实为 {_show(value)}", index)
    if value < 0:
        raise CellError(f"不能为负数，实为 {_show(value)}", index)
    return int(value)


def _show(value: Any) -> str:
    if isinstance(value, str):
        return f"“{value}”"
    if value is None:
        return "空值"
    if isinstance(value, list | tuple):
        return "列表"
    if isinstance(value, dict):
        return "映射"
    return str(value)


def _cell(value: Any, _: type = int) -> Cell:
    if value == NOT_APPLICABLE_MARK:
        return NOT_APPLICABLE
    return _count(value)


def _money(value: Any, _: type = Decimal) -> Money:
    if value == NOT_APPLICABLE_MARK:
        return NOT_APPLICABLE
    if isinstance(value, bool) or not isinstance(value, int | Decimal | str | float):
        raise CellError(f"应为金额（数字），实为 {_show(value)}")
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        raise CellError(f"应为金额（数字），实为 {_show(value)}") from None
    if not amount.is_finite():
        raise CellError(f"应为金额（数字），实为 {_show(value)}")
    if amount < 0:
        raise CellError(f"金额不能为负数，实为 {_show(value)}")
    return amount


def _text(value: Any, _: type = str) -> str:
    if not isinstance(value, str):
        raise CellError(f'应为文本，实为 {_show(value)}（数字请加引号，如 "0533-2868600"）')
    return value


def _date(value: Any, _: type = datetime.date) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise CellError(f"应为日期（如 2024-01-18），实为 {_show(value)}")


def _topic(value: Any, _: type = Topic) -> Topic:
    try:
        return Topic(value)
    except ValueError:
        allowed = "、".join(t.value for t in Topic)
        raise CellError(f"主题应为 {allowed} 之一，实为 {_show(value)}") from None


def _is_list_field(annotation: Any) -> bool:
    """tuple[X, ...]: paragraphs, subsections, fee items."""
    args = typing.get_args(annotation)
    return typing.get_origin(annotation) is tuple and len(args) == 2 and args[1] is Ellipsis


def _list(value: Any, annotation: Any) -> Any:
    """A list field: refuse a lone text or mapping instead of splitting it into characters or keys."""
    item = typing.get_args(annotation)[0]
    if not isinstance(value, list | tuple):
        what = "文本列表（每段一项，以“- ”开头）" if item is str else "列表（每项以“- ”开头）"
        raise CellError(f"应为{what}，实为 {_show(value)}")
    return tuple(CONVERTER.structure(list(value), list[item]))  # type: ignore[valid-type]


def _row_of(cls: type, width: int) -> Any:
    """A table row written as a list: ``width`` cells, optionally a 总计 after them."""

    def structure(value: Any, _: type) -> Any:
        if not isinstance(value, list | tuple):
            raise CellError(f"应为 {width} 个数字组成的列表（可在末尾加总计），实为 {_show(value)}")
        if len(value) not in (width, width + 1):
            raise CellError(f"应有 {width} 个数字（可在末尾加总计），实有 {len(value)} 个")
        cells: list[int] = []
        faults: list[CellError] = []
        for i, item in enumerate(value):
            try:
                cells.append(_count(item, i))
            except CellError as fault:
                faults.append(fault)
        if faults:
            raise RowErrors("表格行有误", faults)
        stated = cells[width] if len(cells) > width else None
        return cls(*cells[:width], stated_total=stated)

    return structure


def _unstructure_row(row: ApplicantCounts | CaseOutcomes) -> list[int]:
    cells = list(row.values())
    if row.stated_total is not None:
        cells.append(row.stated_total)
    return cells


def _unstructure_money(value: Money) -> Any:
    return NOT_APPLICABLE_MARK if isinstance(value, NotApplicable) else value


def _unstructure_cell(value: Cell) -> Any:
    return NOT_APPLICABLE_MARK if isinstance(value, NotApplicable) else value


def make_converter() -> cattrs.Converter:
    """The converter between plain data (YAML/JSON) and the model."""
    converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    converter.register_structure_hook(Cell, _cell)
    converter.register_structure_hook(Money, _money)
    converter.register_structure_hook(Decimal, _money)
    converter.register_structure_hook(str, _text)
    converter.register_structure_hook(int, lambda v, _: _count(v))
    converter.register_structure_hook(datetime.date, _date)
    converter.register_structure_hook(Topic, _topic)
    converter.register_structure_hook_func(_is_list_field, _list)
    converter.register_structure_hook(ApplicantCounts, _row_of(ApplicantCounts, 6))
    converter.register_structure_hook(CaseOutcomes, _row_of(CaseOutcomes, 4))
    converter.register_unstructure_hook(ApplicantCounts, _unstructure_row)
    converter.register_unstructure_hook(CaseOutcomes, _unstructure_row)
    converter.register_unstructure_hook(Cell, _unstructure_cell)
    converter.register_unstructure_hook(Money, _unstructure_money)
    converter.register_unstructure_hook(Topic, lambda topic: topic.value)
    return converter


CONVERTER: Final = make_converter()


# --- YAML flavour -------------------------------------------------------------


class _Loader(yaml.SafeLoader):
    """Safe YAML, with decimals read exactly (never through float)."""


# libyaml's parser when PyYAML has it: ten times the pure-Python one, which batch
# rendering feels (see docs/performance.md). Same safe constructors either way.
try:
    from yaml import CSafeLoader as _CSafeLoader
except ImportError:  # PyYAML built without libyaml
    from yaml import SafeLoader as _CSafeLoader  # type: ignore[assignment]


class _FastLoader(_CSafeLoader):
    """:class:`_Loader` on libyaml's parser."""


def _read_yaml(text: str) -> tuple[yaml.Node | None, Any]:
    """The node tree (for duplicate keys and line numbers) and the data, from one parse.

    libyaml's parser reads first; if it refuses, the pure-Python one reads again, so
    that the error is the one :data:`_YAML_PROBLEMS` explains (libyaml words it differently).
    """
    try:
        return _read_with(_FastLoader, text)
    except yaml.YAMLError:
        return _read_with(_Loader, text)


def _read_with(loader_class: Any, text: str) -> tuple[yaml.Node | None, Any]:
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()


def _construct_decimal(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    text = str(loader.construct_scalar(node)).replace("_", "")
    try:
        return Decimal(text)
    except InvalidOperation:
        return loader.construct_yaml_float(node)


_Loader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)
_FastLoader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)


class _Dumper(yaml.SafeDumper):
    """YAML out: Chinese as is, table rows on one line, keys in model order."""


class _FlowList(list[Any]):
    pass


def _represent_decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    text = format(value, "f")
    tag = "tag:yaml.org,2002:float" if "." in text else "tag:yaml.org,2002:int"
    return dumper.represent_scalar(tag, text)


def _represent_flow(dumper: yaml.SafeDumper, value: _FlowList) -> yaml.SequenceNode:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=True)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(Decimal, _represent_decimal)
_Dumper.add_representer(_FlowList, _represent_flow)
_Dumper.add_representer(str, _represent_str)


def _prepare(value: Any) -> Any:
    """Drop absent (None) values; rows of numbers become one-line lists."""
    if isinstance(value, dict):
        return {k: _prepare(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        items = [_prepare(v) for v in value]
        if items and all(isinstance(v, int) and not isinstance(v, bool) for v in items):
            return _FlowList(items)
        return items
    return value


def to_data(report: Report) -> dict[str, Any]:
    """The report as plain data (what a data file holds)."""
    data = _prepare(CONVERTER.unstructure(report))
    assert isinstance(data, dict)
    return data


def dumps(report: Report, fmt: str = "yaml") -> str:
    """The report as YAML (default) or JSON text."""
    data = to_data(report)
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2, default=_json_default) + "\n"
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=4096)


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime.date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} to JSON")


def save(report: Report, path: str | os.PathLike[str]) -> Path:
    """Write a data file (YAML, or JSON for ``.json``) atomically: all or nothing."""
    target = Path(path)
    fmt = "json" if target.suffix.lower() == ".json" else "yaml"
    write_atomic(target, dumps(report, fmt).encode("utf-8"))
    return target


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK: Final = _current_umask()


def refuse_existing(target: Path, overwrite: bool) -> None:
    """Raise :class:`~nianbao.errors.OutputError` if ``target`` exists and may not be replaced."""
    if not overwrite and target.exists():
        raise OutputError.exists(target)


def write_atomic(target: Path, content: bytes) -> None:
    """Write through a temporary file in the same folder, then rename over ``target``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        # mkstemp makes the file private (0600); a report is an ordinary file (0666 less umask).
        os.fchmod(fd, 0o666 & ~_UMASK)
        with os.fdopen(fd, "wb") as out:
            out.write(content)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# --- reading ------------------------------------------------------------------


def load(path: str | os.PathLike[str]) -> Report:
    """Read a data file (``.yaml``, ``.yml`` or ``.json``) into a report.

    Raises :class:`~nianbao.errors.DataError` listing every fault found.
    """
    source = Path(path)
    name = str(path)
    if source.suffix.lower() not in SUFFIXES:
        raise DataError([DataIssue(name, f"不支持的文件类型“{source.suffix}”，数据文件应为 .yaml 或 .json")])
    try:
        text = source.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError([DataIssue(name, "文件不存在")]) from None
    except UnicodeDecodeError:
        raise DataError([DataIssue(name, "文件不是 UTF-8 编码的文本")]) from None
    except OSError as exc:
        raise DataError([DataIssue(name, f"无法读取文件（{exc.strerror}）")]) from None
    fmt = "json" if source.suffix.lower() == ".json" else "yaml"
    return loads(text, fmt=fmt, name=name)


def loads(text: str, fmt: str = "yaml", name: str = "<数据>") -> Report:
    """Read data file text into a report (see :func:`load`)."""
    lines: dict[tuple[str | int, ...], int] = {}
    duplicates: list[DataIssue] = []
    node: yaml.Node | None = None
    try:
        if fmt == "json":
            try:
                data = json.loads(text, parse_float=Decimal)
            except json.JSONDecodeError as exc:
                message = f"JSON 格式错误（第{exc.colno}列）：{_json_problem(exc.msg)}"
                raise DataError([DataIssue(name, message, line=exc.lineno)]) from None
        else:
            try:
                node, data = _read_yaml(text)
            except yaml.YAMLError as exc:
                mark = getattr(exc, "problem_mark", None)
                line = mark.line + 1 if mark is not None else None
                raise DataError([DataIssue(name, f"YAML 格式错误：{_yaml_problem(exc)}", line=line)]) from None
            if node is not None:
                duplicates.extend(_duplicate_keys(node, name))
        try:
            report = from_data(data, name=name)
        except DataError as exc:
            failure = exc
            if node is not None:  # line numbers only matter for a fault: found now, not on every load
                _collect_lines(node, (), lines)
                try:
                    from_data(data, name=name, lines=lines)
                except DataError as located:
                    failure = located
            issues = sorted([*duplicates, *failure.issues], key=lambda i: i.line or 0)
            raise DataError(issues) from None
        if duplicates:
            raise DataError(duplicates)
        return report
    except RecursionError:
        # only a self-referring YAML alias (a: &x [*x]) or absurd nesting gets here
        raise DataError([DataIssue(name, "数据嵌套过深或含有自我引用的锚点（&）与别名（*）")]) from None


# PyYAML's and json's English problems, in the words a user needs (first match wins).
_YAML_PROBLEMS: Final = (
    ("expected ',' or ']'", "方括号列表“[ ]”没有正确闭合，或各项之间缺少英文逗号"),
    ("expected ',' or '}'", "花括号映射“{ }”没有正确闭合，或各项之间缺少英文逗号"),
    ("mapping values are not allowed here", "此处不能出现“:”（冒号后应有空格；含冒号的文本请加引号；或缩进有误）"),
    ("could not find expected ':'", "缺少“:”，每一项应写成“键: 值”"),
    ("cannot start any token", "含有不能出现在此处的字符（缩进请用空格，不要用制表符；以 @ 或 ` 开头的文本请加引号）"),
    ("found unexpected end of stream", "文件意外结束，引号或括号没有闭合"),
    ("found undefined alias", "引用了未定义的锚点（*别名 之前须有 &锚点）"),
    ("expected <block end>", "缩进不一致：同一层的各项应对齐"),
    ("did not find expected key", "缩进不一致：同一层的各项应对齐"),
    ("did not find expected '-' indicator", "列表缩进不一致：各项应以对齐的“- ”开头"),
    ("but found another document", "文件中只能有一份数据，请删去多余的“---”分隔行"),
    ("found unknown escape character", "双引号文本中有无效的转义字符（反斜杠 \\），可改用单引号"),
    ("found duplicate anchor", "锚点（&）重复定义"),
    ("incompatible YAML document", "不支持的 YAML 版本声明"),
    ("unacceptable character", "含有不允许的控制字符"),
)
_JSON_PROBLEMS: Final = (
    ("Expecting property name enclosed in double quotes", "此处应为用双引号括起的键名（最后一项之后不能有逗号）"),
    ("Expecting ',' delimiter", "各项之间缺少逗号"),
    ("Expecting ':' delimiter", "键名之后缺少冒号"),
    ("Expecting value", "此处缺少值，或值的写法有误（文本须用双引号，真假值写 true/false）"),
    ("Unterminated string", "文本的双引号没有闭合"),
    ("Extra data", "数据结束之后还有多余内容"),
    ("Invalid control character", "文本中含有控制字符（换行请写成 \\n）"),
    ("Invalid \\escape", "文本中有无效的转义字符（反斜杠 \\）"),
)


def _yaml_problem(exc: yaml.YAMLError) -> str:
    problem = str(getattr(exc, "problem", None) or exc)
    mark = getattr(exc, "problem_mark", None)
    where = f"（第{mark.column + 1}列）" if mark is not None else ""
    for english, chinese in _YAML_PROBLEMS:
        if english in problem:
            return f"{chinese}{where}"
    return f"无法解析{where}（{problem}）"


def _json_problem(problem: str) -> str:
    return next(
        (chinese for english, chinese in _JSON_PROBLEMS if problem.startswith(english)), f"无法解析（{problem}）"
    )


def _duplicate_keys(node: yaml.Node, name: str, seen: set[int] | None = None) -> Iterator[DataIssue]:
    """Keys written twice in one mapping: YAML would silently keep only the last."""
    seen = set() if seen is None else seen
    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        first: dict[str, int] = {}
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                line = key.start_mark.line + 1
                if key.value in first:
                    message = f"键“{key.value}”重复出现（第{first[key.value]}行已有），请删去其中一处"
                    yield DataIssue(name, message, line=line)
                else:
                    first[key.value] = line
            yield from _duplicate_keys(value, name, seen)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _duplicate_keys(item, name, seen)


def from_data(
    data: Any,
    name: str = "<数据>",
    lines: Mapping[tuple[str | int, ...], int] | None = None,
) -> Report:
    """Structure plain data into a report, collecting every fault."""
    lines = lines or {}
    if not isinstance(data, dict):
        raise DataError([DataIssue(name, "数据文件的顶层应为键值映射（agency: …、year: … 等）", line=1)])
    try:
        return CONVERTER.structure(data, Report)
    except Exception as exc:  # noqa: BLE001 - every fault becomes a DataIssue
        issues = [_issue(name, path, fault, data, lines) for path, fault in _faults(exc, ())]
        raise DataError(sorted(issues, key=lambda i: (i.line or 0, i.location))) from None


def _collect_lines(node: yaml.Node, path: tuple[str | int, ...], lines: dict[tuple[str | int, ...], int]) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                child = (*path, key.value)
                _collect_lines(value, child, lines)
                lines[child] = key.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _collect_lines(item, (*path, i), lines)


def _faults(exc: BaseException, path: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], BaseException]]:
    if isinstance(exc, RowErrors):
        for fault in exc.exceptions:
            index = getattr(fault, "index", None)
            yield ((*path, index) if index is not None else path), fault
        return
    if isinstance(exc, BaseExceptionGroup):
        for sub in exc.exceptions:
            sub_path = path
            for note in getattr(sub, "__notes__", []):
                if isinstance(note, AttributeValidationNote):
                    sub_path = (*path, note.name)
                elif isinstance(note, IterableValidationNote):
                    sub_path = (*path, note.index)
            yield from _faults(sub, sub_path)
        return
    yield path, exc


def _issue(
    name: str,
    path: tuple[str | int, ...],
    fault: BaseException,
    data: Any,
    lines: Mapping[tuple[str | int, ...], int],
) -> DataIssue:
    if isinstance(fault, ForbiddenExtraKeysError):
        extra = sorted(str(key) for key in fault.extra_fields)
        known = [a.name for a in attrs.fields(fault.cl)]
        messages = []
        for key in extra:
            guess = difflib.get_close_matches(key, known, n=1, cutoff=0.5)
            hint = f"，是否应为“{guess[0]}”（{describe_path(_sibling(path, guess[0]))}）？" if guess else ""
            messages.append(f"未知的键“{key}”{hint}")
        key_path = (*path, extra[0])
        return DataIssue(name, "；".join(messages), _line(lines, key_path), key_path, describe_path(path) or "顶层")
    if isinstance(fault, KeyError):
        return DataIssue(name, f"缺少必填项（键名 {path[-1]}）", _line(lines, path), path, describe_path(path))
    value = _value_at(data, path)
    cls = _describe(path)[1]
    if isinstance(fault, CellError):
        message = str(fault)
    elif isinstance(fault, ClassValidationError):
        message = "内容有误"
    elif attrs.has(cls) and not isinstance(value, dict):
        message = f"应为键值映射（下一级各项写成“键: 值”），实为 {_show(value)}"
    elif isinstance(fault, TypeError | ValueError | AttributeError) and _is_shape_error(fault):
        message = f"结构有误（{_show(value)}不符合要求）"
    else:
        message = str(fault)
        # the model's own validators say "<field>: <Chinese>": point at that field instead
        field_name, _, rest = message.partition(": ")
        if rest and attrs.has(cls) and field_name in attrs.fields_dict(cls):
            path, message = (*path, field_name), rest
    return DataIssue(name, message, _line(lines, path), path, describe_path(path))


def _is_shape_error(fault: BaseException) -> bool:
    return not any("\u4e00" <= ch <= "\u9fff" for ch in str(fault))


def _sibling(path: tuple[str | int, ...], key: str) -> tuple[str | int, ...]:
    return (*path, key)


def _value_at(data: Any, path: tuple[str | int, ...]) -> Any:
    for step in path:
        try:
            data = data[step]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _line(lines: Mapping[tuple[str | int, ...], int], path: tuple[str | int, ...]) -> int | None:
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return None


def describe_path(path: tuple[str | int, ...]) -> str:
    """A data path in official labels.

    >>> describe_path(("applications", "results", "withheld", "state_secret", 0))
    '表三/三、本年度办理结果/（三）不予公开/1.属于国家秘密/自然人'
    """
    return _describe(path)[0]


def _describe(path: tuple[str | int, ...]) -> tuple[str, Any]:
    """The path in official labels, and the model class found at its end (None if not a class)."""
    parts: list[str] = []
    cls: Any = Report
    for step in path:
        if isinstance(step, int):
            columns: tuple[labels.Column, ...]
            if cls is ApplicantCounts:
                columns = labels.ALL_COLUMNS
            elif cls is CaseOutcomes:
                columns = labels.ALL_OUTCOME_COLUMNS
            else:
                parts.append(f"第{step + 1}项")
                continue
            parts.append(columns[step].label if step < len(columns) else f"第{step + 1}列")
            continue
        if cls is Report and step in labels.TABLE_NAMES:
            parts.append(labels.TABLE_NAMES[step])
            cls = attrs.fields_dict(Report)[step].type
            cls = _resolve(cls)
            continue
        if not (isinstance(cls, type) and attrs.has(cls)):
            parts.append(str(step))
            continue
        fields = attrs.fields_dict(cls)
        if step not in fields:
            parts.append(str(step))
            cls = None
            continue
        attribute = fields[step]
        parts.append(str(attribute.metadata.get(LABEL, step)))
        cls = _resolve(attribute.type)
    return "/".join(parts), cls


def _resolve(annotation: Any) -> Any:
    """The attrs class behind a field's annotation (strings resolved in the model)."""
    from nianbao import model

    if isinstance(annotation, str):
        name = annotation.split("|")[0].strip()
        if name.startswith("tuple["):
            name = name[len("tuple[") :].split(",")[0].strip()
        return getattr(model, name, None)
    # once cattrs has resolved the annotations: tuple[X, ...] and X | None
    if typing.get_origin(annotation) in (tuple, types.UnionType, typing.Union):
        return next((arg for arg in typing.get_args(annotation) if attrs.has(arg)), None)
    return annotation
