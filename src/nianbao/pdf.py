"""PDF: a rendered .docx converted by LibreOffice, run headless.

Each conversion runs its own ``soffice`` with its own throw-away profile
(``-env:UserInstallation``), so conversions may run in parallel, and with a
fontconfig file that maps the official font names (仿宋_GB2312, 黑体, 楷体_GB2312,
方正小标宋简体, 宋体) to CJK fonts that are installed. The mapping only *adds*
substitutes: a machine that has the licensed fonts still uses them. LibreOffice
embeds every font it uses in the PDF.

>>> [font.official for font in FONT_MAP]
['仿宋_GB2312', '黑体', '楷体_GB2312', '方正小标宋简体', '宋体']
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Final
from xml.sax.saxutils import escape

from attrs import frozen

from nianbao.datafile import refuse_existing, write_atomic
from nianbao.errors import ConversionError, OutputError

SOFFICE_VARIABLE: Final = "NIANBAO_SOFFICE"
"""Environment variable naming the soffice program, where it is not on PATH."""

DEFAULT_TIMEOUT: Final = 180.0
"""Seconds one conversion may take (a report takes a few seconds)."""

INSTALL_HINT: Final = (
    "请先安装 LibreOffice 及中文字体（Debian/Ubuntu："
    "sudo apt-get install libreoffice-writer-nogui fonts-noto-cjk fonts-arphic-ukai），"
    f"或用环境变量 {SOFFICE_VARIABLE} 指明 soffice 程序的位置"
)


@frozen
class FontSubstitute:
    """An official font name, the other names it goes by, and what stands in for it.

    ``substitutes`` are tried in order after the official font itself; ``bold`` asks
    for the bold face (方正小标宋 is a heavy 宋体, so a regular 宋体 looks too thin).
    """

    official: str
    aliases: tuple[str, ...]
    substitutes: tuple[str, ...]
    bold: bool = False


SERIF: Final = ("Noto Serif CJK SC", "Source Han Serif SC", "AR PL UMing CN")
SANS: Final = ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei")
KAI: Final = ("AR PL UKai CN", "LXGW WenKai", "AR PL KaitiM GB")

FONT_MAP: Final = (
    # No free 仿宋 covers simplified Chinese; a 宋体 (serif) is the closest in weight and form.
    FontSubstitute("仿宋_GB2312", ("仿宋", "FangSong", "FangSong_GB2312", "STFangsong"), SERIF),
    FontSubstitute("黑体", ("SimHei", "STHeiti"), SANS),
    FontSubstitute("楷体_GB2312", ("楷体", "KaiTi", "KaiTi_GB2312", "STKaiti"), KAI),
    FontSubstitute("方正小标宋简体", ("方正小标宋_GBK", "FZXiaoBiaoSong-B05S", "小标宋"), SERIF, bold=True),
    FontSubstitute("宋体", ("SimSun", "新宋体", "NSimSun", "STSong"), SERIF),
)


def fontconfig_xml(font_map: tuple[FontSubstitute, ...] = FONT_MAP, base: str | None = None) -> str:
    """A fontconfig file: the machine's own configuration plus the official font names.

    ``base`` is the configuration to start from (default: the one fontconfig would
    read anyway). Substitutes are *accepted* after the requested name, so an installed
    official font still wins.

    >>> "<string>仿宋_GB2312</string>" in fontconfig_xml()
    True
    """
    base_file = base if base is not None else os.environ.get("FONTCONFIG_FILE", "fonts.conf")
    lines = [
        '<?xml version="1.0"?>',
        '<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">',
        "<fontconfig>",
        # A relative name is looked up in fontconfig's own configuration folder.
        f'  <include ignore_missing="yes">{escape(base_file)}</include>',
    ]
    for font in font_map:
        for name in (font.official, *font.aliases):
            lines.append("  <match target='pattern'>")
            lines.append(f"    <test name='family' compare='eq'><string>{escape(name)}</string></test>")
            lines.append(f"    <edit name='family' mode='append' binding='same'>{_strings(font.substitutes)}</edit>")
            if font.bold:
                lines.append("    <edit name='weight' mode='assign' binding='strong'><const>bold</const></edit>")
            lines.append("  </match>")
    lines.append("</fontconfig>")
    return "\n".join(lines) + "\n"


def _strings(names: tuple[str, ...]) -> str:
    return "".join(f"<string>{escape(name)}</string>" for name in names)


def _candidates() -> list[Path]:
    """Where LibreOffice usually lives when ``soffice`` is not on PATH."""
    places = [Path("/usr/lib/libreoffice/program/soffice"), Path("/usr/local/bin/soffice")]
    places += sorted(Path("/opt").glob("libreoffice*/program/soffice"), reverse=True)
    if sys.platform == "darwin":
        places.append(Path("/Applications/LibreOffice.app/Contents/MacOS/soffice"))
    if sys.platform == "win32":
        for root in (os.environ.get("PROGRAMFILES"), os.environ.get("PROGRAMFILES(X86)")):
            if root:
                places.append(Path(root) / "LibreOffice" / "program" / "soffice.exe")
    return places


def find_soffice(environ: Mapping[str, str] | None = None) -> Path:
    """The LibreOffice program to run; a :class:`ConversionError` in Chinese if there is none."""
    env = os.environ if environ is None else environ
    named = env.get(SOFFICE_VARIABLE)
    if named:
        path = Path(named)
        if path.is_file() and os.access(path, os.X_OK):
            return path
        raise ConversionError(f"环境变量 {SOFFICE_VARIABLE} 指向的 {named} 不存在或不可执行，无法生成 PDF")
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name, path=env.get("PATH"))
        if found:
            return Path(found)
    for place in _candidates():
        if place.is_file() and os.access(place, os.X_OK):
            return place
    raise ConversionError(f"未找到 LibreOffice（soffice），无法生成 PDF。{INSTALL_HINT}")


def convert_bytes(docx: bytes, soffice: Path | None = None, timeout: float = DEFAULT_TIMEOUT) -> bytes:
    """Convert .docx bytes to PDF bytes."""
    program = soffice if soffice is not None else find_soffice()
    with tempfile.TemporaryDirectory(prefix="nianbao-pdf-") as scratch:
        work = Path(scratch)
        source = work / "report.docx"
        source.write_bytes(docx)
        fonts = work / "fonts.conf"
        fonts.write_text(fontconfig_xml(), encoding="utf-8")
        out_dir = work / "out"
        command = [
            str(program),
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nologo",
            "--nodefault",
            "--nolockcheck",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(out_dir),
            str(source),
        ]
        env = {**os.environ, "FONTCONFIG_FILE": str(fonts), "HOME": str(work)}
        done = _run(command, env, timeout)
        produced = out_dir / "report.pdf"
        if not produced.is_file():
            said = (done.stderr + done.stdout).strip().splitlines()
            detail = f"：{said[-1]}" if said else ""
            raise ConversionError(f"LibreOffice 未能把文档转换为 PDF（退出码 {done.returncode}）{detail}")
        return produced.read_bytes()


def _run(command: list[str], env: dict[str, str], timeout: float) -> subprocess.CompletedProcess[str]:
    """Run soffice in its own process group, so a hung conversion is ended whole."""
    try:
        process = subprocess.Popen(
            command,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
    except OSError as exc:
        raise ConversionError(f"无法启动 LibreOffice（{command[0]}）：{exc.strerror}。{INSTALL_HINT}") from None
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        process.communicate()
        raise ConversionError(f"LibreOffice 转换 PDF 超时（超过 {timeout:g} 秒），已终止") from None
    except BaseException:
        _kill_group(process)
        raise
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def _kill_group(process: subprocess.Popen[str]) -> None:
    try:
        if hasattr(os, "killpg"):
            os.killpg(process.pid, signal.SIGKILL)
        else:  # pragma: no cover - Windows
            process.kill()
    except ProcessLookupError:
        pass


def convert(
    docx: str | os.PathLike[str],
    out: str | os.PathLike[str],
    soffice: Path | None = None,
    overwrite: bool = True,
    timeout: float = DEFAULT_TIMEOUT,
) -> Path:
    """Convert the .docx file ``docx`` to the PDF ``out``, written atomically."""
    source, target = Path(docx), Path(out)
    refuse_existing(target, overwrite)
    try:
        content = source.read_bytes()
    except OSError as exc:
        raise OutputError(f"无法读取 {source}：{exc.strerror}") from None
    pdf = convert_bytes(content, soffice, timeout)
    try:
        write_atomic(target, pdf)
    except OSError as exc:
        raise OutputError(f"无法写入 {target}：{exc.strerror}") from None
    return target
