"""The command line: ``nianbao render``, ``nianbao schema`` and friends.

Exit codes: 0 done, 1 the input is at fault (a Chinese message, no traceback),
2 wrong usage.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import NoReturn

import attrs
from tqdm import tqdm

from nianbao import (
    __version__,
    batch,
    checks,
    datafile,
    inputs,
    labels,
    publish,
    roster,
    sentences,
    summary,
    workbook,
)
from nianbao.aggregate import aggregate
from nianbao.context import build_context
from nianbao.errors import DataError, DataIssue, NianbaoError, OutputError
from nianbao.model import Report
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
    def format_help(self) -> str:
        # argparse ends section headings with an ASCII colon of its own.
        return re.sub(r"^(\S[^\n]*):$", r"\1：", super().format_help(), flags=re.MULTILINE)

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
        help="把数据文件、填报表或汇总表排版为 Word 文档（.docx），可一次排版多份",
        description=(
            "按官方格式把年度报告数据文件（YAML/JSON）或填报表（.xlsx）排版为 .docx；汇总表（.xlsx）中"
            "每个机关各排版一份。可给出多个文件或目录，多进程并行排版；某份出错不影响其余各份，最后列出未生成的报告。"
        ),
    )
    p.add_argument(
        "data",
        nargs="+",
        metavar="输入",
        help="年度报告数据文件（.yaml 或 .json）、填报表或汇总表（.xlsx），或其所在目录",
    )
    p.add_argument(
        "-o",
        "--output",
        metavar="输出",
        help="单份报告时可为输出文件（.docx）；否则为输出目录（以 / 结尾或已存在的目录）。默认与各输入同目录，"
        "以报告标题命名；汇总表默认输出到其旁以其文件名命名的目录",
    )
    p.add_argument("-j", "--jobs", type=_positive_int, metavar="N", help="并行进程数（默认为 CPU 核数）")
    p.add_argument("--template", metavar="模板.docx", help="自定义模板（默认使用内置官方格式模板）")
    p.add_argument("--overwrite", action="store_true", help="覆盖已存在的输出文件")
    p.add_argument("--force", action="store_true", help="报告有校验错误（见 nianbao check）时仍然生成")
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
    settings = batch.RenderSettings(args.template, args.overwrite, extras, force=args.force)
    output = Path(args.output) if args.output else None
    names_folder = output is not None and (args.output.endswith(("/", os.sep)) or output.is_dir())
    if len(args.data) == 1 and not Path(args.data[0]).is_dir():
        jobs = batch.plan(args.data)  # reads a workbook or roster once, to see which it is
        if not jobs.from_roster and len(jobs) == 1:
            return _render_one(jobs[0], output, names_folder, settings)
        if output is not None:
            if not names_folder and output.suffix.lower() == batch.OUTPUT_SUFFIX:
                raise OutputError(f"汇总表包含多个机关，-o 应为输出目录而不是 .docx 文件：{output}")
            jobs = jobs.into(output)
        return _render_batch(jobs, settings, args.jobs)
    if output is not None and not names_folder and output.suffix.lower() == batch.OUTPUT_SUFFIX:
        raise UsageError(f"有多个输入时，-o 应为输出目录，而不是文件 {output}")
    return _render_batch(batch.plan(args.data, output), settings, args.jobs)


def _render_one(job: batch.RenderJob, output: Path | None, names_folder: bool, settings: batch.RenderSettings) -> int:
    """One report: written to ``output`` (a file, or a folder), else beside its input."""
    if output is not None:
        job = batch.RenderJob(job.source, output / job.output.name if names_folder else output)
    (result,) = batch.run([job], settings, processes=1)
    if not result.ok:
        raise NianbaoError(result.error)
    for written in result.outputs:
        _say(f"已生成：{written}")
    return EXIT_OK


def _render_batch(jobs: batch.Plan, settings: batch.RenderSettings, processes: int | None) -> int:
    """Many reports in parallel, with progress; then what was written and what failed, and why."""
    for job in jobs.renumbered:
        _say(f"注意：{job.label} 与前面的报告标题相同，输出为 {job.output.name}")
    failures: list[batch.RenderResult] = []
    written = 0
    with _progress(len(jobs)) as tick:
        for result in batch.run(jobs, settings, processes):
            if result.ok:
                written += 1
            else:
                failures.append(result)
            tick(len(failures))
    folders = jobs.folders
    where = f"，保存在：{folders[0]}" if len(folders) == 1 else ""
    _say(f"已生成 {written} 份报告{where}")
    if not failures:
        return EXIT_OK
    hint = "（确需照原样生成有校验错误的报告，可加 --force）" if any(f.refused for f in failures) else ""
    _say(f"以下 {len(failures)} 个机关未生成{hint}：")
    for failure in failures:
        _say(f"  {failure.name}（{failure.source}）：")
        for reason in failure.reasons or (str(failure.error),):
            _say(_indent(reason, "    "))
    return EXIT_INPUT


PROGRESS_INTERVAL = 10.0
"""Seconds between plain progress lines when the output is not a terminal."""


@contextlib.contextmanager
def _progress(total: int) -> Iterator[Callable[[int], None]]:
    """A ``tick(failed)`` to call per report: a progress bar on a terminal, elsewhere
    a plain line every :data:`PROGRESS_INTERVAL` seconds (a short run prints none)."""
    if sys.stderr.isatty():
        tqdm.monitor_interval = 0  # no monitor thread: worker processes are forked from this one
        with tqdm(total=total, desc="排版", unit="份", file=sys.stderr, dynamic_ncols=True) as bar:

            def tick_bar(failed: int) -> None:
                bar.update(1)
                if failed:
                    bar.set_postfix_str(f"失败 {failed} 份", refresh=False)

            yield tick_bar
        return
    started = last = time.monotonic()
    done = 0

    def tick_line(failed: int) -> None:
        nonlocal done, last
        done += 1
        now = time.monotonic()
        if now - last >= PROGRESS_INTERVAL and done < total:
            last = now
            _say(f"进度：{done}/{total} 份，失败 {failed} 份，已用 {now - started:.0f} 秒")

    yield tick_line


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
    p.add_argument(
        "data", nargs="+", metavar="输入", help="各机关的年度报告数据文件、填报表或汇总表（.xlsx），或其所在目录"
    )
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
    reports: list[Report] = []
    names: list[str] = []
    issues: list[DataIssue] = []
    for source in batch.expand(args.data):
        assert isinstance(source, str)  # paths from the command line
        for entry in inputs.read_inputs(source):  # a roster gives every agency of it
            issues.extend(entry.issues)
            if entry.report is not None and not entry.issues:
                reports.append(entry.report)
                names.append(entry.source)
    if issues:
        raise DataError(issues)
    total = aggregate(reports, agency=args.agency, year=args.year, names=names)
    fmt = "json" if output.suffix.lower() == ".json" else "yaml"
    batch.write_output(output, datafile.dumps(total, fmt).encode("utf-8"), overwrite=args.overwrite)
    _say(f"已汇总 {len(reports)} 个机关：{output}")
    return EXIT_OK


def _only_report(entries: list[inputs.Loaded]) -> Report:
    entry = entries[0]
    if entry.report is None or entry.issues:
        raise DataError(entry.issues)
    return entry.report


def _indent(text: str, prefix: str) -> str:
    return "\n".join(prefix + line for line in text.split("\n"))


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
        help="校验报告：表格勾稽关系、跨年度衔接、正文与表格是否一致、与上年雷同",
        description="校验年度报告数据文件、填报表或汇总表，列出每处错误和警告（规则见 docs/checks.md）。"
        "汇总表或多个输入时按机关汇总，可用 --report 另存为问题清单（.xlsx 或 .csv）发回各部门。"
        "有错误时退出码为 1，只有警告时为 0（加 --strict 则为 1）。",
    )
    p.add_argument(
        "data",
        metavar="输入",
        nargs="+",
        help="数据文件（.yaml/.json）、填报表或汇总表（.xlsx），或包含它们的目录；可写多个",
    )
    p.add_argument(
        "--previous",
        metavar="上年数据",
        help="上一年度的数据文件、填报表或报告（.docx、.html、.txt），用于跨年度比对（只检查一个报告时）",
    )
    p.add_argument("--format", choices=("text", "json"), default="text", help="输出格式：text（默认）或 json")
    p.add_argument("--strict", action="store_true", help="有警告也以退出码 1 结束")
    p.add_argument("--report", metavar="问题清单.xlsx", help="把问题清单另存为 .xlsx 或 .csv 文件")
    p.set_defaults(run=_run_check)


def _run_check(args: argparse.Namespace) -> int:
    paths = _expand(args.data)
    entries = [entry for path in paths for entry in inputs.read_inputs(path)]
    if len(paths) == 1 and not inputs.is_batch(entries):
        try:
            report = _only_report(entries)
        except DataError as error:
            if args.format != "json":
                raise
            # A script asked for JSON: the faults that kept the file from being read, as JSON too.
            _say(f"错误：{error}")
            faults = [
                {"file": i.file, "line": i.line, "path": list(i.path), "location": i.location, "message": i.message}
                for i in error.issues
            ]
            output = {"file": str(paths[0]), "readable": False, "input_errors": faults}
            print(json.dumps(output, ensure_ascii=False, indent=2))
            return EXIT_INPUT
        return _check_one(args, str(paths[0]), report)
    if args.previous:
        raise DataError([DataIssue(args.previous, "--previous 只能用于检查单个报告，汇总表或多个输入不能使用")])
    result = summary.summarize(entries, checks.check)
    if args.format == "json":
        output = {
            "checked": len(result.entries),
            "errors": sum(1 for p in result.problems if p.level == summary.ERROR),
            "warnings": sum(1 for p in result.problems if p.level == summary.WARNING),
            "problems": [attrs.asdict(problem) for problem in result.problems],
        }
        print(json.dumps(output, ensure_ascii=False, indent=2))
    else:
        print(result.text())
    if args.report:
        _say(f"问题清单已保存：{summary.write_report(result, args.report)}")
    failing = result.has_errors or (args.strict and bool(result.problems))
    return EXIT_INPUT if failing else EXIT_OK


def _previous(path: str) -> Report:
    """Last year's report: a data file through the checks, a 填报表 through the workbook reader."""
    if not inputs.is_excel(path):
        return checks.load_previous(path)
    entries = inputs.read_inputs(path)
    if inputs.is_batch(entries):
        raise DataError([DataIssue(path, "上年报告应为一个机关的数据文件或填报表，不能是汇总表")])
    return _only_report(entries)


