"""Batch rendering: failures isolated, outputs whole and distinct, results in order."""

from __future__ import annotations

import io
import multiprocessing
import os
import shutil
import stat
import threading
import zipfile
from pathlib import Path
from typing import Any

import pytest

from nianbao import batch, cli
from nianbao.batch import RenderJob, RenderSettings, render_many, write_output
from nianbao.cli import main
from nianbao.errors import OutputError, TemplateError
from nianbao.model import Report
from nianbao.publish import Extras

from support import EXAMPLE, ROOT, compare_with_reference, docx_lines

TITLE = "张店区信访局2023年政府信息公开工作年度报告"


def _data(folder: Path, name: str, agency: str = "张店区信访局") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    text = EXAMPLE.read_text(encoding="utf-8").replace("agency: 张店区信访局", f"agency: {agency}", 1)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _bad(folder: Path, name: str = "坏.yaml") -> Path:
    path = _data(folder, name, agency="坏局")
    path.write_text(path.read_text(encoding="utf-8").replace("new: [0, 0", "new: [-3, 0", 1), encoding="utf-8")
    return path


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def _document(path: Path) -> bytes:
    with zipfile.ZipFile(path) as package:
        return package.read("word/document.xml")


@pytest.mark.parametrize("processes", [1, 2])
def test_one_failing_input_does_not_stop_the_others(tmp_path: Path, processes: int) -> None:
    inputs = tmp_path / "in"
    for i in range(1, 6):
        _data(inputs, f"{i}.yaml", agency=f"第{i}局")
    bad = _bad(inputs, "3b.yaml")
    out = tmp_path / "out"
    results = list(render_many([inputs], out, processes=processes))
    assert [Path(r.source).name for r in results] == ["1.yaml", "2.yaml", "3.yaml", "3b.yaml", "4.yaml", "5.yaml"]
    failed = [r for r in results if not r.ok]
    assert [r.source for r in failed] == [str(bad)]
    assert failed[0].output is None
    assert "不能为负数" in str(failed[0].error)
    assert "表三/一、本年新收政府信息公开申请数量/自然人" in str(failed[0].error)
    for result in results:
        if result.ok:
            assert result.output is not None
            assert f"{result.output.name[:3]}" in "".join(docx_lines(result.output))
    assert sorted(p.name for p in out.iterdir()) == sorted(
        f"第{i}局2023年政府信息公开工作年度报告.docx" for i in range(1, 6)
    )


def test_parallel_and_serial_write_the_same_documents(tmp_path: Path) -> None:
    inputs = [_data(tmp_path / "in", f"{i}.yaml", agency=f"第{i}局") for i in range(4)]
    one = [r.output for r in render_many(inputs, tmp_path / "one", processes=1)]
    two = [r.output for r in render_many(inputs, tmp_path / "two", processes=2)]
    assert [p.name for p in one if p] == [p.name for p in two if p]
    for a, b in zip(one, two, strict=True):
        assert a is not None and b is not None
        assert _document(a) == _document(b)


def test_the_example_renders_token_equal_through_the_batch(tmp_path: Path) -> None:
    (result,) = render_many([EXAMPLE], tmp_path, processes=1)
    assert result.output == tmp_path / f"{TITLE}.docx"
    assert compare_with_reference(result.output).returncode == 0


def test_same_titles_get_distinct_names_in_input_order(tmp_path: Path) -> None:
    inputs = [_data(tmp_path / "in", name) for name in ("b.yaml", "a.json.yaml", "c.yaml")]
    jobs = batch.plan(inputs, tmp_path / "out")
    names = [job.output.name for job in jobs]
    assert names == [f"{TITLE}.docx", f"{TITLE}（2）.docx", f"{TITLE}（3）.docx"]
    assert [job.numbered for job in jobs] == [False, True, True]
    # Decided up front, so the same on every run and in any number of processes.
    results = list(render_many(inputs, tmp_path / "out", processes=2))
    assert [r.output.name for r in results if r.output] == names


def test_outputs_default_to_beside_each_input(tmp_path: Path) -> None:
    a = _data(tmp_path / "a", "x.yaml", agency="甲局")
    b = _data(tmp_path / "b", "x.yaml", agency="甲局")
    jobs = batch.plan([a, b])
    assert [job.output for job in jobs] == [
        tmp_path / "a" / "甲局2023年政府信息公开工作年度报告.docx",
        tmp_path / "b" / "甲局2023年政府信息公开工作年度报告.docx",
    ]


def test_reports_in_memory(tmp_path: Path) -> None:
    results = list(render_many([Report.blank("甲局", 2024), Report.blank("乙局", 2024)], tmp_path, processes=2))
    assert [r.source for r in results] == ["甲局2024年政府信息公开工作年度报告", "乙局2024年政府信息公开工作年度报告"]
    assert all(r.output is not None and r.output.is_file() for r in results)
    with pytest.raises(ValueError, match="输出目录"):
        batch.plan([Report.blank("甲局", 2024)])


