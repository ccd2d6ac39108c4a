"""Batch rendering: nianbao against a plain docxtpl loop, and memory as the count grows.

Run by hand (not part of the test suite), on an otherwise idle machine:

    .venv/bin/python benchmarks/bench_render.py

It generates 1,000 realistic reports (seeded, so every run sees the same ones),
then measures on the default template, per report, wall-clock and CPU time:

- a plain docxtpl loop: ``DocxTemplate(path)``, ``render``, ``save``, per report,
  from contexts built beforehand (nianbao's sandboxed autoescaping environment,
  so both write the same documents);
- nianbao in one process, from the reports in memory (``render_many``), and from
  their YAML data files (which adds reading and checking the files);
- nianbao with ``-j`` at the core count, the same two ways;

and the peak memory of ``nianbao render DIR -o OUT/`` for 1,000 and 10,000 data
files (the largest single process, and all processes together). CPU time counts
every process, so "CPU ms per report" is the cost per report per core. The
results and the command are recorded in docs/performance.md.

The docxtpl loop is cut into ``--rounds`` (5) parts, and each nianbao case is
measured once between two parts: the machine's speed drifts, and so every figure
sees the same stretch of it. nianbao's figures are the medians over the rounds.

Options: ``--count`` reports (1000), ``--plain-sample`` how many of them the slow
docxtpl loop renders (all), ``--rounds`` (5), ``--memory-counts`` (1000,10000),
``--jobs`` (cores), ``--keep DIR`` to keep the generated files.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import docxtpl
from docxtpl import DocxTemplate

from nianbao import datafile, labels
from nianbao.batch import RenderSettings, cpu_count, render_many
from nianbao.context import build_context
from nianbao.model import (
    NOT_APPLICABLE,
    ActiveDisclosureTable,
    ApplicantCounts,
    ApplicationResults,
    ApplicationTable,
    CaseOutcomes,
    CaseTable,
    Cell,
    Contact,
    DocumentCounts,
    NotProcessedResults,
    OtherHandlingResults,
    OtherMatters,
    Overview,
    ProcessingFees,
    Proposals,
    Report,
    Section,
    Signature,
    Subsection,
    Topic,
    UnableResults,
    WithheldResults,
)
from nianbao.render import default_template, jinja_environment

# --- realistic reports ----------------------------------------------------------

PLACES = (  # noqa: SIM905 - a list of names reads best as one string
    "张店区 淄川区 博山区 临淄区 周村区 桓台县 高青县 沂源县 洪泽区 淮阴区 清江浦区 "
    "海珠区 荔湾区 越秀区 天河区 白云区 黄埔区 番禺区 花都区 南沙区"
).split()
OFFICES = (  # noqa: SIM905
    "人民政府办公室 发展和改革局 教育局 科学技术局 工业和信息化局 公安局 民政局 司法局 财政局 "
    "人力资源和社会保障局 自然资源局 生态环境局 住房和城乡建设局 交通运输局 水利局 农业农村局 商务局 "
    "文化和旅游局 卫生健康局 退役军人事务局 应急管理局 审计局 市场监督管理局 统计局 医疗保障局 信访局 "
    "行政审批服务局 城市管理局 综合行政执法局 林业局 体育局 民族宗教事务局 粮食和物资储备局 档案馆 "
    "地方金融监督管理局 投资促进局 大数据局 机关事务服务中心 融媒体中心 供销合作社 残疾人联合会 "
    "妇女联合会 红十字会 科学技术协会 总工会 团委 公共资源交易中心 人民防空办公室 气象局 税务局"
).split()
SENTENCES = (
    "{agency}认真贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外。",
    "{year}年，{agency}在政府网站平台主动公开政府信息{n}条，其中工作动态{m}条、通知公告{k}条。",
    "严格落实政府信息公开属性源头认定机制，对公文类信息在拟文时明确公开属性。",
    "进一步规范依申请公开工作流程，做到受理、审查、处理、答复各环节有据可查。",
    "加强政府网站和政务新媒体管理，做好内容保障，及时更新栏目信息，确保信息发布准确、规范、及时。",
    "建立健全保密审查机制，坚持“先审查、后公开”和“一事一审”原则，防止失泄密事件发生。",
    "组织开展政务公开业务培训{k}次，参训人员{m}人次，进一步提升工作人员的业务能力。",
    "将政务公开工作纳入年度考核，明确分管领导和具体责任人，形成一级抓一级、层层抓落实的工作格局。",
    "围绕群众关切，做好政策解读和回应工作，发布解读材料{k}篇，通过图解、问答等形式提升解读效果。",
    "公开内容的全面性和及时性仍有提升空间，部分栏目更新不够及时。",
    "下一步，将加强统筹协调，细化工作责任，持续提升政务公开标准化规范化水平。",
)
OVERVIEW = (
    ("（一）主动公开", Topic.ACTIVE_DISCLOSURE),
    ("（二）依申请公开", Topic.APPLICATIONS),
    ("（三）政府信息管理", Topic.INFORMATION_MANAGEMENT),
    ("（四）政府信息公开平台建设", Topic.PLATFORMS),
    ("（五）监督保障", Topic.OVERSIGHT),
)


def _paragraph(rng: random.Random, agency: str, year: int, sentences: int) -> str:
    values = {"agency": agency, "year": year, "n": rng.randint(20, 3000)}
    values.update(m=rng.randint(1, 300), k=rng.randint(1, 30))
    return "".join(rng.choice(SENTENCES).format(**values) for _ in range(sentences))


def _count(rng: random.Random, big: int) -> int:
    roll = rng.random()
    if roll < 0.55:
        return 0
    if roll < 0.9:
        return rng.randint(1, 9)
    return rng.randint(10, big)


def _row(rng: random.Random, big: int = 200) -> ApplicantCounts:
    return ApplicantCounts(_count(rng, big), *(_count(rng, 20) if rng.random() < 0.3 else 0 for _ in range(5)))


def _cell(rng: random.Random, applicable: bool, big: int) -> Cell:
    return rng.randint(0, big) if applicable else NOT_APPLICABLE


def make_report(rng: random.Random, agency: str, year: int) -> Report:
    """One report with the spread of figures and the length of text real ones have."""
    makes_rules = agency.endswith("人民政府办公室")
    active = ActiveDisclosureTable(
        rules=DocumentCounts(*(_cell(rng, makes_rules, 12) for _ in range(3))),
        normative_documents=DocumentCounts(rng.randint(0, 20), rng.randint(0, 5), rng.randint(0, 200)),
        licensing=_cell(rng, rng.random() < 0.5, 50000),
        punishment=_cell(rng, rng.random() < 0.6, 3000),
        coercion=_cell(rng, rng.random() < 0.3, 100),
        fees=Decimal(f"{rng.randint(0, 9999)}.{rng.randint(0, 9999):04d}") if rng.random() < 0.4 else NOT_APPLICABLE,
    )

    def rows(n: int) -> list[ApplicantCounts]:
        return [_row(rng, 30) if rng.random() < 0.3 else ApplicantCounts.zero() for _ in range(n)]

    results = ApplicationResults(
        disclosed=_row(rng),
        partially_disclosed=_row(rng, 50),
        withheld=WithheldResults(*rows(len(labels.WITHHELD_ROWS))),
        unable=UnableResults(*rows(len(labels.UNABLE_ROWS))),
        not_processed=NotProcessedResults(*rows(len(labels.NOT_PROCESSED_ROWS))),
        other_handling=OtherHandlingResults(*rows(len(labels.OTHER_HANDLING_ROWS))),
    )
    # Balanced as real reports are (the checks refuse others): 一 + 二 = 三（七） + 四, column by column.
    carried_over, wanted_forward = _row(rng, 20), _row(rng, 20)
    done = results.total.values()
    new = [max(d + f - o, 0) for d, f, o in zip(done, wanted_forward.values(), carried_over.values(), strict=True)]
    forward = [n + o - d for n, o, d in zip(new, carried_over.values(), done, strict=True)]
    applications = ApplicationTable(
        new=ApplicantCounts(*new),
        carried_over=carried_over,
        results=results,
        carried_forward=ApplicantCounts(*forward),
    )
    cases = CaseTable(*(CaseOutcomes(*(_count(rng, 12) for _ in range(4))) for _ in range(3)))
    office = f"{agency}办公室"
    return Report(
        agency=agency,
        year=year,
        active_disclosure=active,
        applications=applications,
        cases=cases,
        contact=Contact(office, f"某市某路{rng.randint(1, 999)}号", f"{rng.randint(100000, 899999)}", "0533-2868600"),
        opening=(
            f"本报告根据《中华人民共和国政府信息公开条例》编制。本报告所列数据的统计期限自{year}年1月1日起至"
            f"{year}年12月31日止。如对本报告有疑问，请与{office}联系。"
        ),
        overview=Overview(
            (_paragraph(rng, agency, year, 3),),
            tuple(
                Subsection(f"{heading}。", (_paragraph(rng, agency, year, rng.randint(2, 5)),) * 2, topic)
                for heading, topic in OVERVIEW
            ),
        ),
        problems=Section(tuple(_paragraph(rng, agency, year, 3) for _ in range(2))),
        other_matters=OtherMatters(
            subsections=(
                Subsection("（一）信息处理费。", (f"{year}年度未收取信息处理费。",), Topic.PROCESSING_FEES),
                Subsection("（二）建议提案办理。", (_paragraph(rng, agency, year, 2),), Topic.PROPOSALS),
                Subsection("（三）创新实践。", (_paragraph(rng, agency, year, 3),), Topic.INNOVATION),
            ),
            processing_fees=ProcessingFees(),
            proposals=Proposals(rng.randint(0, 30), rng.randint(0, 30)),
        ),
        signature=Signature(agency, datetime.date(year + 1, 1, rng.randint(10, 31))),
    )


def make_reports(count: int, seed: int = 2024) -> list[Report]:
    rng = random.Random(seed)
    agencies = [f"{place}{office}" for place in PLACES for office in OFFICES]
    reports = [make_report(rng, agencies[i % len(agencies)], 2024) for i in range(count)]
    for i, report in enumerate(reports):
        if i >= len(agencies):  # beyond the 1,000 names: a numbered copy of the agency
            reports[i] = attrs.evolve(report, agency=f"{report.agency}第{i // len(agencies) + 1}分局")
    return reports


def write_data_files(texts: Sequence[str], folder: Path, count: int) -> Path:
    """``count`` YAML files in ``folder``; past ``len(texts)``, copies under new agency names."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        text = texts[i % len(texts)]
        if i >= len(texts):
            head, rest = text.split("\n", 1)
            text = f"{head}第{i // len(texts) + 1}分局\n{rest}"
        (folder / f"{i:05d}.yaml").write_text(text, encoding="utf-8")
    return folder