def _check_one(args: argparse.Namespace, path: str, report: Report) -> int:
    previous = _previous(args.previous) if args.previous else None
    findings = checks.check(report, previous)
    if args.format == "json":
        output = {
            "file": path,
            "previous": args.previous,
            "errors": sum(1 for f in findings if f.level is checks.Level.ERROR),
            "warnings": sum(1 for f in findings if f.level is checks.Level.WARNING),
            "findings": [f.to_dict() for f in findings],
        }
        print(json.dumps(output, ensure_ascii=False, indent=2))
    else:
        for finding in findings:
            print(finding)
        print(f"{path}：{checks.summary(findings)}")
    if args.report:
        entry = inputs.Loaded(path, report.agency, report)
        result = summary.Summary((entry,), tuple(summary.problems_of(entry, findings)))
        _say(f"问题清单已保存：{summary.write_report(result, args.report)}")
    failing = {checks.Level.ERROR, checks.Level.WARNING} if args.strict else {checks.Level.ERROR}
    return EXIT_INPUT if any(f.level in failing for f in findings) else EXIT_OK


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


def _add_extract(commands: argparse._SubParsersAction[_Parser]) -> None:
    p = commands.add_parser(
        "extract",
        help="从已有报告（.docx、.html、.txt）导入数据文件",
        description="读取已有的年度报告（Word .docx、网页 .html 或纯文本 .txt），按官方标签识别表格与各部分文字，"
        "输出数据文件；凡推测或修正之处均列为导入说明。",
    )
    p.add_argument("source", metavar="报告文件", help="上年报告：.docx、.html、.txt（.doc/.wps 经 LibreOffice 转换）")
    p.add_argument("-o", "--output", metavar="数据文件", help="输出的 .yaml 或 .json；不写时输出到屏幕")
    p.add_argument("--overwrite", action="store_true", help="覆盖已存在的输出文件")
    p.set_defaults(run=_run_extract)


