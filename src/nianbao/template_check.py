"""``nianbao template check``: find what would go wrong with an agency's own Word template.

Reported, each with the place in the document (正文第 N 段, 第 T 个表格第 R 行第 C 列,
页眉/页脚) and a snippet of its text:

- variables the context does not have (``{{ contact.phon }}``), see docs/templates.md;
- full-width braces typed by a Chinese input method (``｛｛ title ｝｝``), which Word
  shows like braces but the template engine does not see as a tag;
- tags Word split badly: across two paragraphs or table cells, across a hyperlink or
  field, or into runs of different formatting (only the first run's survives);
- paragraph tags (``{%p …%}``) sharing their paragraph with text that would be lost;
- the official tables (表二, 表三, 表四) or some of their cells missing;
- anything the sandbox refuses (Python internals, autoescape off) or Jinja cannot parse,
  and finally a trial render with sample data.

>>> from nianbao.render import default_template
>>> check_template(default_template())
[]
"""

from __future__ import annotations

import datetime
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, Final, Literal

import jinja2
from attrs import frozen
from docx import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml import parse_xml
from docxtpl import DocxTemplate
from jinja2 import nodes

from nianbao import datafile, labels
from nianbao.context import build_context
from nianbao.errors import TemplateError
from nianbao.model import Report
from nianbao.render import jinja_environment, render_context
from nianbao.sandbox import describe as describe_refusal

W: Final = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
HEADER_TYPE: Final = "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"
FOOTER_TYPE: Final = "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"

Severity = Literal["错误", "警告"]


@frozen
class Finding:
    """One problem: what (``kind``), how bad, where, and a Chinese explanation."""

    kind: str
    message: str
    where: str = ""
    severity: Severity = "错误"

    def __str__(self) -> str:
        return f"{self.severity}：{self.where}：{self.message}" if self.where else f"{self.severity}：{self.message}"


# --- sample data ----------------------------------------------------------------


def sample_report() -> Report:
    """A report with something in every list, so a trial render reaches every loop."""
    subsection = {"heading": "（一）小标题。", "paragraphs": ["小节第一段。", "小节第二段。"]}
    data = datafile.to_data(Report.blank("某市某局", 2024))
    data.update(
        contact={
            "office": "某市某局办公室",
            "address": "某市某路1号",
            "postcode": "100000",
            "phone": "010-12345678",
            "email": "gk@example.gov.cn",
        },
        opening="本报告根据《中华人民共和国政府信息公开条例》编制。",
        overview={"paragraphs": ["总体情况段落。"], "subsections": [subsection]},
        active_disclosure_notes=["表二前的说明。"],
        applications_notes=["表三前的说明。"],
        cases_notes=["表四前的说明。"],
        problems={"paragraphs": ["问题段落。"], "subsections": [subsection]},
        other_matters={"paragraphs": ["其他事项段落。"], "subsections": [subsection]},
        signature={"agency": "某市某局", "date": datetime.date(2025, 1, 15)},
    )
    return datafile.from_data(data, name="<示例数据>")


# --- the document's text, place by place ------------------------------------------


@frozen
class Segment:
    """Text of one run, where it starts in its paragraph, its formatting and its parent."""

    text: str
    start: int
    formatting: str
    parent: Any


@frozen
class Place:
    """A paragraph with its location in words a Word user can follow."""

    where: str
    segments: tuple[Segment, ...]

    @property
    def text(self) -> str:
        return "".join(segment.text for segment in self.segments)

    def label(self) -> str:
        snippet = re.sub(r"\s+", " ", self.text).strip()
        if len(snippet) > 30:
            snippet = snippet[:30] + "…"
        return f"{self.where}（“{snippet}”）" if snippet else self.where


_IGNORED_FORMATTING: Final = {f"{W}lang", f"{W}noProof", f"{W}rtl", f"{W}webHidden"}


def _formatting(run: Any) -> str:
    """A run's character formatting, comparable between runs (language marks left out)."""
    rpr = run.find(f"{W}rPr")
    if rpr is None:
        return ""
    kept = [(child.tag, sorted(child.attrib.items())) for child in rpr if child.tag not in _IGNORED_FORMATTING]
    return repr(kept)


def _segments(paragraph: Any) -> tuple[Segment, ...]:
    out: list[Segment] = []
    offset = 0
    for run in paragraph.iter(f"{W}r"):
        if any(ancestor.tag == f"{W}del" for ancestor in run.iterancestors()):
            continue  # deleted text (tracked changes) is not part of the template
        parts = []
        for child in run:
            if child.tag == f"{W}t":
                parts.append(child.text or "")
            elif child.tag == f"{W}tab":
                parts.append("\t")
            elif child.tag in (f"{W}br", f"{W}cr"):
                parts.append("\n")
        text = "".join(parts)
        if text:
            out.append(Segment(text, offset, _formatting(run), run.getparent()))
            offset += len(text)
    return tuple(out)


