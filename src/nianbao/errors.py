"""Errors a user can meet, each with a Chinese message that names where the fault is."""

from __future__ import annotations

from attrs import frozen


@frozen
class DataIssue:
    """One fault in an input file.

    ``path`` is where it sits in the data (keys and list positions), ``location`` the
    same place in official labels (e.g. ``表三/（七）总计/自然人``), ``line`` the line of
    the file where known.
    """

    file: str
    message: str
    line: int | None = None
    path: tuple[str | int, ...] = ()
    location: str = ""

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f" 第{self.line}行"
        if self.location:
            return f"{where}：{self.location}：{self.message}"
        return f"{where}：{self.message}"


class NianbaoError(Exception):
    """Base of the errors nianbao reports to users (in Chinese, never as a traceback)."""


class DataError(NianbaoError):
    """An input file that cannot be read into a report; carries every issue found."""

    def __init__(self, issues: list[DataIssue] | tuple[DataIssue, ...]) -> None:
        self.issues = tuple(issues)
        super().__init__(str(self))

    def __str__(self) -> str:
        head = f"输入数据有 {len(self.issues)} 处错误：" if len(self.issues) > 1 else "输入数据有误："
        return "\n".join([head, *(f"  {issue}" for issue in self.issues)])


class TemplateError(NianbaoError):
    """A template that cannot be used or failed while rendering."""


class OutputError(NianbaoError):
    """An output that cannot be written (exists, not writable, …)."""

    @classmethod
    def exists(cls, target: object) -> OutputError:
        """The refusal to overwrite an existing output without --overwrite."""
        return cls(f"输出文件已存在：{target}（如需覆盖请使用 --overwrite）")


class ExtractError(NianbaoError):
    """A report file (.docx, .html, .txt) that cannot be read at all."""


class ConversionError(OutputError):
    """A publication format (PDF) that could not be made: no LibreOffice, a failed conversion."""