def _say_notes(notes: Sequence[object]) -> None:
    if notes:
        _say(f"导入说明（{len(notes)}条）：")
        for note in notes:
            _say(f"  - {note}")


def _writable(path: Path, overwrite: bool) -> Path:
    datafile.refuse_existing(path, overwrite)
    return path


def _write_text(path: Path, text: str) -> None:
    try:
        datafile.write_atomic(path, text.encode("utf-8"))
    except OSError as exc:
        raise OutputError(f"无法写入 {path}：{exc.strerror}") from None


def _run_extract(args: argparse.Namespace) -> int:
    from nianbao.extract import read_report

    out = _writable(Path(args.output), args.overwrite) if args.output else None
    extraction = read_report(args.source)
    _say_notes(extraction.notes)
    fmt = "json" if out is not None and out.suffix.lower() == ".json" else "yaml"
    text = datafile.dumps(extraction.report, fmt)
    if out is None:
        sys.stdout.write(text)
        return EXIT_OK
    _write_text(out, text)
    _say(f"已导入：{out}（{extraction.report.title}）")
    return EXIT_OK


def _add_new(commands: argparse._SubParsersAction[_Parser]) -> None:
    p = commands.add_parser(
        "new",
        help="根据上年报告生成本年度数据文件",
        description="根据上年报告（数据文件或 .docx/.html/.txt）生成本年度数据文件：沿用机关、联系方式和结构，"
        "上年结转取自上年结转下年度，现行有效件数沿用为基数，其余数字为0，文字处标注“【请填写】”。",
    )
    p.add_argument("--from", dest="last", metavar="上年报告", required=True, help="上年的数据文件或报告文件")
    p.add_argument("--year", type=int, metavar="年度", help="本报告年度（默认上年加一）")
    p.add_argument("-o", "--output", metavar="数据文件", required=True, help="输出的 .yaml（或 .json）")
    p.add_argument("--overwrite", action="store_true", help="覆盖已存在的输出文件")
    p.set_defaults(run=_run_new)


