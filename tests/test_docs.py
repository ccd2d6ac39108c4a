"""The user documentation stays complete: every data file key is documented."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from nianbao.cli import main
from nianbao.schema import json_schema

from support import EXAMPLE, ROOT


def _keys(node: dict[str, Any], path: tuple[str, ...] = ()) -> Iterator[str]:
    for key, child in node.get("properties", {}).items():
        yield ".".join((*path, key))
        yield from _keys(child, (*path, key))
    items = node.get("items")
    if isinstance(items, dict) and "properties" in items:
        yield from _keys(items, (*path, "[]"))


def test_data_format_documents_every_key_with_its_label() -> None:
    text = (ROOT / "docs" / "data-format.md").read_text(encoding="utf-8")
    schema = json_schema()
    missing = [key for key in _keys(schema) if f"`{key}`" not in text]
    assert not missing, f"docs/data-format.md lacks: {missing}"
    for key, prop in schema["properties"].items():
        assert prop["title"] in text, key


def _python_blocks(name: str) -> list[str]:
    text = (ROOT / "docs" / name).read_text(encoding="utf-8")
    return [block.split("```", 1)[0] for block in text.split("```python\n")[1:]]


def test_api_examples_run(tmp_path: Any, monkeypatch: Any) -> None:
    import shutil

    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    blocks = _python_blocks("api.md")
    assert len(blocks) == 2
    for block in blocks:
        exec(compile(block, "docs/api.md", "exec"), {"__name__": "__docs__"})
    written = sorted(p.name for p in (tmp_path / "out-2024").iterdir())
    assert "某市交通运输局2024年政府信息公开工作年度报告.docx" in written
    assert "某市教育局.yaml" in written
    assert len(written) == 6


def test_tutorial_error_sample_is_what_the_command_prints(tmp_path: Any, capsys: Any, monkeypatch: Any) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    bad = text.replace("new: [0, 0, 0, 0, 0, 0]", "new: [0, 1.5, 0, 0, 0, 0]", 1).replace("year: 2023", "yaer: 2023", 1)
    data = tmp_path / "我局2024.yaml"
    data.write_text(bad, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["render", "我局2024.yaml"]) == 1
    printed = capsys.readouterr().err.strip().splitlines()
    tutorial = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    sample = tutorial.split("```\n错误：", 1)[1].split("```", 1)[0]
    assert ["错误：" + sample.splitlines()[0], *sample.splitlines()[1:]] == printed
