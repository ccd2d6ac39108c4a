"""Many reports at once: distinct outputs planned up front, rendered in parallel.

Each report goes through :func:`render_one` (load → context → document → outputs),
in worker processes that prepare the template once (:mod:`nianbao.prepared`). A
report that fails becomes a failed :class:`RenderResult`; the others go on.
Outputs are written whole or not at all, and an existing file is replaced only
when asked to.

>>> import tempfile
>>> from nianbao.model import Report
>>> out = Path(tempfile.mkdtemp())
>>> [r.output.name for r in render_many([Report.blank("某局", 2024)], out, processes=1)]
['某局2024年政府信息公开工作年度报告.docx']
"""

from __future__ import annotations

import array
import contextlib
import functools
import gc
import itertools
import multiprocessing
import multiprocessing.pool
import os
import secrets
import signal
import threading
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Final, overload

from attrs import field, frozen

from nianbao import checks, datafile, inputs, pdf
from nianbao.context import build_context
from nianbao.errors import DataError, DataIssue, NianbaoError, OutputError, TemplateError
from nianbao.inputs import Loaded
from nianbao.model import Report
from nianbao.naming import distinct_names, file_name, folder_key, title_of
from nianbao.prepared import PreparedTemplate
from nianbao.publish import Extras
from nianbao.render import default_template

OUTPUT_SUFFIX: Final = ".docx"
# Templates kept prepared per thread (a run uses one).
_MAX_TEMPLATES: Final = 4
# Jobs sent to a worker at a time: fewer round trips, yet an even spread to the end.
_MAX_CHUNK: Final = 32


def _optional_path(value: str | os.PathLike[str] | None) -> Path | None:
    return Path(value) if value is not None else None


@frozen
class RenderSettings:
    """What applies to every report of a run."""

    template: Path | None = field(default=None, converter=_optional_path)
    """A .docx template; None for the shipped one."""
    overwrite: bool = False
    """Replace existing outputs; otherwise such a report fails and the file is kept."""
    extras: Extras = field(factory=Extras)
    """Files to make beside each .docx (``--pdf``, ``--html``; see :mod:`nianbao.publish`)."""
    force: bool = False
    """Render reports whose checks find errors (:mod:`nianbao.checks`); otherwise they fail."""


Source = Path | Report | Loaded
"""A report to render: a data file to read, a report in memory, or one read already
(from a workbook, a roster row or an imported document), maybe with the faults that
stopped it being read."""


@frozen
class RenderJob:
    """One report to render, and where its document goes."""

    source: Source
    output: Path
    numbered: bool = False
    """The output name was numbered because an earlier report has the same title."""

    @property
    def label(self) -> str:
        """Where the report comes from, for the user: its file (and roster row), else its title."""
        if isinstance(self.source, Path):
            return str(self.source)
        if isinstance(self.source, Loaded):
            return self.source.source
        return self.source.title

    @property
    def name(self) -> str:
        """Whose report it is, as far as known before reading it: the agency, else the file's name."""
        if isinstance(self.source, Path):
            return self.source.name
        if isinstance(self.source, Loaded):
            return self.source.name
        return self.source.agency


@frozen
class RenderResult:
    """What became of one report: its output, or why there is none."""

    source: str
    """Where the report comes from (:attr:`RenderJob.label`)."""
    output: Path | None = None
    """The .docx, when it was written."""
    error: str | None = None
    """Why the report failed, in full (as ``nianbao render`` prints it for a single report)."""
    extras: tuple[Path, ...] = ()
    """Files written beside the .docx (PDF, web page)."""
    name: str = ""
    """Whose report: the agency, or the file's name when it could not be read."""
    reasons: tuple[str, ...] = ()
    """The faults one by one (each may span lines), for a list of failed reports."""
    refused: bool = False
    """Refused because the checks found errors (``--force`` would render it)."""

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def outputs(self) -> tuple[Path, ...]:
        """Every file written for the report, the .docx first."""
        return (self.output, *self.extras) if self.output is not None else self.extras


def render_many(
    sources: Iterable[str | os.PathLike[str] | Report],
    output_dir: str | os.PathLike[str] | None = None,
    *,
    settings: RenderSettings | None = None,
    processes: int | None = None,
) -> Iterator[RenderResult]:
    """Render every source and yield a result per report, in the order given.

    ``sources`` are input files (data files, workbooks, rosters, report documents;
    see :mod:`nianbao.inputs`), directories of them, or reports already in memory.
    Each output is named after its report's title, in ``output_dir``, or else beside
    its input (a roster's reports in a folder named after it). ``processes`` defaults
    to the number of CPUs; 1 renders in this process. Raises
    :class:`~nianbao.errors.TemplateError` before rendering anything if the template
    cannot be used.
    """
    jobs = plan(sources, output_dir)
    return run(jobs, settings or RenderSettings(), processes)


