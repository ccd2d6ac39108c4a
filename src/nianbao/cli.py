"""The command line: ``nianbao render``, ``nianbao schema`` and friends.

Exit codes: 0 done, 1 the input is at fault (a Chinese message, no traceback),
2 wrong usage.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import NoReturn

from tqdm import tqdm

from nianbao import __version__, batch, datafile
from nianbao.aggregate import aggregate
from nianbao.errors import DataError, DataIssue, NianbaoError
from nianbao.schema import json_schema

EXIT_OK = 0
EXIT_INPUT = 1
EXIT_USAGE = 2

# argparse's own words, in Chinese (it looks them up through gettext at call time).
_ARGPARSE_ZH = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选择：%(value)r（可选：%(choices)s）",
    "expected one argument": "需要一个参数值",
    "expected at least one argument": "至少需要一个参数值",
    "invalid %(type)s value: %(value)r": "无效的 %(type)s 值：%(value)r",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "ambiguous option: %(option)s could match %(matches)s": "选项有歧义：%(option)s 可匹配 %(matches)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "subcommands": "子命令",
}


def _translate(message: str) -> str:
    return _ARGPARSE_ZH.get(message, message)


argparse._ = _translate  # type: ignore[attr-defined]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}：错误：{message}\n")


class UsageError(Exception):
    """Arguments that do not fit together (exit 2)."""


def _say(message: str) -> None:
    print(message, file=sys.stderr)


# --- commands -----------------------------------------------------------------


def _add_render(commands: argparse._SubParsersAction[_Parser]) -> None:
    p = commands.add_parser(
        "render",
        help="把数据文件排版为 Word 文档（.docx），可一次排版多份",
        description=(
            "按官方格式把年度报告数据文件（YAML/JSON）排版为 .docx。可给出多个文件或目录，"
            "多进程并行排版；某份出错不影响其余各份，最后汇总结果。"
        ),
    )
    p.add_argument("data", nargs="+", metavar="数据文件或目录", help="年度报告数据文件（.yaml 或 .json），或其所在目录")
    p.add_argument(
        "-o",
        "--output",
        metavar="输出",
        help="单个输入时可为输出文件（.docx）；否则为输出目录（以 / 结尾或已存在的目录）。"
        "默认与各数据文件同目录，以报告标题命名",
    )
    p.add_argument("-j", "--jobs", type=_positive_int, metavar="N", help="并行进程数（默认为 CPU 核数）")
    p.add_argument("--template", metavar="模板.docx", help="自定义模板（默认使用内置官方格式模板）")
    p.add_argument("--overwrite", action="store_true", help="覆盖已存在的输出文件")
    p.set_defaults(run=_run_render)


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"应为正整数，实为“{text}”") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"应为正整数，实为 {value}")
    return value


def _run_render(args: argparse.Namespace) -> int:
    settings = batch.RenderSettings(template=args.template, overwrite=args.overwrite)
    single = len(args.data) == 1 and not Path(args.data[0]).is_dir()
    output = Path(args.output) if args.output else None
    into_folder = output is not None and (args.output.endswith(("/", os.sep)) or output.is_dir() or not single)
    if output is not None and into_folder and not output.is_dir() and output.suffix.lower() == batch.OUTPUT_SUFFIX:
        raise UsageError(f"有多个输入时，-o 应为输出目录，而不是文件 {output}")
    if output is not None and not into_folder:
        jobs = [batch.RenderJob(Path(args.data[0]), output)]
    else:
        jobs = batch.plan(args.data, output)
    if single:
        (result,) = batch.run(jobs, settings, processes=1)
        if not result.ok:
            raise NianbaoError(result.error)
        _say(f"已生成：{result.output}")
        return EXIT_OK
    return _render_batch(jobs, settings, args.jobs)


def _render_batch(jobs: list[batch.RenderJob], settings: batch.RenderSettings, processes: int | None) -> int:
    for job in jobs:
        if job.numbered:
            _say(f"注意：{job.label} 与前面的报告标题相同，输出为 {job.output.name}")
    failures: list[batch.RenderResult] = []
    total = len(jobs)
    width = len(str(total))
    with _progress(total) as bar:
        for done, result in enumerate(batch.run(jobs, settings, processes), start=1):
            if not result.ok:
                failures.append(result)
            if bar is not None:
                bar.update(1)
                if failures:
                    bar.set_postfix_str(f"失败 {len(failures)} 份")
            elif result.ok:
                _say(f"[{done:>{width}}/{total}] 已生成：{result.output}")
            else:
                _say(f"[{done:>{width}}/{total}] 失败：{result.source}")
    _say(f"完成：共 {total} 份，已生成 {total - len(failures)} 份，失败 {len(failures)} 份。")
    if failures:
        _say("失败的报告：")
        for failure in failures:
            reason = str(failure.error).replace("\n", "\n    ")
            _say(f"  {failure.source}\n    {reason}")
        return EXIT_INPUT
    return EXIT_OK


@contextlib.contextmanager
def _progress(total: int) -> Iterator[tqdm[NoReturn] | None]:
    """A progress bar on a terminal; None elsewhere (the caller prints plain lines)."""
    if not sys.stderr.isatty():
        yield None
        return
    tqdm.monitor_interval = 0  # no monitor thread: worker processes are forked from this one
    with tqdm(total=total, desc="排版", unit="份", file=sys.stderr, dynamic_ncols=True) as bar:
        yield bar


def _add_aggregate(commands: argparse._SubParsersAction[_Parser]) -> None:
    p = commands.add_parser(
        "aggregate",
        help="把多个机关的数据文件汇总为一份（如全市汇总）",
        description=(
            "把多个机关的年度报告数据文件汇总为一份数据文件：表二、表三、表四逐格相加"
            "（表二中“/”不计入，各机关均为“/”时仍为“/”），信息处理费和建议提案件数相加，"
            "金额精确相加；被汇总的机关记入 aggregated_agencies。结果可像其他数据文件一样用 render 排版。"
        ),
    )
    p.add_argument("data", nargs="+", metavar="数据文件或目录", help="各机关的年度报告数据文件，或其所在目录")
    p.add_argument("-o", "--output", required=True, metavar="汇总.yaml", help="汇总结果数据文件（.yaml 或 .json）")
    p.add_argument("--agency", required=True, metavar="机关名称", help="汇总报告的机关名称，如“某市人民政府”")
    p.add_argument("--year", type=_positive_int, metavar="年度", help="报告年度（默认取各输入的年度，须一致）")
    p.add_argument("--overwrite", action="store_true", help="覆盖已存在的输出文件")
    p.set_defaults(run=_run_aggregate)


def _run_aggregate(args: argparse.Namespace) -> int:
    output = Path(args.output)
    if output.suffix.lower() not in datafile.SUFFIXES:
        raise UsageError(f"汇总结果应保存为数据文件（{'、'.join(datafile.SUFFIXES)}），而不是 {output}")
    if not args.agency.strip():
        raise UsageError("--agency 不能为空")
    sources = [s for s in batch.expand(args.data) if isinstance(s, Path)]
    reports = []
    issues: list[DataIssue] = []
    for source in sources:
        try:
            reports.append(datafile.load(source))
        except DataError as exc:
            issues.extend(exc.issues)
    if issues:
        raise DataError(issues)
    total = aggregate(reports, agency=args.agency, year=args.year, names=[str(s) for s in sources])
    fmt = "json" if output.suffix.lower() == ".json" else "yaml"
    batch.write_output(output, datafile.dumps(total, fmt).encode("utf-8"), overwrite=args.overwrite)
    _say(f"已汇总 {len(reports)} 个机关：{output}")
    return EXIT_OK


def _add_schema(commands: argparse._SubParsersAction[_Parser]) -> None:
    p = commands.add_parser(
        "schema",
        help="输出数据文件的 JSON Schema",
        description="输出年度报告数据文件的 JSON Schema（各字段附官方中文名称）。",
    )
    p.set_defaults(run=_run_schema)


def _run_schema(args: argparse.Namespace) -> int:
    print(json.dumps(json_schema(), ensure_ascii=False, indent=2))
    return EXIT_OK


COMMANDS: list[Callable[[argparse._SubParsersAction[_Parser]], None]] = [
    _add_render,
    _add_aggregate,
    _add_schema,
]


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="nianbao",
        description="政府信息公开工作年度报告：数据模型、勾稽校验、标准表述与 Word 排版。",
    )
    parser.add_argument("--version", action="version", version=f"nianbao {__version__}")
    commands = parser.add_subparsers(title="子命令", metavar="命令", parser_class=_Parser)
    commands.required = True
    for add in COMMANDS:
        add(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.run(args)
    except UsageError as exc:
        _say(f"nianbao：错误：{exc}")
        return EXIT_USAGE
    except NianbaoError as exc:
        _say(f"错误：{exc}")
        return EXIT_INPUT
    except KeyboardInterrupt:
        _say("已中断。")
        return 130
    return code