def test_existing_outputs_are_kept_unless_overwrite(tmp_path: Path) -> None:
    data = _data(tmp_path, "a.yaml")
    out = tmp_path / f"{TITLE}.docx"
    out.write_bytes(b"old")
    (result,) = render_many([data], processes=1)
    assert not result.ok
    assert "已存在" in str(result.error)
    assert out.read_bytes() == b"old"
    (result,) = render_many([data], settings=RenderSettings(overwrite=True), processes=1)
    assert result.ok
    assert compare_with_reference(out).returncode == 0
    assert _leftovers(tmp_path) == []


def test_a_bad_template_is_one_error_before_anything_renders(tmp_path: Path) -> None:
    data = _data(tmp_path, "a.yaml")
    with pytest.raises(TemplateError, match="模板文件不存在"):
        list(render_many([data], settings=RenderSettings(template=tmp_path / "none.docx"), processes=2))
    assert not (tmp_path / f"{TITLE}.docx").exists()


def test_a_template_failing_mid_render_leaves_no_file(tmp_path: Path) -> None:
    from docx import Document

    template = tmp_path / "t.docx"
    doc = Document()
    doc.add_paragraph("{{ title }}{{ no_such_key.deeper }}")
    doc.save(str(template))
    data = _data(tmp_path / "in", "a.yaml")
    (result,) = render_many([data], tmp_path / "out", settings=RenderSettings(template=template), processes=1)
    assert not result.ok
    assert "渲染失败" in str(result.error)
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []


# --- writing ------------------------------------------------------------------------


