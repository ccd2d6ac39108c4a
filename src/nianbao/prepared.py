"""A template prepared once and rendered many times, writing what docxtpl writes.

``DocxTemplate(path).render(context)`` re-reads the package, re-runs its regex
preprocessing of document.xml (``patch_xml``) and recompiles the Jinja template for
every report: nearly all of its 170 ms. :class:`PreparedTemplate` does those steps
once, then per report renders only word/document.xml (and the core properties,
which docxtpl renders too), through the same sandboxed autoescaping environment
(:func:`nianbao.render.jinja_environment`) and the same post-processing, and writes
the package around them from the template's other parts, byte for byte. The
document.xml it writes equals docxtpl's own (``tests/test_prepared.py``).

When a template needs more (Jinja tags in headers, footers, footnotes or other
parts besides the core properties, or no core properties part at all), or a context
holds anything but plain values (docxtpl's ``RichText``, ``InlineImage`` and friends
add parts), it renders through docxtpl instead, so the result never depends on the
path taken.

>>> from nianbao.context import build_context
>>> from nianbao.model import Report
>>> prepared = PreparedTemplate.load()
>>> prepared.fast
True
>>> prepared.render(build_context(Report.blank("某局", 2024)))[:2]
b'PK'
"""

from __future__ import annotations

import contextlib
import copy
import io
import os
import re
import zipfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Final

import jinja2
from attrs import frozen
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.exceptions import PackageNotFoundError
from docxtpl import DocxTemplate
from lxml import etree

from nianbao.errors import TemplateError
from nianbao.render import default_template, jinja_environment, render_context
from nianbao.sandbox import describe as describe_refusal

# Jinja's delimiters: a part holding none of them renders to itself.
_JINJA_MARKS: Final = (b"{{", b"{%", b"{#")
# The core properties DocxTemplate.render_properties renders.
_RENDERED_PROPERTIES: Final = ("author", "comments", "identifier", "language", "subject", "title")
# Characters docxtpl's resolve_listing turns into runs, breaks and paragraphs.
_LISTING_CHARS: Final = (b"\t", b"\a", b"\n", b"\f")
# Outermost tables of the patched body, and an expression kept within text.
_TABLE_TAG: Final = re.compile(r"<w:tbl[ >]|</w:tbl>")
_EXPRESSION: Final = re.compile(r"\{\{[^<>]*?\}\}")
# Fastest deflate: half the time of the default level, a few per cent larger.
_COMPRESSION: Final = 1
_PLAIN_SCALARS: Final = frozenset({str, int, float, bool, type(None)})


