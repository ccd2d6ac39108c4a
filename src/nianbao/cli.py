"""The command line: ``nianbao render``, ``nianbao schema`` and friends.

Exit codes: 0 done, 1 the input is at fault (a Chinese message, no traceback),
2 wrong usage.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn, cast

from nianbao import __version__, inputs, roster, summary, workbook
from nianbao.errors import DataError, DataIssue, NianbaoError, OutputError
from nianbao.model import Report
from nianbao.render import default_output, render
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


def _say(message: str) -> None:
    print(message, file=sys.stderr)


# --- commands -----------------------------------------------------------------


def _add_render(commands: argparse._SubParsersAction[_Parser]) -> None:
    p = commands.add_parser(
        "render",
        help="把数据文件、填报表或汇总表排版为 Word 文档（.docx）",
        description="按官方格式把年度报告数据文件（YAML/JSON）或填报表（.xlsx）排版为 .docx；"
        "汇总表（.xlsx）中每个机关各排版一份，保存在 -o 指定的目录中。",
    )
    p.add_argument("data", metavar="输入文件", help="年度报告数据文件（.yaml 或 .json）、填报表或汇总表（.xlsx）")
    p.add_argument(
        "-o",
        "--output",
        metavar="输出",
        help="输出文件；默认与输入文件同目录，以报告标题命名。汇总表时为输出目录，默认为汇总表旁以其文件名命名的目录",
    )
    p.add_argument("--template", metavar="模板.docx", help="自定义模板（默认使用内置官方格式模板）")
    p.add_argument("--overwrite", action="store_true", help="覆盖已存在的输出文件")
    p.set_defaults(run=_run_render)


def _run_render(args: argparse.Namespace) -> int:
    entries = inputs.read_inputs(args.data)
    if inputs.is_batch(entries):
        return _render_roster(args, entries)
    report = _only_report(entries)
    out = Path(args.output) if args.output else default_output(report, args.data)
    written = render(report, out, template=args.template, overwrite=args.overwrite)
    _say(f"已生成：{written}")
    return EXIT_OK


def _only_report(entries: list[inputs.Loaded]) -> Report:
    entry = entries[0]
    if entry.report is None or entry.issues:
        raise DataError(entry.issues)
    return entry.report


def _render_roster(args: argparse.Namespace, entries: list[inputs.Loaded]) -> int:
    """Every readable agency of a roster to OUTDIR/<title>.docx; then the ones that failed."""
    if not entries:
        raise DataError([DataIssue(str(args.data), "汇总表中没有任何机关的数据")])
    source = Path(args.data)
    outdir = Path(args.output) if args.output else source.resolve().parent / source.stem
    if outdir.suffix.lower() == ".docx":
        raise OutputError(f"汇总表包含多个机关，-o 应为输出目录而不是 .docx 文件：{outdir}")
    written: list[Path] = []
    failed: list[tuple[inputs.Loaded, str]] = []
    for entry in entries:
        if entry.report is None or entry.issues:
            failed.append((entry, "\n".join(f"    {issue.location}：{issue.message}" for issue in entry.issues)))
            continue
        try:
            written.append(render(entry.report, outdir / f"{entry.report.title}.docx", args.template, args.overwrite))
        except OutputError as exc:
            failed.append((entry, f"    {exc}"))
    _say(f"已生成 {len(written)} 份报告，保存在：{outdir}")
    if failed:
        _say(f"以下 {len(failed)} 个机关未生成：")
        for entry, reason in failed:
            _say(f"  {entry.name}（{entry.source}）：\n{reason}")
        return EXIT_INPUT
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


# --- Excel workbooks, rosters and the problem summary (issue 8) ---------------------


def _add_check(commands: argparse._SubParsersAction[_Parser]) -> None:
    p = commands.add_parser(
        "check",
        help="检查数据文件、填报表或汇总表，汇总各机关的问题",
        description="检查年度报告数据：读取有误的单元格以及勾稽关系等问题，按机关汇总列出；"
        "可另存为问题清单（.xlsx 或 .csv），发回各部门修改。",
    )
    p.add_argument(
        "inputs", metavar="输入", nargs="+", help="数据文件（.yaml/.json）、填报表或汇总表（.xlsx），或包含它们的目录"
    )
    p.add_argument("--report", metavar="问题清单.xlsx", help="把问题清单另存为 .xlsx 或 .csv 文件")
    p.set_defaults(run=_run_check)


def _checker() -> summary.Checker | None:
    """The report checks of nianbao.checks (issue 3), once that module is installed."""
    try:
        module = importlib.import_module("nianbao.checks")
    except ModuleNotFoundError:
        return None
    return cast(summary.Checker, module.check)


def _run_check(args: argparse.Namespace) -> int:
    entries = [entry for path in _expand(args.inputs) for entry in inputs.read_inputs(path)]
    result = summary.summarize(entries, _checker())
    print(result.text())
    if args.report:
        _say(f"问题清单已保存：{summary.write_report(result, args.report)}")
    return EXIT_INPUT if result.has_errors else EXIT_OK


def _add_workbook(commands: argparse._SubParsersAction[_Parser]) -> None:
    p = commands.add_parser(
        "workbook",
        help="生成单个机关的 Excel 填报表（.xlsx）",
        description="生成与官方表格同样布局的 Excel 填报表：表二、表三、表四、基本信息和文字。"
        "填好后可直接用 nianbao render / nianbao check 处理。",
    )
    p.add_argument("-o", "--output", metavar="填报表.xlsx", required=True, help="输出的 .xlsx 文件")
    p.add_argument("--from", dest="source", metavar="数据文件", help="用已有的数据文件或填报表填入内容（默认生成空表）")
    p.add_argument("--overwrite", action="store_true", help="覆盖已存在的输出文件")
    p.set_defaults(run=_run_workbook)


def _run_workbook(args: argparse.Namespace) -> int:
    report = None
    if args.source:
        entries = inputs.read_inputs(args.source)
        if inputs.is_batch(entries):
            raise DataError([DataIssue(args.source, "填报表只对应一个机关；汇总表请用 nianbao roster")])
        report = _only_report(entries)
    written = workbook.write_workbook(args.output, report, overwrite=args.overwrite)
    _say(f"已生成：{written}")
    return EXIT_OK


def _add_roster(commands: argparse._SubParsersAction[_Parser]) -> None:
    p = commands.add_parser(
        "roster",
        help="生成汇总表（.xlsx，每个机关一行）",
        description="生成汇总表：每行一个机关，列为机关名称、报告年度和表二、表三、表四的每个单元格。"
        "不带 --from 时生成空表；带 --from 时把数据文件、填报表或汇总表汇总到一张表中。",
    )
    p.add_argument("-o", "--output", metavar="汇总表.xlsx", required=True, help="输出的 .xlsx 文件")
    p.add_argument(
        "--from",
        dest="sources",
        metavar="输入",
        nargs="+",
        action="extend",
        default=[],
        help="数据文件、填报表、汇总表或包含它们的目录（可多个）",
    )
    p.add_argument("--rows", type=int, metavar="行数", help="预留的空白行数（默认：空表 100 行，汇总时 0 行）")
    p.add_argument("--overwrite", action="store_true", help="覆盖已存在的输出文件")
    p.set_defaults(run=_run_roster)


def _expand(sources: list[str]) -> list[Path]:
    paths: list[Path] = []
    for source in sources:
        path = Path(source)
        if path.is_dir():
            paths.extend(sorted(p for p in path.iterdir() if p.suffix.lower() in inputs.SUFFIXES))
        else:
            paths.append(path)
    return paths


def _run_roster(args: argparse.Namespace) -> int:
    reports: list[Report] = []
    issues: list[DataIssue] = []
    seen: dict[tuple[str, int], str] = {}
    for path in _expand(args.sources):
        for entry in inputs.read_inputs(path):
            issues.extend(entry.issues)
            if entry.report is None or entry.issues:
                continue
            key = (entry.report.agency, entry.report.year)
            if key in seen:
                message = f"{entry.report.agency}{entry.report.year}年的数据与 {seen[key]} 重复"
                issues.append(DataIssue(entry.source, message))
                continue
            seen[key] = entry.source
            reports.append(entry.report)
    if issues:
        raise DataError(issues)
    if args.sources and not reports:
        raise DataError([DataIssue("、".join(args.sources), "没有找到任何机关的数据")])
    written = roster.write_roster(args.output, reports, overwrite=args.overwrite, blank_rows=args.rows)
    _say(f"已生成：{written}（{len(reports)} 个机关）" if reports else f"已生成空汇总表：{written}")
    return EXIT_OK


COMMANDS: list[Callable[[argparse._SubParsersAction[_Parser]], None]] = [
    _add_render,
    _add_schema,
    _add_workbook,
    _add_roster,
    _add_check,
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
    except NianbaoError as exc:
        _say(f"错误：{exc}")
        return EXIT_INPUT
    except KeyboardInterrupt:
        _say("已中断。")
        return 130
    return code