class _FailingFile(io.BytesIO):
    """A file that takes half of what it is given, then the disk is full."""

    def write(self, data: Any) -> int:
        super().write(bytes(data)[: len(data) // 2])
        raise OSError(28, "No space left on device")

    def __enter__(self) -> _FailingFile:
        return self


def test_no_partial_file_when_writing_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def failing_fdopen(fd: int, mode: str = "rb") -> _FailingFile:
        os.close(fd)
        return _FailingFile()

    monkeypatch.setattr(batch.os, "fdopen", failing_fdopen)
    target = tmp_path / "r.docx"
    with pytest.raises(OutputError, match="无法写入"):
        write_output(target, b"PK" + b"x" * 1000)
    assert list(tmp_path.iterdir()) == []
    (result,) = render_many([_data(tmp_path / "in", "a.yaml")], tmp_path / "out", processes=1)
    assert not result.ok
    assert "No space left on device" in str(result.error)
    assert list((tmp_path / "out").iterdir()) == []


def test_no_partial_file_when_the_run_is_stopped(tmp_path: Path) -> None:
    inputs = [_data(tmp_path / "in", f"{i}.yaml", agency=f"第{i}局") for i in range(24)]
    out = tmp_path / "out"
    results = render_many(inputs, out, processes=2)
    first = next(results)
    assert first.ok
    results.close()  # the caller stops early: workers end, their temporary files go
    assert _leftovers(out) == []
    for path in out.iterdir():
        with zipfile.ZipFile(path) as package:
            assert package.testzip() is None


def test_outputs_get_the_usual_permissions(tmp_path: Path) -> None:
    target = tmp_path / "r.docx"
    old = os.umask(0o022)
    try:
        write_output(target, b"x")
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_write_output_never_replaces_without_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "r.docx"
    target.write_bytes(b"old")
    with pytest.raises(OutputError, match="已存在"):
        write_output(target, b"new")
    assert target.read_bytes() == b"old"
    write_output(target, b"new", overwrite=True)
    assert target.read_bytes() == b"new"
    assert _leftovers(tmp_path) == []


# --- the command line -----------------------------------------------------------------


def test_cli_batch_summary_names_the_failure(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    inputs = tmp_path / "in"
    for i in range(1, 4):
        _data(inputs, f"{i}.yaml", agency=f"第{i}局")
    bad = _bad(inputs)
    out = tmp_path / "out"
    assert main(["render", str(inputs), "-o", f"{out}/", "-j", "2"]) == 1
    lines = capsys.readouterr().err.splitlines()
    line = next(i for i, text in enumerate(bad.read_text(encoding="utf-8").splitlines(), 1) if "new: [-3" in text)
    assert lines == [
        f"已生成 3 份报告，保存在：{out}",
        "以下 1 个机关未生成：",
        f"  坏.yaml（{bad}）：",
        f"    第{line}行：表三/一、本年新收政府信息公开申请数量/自然人：不能为负数，实为 -3",
    ]
    assert len(list(out.iterdir())) == 3


def test_cli_batch_lists_reports_refused_by_the_checks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = _data(tmp_path / "in", "a.yaml", agency="甲局")
    unbalanced = _data(tmp_path / "in", "b.yaml", agency="乙局")
    text = unbalanced.read_text(encoding="utf-8").replace("new: [0, 0", "new: [5, 0", 1)
    unbalanced.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["render", str(good), str(unbalanced), "-o", f"{out}/"]) == 1
    err = capsys.readouterr().err
    assert "以下 1 个机关未生成（确需照原样生成有校验错误的报告，可加 --force）：" in err
    assert f"  乙局（{unbalanced}）：" in err
    assert "    错误 [R1] 表三/申请人情况/自然人" in err
    assert main(["render", str(good), str(unbalanced), "-o", f"{out}/", "--force", "--overwrite"]) == 0
    assert len(list(out.iterdir())) == 2


def test_cli_batch_plain_progress_lines_off_a_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli, "PROGRESS_INTERVAL", 0.0)
    sources = [_data(tmp_path, f"{i}.yaml", agency=f"第{i}局") for i in range(3)]
    assert main(["render", *map(str, sources), "-j", "1"]) == 0
    lines = capsys.readouterr().err.splitlines()
    assert [line.split("，已用")[0] for line in lines[:2]] == ["进度：1/3 份，失败 0 份", "进度：2/3 份，失败 0 份"]
    assert lines[2] == f"已生成 3 份报告，保存在：{tmp_path}"


def test_cli_batch_all_good_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a = _data(tmp_path, "a.yaml", agency="甲局")
    b = _data(tmp_path, "b.yaml", agency="乙局")
    assert main(["render", str(a), str(b), "-j", "1"]) == 0
    assert capsys.readouterr().err == f"已生成 2 份报告，保存在：{tmp_path}\n"
    assert (tmp_path / "甲局2023年政府信息公开工作年度报告.docx").is_file()
    assert (tmp_path / "乙局2023年政府信息公开工作年度报告.docx").is_file()


def test_cli_notes_numbered_outputs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a = _data(tmp_path / "in", "a.yaml")
    b = _data(tmp_path / "in", "b.yaml")
    assert main(["render", str(a), str(b), "-o", str(tmp_path / "out")]) == 0
    err = capsys.readouterr().err
    assert f"注意：{b} 与前面的报告标题相同，输出为 {TITLE}（2）.docx" in err


def test_cli_progress_bar_on_a_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    a = _data(tmp_path, "a.yaml", agency="甲局")
    b = _bad(tmp_path)
    monkeypatch.setattr("sys.stderr.isatty", lambda: True)
    assert main(["render", str(a), str(b), "-j", "1"]) == 1
    err = capsys.readouterr().err
    assert "排版: 100%" in err
    assert "2/2" in err
    assert "已生成：" not in err  # the bar replaces the plain lines
    assert "失败 1 份" in err


def test_cli_many_inputs_need_an_output_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a = _data(tmp_path, "a.yaml", agency="甲局")
    assert main(["render", str(a), str(a), "-o", str(tmp_path / "x.docx")]) == 2
    assert "应为输出目录" in capsys.readouterr().err
    assert not (tmp_path / "x.docx").exists()


def test_cli_single_input_into_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    out.mkdir()
    assert main(["render", str(EXAMPLE), "-o", str(out)]) == 0
    assert f"已生成：{out / (TITLE + '.docx')}" in capsys.readouterr().err


def test_cli_rejects_bad_job_counts(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["render", str(EXAMPLE), "-j", "0"])
    assert exit_info.value.code == 2
    assert "应为正整数" in capsys.readouterr().err


def test_cli_empty_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty").mkdir()
    shutil.copy(EXAMPLE, tmp_path / "note.txt")
    assert main(["render", str(tmp_path / "empty")]) == 1
    assert "中没有可排版的文件" in capsys.readouterr().err


def test_jobs_keep_their_order_and_sources(tmp_path: Path) -> None:
    jobs = [RenderJob(_data(tmp_path, f"{i}.yaml", agency=f"第{i}局"), tmp_path / f"{i}.docx") for i in range(3)]
    results = list(batch.run(jobs, RenderSettings(), processes=2))
    assert [r.output for r in results] == [job.output for job in jobs]
    assert [r.source for r in results] == [str(job.source) for job in jobs]


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_workers_started_either_way(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, method: str) -> None:
    if method not in multiprocessing.get_all_start_methods():
        pytest.skip(f"{method} 不可用")
    monkeypatch.setattr(batch, "_process_context", lambda: multiprocessing.get_context(method))
    inputs = [_data(tmp_path / "in", f"{i}.yaml", agency=f"第{i}局") for i in range(3)] + [_bad(tmp_path / "in")]
    results = list(render_many(inputs, tmp_path / "out", processes=2))
    assert [r.ok for r in results] == [True, True, True, False]


def test_workers_are_spawned_when_threads_run() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert batch._process_context().get_start_method() == "spawn"
    finally:
        stop.set()
        thread.join()


def test_the_documented_script_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = (ROOT / "docs" / "batch.md").read_text(encoding="utf-8")
    (block,) = [b.split("```", 1)[0] for b in text.split("```python\n")[1:]]
    _data(tmp_path / "各部门", "a.yaml", agency="甲局")
    _bad(tmp_path / "各部门")
    monkeypatch.chdir(tmp_path)
    exec(compile(block, "docs/batch.md", "exec"), {"__name__": "__docs__"})
    assert [p.name for p in (tmp_path / "输出").iterdir()] == ["甲局2023年政府信息公开工作年度报告.docx"]


def test_a_changed_template_is_prepared_again(tmp_path: Path) -> None:
    from docx import Document

    path = tmp_path / "t.docx"
    doc = Document()
    doc.add_paragraph("{{ title }}")
    doc.save(str(path))
    first = batch.prepared_template(path)
    assert batch.prepared_template(path) is first
    doc.add_paragraph("{{ agency }}")
    doc.save(str(path))
    os.utime(path, ns=(1, 1))
    assert batch.prepared_template(path) is not first


def test_cli_batch_makes_web_pages_beside_each_document(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a = _data(tmp_path / "in", "a.yaml", agency="甲局")
    b = _data(tmp_path / "in", "b.yaml", agency="乙局")
    out = tmp_path / "out"
    assert main(["render", str(a), str(b), "-o", f"{out}/", "--html", "-j", "2"]) == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(f"{x}局2023年政府信息公开工作年度报告{s}" for x in "甲乙" for s in (".docx", ".html"))
    page = (out / "乙局2023年政府信息公开工作年度报告.html").read_text(encoding="utf-8")
    assert "<h1>乙局2023年政府信息公开工作年度报告</h1>" in page


def test_a_web_page_in_the_way_fails_that_report_only(tmp_path: Path) -> None:
    a = _data(tmp_path / "in", "a.yaml", agency="甲局")
    b = _data(tmp_path / "in", "b.yaml", agency="乙局")
    out = tmp_path / "out"
    out.mkdir()
    blocker = out / "甲局2023年政府信息公开工作年度报告.html"
    blocker.write_text("keep", encoding="utf-8")
    settings = RenderSettings(extras=Extras(html=True))
    first, second = render_many([a, b], out, settings=settings, processes=1)
    assert not first.ok and "已存在" in str(first.error)
    assert first.output is None  # refused before the .docx was written
    assert not blocker.with_suffix(".docx").exists()
    assert blocker.read_text(encoding="utf-8") == "keep"
    assert second.ok
    assert second.outputs == (second.output, out / "乙局2023年政府信息公开工作年度报告.html")


def test_cli_template_applies_to_every_report(tmp_path: Path) -> None:
    from docx import Document

    template = tmp_path / "t.docx"
    doc = Document()
    doc.add_paragraph("自定义：{{ title }}")
    doc.save(str(template))
    a = _data(tmp_path / "in", "a.yaml", agency="甲局")
    b = _data(tmp_path / "in", "b.yaml", agency="乙局")
    out = tmp_path / "out"
    assert main(["render", str(a), str(b), "-o", f"{out}/", "--template", str(template), "-j", "2"]) == 0
    for agency in ("甲局", "乙局"):
        lines = docx_lines(out / f"{agency}2023年政府信息公开工作年度报告.docx")
        assert f"自定义：{agency}2023年政府信息公开工作年度报告" in lines
    single = tmp_path / "single.docx"
    assert main(["render", str(a), "-o", str(single), "--template", str(template)]) == 0
    assert "自定义：甲局2023年政府信息公开工作年度报告" in docx_lines(single)


def test_a_folder_with_a_roster_and_data_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from nianbao import roster

    inputs = tmp_path / "in"
    _data(inputs, "a.yaml", agency="甲局")
    reports = [Report.blank(f"第{i}局", 2024) for i in range(1, 4)]
    roster.write_roster(inputs / "汇总表.xlsx", reports)
    out = tmp_path / "out"
    assert main(["render", str(inputs), "-o", str(out), "-j", "2"]) == 0
    expected = [f"第{i}局2024年政府信息公开工作年度报告.docx" for i in range(1, 4)]
    expected.append("甲局2023年政府信息公开工作年度报告.docx")
    assert sorted(p.name for p in out.iterdir()) == sorted(expected)
    assert capsys.readouterr().err == f"已生成 4 份报告，保存在：{out}\n"
