"""The Jinja sandbox every template (Word or web page) runs in.

An agency's own template is code from outside: it may print the context, never reach
Python (``{{ ''.__class__.__mro__ }}``), change data, or print data unescaped (which in
a .docx would let a figure or a paragraph inject WordprocessingML). So templates run in
an immutable sandbox with autoescape on, and a template that tries to switch escaping
off (``{% autoescape false %}``, ``|safe``) is refused when it is parsed.

>>> env = ReportEnvironment(autoescape=True)
>>> env.from_string("{{ x }}").render(x="<b>&")
'&lt;b&gt;&amp;'
>>> env.from_string("{{ x|safe }}")
Traceback (most recent call last):
...
nianbao.sandbox.UnescapedOutput: 使用了 safe 过滤器，会让数据绕过转义原样写入文档，出于安全考虑不允许使用
"""

from __future__ import annotations

import re
from typing import Final

from jinja2 import nodes
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

UNESCAPING_FILTERS: Final = frozenset({"safe"})


class UnescapedOutput(SecurityError):
    """A template that would print data without escaping it (Chinese message)."""


class ReportEnvironment(ImmutableSandboxedEnvironment):
    """An immutable sandbox that also refuses templates turning autoescape off."""

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = super()._parse(source, name, filename)
        refuse_unescaped(tree)
        return tree


def refuse_unescaped(tree: nodes.Template) -> None:
    """Raise :class:`UnescapedOutput` if ``tree`` switches escaping off anywhere."""
    for node in tree.find_all((nodes.Filter, nodes.EvalContextModifier, nodes.MarkSafe)):
        if isinstance(node, nodes.Filter) and node.name in UNESCAPING_FILTERS:
            raise UnescapedOutput(f"使用了 {node.name} 过滤器，会让数据绕过转义原样写入文档，出于安全考虑不允许使用")
        if isinstance(node, nodes.EvalContextModifier):
            for option in node.options:
                if option.key == "autoescape" and not (isinstance(option.value, nodes.Const) and option.value.value):
                    raise UnescapedOutput("用 {% autoescape %} 关闭了自动转义，出于安全考虑不允许关闭")
        if isinstance(node, nodes.MarkSafe):
            raise UnescapedOutput("把内容标记为免转义，出于安全考虑不允许")


_UNSAFE_ATTRIBUTE = re.compile(r"access to attribute '([^']*)' of '([^']*)' object is unsafe")


def describe(error: SecurityError) -> str:
    """A Chinese explanation of why the sandbox refused a template.

    >>> describe(SecurityError("access to attribute '__class__' of 'str' object is unsafe."))
    '试图访问 Python 内部属性“__class__”（str 对象），出于安全考虑已拒绝'
    """
    if isinstance(error, UnescapedOutput):
        return str(error)
    said = str(error)
    found = _UNSAFE_ATTRIBUTE.search(said)
    if found:
        attribute, owner = found.groups()
        if attribute.startswith("_"):
            return f"试图访问 Python 内部属性“{attribute}”（{owner} 对象），出于安全考虑已拒绝"
        return f"试图调用会修改数据的“{attribute}”（{owner} 对象），模板只能读取数据，已拒绝"
    return f"试图执行沙箱不允许的操作，已拒绝（{said}）"