class PreparedTemplate:
    """A .docx template ready to render one report after another (not thread-safe)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        if not path.is_file():
            raise TemplateError(f"模板文件不存在：{path}")
        with _template_errors(path):
            self._docx = DocxTemplate(str(path))
            self._docx.render_init()
            document = self._docx.docx
            package = document.part.package
            environment = jinja_environment()
            environment.autoescape = True  # what DocxTemplate.render(autoescape=True) sets
            # docxtpl's steps before Jinja (build_xml, render_xml_part), done once.
            source: str = self._docx.patch_xml(self._docx.get_xml())
            lined = source.replace("<w:p ", "\n<w:p ").replace("<w:p>", "\n<w:p>")
            self._template = environment.from_string(lined)
            # No core properties part: python-docx would make one stamped with the time.
            related = {rel.reltype: rel.target_part for rel in package.rels.values() if not rel.is_external}
            properties_part = related.get(RELATIONSHIP_TYPE.CORE_PROPERTIES)
            self._properties = document.core_properties if properties_part is not None else None
            properties = self._properties
            self._property_templates = (
                [(name, environment.from_string(getattr(properties, name))) for name in _RENDERED_PROPERTIES]
                if properties is not None
                else []
            )
            document_name = document.part.partname.membername
            properties_name = properties_part.partname.membername if properties_part is not None else ""
            with zipfile.ZipFile(path) as archive:
                self.fast: bool = properties is not None and _others_are_static(archive, document_name, properties_name)
                self._package = _package_without(archive, document_name, properties_name)
                # The rendered parts, in the order render() appends them.
                self._entries = [_entry_like(archive, properties_name), _entry_like(archive, document_name)]
        self._properties_part = properties_part
        # docxtpl re-parses the rendered body leniently; so must we, to get its bytes.
        self._parser = etree.XMLParser(recover=True)
        self._root = document.element
        self._body = self._root.body
        self._frame = _DocumentFrame.of(self._root, etree.fromstring(self._docx.get_xml(), parser=self._parser))
        self._fix_tables = _tables_may_need_fixing(self._docx, source, self._parser)
        self._renumber_pictures = "docPr" in source

    @classmethod
    def load(cls, template: str | os.PathLike[str] | None = None) -> PreparedTemplate:
        """Prepare ``template`` (default: the shipped one)."""
        return cls(Path(template) if template is not None else default_template())

    def render(self, context: Mapping[str, Any]) -> bytes:
        """The whole .docx for ``context`` (a dict as :func:`~nianbao.context.build_context` makes)."""
        if not (self.fast and _is_plain(context)):
            return render_context(dict(context), self.path)
        document = self.document_xml(context)
        properties = self.properties_xml(context)
        buffer = io.BytesIO(self._package)
        with zipfile.ZipFile(buffer, "a") as package:
            for entry, content in zip(self._entries, (properties, document), strict=True):
                info = zipfile.ZipInfo(entry.filename, entry.date_time)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = entry.external_attr
                package.writestr(info, content, compresslevel=_COMPRESSION)
        return buffer.getvalue()

    def document_xml(self, context: Mapping[str, Any]) -> bytes:
        """word/document.xml for ``context``, as docxtpl's ``render`` then ``save`` write it."""
        with _template_errors(self.path):
            xml = self._template.render(context)
        # The rest of DocxTemplate.render_xml_part, then render's fix_tables and
        # fix_docpr_ids, skipping only the steps that cannot change anything here.
        # On UTF-8 bytes, where these ASCII replacements are the same and faster.
        data = xml.encode("utf-8").replace(b"\n<w:p ", b"<w:p ").replace(b"\n<w:p>", b"<w:p>")
        if b"_" in data:
            data = data.replace(b"{_{", b"{{").replace(b"}_}", b"}}").replace(b"{_%", b"{%").replace(b"%_}", b"%}")
        if any(char in data for char in _LISTING_CHARS):
            data = self._docx.resolve_listing(data.decode("utf-8")).encode("utf-8")
        if self._fix_tables:
            body = self._docx.fix_tables(data.decode("utf-8"))
        else:
            body = etree.fromstring(data, parser=self._parser)
        if self._renumber_pictures:
            self._docx.docx_ids_index = 1000
            self._docx.fix_docpr_ids(body)
        framed = self._frame.around(etree.tostring(body, encoding="UTF-8", xml_declaration=False))
        if framed is not None:
            return framed
        # docxtpl's map_tree and python-docx's serialization, the long way.
        self._root.replace(self._body, body)
        self._body = body
        whole: bytes = etree.tostring(self._root, encoding="UTF-8", standalone=True)
        return whole

    def properties_xml(self, context: Mapping[str, Any]) -> bytes:
        """docProps/core.xml for ``context``, as docxtpl's ``render_properties`` leaves it."""
        if self._properties is None or self._properties_part is None:
            raise TemplateError(f"模板 {self.path} 没有文档属性部件")
        for name, template in self._property_templates:
            with _template_errors(self.path):
                value = template.render(context)
            try:
                setattr(self._properties, name, value)
            except ValueError:
                raise TemplateError(f"文档属性 {name} 渲染后超过 255 个字符，无法写入：{value[:40]}…") from None
        blob: bytes = self._properties_part.blob
        return blob