def expand(sources: Iterable[str | os.PathLike[str] | Report]) -> list[str | Report]:
    """Sources with each directory replaced by its input files (sorted by name), paths as text.

    A directory contributes what ``nianbao render`` reads from a folder
    (:data:`nianbao.inputs.SUFFIXES`: data files and workbooks).
    """
    expanded: list[str | Report] = []
    for source in sources:
        if isinstance(source, Report):
            expanded.append(source)
            continue
        path = os.fspath(source)
        if os.path.isdir(path):
            with os.scandir(path) as entries:
                # One folder: sorting the paths sorts the names.
                found = sorted(
                    e.path
                    for e in entries
                    if os.path.splitext(e.name)[1].lower() in inputs.SUFFIXES and not e.name.startswith(".")
                )
            if not found:
                kinds = "、".join(inputs.SUFFIXES)
                raise NianbaoError(f"目录 {path} 中没有可排版的文件（{kinds}）")
            expanded.extend(found)
        else:
            expanded.append(path)
    return expanded


class Plan(Sequence[RenderJob]):
    """The jobs of a run, every output path decided: a sequence of :class:`RenderJob`.

    Held compactly (the text of each path, not objects) so that planning a hundred
    thousand reports up front costs a few megabytes; jobs are made as they are read.
    """

    def __init__(
        self,
        sources: list[str | Report | Loaded],
        folders: list[str],
        folder_of: array.array[int],
        wanted: list[str],
    ) -> None:
        self._sources = sources
        self._folders = folders
        self._folder_of = folder_of
        self._wanted = wanted
        # Only the names that had to be numbered are kept apart (usually none).
        keys = [(folder_key(folders[i]), name) for i, name in zip(folder_of, wanted, strict=True)]
        self._numbered = {i: name for i, name in enumerate(distinct_names(keys)) if name != wanted[i]}

    def __len__(self) -> int:
        return len(self._sources)

    @overload
    def __getitem__(self, index: int) -> RenderJob: ...

    @overload
    def __getitem__(self, index: slice) -> list[RenderJob]: ...

    def __getitem__(self, index: int | slice) -> RenderJob | list[RenderJob]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        index = range(len(self))[index]
        source = self._sources[index]
        name = self._numbered.get(index, self._wanted[index])
        output = Path(self._folders[self._folder_of[index]], name)
        return RenderJob(Path(source) if isinstance(source, str) else source, output, index in self._numbered)

    @property
    def renumbered(self) -> list[RenderJob]:
        """The jobs whose output name was numbered (an earlier report has the same title)."""
        return [self[i] for i in sorted(self._numbered)]

    @property
    def folders(self) -> list[Path]:
        """The folders the outputs go to."""
        return [Path(folder) for folder in sorted(set(self._folders[i] for i in set(self._folder_of)))]

    @property
    def from_roster(self) -> bool:
        """Whether any report comes from a roster (a 汇总表 with one agency per row)."""
        return any(isinstance(source, Loaded) and source.row is not None for source in self._sources)

    def into(self, folder: str | os.PathLike[str]) -> Plan:
        """The same reports with every output in ``folder`` instead."""
        return Plan(self._sources, [os.fspath(folder)], array.array("L", [0]) * len(self), self._wanted)


def plan(sources: Iterable[str | os.PathLike[str] | Report], output_dir: str | os.PathLike[str] | None = None) -> Plan:
    """A job per report with its output path, every path distinct, decided before rendering.

    Outputs go to ``output_dir``, else beside each input, named after the report's
    title. Data files are read later, by whichever process renders them (only their
    titles are read here); workbooks, rosters and report documents are read now, a
    roster's reports going to a folder beside it named after it. An input that cannot
    be read is planned too, named after its file: it fails when rendered, with the reason.
    """
    target = os.fspath(output_dir) if output_dir is not None else None
    planned: list[str | Report | Loaded] = []
    folders: list[str] = []
    folder_index: dict[str, int] = {}
    folder_of = array.array("L")
    wanted: list[str] = []

    def add(source: str | Report | Loaded, folder: str, title: str) -> None:
        if folder not in folder_index:
            folder_index[folder] = len(folders)
            folders.append(folder)
        planned.append(source)
        folder_of.append(folder_index[folder])
        wanted.append(file_name(title) + OUTPUT_SUFFIX)

    for source in expand(sources):
        if isinstance(source, Report):
            if target is None:
                raise ValueError("渲染内存中的报告须指定输出目录（output_dir）")
            add(source, target, source.title)
        elif os.path.splitext(source)[1].lower() in datafile.SUFFIXES:
            folder = target if target is not None else os.path.dirname(source)
            add(source, folder, title_of(source) or Path(source).stem)
        else:
            beside = os.path.dirname(source)
            roster_folder = os.path.join(os.path.dirname(os.path.abspath(source)), Path(source).stem)
            for entry in read_source(source):
                default = roster_folder if entry.row is not None else beside
                title = entry.report.title if entry.report is not None else entry.name
                add(entry, target if target is not None else default, title)
    return Plan(planned, folders, folder_of, wanted)