def _table_places(table: Any, prefix: str) -> Iterator[Place]:
    for r, row in enumerate(table.iterchildren(f"{W}tr"), start=1):
        for c, cell in enumerate(row.iterchildren(f"{W}tc"), start=1):
            for paragraph in cell.iter(f"{W}p"):
                yield Place(f"{prefix}第 {r} 行第 {c} 列", _segments(paragraph))


def document_places(path: Path) -> list[Place]:
    """Every paragraph of the body (tables included), headers and footers, in order."""
    try:
        document = Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, SyntaxError, OSError):  # lxml's XMLSyntaxError too
        raise TemplateError(f"无法打开模板 {path}：不是有效的 Word 文档（.docx）") from None
    places: list[Place] = []
    paragraphs = tables = 0
    for child in document.element.body.iterchildren():
        if child.tag == f"{W}p":
            paragraphs += 1
            places.append(Place(f"正文第 {paragraphs} 段", _segments(child)))
        elif child.tag == f"{W}tbl":
            tables += 1
            places.extend(_table_places(child, f"第 {tables} 个表格"))
        elif child.tag == f"{W}sdt":
            for paragraph in child.iter(f"{W}p"):
                paragraphs += 1
                places.append(Place(f"正文第 {paragraphs} 段", _segments(paragraph)))
    for part in document.part.package.iter_parts():
        name = {HEADER_TYPE: "页眉", FOOTER_TYPE: "页脚"}.get(part.content_type)
        if name:
            root = parse_xml(part.blob)
            places.extend(Place(name, _segments(paragraph)) for paragraph in root.iter(f"{W}p"))
    return places


# --- checks on the text -----------------------------------------------------------

_FULL_WIDTH_BRACES = re.compile(r"[｛{][｛{%％#＃]|[%％#＃}｝][｝}]")
_OPENERS = re.compile(r"\{[{%#]")
_CLOSER_OF = {"{{": "}}", "{%": "%}", "{#": "#}"}
_PARAGRAPH_TAG = re.compile(r"\{%\s*[ptrc]{1,2}\s")


def _tags(text: str) -> Iterator[tuple[int, int] | tuple[int, None]]:
    """(start, end) of each tag in ``text``; end None for a tag left open."""
    position = 0
    while True:
        opener = _OPENERS.search(text, position)
        if opener is None:
            return
        closer = text.find(_CLOSER_OF[opener.group()], opener.end())
        if closer < 0:
            yield opener.start(), None
            return
        yield opener.start(), closer + 2
        position = closer + 2


def check_text(places: Iterable[Place]) -> list[Finding]:
    """Full-width braces, tags split across paragraphs/cells/runs, paragraph tags with text."""
    findings: list[Finding] = []
    for place in places:
        text = place.text
        for match in _FULL_WIDTH_BRACES.finditer(text):
            typed = match.group()
            if typed.isascii():
                continue
            meant = typed.translate(str.maketrans("｛｝％＃", "{}%#"))
            findings.append(
                Finding(
                    "fullwidth",
                    f"“{typed}”是中文输入法下输入的全角符号，模板不会把它当作标签，会原样印在文档里；请改为半角“{meant}”",
                    place.label(),
                )
            )
        spans = list(_tags(text))
        for start, end in spans:
            if end is None:
                findings.append(
                    Finding(
                        "split",
                        f"标签“{text[start : start + 20]}”在这一段（单元格）中没有结尾："
                        "它被拆到了下一段或下一个单元格，渲染时会把两段并成一段甚至弄乱表格；"
                        "请把整个标签写在同一段内",
                        place.label(),
                    )
                )
                continue
            findings.extend(_run_split(place, start, end))
        if _PARAGRAPH_TAG.search(text):
            rest = re.sub(r"\{%.*?%\}", "", text).strip()
            if rest:
                findings.append(
                    Finding(
                        "paragraph_tag",
                        "段落标签（{%p …%}、{%tr …%}、{%tc …%}）会替换它所在的整段，"
                        f"同段的文字“{rest[:20]}”会丢失；请让标签单独占一段",
                        place.label(),
                    )
                )
        stray = [
            m.start() for m in re.finditer(r"\}\}|%\}", text) if not any(s < m.start() < (e or 0) for s, e in spans)
        ]
        if stray:
            findings.append(
                Finding(
                    "split",
                    "这一段有标签的结尾（“}}”或“%}”）却没有开头：标签的前半截在上一段或上一个单元格里；请把整个标签写在同一段内",
                    place.label(),
                )
            )
    return findings