def _run_new(args: argparse.Namespace) -> int:
    from nianbao.extract import read_report
    from nianbao.scaffold import next_year, scaffold_text

    out = _writable(Path(args.output), args.overwrite)
    extraction = read_report(args.last)
    _say_notes(extraction.notes)
    report = next_year(extraction.report, args.year)
    if out.suffix.lower() == ".json":
        _write_text(out, datafile.dumps(report, "json"))
    else:
        _write_text(out, scaffold_text(report, str(args.last)))
    carried = "、".join(
        f"{column.label}{value}"
        for column, value in zip(labels.ALL_COLUMNS, report.applications.carried_over.with_total(), strict=True)
    )
    _say(f"已生成：{out}（{report.title}）")
    _say(f"表三“二、上年结转”：{carried}")
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
    datafile.refuse_existing(out, args.overwrite)
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
    _add_check,
    _add_schema,
    _add_extract,
    _add_new,
    _add_template,
    _add_draft,
    _add_workbook,
    _add_roster,
]


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="nianbao",
        description="政府信息公开工作年度报告：数据模型、勾稽校验、标准表述与 Word 排版。",
    )
    parser.add_argument("--version", action="version", version=f"nianbao {__version__}", help="显示版本号并退出")
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
    except BrokenPipeError:
        # The reader went away (e.g. `nianbao schema | head`): stop quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    return code
