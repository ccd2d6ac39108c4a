"""Import notes: everything the importer guessed or repaired, said in Chinese."""

from __future__ import annotations

from attrs import frozen


@frozen
class Note:
    """One guess or repair: where in the report (official labels), what was done, where in the source.

    >>> str(Note("表三/一、本年新收政府信息公开申请数量/自然人", "单元格为空，按0计", "第2个表格第4行"))
    '表三/一、本年新收政府信息公开申请数量/自然人：单元格为空，按0计（第2个表格第4行）'
    """

    location: str
    message: str
    source: str = ""

    def __str__(self) -> str:
        text = f"{self.location}：{self.message}" if self.location else self.message
        return f"{text}（{self.source}）" if self.source else text
