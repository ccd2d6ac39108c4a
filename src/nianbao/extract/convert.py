"""Older word-processor files (.doc, .wps, .odt, .rtf) converted to .docx by LibreOffice."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Final

from nianbao.errors import ExtractError

CONVERTIBLE: Final = frozenset({".doc", ".wps", ".odt", ".rtf", ".dot", ".wpt"})
TIMEOUT_SECONDS: Final = 180


def libreoffice() -> str | None:
    """The LibreOffice executable, if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_docx(path: Path) -> bytes:
    """The file converted to .docx by LibreOffice (headless, with a profile of its own)."""
    program = libreoffice()
    if program is None:
        raise ExtractError(
            f"{path}：读取 {path.suffix} 文件需要 LibreOffice，未找到 soffice；请安装 LibreOffice，或先另存为 .docx"
        )
    with tempfile.TemporaryDirectory(prefix="nianbao-convert-") as tmp:
        profile = (Path(tmp) / "profile").as_uri()
        command = [
            program,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "docx",
            "--outdir",
            tmp,
            str(path.resolve()),
        ]
        try:
            subprocess.run(command, capture_output=True, timeout=TIMEOUT_SECONDS, check=False)
        except subprocess.TimeoutExpired:
            raise ExtractError(f"{path}：LibreOffice 转换超时（{TIMEOUT_SECONDS}秒）") from None
        out = Path(tmp) / f"{path.stem}.docx"
        if not out.is_file():
            raise ExtractError(f"{path}：LibreOffice 未能把文件转换为 .docx，文件可能已损坏")
        return out.read_bytes()