def read_source(path: str | os.PathLike[str]) -> list[Loaded]:
    """Every report of an input other than a data file (see :func:`nianbao.inputs.read_inputs`).

    A roster without any agency is one entry that fails, saying so.
    """
    entries = inputs.read_inputs(path)
    if not entries:
        issue = DataIssue(os.fspath(path), "汇总表中没有任何机关的数据")
        return [Loaded(os.fspath(path), Path(path).name, None, (issue,))]
    return entries


def run(jobs: Sequence[RenderJob], settings: RenderSettings, processes: int | None = None) -> Iterator[RenderResult]:
    """Render ``jobs`` and yield their results in order, in ``processes`` workers.

    Raises :class:`~nianbao.errors.TemplateError` at once if the template cannot
    be used, rather than failing every report for it.
    """
    if not jobs:
        return iter(())
    prepared_template(settings.template)
    if settings.extras.pdf:
        pdf.find_soffice()  # no LibreOffice: one error now, not one per report
    workers = min(processes or cpu_count(), len(jobs))
    if workers <= 1:
        return (render_one(job, settings) for job in jobs)
    return _run_in_pool(jobs, settings, workers)


def render_one(job: RenderJob, settings: RenderSettings) -> RenderResult:
    """One report, start to end: load → checks → context (with standard sentences) → document → outputs.

    Never raises for a fault of this report: it becomes the result's error, so one
    bad input never stops a batch.
    """
    name = job.name
    written: Path | None = None
    try:
        report = _read(job.source)
        name = report.agency
        if not settings.force:
            checks.ensure_no_errors(report)
        context = build_context(report)
        document = prepared_template(settings.template).render(context)
        settings.extras.check(job.output, overwrite=settings.overwrite)  # nothing in the way of the set
        write_output(job.output, document, overwrite=settings.overwrite)
        written = job.output
        extras = tuple(settings.extras.write(report, job.output))
    except checks.ReportHasErrors as exc:
        reasons = tuple(str(finding) for finding in exc.findings)
        return RenderResult(job.label, error=str(exc), name=name, reasons=reasons, refused=True)
    except DataError as exc:
        reasons = tuple(_issue_line(issue) for issue in exc.issues)
        return RenderResult(job.label, error=str(exc), name=name, reasons=reasons)
    except NianbaoError as exc:
        return RenderResult(job.label, written, error=str(exc), name=name, reasons=(str(exc),))
    except Exception as exc:  # noqa: BLE001 - a fault in one report must not stop the batch
        reason = f"意外错误（{type(exc).__name__}：{exc}），请向 nianbao 报告此问题"
        return RenderResult(job.label, written, error=reason, name=name, reasons=(reason,))
    return RenderResult(job.label, job.output, extras=extras, name=name)


def _read(source: Source) -> Report:
    """The report of a job: read from its data file, or as read when planned."""
    if isinstance(source, Report):
        return source
    if isinstance(source, Loaded):
        if source.report is None or source.issues:
            raise DataError(source.issues)
        return source.report
    return datafile.load(source)


def _issue_line(issue: DataIssue) -> str:
    """An issue without its file (the list names the file once): line, place, fault."""
    line = f"第{issue.line}行：" if issue.line is not None else ""
    location = f"{issue.location}：" if issue.location else ""
    return f"{line}{location}{issue.message}"


_prepared = threading.local()


def prepared_template(template: Path | None) -> PreparedTemplate:
    """The template prepared once per process and thread (see :mod:`nianbao.prepared`).

    Prepared again only if the file changes (a long-running script may edit it).
    """
    path = template if template is not None else default_template()
    try:
        status = path.stat()
    except OSError:
        raise TemplateError(f"模板文件不存在：{path}") from None
    key = (str(path), status.st_mtime_ns, status.st_size)
    cache: dict[tuple[str, int, int], PreparedTemplate] = _prepared.__dict__.setdefault("cache", {})
    if key not in cache:
        if len(cache) >= _MAX_TEMPLATES:
            cache.clear()
        cache[key] = PreparedTemplate.load(path)
    return cache[key]


