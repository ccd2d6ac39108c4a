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

from nianbao import __version__, batch, datafile, publish, sentences
from nianbao.aggregate import aggregate
from nianbao.context import build_context
from nianbao.errors import DataError, DataIssue, NianbaoError, OutputError
from nianbao.schema import json_schema
from nianbao.template_check import check_template, sample_report

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
    publish.add_arguments(p)
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
    extras = publish.Extras.from_args(args)
    settings = batch.RenderSettings(template=args.template, overwrite=args.overwrite, extras=extras)
    single = len(args.data) == 1 and not Path(args.data[0]).is_dir()
    output = Path(args.output) if args.output else None
    into_folder = output is not None and (args.output.endswith(("/", os.sep)) or output.is_dir() or not single)
    if output is not None and into_folder and not output.is_dir() and output.suffix.lower() == batch.OUTPUT_SUFFIX:
        raise UsageError(f"有多个输入时，-o 应为输出目录，而不是文件 {output}")
    jobs: Sequence[batch.RenderJob]
    if output is not None and not into_folder:
        jobs = [batch.RenderJob(Path(args.data[0]), output)]
    else:
        jobs = batch.plan(args.data, output)
    if single:
        (result,) = batch.run(jobs, settings, processes=1)
        if not result.ok:
            raise NianbaoError(result.error)
        for written in result.outputs:
            _say(f"已生成：{written}")
        return EXIT_OK
    return _render_batch(jobs, settings, args.jobs)


def _render_batch(jobs: Sequence[batch.RenderJob], settings: batch.RenderSettings, processes: int | None) -> int:
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
    sources = [Path(s) for s in batch.expand(args.data) if isinstance(s, str)]
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


def _add_template(commands: argparse._SubParsersAction[_Parser]) -> None:
    p = commands.add_parser(
        "template",
        help="自定义模板：检查模板、查看模板可用的变量",
        description="自定义 Word 模板的工具（模板的写法见 docs/templates.md）。",
    )
    actions = p.add_subparsers(title="子命令", metavar="操作", parser_class=_Parser)
    actions.required = True
    check = actions.add_parser(
        "check",
        help="检查模板：未定义的变量、全角括号、被拆开的标签、缺少的表格",
        description="检查自定义模板；发现错误时退出码为 1，只有警告时为 0。",
    )
    check.add_argument("template", metavar="模板.docx", help="要检查的模板")
    check.set_defaults(run=_run_template_check)
    show = actions.add_parser(
        "context",
        help="以 JSON 输出模板可用的全部变量及其取值",
        description="输出数据文件（未给出时用示例数据）对应的模板上下文，即模板中可用的全部变量。",
    )
    show.add_argument("data", metavar="数据文件", nargs="?", help="年度报告数据文件（.yaml 或 .json）")
    show.set_defaults(run=_run_template_context)


def _run_template_check(args: argparse.Namespace) -> int:
    findings = check_template(args.template)
    for finding in findings:
        print(finding)
    errors = sum(finding.severity == "错误" for finding in findings)
    warnings = len(findings) - errors
    if not findings:
        _say(f"模板 {args.template} 检查通过，未发现问题。")
    else:
        _say(f"模板 {args.template}：{errors} 个错误，{warnings} 个警告。")
    return EXIT_INPUT if errors else EXIT_OK


def _run_template_context(args: argparse.Namespace) -> int:
    report = datafile.load(args.data) if args.data else sample_report()
    print(json.dumps(build_context(report), ensure_ascii=False, indent=2))
    return EXIT_OK


def _add_draft(commands: argparse._SubParsersAction[_Parser]) -> None:
    p = commands.add_parser(
        "draft",
        help="按表格数字写好空着的标准表述，另存为数据文件草稿",
        description=(
            "读取数据文件，把空着的标准表述（开头段落，以及主题为 applications、processing_fees、"
            "proposals、active_disclosure、cases 的小节）按表格数字写好，另存为数据文件供修改；"
            "已填写的文字一概不动。"
        ),
    )
    p.add_argument("data", metavar="数据文件", help="年度报告数据文件（.yaml 或 .json）")
    p.add_argument(
        "-o", "--output", metavar="草稿.yaml", help="输出的数据文件（.yaml 或 .json）；默认为“原文件名-草稿”"
    )
    p.add_argument("--overwrite", action="store_true", help="覆盖已存在的输出文件")
    p.add_argument(
        "--year-form",
        choices=[form.value for form in sentences.YearForm],
        default=sentences.YearForm.PERIOD.value,
        help="年份写法：年度（2023年度，默认）、年（2023年）、本年度",
    )
    p.add_argument("--subject", default="", metavar="主体", help="句首主体，如“我局”“区政府办公室”；默认不写")
    p.add_argument("--grouping", action="store_true", help="大数加千位分隔符（3,985,758）；默认不加")
    p.add_argument("--shares", action="store_true", help="办理结果注明占总计的百分比（如“占51.85%%”）")
    p.set_defaults(run=_run_draft)


def _run_draft(args: argparse.Namespace) -> int:
    report = datafile.load(args.data)
    source = Path(args.data)
    out = Path(args.output) if args.output else source.with_name(f"{source.stem}-草稿{source.suffix}")
    if out.suffix.lower() not in datafile.SUFFIXES:
        raise OutputError(f"输出文件应为 .yaml 或 .json：{out}")
    if out.exists() and not args.overwrite:
        raise OutputError(f"输出文件已存在：{out}（如需覆盖请使用 --overwrite）")
    options = sentences.SentenceOptions(
        year_form=sentences.YearForm(args.year_form),
        subject=args.subject,
        grouping=args.grouping,
        shares=args.shares,
    )
    drafted, filled = sentences.fill(report, options)
    try:
        datafile.save(drafted, out)
    except OSError as exc:
        raise OutputError(f"无法写入 {out}：{exc.strerror}") from None
    _say(f"已生成草稿：{out}")
    if filled:
        _say("已写入标准表述：" + "；".join(filled))
    else:
        _say("没有空着的标准表述，草稿内容与数据文件相同。")
    for topic in sentences.absent_topics(report):
        _say(f"提示：没有主题为 {topic.value}（{sentences.TOPIC_NAMES[topic]}）的小节，该表述无处可写。")
    return EXIT_OK


COMMANDS: list[Callable[[argparse._SubParsersAction[_Parser]], None]] = [
    _add_render,
    _add_aggregate,
    _add_schema,
    _add_template,
    _add_draft,
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