def _run_split(place: Place, start: int, end: int) -> list[Finding]:
    covering = [s for s in place.segments if s.start < end and s.start + len(s.text) > start]
    tag = place.text[start:end]
    if len({id(s.parent) for s in covering}) > 1:
        return [
            Finding(
                "split",
                f"标签“{tag}”跨越了超链接、域或内容控件的边界，渲染后的文档会损坏；请删除该标签后重新输入",
                place.label(),
            )
        ]
    if len({s.formatting for s in covering}) > 1:
        return [
            Finding(
                "split_format",
                f"标签“{tag}”被 Word 拆成了 {len(covering)} 段且格式不一致，渲染结果只保留第一段的格式；"
                "建议选中整个标签，统一设置格式",
                place.label(),
                "警告",
            )
        ]
    return []


# --- checks on the Jinja code -----------------------------------------------------


@frozen
class ListOf:
    """The shape of a list in the context: the shape of its items."""

    item: Any


LEAF: Final = "text"
ANY: Final = "any"
DICT_METHODS: Final = frozenset({"items", "keys", "values", "get"})


def shape_of(value: Any) -> Any:
    """The context's structure: dicts of shapes, :class:`ListOf`, ``LEAF`` for text."""
    if isinstance(value, Mapping):
        return {key: shape_of(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return ListOf(shape_of(value[0]) if value else ANY)
    return LEAF


def context_shape() -> dict[str, Any]:
    shape = shape_of(build_context(sample_report()))
    assert isinstance(shape, dict)
    return shape


Path_ = tuple[str, ...]


class Analyzer:
    """Walks a parsed template: names it cannot resolve, unsafe attributes, context paths used."""

    def __init__(self, shape: Mapping[str, Any], known_globals: Iterable[str]) -> None:
        self.shape = shape
        self.known_globals = set(known_globals)
        self.undeclared: dict[str, None] = {}
        self.unsafe: dict[str, None] = {}
        self.used: set[Path_] = set()

    def visit(self, node: nodes.Node, scope: dict[str, tuple[Any, Path_ | None]]) -> None:
        if isinstance(node, nodes.For):
            _, path = self.expr(node.iter, scope)
            item_shape = self._item(node.iter, scope)
            inner = {**scope, "loop": (ANY, None)}
            self._bind(node.target, item_shape, inner)
            for child in (*node.body, *([node.test] if node.test else [])):
                self.visit(child, inner)
            for child in node.else_:
                self.visit(child, scope)
        elif isinstance(node, nodes.Assign):
            shape, path = self.expr(node.node, scope)
            self._bind(node.target, shape, scope, path)
        elif isinstance(node, nodes.AssignBlock):
            for child in node.body:
                self.visit(child, scope)
            self._bind(node.target, ANY, scope)
        elif isinstance(node, nodes.Macro | nodes.CallBlock):
            if isinstance(node, nodes.Macro):
                scope[node.name] = (ANY, None)
            else:
                self.expr(node.call, scope)
            inner = {**scope, "varargs": (ANY, None), "kwargs": (ANY, None), "caller": (ANY, None)}
            for argument in node.args:
                inner[argument.name] = (ANY, None)
            for default in node.defaults:
                self.expr(default, scope)
            for child in node.body:
                self.visit(child, inner)
        elif isinstance(node, nodes.With):
            inner = dict(scope)
            for target, value in zip(node.targets, node.values, strict=True):
                shape, path = self.expr(value, scope)
                self._bind(target, shape, inner, path)
            for child in node.body:
                self.visit(child, inner)
        elif isinstance(node, nodes.Expr):
            self.expr(node, scope)
        else:
            for child in node.iter_child_nodes():
                self.visit(child, scope)

    def _bind(self, target: nodes.Node, shape: Any, scope: dict[str, Any], path: Path_ | None = None) -> None:
        if isinstance(target, nodes.Name):
            scope[target.name] = (shape, path)
        else:
            for name in target.find_all(nodes.Name):
                scope[name.name] = (ANY, None)

    def _item(self, iterable: nodes.Node, scope: dict[str, Any]) -> Any:
        shape, _ = self._resolve(iterable, scope)
        return shape.item if isinstance(shape, ListOf) else ANY

    def expr(self, node: nodes.Node, scope: dict[str, Any]) -> tuple[Any, Path_ | None]:
        """Evaluate an expression's shape and mark what it uses."""
        shape, path = self._resolve(node, scope)
        if path is not None:
            self.used.add(path)
        return shape, path

    def _resolve(self, node: nodes.Node, scope: dict[str, Any]) -> tuple[Any, Path_ | None]:
        if isinstance(node, nodes.Name):
            if node.ctx != "load":
                return ANY, None
            if node.name in scope:
                return scope[node.name]  # type: ignore[no-any-return]
            if node.name in self.shape:
                return self.shape[node.name], (node.name,)
            if node.name not in self.known_globals:
                self.undeclared[node.name] = None
            return ANY, None
        if isinstance(node, nodes.Getattr):
            return self._member(node.node, node.attr, scope)
        if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
            key = node.arg.value
            if isinstance(key, str):
                return self._member(node.node, key, scope)
            shape, _ = self._resolve(node.node, scope)
            return (shape.item if isinstance(shape, ListOf) else ANY), None
        if isinstance(node, nodes.Getitem):
            self.expr(node.arg, scope)
            self.expr(node.node, scope)  # an index worked out at render time: the whole is used
            return ANY, None
        for child in node.iter_child_nodes():
            if isinstance(child, nodes.Expr):
                self.expr(child, scope)
            else:
                self.visit(child, scope)
        return ANY, None

    def _member(self, owner: nodes.Node, name: str, scope: dict[str, Any]) -> tuple[Any, Path_ | None]:
        shape, path = self._resolve(owner, scope)
        if name.startswith("_"):
            self.unsafe[name] = None
            return ANY, None
        if isinstance(shape, dict):
            if name in shape:
                return shape[name], (*path, name) if path else None
            if name in DICT_METHODS:
                if path:
                    self.used.add(path)
                return ANY, None
            self.undeclared[f"{'.'.join(path) if path else '…'}.{name}"] = None
            return ANY, None
        if shape == LEAF and not hasattr(str, name):
            self.undeclared[f"{'.'.join(path) if path else '…'}.{name}"] = None
        if path and shape != LEAF:
            self.used.add(path)
        return ANY, None


def _located(places: list[Place], needle: str) -> str:
    """Where a name occurs inside a tag: the first place, and how many more."""
    pattern = re.compile(rf"(?<!\w){re.escape(needle)}(?!\w)")
    hits = [place for place in places if any(pattern.search(tag) for tag in re.findall(r"\{[{%].*?[}%]\}", place.text))]
    if not hits:
        return ""
    more = f"等 {len(hits)} 处" if len(hits) > 1 else ""
    return hits[0].label() + more


_SYNTAX_HINTS: Final = (
    ("Unexpected end of template", "模板提前结束，缺少对应的结束标签（如 {% endif %}、{% endfor %}）"),
    ("Encountered unknown tag", "遇到了未知的标签（是否拼错，或缺少与之对应的开头标签？）"),
    ("unexpected", "标签中有多余或放错位置的符号"),
    ("expected token", "标签写法不完整"),
)


def _explain_syntax(message: str) -> str:
    """Jinja's English message, led by a Chinese explanation of the common cases."""
    for start, hint in _SYNTAX_HINTS:
        if message.startswith(start):
            return f"{hint}（{message}）"
    return message


def _template_sources(path: Path) -> list[tuple[str, str]]:
    """The Jinja source docxtpl will run: body, headers, footers, document properties."""
    template = DocxTemplate(str(path))
    template.init_docx()
    sources = [("正文", template.patch_xml(template.get_xml()))]
    for uri, name in ((template.HEADER_URI, "页眉"), (template.FOOTER_URI, "页脚")):
        for _, part in template.get_headers_footers(uri):
            sources.append((name, template.patch_xml(template.get_part_xml(part))))
    properties = template.docx.core_properties
    for prop in ("author", "comments", "identifier", "language", "subject", "title"):
        value = getattr(properties, prop) or ""
        if "{" in value:
            sources.append(("文档属性", value))
    return sources


def check_code(path: Path, places: list[Place]) -> tuple[list[Finding], set[Path_] | None]:
    """Syntax, sandbox refusals, undeclared variables; also the context paths the template uses.

    The paths are None when the body could not be parsed (then nothing is known about them).
    """
    env = jinja_environment()
    analyzer = Analyzer(context_shape(), env.globals)
    findings: list[Finding] = []
    body_parsed = True
    for part, xml in _template_sources(path):
        source = re.sub(r"<w:p([ >])", r"\n<w:p\1", xml)  # one paragraph a line, for error lines
        try:
            tree = env.parse(source)
        except jinja2.exceptions.SecurityError as exc:
            where = _located(places, "autoescape") or _located(places, "safe") or part
            findings.append(Finding("unsafe", describe_refusal(exc), where))
            body_parsed = body_parsed and part != "正文"
            continue
        except jinja2.TemplateSyntaxError as exc:
            line = source.splitlines()[exc.lineno - 1] if exc.lineno and exc.lineno <= len(source.splitlines()) else ""
            snippet = re.sub(r"<[^>]+>", "", line).strip()[:40]
            where = f"{part}（“{snippet}”附近）" if snippet else part
            findings.append(Finding("syntax", f"模板语法错误：{_explain_syntax(exc.message or '')}", where))
            body_parsed = body_parsed and part != "正文"
            continue
        analyzer.visit(tree, {})
    for name in analyzer.unsafe:
        findings.append(
            Finding(
                "unsafe", f"访问了 Python 内部属性“{name}”，渲染时会被安全沙箱拒绝", _located(places, name) or "模板"
            )
        )
    for name in analyzer.undeclared:
        last = name.rsplit(".", 1)[-1]
        findings.append(
            Finding(
                "undeclared",
                f"变量“{name}”未定义：模板上下文里没有它（可用的变量见 docs/templates.md，"
                "或用 nianbao template context 查看）",
                _located(places, last) or "模板",
            )
        )
    return findings, (analyzer.used if body_parsed else None)


# --- the official tables ------------------------------------------------------------


def table_cells() -> dict[str, list[tuple[Path_, str]]]:
    """Each official table's data cells: context path and official location."""
    t2: list[tuple[Path_, str]] = [
        (("t2", key, field), f"{label}/{column}")
        for key, label in (("rules", labels.RULES), ("normative_documents", labels.NORMATIVE_DOCUMENTS))
        for field, column in (("issued", labels.ISSUED), ("repealed", labels.REPEALED), ("in_force", labels.IN_FORCE))
    ]
    t2 += [
        (("t2", "licensing"), labels.LICENSING),
        (("t2", "punishment"), labels.PUNISHMENT),
        (("t2", "coercion"), labels.COERCION),
        (("t2", "fees"), labels.ADMINISTRATIVE_FEES),
    ]
    t3: list[tuple[Path_, str]] = [
        (("t3", row.key, column.key), f"{row.label}/{column.label}")
        for row in labels.APPLICATION_ROWS
        for column in labels.ALL_COLUMNS
    ]
    t4: list[tuple[Path_, str]] = [
        (("t4", group.key, column.key), f"{group.label}/{column.label}")
        for group in labels.CASE_GROUPS
        for column in labels.ALL_OUTCOME_COLUMNS
    ]
    return {"active_disclosure": t2, "applications": t3, "cases": t4}


def check_tables(used: set[Path_]) -> list[Finding]:
    """Every cell of 表二, 表三 and 表四 must be printed somewhere."""
    findings = []
    titles = dict(zip(("active_disclosure", "applications", "cases"), labels.SECTION_TITLES[1:4], strict=True))
    for key, cells in table_cells().items():
        name = f"{labels.TABLE_NAMES[key]}（{titles[key].split('、', 1)[1]}）"
        missing = [where for path, where in cells if not any(path[:n] in used for n in range(1, len(path) + 1))]
        if len(missing) == len(cells):
            findings.append(Finding("missing_table", f"缺少{name}：模板中没有 {cells[0][0][0]} 的任何变量"))
        elif missing:
            shown = "；".join(missing[:5]) + (f" 等 {len(missing)} 格" if len(missing) > 5 else "")
            findings.append(Finding("missing_table", f"{name}缺少单元格：{shown}"))
    return findings


# --- all together ---------------------------------------------------------------------


def check_template(path: str | os.PathLike[str]) -> list[Finding]:
    """Every finding for the template at ``path``: text problems, then code, tables, trial render."""
    source = Path(path)
    if not source.is_file():
        raise TemplateError(f"模板文件不存在：{source}")
    places = document_places(source)
    findings = check_text(places)
    code_findings, used = check_code(source, places)
    findings += code_findings
    if used is not None:
        findings += check_tables(used)
    # A trial render finds what reading cannot (e.g. internals reached through str.format);
    # skipped when a finding above already explains why it would fail.
    if not any(f.kind in ("syntax", "unsafe", "undeclared") for f in findings):
        try:
            render_context(build_context(sample_report()), source)
        except TemplateError as exc:
            findings.append(Finding("render", f"用示例数据试渲染失败：{exc}"))
    return findings