def write_output(target: Path, content: bytes, overwrite: bool = False) -> None:
    """Write ``content`` whole or not at all; an existing file only replaced if ``overwrite``.

    The bytes go to a temporary file beside ``target`` first. It then takes the
    target's name by a rename, or, when nothing may be replaced, by a hard link
    that fails if the name exists: no window between a check and the write.
    """
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary, fd = _temporary_beside(target)
    except OSError as exc:
        raise OutputError(f"无法写入 {target}：{exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(content)
        if overwrite:
            os.replace(temporary, target)
            return
        try:
            os.link(temporary, target)
        except FileExistsError:
            raise OutputError.exists(target) from None
        except OSError:  # a file system without hard links: check, then rename
            if target.exists():
                raise OutputError.exists(target) from None
            os.replace(temporary, target)
    except OSError as exc:
        raise OutputError(f"无法写入 {target}：{exc.strerror or exc}") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


def _temporary_beside(target: Path) -> tuple[str, int]:
    """A new hidden file next to ``target``, with the permissions the umask gives any new file.

    Its name is text, not a Path: Python 3.11's pathlib interns every name it
    parses, for good, which a new random name per report would make grow.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    folder, name = os.path.split(os.fspath(target))
    while True:
        temporary = os.path.join(folder, f".{name}.{secrets.token_hex(4)}.tmp")
        try:
            return temporary, os.open(temporary, flags, 0o666)
        except FileExistsError:
            continue


def cpu_count() -> int:
    """CPUs this process may use (its affinity where the system tells it)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


# --- worker processes ---------------------------------------------------------


# The jobs of the run in progress, for forked workers (which inherit this process's memory).
_inherited: list[Sequence[RenderJob]] = []


def _run_in_pool(jobs: Sequence[RenderJob], settings: RenderSettings, workers: int) -> Iterator[RenderResult]:
    chunk = max(1, min(_MAX_CHUNK, len(jobs) // (workers * 4)))
    context = _process_context()
    forked = context.get_start_method() == "fork"
    if forked:
        # Forked workers already hold the jobs: send each one's number, not the job
        # (a report in memory costs a third of a millisecond to pickle and unpickle).
        _inherited[:] = [jobs]
        tasks: Iterable[int] | Iterable[RenderJob] = range(len(jobs))
        work = functools.partial(_render_inherited, settings=settings)
    else:
        tasks = jobs
        work = functools.partial(render_one, settings=settings)
    # Forked workers keep what this process holds (nianbao, the prepared template) frozen,
    # out of their garbage collector's way: no scanning it, no copying its pages.
    gc.freeze()
    try:
        pool = context.Pool(workers, initializer=_start_worker, initargs=(settings,))
    finally:
        gc.unfreeze()
    done = 0
    try:
        for result in pool.imap(work, tasks, chunksize=chunk):
            done += 1
            yield result
        pool.close()
    except BaseException:  # interrupted, or the caller stopped early: stop the workers now
        pool.terminate()
        pool.join()
        _remove_temporaries(itertools.islice(jobs, done, None))
        raise
    finally:
        _inherited.clear()
    pool.join()


def _render_inherited(index: int, settings: RenderSettings) -> RenderResult:
    """:func:`render_one` for job number ``index`` of the run, in a forked worker."""
    (jobs,) = _inherited
    return render_one(jobs[index], settings)


def _process_context() -> multiprocessing.context.BaseContext:
    """How to start workers: fork while this process has no other thread, else spawn.

    A forked worker starts in milliseconds with nianbao imported and the template
    prepared (copied from this process); a spawned one spends a third of a second
    on both, which is a millisecond per report over a thousand. Forking a process
    that runs other threads can copy a lock held by one of them, so then a fresh
    interpreter is spawned instead (the only way on Windows and the default on macOS).
    """
    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _start_worker(settings: RenderSettings) -> None:
    # Ctrl-C is the parent's to handle; it stops the workers and cleans up.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with contextlib.suppress(NianbaoError):  # each report then says why
        prepared_template(settings.template)


def _remove_temporaries(jobs: Iterable[RenderJob]) -> None:
    """Remove temporary files a stopped worker may have left for ``jobs``."""
    by_folder: dict[Path, set[str]] = {}
    for job in jobs:
        by_folder.setdefault(job.output.parent, set()).add(job.output.name)
    for folder, names in by_folder.items():
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith(".") and entry.name.endswith(".tmp"):
                owner = entry.name[1:].rsplit(".", 2)[0]
                if owner in names:
                    Path(entry.path).unlink(missing_ok=True)