@frozen
class _DocumentFrame:
    """document.xml around its body, to serialize a rendered body in place cheaply.

    docxtpl puts the rendered body into the document element (``map_tree``) and
    python-docx serializes the whole; moving a large tree between lxml documents
    costs more than rendering it. The bytes are the same as serializing the body
    alone, but for its start tag, where lxml drops the namespace declarations the
    document element already makes: measured here once on the template's own body.
    """

    head: bytes
    alone: bytes
    placed: bytes
    tail: bytes

    @classmethod
    def of(cls, root: Any, body: Any) -> _DocumentFrame:
        alone = etree.tostring(body, encoding="UTF-8", xml_declaration=False)
        document = copy.deepcopy(root)
        document.replace(document.body, body)
        whole = etree.tostring(document, encoding="UTF-8", standalone=True)
        start = whole.index(b"<w:body")
        end = whole.index(b">", start) + 1
        return cls(
            head=whole[:start],
            alone=alone[: alone.index(b">") + 1],
            placed=whole[start:end],
            tail=whole[whole.rindex(b"</w:body>") + len(b"</w:body>") :],
        )

    def around(self, body: bytes) -> bytes | None:
        """The document with ``body`` (serialized alone); None if its start tag is not the template's."""
        if not body.startswith(self.alone):
            return None
        return b"".join((self.head, self.placed, memoryview(body)[len(self.alone) :], self.tail))


@contextlib.contextmanager
def _template_errors(path: Path) -> Iterator[None]:
    """docxtpl's and Jinja's exceptions as :class:`TemplateError`, in Chinese."""
    try:
        yield
    except FileNotFoundError:
        raise TemplateError(f"模板文件不存在：{path}") from None
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError):
        raise TemplateError(f"模板 {path} 不是有效的 Word 文档（.docx）") from None
    except jinja2.exceptions.SecurityError as exc:
        raise TemplateError(f"模板 {path} {describe_refusal(exc)}（模板可用的变量见 docs/templates.md）") from None
    except jinja2.TemplateError as exc:
        raise TemplateError(f"模板 {path} 渲染失败：{exc}") from None


def _others_are_static(archive: zipfile.ZipFile, *rendered: str) -> bool:
    """Whether every XML part but the ``rendered`` ones is free of Jinja tags."""
    for info in archive.infolist():
        if info.filename in rendered or not info.filename.endswith((".xml", ".rels")):
            continue
        content = archive.read(info)
        if any(mark in content for mark in _JINJA_MARKS):
            return False
    return True


def _package_without(archive: zipfile.ZipFile, *names: str) -> bytes:
    """The package with every part but ``names``, each entry as it was."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as rest:
        for info in archive.infolist():
            if info.filename not in names:
                rest.writestr(info, archive.read(info))
    return buffer.getvalue()


def _entry_like(archive: zipfile.ZipFile, name: str) -> zipfile.ZipInfo:
    try:
        return archive.getinfo(name)
    except KeyError:
        return zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))


def _tables_may_need_fixing(docx: Any, source: str, parser: etree.XMLParser) -> bool:
    """Whether docxtpl's ``fix_tables`` could change a rendered body.

    It only looks at the shape of tables (rows, cells, spans, grid columns). When a
    table holds no Jinja statement and expressions only as text, every rendering of
    it has the template's shape (values are escaped text), so ``fix_tables`` does to
    each rendering what it does to the template: decided here, once.
    """
    body_start = source[: source.index(">") + 1]
    depth = 0
    start = 0
    for tag in _TABLE_TAG.finditer(source):
        if tag.group().startswith("</"):
            depth -= 1
            if depth == 0 and not _table_is_static(docx, body_start, source[start : tag.end()], parser):
                return True
        else:
            if depth == 0:
                start = tag.start()
            depth += 1
    return depth != 0


def _table_is_static(docx: Any, body_start: str, table: str, parser: etree.XMLParser) -> bool:
    if "{%" in table or "{#" in table:
        return False
    expressions = list(_EXPRESSION.finditer(table))
    if table.count("{{") != len(expressions):
        return False
    for expression in expressions:
        if table.rfind("<", 0, expression.start()) > table.rfind(">", 0, expression.start()):
            return False  # inside a tag: an attribute such as a span
    xml = body_start + table + "</w:body>"
    fixed = etree.tostring(docx.fix_tables(xml))
    return bool(fixed == etree.tostring(etree.fromstring(xml, parser=parser)))


def _is_plain(value: Any) -> bool:
    """Whether a context holds only strings, numbers, lists and dicts (no docxtpl objects)."""
    if type(value) in _PLAIN_SCALARS:  # exactly: Markup, a str subclass, is raw XML
        return True
    if isinstance(value, dict):
        return all(isinstance(k, str) and _is_plain(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return all(_is_plain(v) for v in value)
    return False
