"""`pip install .` (not editable) into a fresh virtual environment renders the example."""

from __future__ import annotations

import shutil
import subprocess
import sys
import venv
from pathlib import Path

from support import EXAMPLE, ROOT, compare_with_reference


def test_wheel_install_renders_from_another_directory(tmp_path: Path) -> None:
    source = tmp_path / "source"
    # Copy the tracked tree only, so the build sees what a clean clone has.
    files = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    for name in filter(None, files):
        src = ROOT / name.decode()
        if src.is_file():
            (source / name.decode()).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, source / name.decode())
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", str(source)],
        check=True,
        capture_output=True,
    )
    shutil.rmtree(source)  # the installed package must not lean on the source tree
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    data = elsewhere / "data.yaml"
    shutil.copy(EXAMPLE, data)
    done = subprocess.run(
        [str(env_dir / "bin" / "nianbao"), "render", "data.yaml", "-o", "out.docx", "--html"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert compare_with_reference(elsewhere / "out.docx").returncode == 0
    assert "<!DOCTYPE html>" in (elsewhere / "out.html").read_text(encoding="utf-8")  # report.html is packaged
    template = subprocess.run(
        [str(python), "-c", "from nianbao.render import default_template; print(default_template())"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "site-packages" in template
    assert sys.prefix not in template