# --- measuring ----------------------------------------------------------------------


@attrs.frozen
class Timing:
    wall: float
    cpu: float
    count: int

    def per_report(self) -> tuple[float, float]:
        return self.wall / self.count * 1000, self.cpu / self.count * 1000


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (worker processes)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measure(work: Callable[..., int], *args: Any) -> Timing:
    wall, cpu = time.perf_counter(), _cpu()
    count = work(*args)
    return Timing(time.perf_counter() - wall, _cpu() - cpu, count)


def plain_docxtpl(contexts: Sequence[dict[str, Any]], out: Path) -> int:
    template = str(default_template())
    for i, context in enumerate(contexts):
        doc = DocxTemplate(template)
        doc.render(context, jinja_env=jinja_environment(), autoescape=True)
        doc.save(str(out / f"{i:05d}.docx"))
    return len(contexts)


def nianbao(sources: Sequence[Any], out: Path, processes: int) -> int:
    results = list(render_many(sources, out, settings=RenderSettings(), processes=processes))
    failed = [r for r in results if not r.ok]
    if failed:
        raise SystemExit(f"渲染失败：{failed[0].source}：{failed[0].error}")
    return len(results)


def _descendants(root: int) -> Iterator[int]:
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as stat:
                    ppid = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            parents.setdefault(ppid, []).append(int(entry))
    stack = [root]
    while stack:
        pid = stack.pop()
        yield pid
        stack.extend(parents.get(pid, []))


def _rss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


_WRAPPER = """
import resource, subprocess, sys
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def peak_memory(data: Path, out: Path, jobs: int) -> tuple[float, float, float]:
    """Seconds, peak RSS of the largest process and of all processes together (MiB), of one CLI run.

    The largest comes from the kernel (every process waited for, workers included);
    the total is sampled from /proc 20 times a second.
    """
    command = [sys.executable, "-m", "nianbao", "render", str(data), "-o", f"{out}/", "-j", str(jobs)]
    start = time.perf_counter()
    wrapper = subprocess.Popen([sys.executable, "-c", _WRAPPER, *command], stdout=subprocess.PIPE, text=True)
    total_peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal total_peak
        while not stop.wait(0.05):
            tree = [pid for pid in _descendants(wrapper.pid) if pid != wrapper.pid]
            total_peak = max(total_peak, sum(_rss_kib(pid) for pid in tree))

    sampler = threading.Thread(target=sample, daemon=True)
    if Path("/proc").is_dir():
        sampler.start()
    output, _ = wrapper.communicate()
    stop.set()
    seconds = time.perf_counter() - start
    code, largest = (int(x) for x in output.split())
    if code != 0:
        raise SystemExit(f"nianbao render 失败（退出码 {code}）")
    return seconds, largest / 1024, total_peak / 1024


# --- the run --------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--plain-sample", type=int, default=None)
    parser.add_argument("--memory-counts", default="1000,10000")
    parser.add_argument("--jobs", type=int, default=cpu_count())
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--keep", type=Path, default=None)
    args = parser.parse_args(argv)
    work = args.keep or Path(tempfile.mkdtemp(prefix="nianbao-bench-"))
    work.mkdir(parents=True, exist_ok=True)

    def fresh(name: str) -> Path:
        path = work / name
        shutil.rmtree(path, ignore_errors=True)
        path.mkdir(parents=True)
        return path

    print(f"机器：{platform.machine()}，{os.cpu_count()} 核，负载 {_load()}；Python {platform.python_version()}")
    print(f"docxtpl {docxtpl.__version__}；模板 {default_template()}；工作目录 {work}")
    started = time.perf_counter()
    reports = make_reports(args.count)
    texts = [datafile.dumps(r) for r in reports]
    data = write_data_files(texts, fresh("data"), args.count)
    files = sorted(data.iterdir())
    size = sum(len(t.encode("utf-8")) for t in texts) / len(texts) / 1024
    print(f"已生成 {args.count} 份报告（数据文件平均 {size:.1f} KiB），用时 {time.perf_counter() - started:.1f} 秒")

    # The machine's speed drifts (shared hosts): the docxtpl loop is cut into rounds,
    # and every nianbao measurement is taken once per round, in between; nianbao's
    # figure is the median of its rounds, docxtpl's the whole loop.
    sample = args.plain_sample or args.count
    contexts = [build_context(r) for r in reports[:sample]]
    rounds = max(1, args.rounds)
    jobs = args.jobs
    cases: list[tuple[str, Callable[[Path], int]]] = [
        ("nianbao 单进程，内存中的报告", lambda out: nianbao(reports, out, 1)),
        ("nianbao 单进程，YAML 数据文件", lambda out: nianbao(files, out, 1)),
        (f"nianbao -j {jobs}，内存中的报告", lambda out: nianbao(reports, out, jobs)),
        (f"nianbao -j {jobs}，YAML 数据文件", lambda out: nianbao(files, out, jobs)),
    ]
    plain_parts: list[Timing] = []
    samples: dict[str, list[Timing]] = {label: [] for label, _ in cases}
    for round_ in range(rounds):
        part = contexts[round_::rounds]
        plain_parts.append(measure(plain_docxtpl, part, fresh("plain")))
        for label, work_ in cases:
            samples[label].append(measure(work_, fresh("nianbao")))
        print(f"第 {round_ + 1}/{rounds} 轮完成，负载 {_load()}")
    plain = Timing(sum(t.wall for t in plain_parts), sum(t.cpu for t in plain_parts), sample)

    print()
    print(f"{'':<34}{'墙钟 ms/份':>12}{'CPU ms/份':>12}{'CPU 各轮范围':>16}")
    wall, cpu = plain.per_report()
    print(f"{f'docxtpl 逐份循环（{sample} 份）':<34}{wall:>12.2f}{cpu:>12.2f}")
    figures: dict[str, tuple[float, float]] = {}
    for label, timings in samples.items():
        per = [t.per_report() for t in timings]
        figures[label] = (statistics.median(w for w, _ in per), statistics.median(c for _, c in per))
        low, high = min(c for _, c in per), max(c for _, c in per)
        print(f"{label:<34}{figures[label][0]:>12.2f}{figures[label][1]:>12.2f}{f'{low:.2f}–{high:.2f}':>16}")
    print()
    labels = list(figures)
    for label, what in ((labels[0], "内存中的报告"), (labels[1], "YAML 数据文件")):
        one_wall, one_cpu = figures[label]
        print(f"倍数 docxtpl / nianbao 单进程（{what}）：墙钟 {wall / one_wall:.1f} 倍，CPU {cpu / one_cpu:.1f} 倍")
    for label, what in ((labels[2], "内存中的报告"), (labels[3], "YAML 数据文件")):
        j_wall, j_cpu = figures[label]
        print(f"-j {jobs} 每核每份（{what}）：CPU {j_cpu:.2f} ms；墙钟×核数 {j_wall * jobs:.2f} ms")

    print()
    print(f"峰值内存：nianbao render 数据目录 -o 输出目录/（YAML 数据文件）；负载 {_load()}")
    print(f"{'份数':>8}{'-j':>4}{'用时 秒':>10}{'最大单进程 MiB':>16}{'全部进程合计 MiB':>18}")
    for count in (int(c) for c in args.memory_counts.split(",") if c):
        folder = write_data_files(texts, fresh(f"data-{count}"), count)
        for jobs in (1, args.jobs):
            seconds, largest, together = peak_memory(folder, fresh(f"out-{count}-{jobs}"), jobs)
            print(f"{count:>8}{jobs:>4}{seconds:>10.1f}{largest:>16.1f}{together:>18.1f}")
    print(f"\n全部用时 {time.perf_counter() - started:.0f} 秒；负载 {_load()}")
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)


def _load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


if __name__ == "__main__":
    main()
