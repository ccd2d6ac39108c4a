"""Output names: a report's file is named after its title, and no two outputs collide.

Names are decided before anything is rendered, from the inputs and their order
alone, so they are the same on every run and no two workers can race for one.

>>> distinct_names([("out", "甲.docx"), ("out", "乙.docx"), ("out", "甲.docx")])
['甲.docx', '乙.docx', '甲（2）.docx']
>>> file_name("某局/某处2024年报告")
'某局_某处2024年报告'
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Hashable, Sequence
from pathlib import Path
from typing import Any, Final

import yaml

from nianbao import datafile, labels
from nianbao.errors import NianbaoError

# Characters Windows, macOS or Linux refuse in a file name, and control characters.
_UNSAFE: Final = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')
# Room for "（99）.docx" within the common 255-byte limit of a name.
_MAX_NAME_BYTES: Final = 200
_TITLE_KEYS: Final = frozenset({"agency", "year"})
_YAML_SUFFIXES: Final = (".yaml", ".yml")


def file_name(title: str) -> str:
    """``title`` made safe as a file name on any system (no extension added)."""
    name = _UNSAFE.sub("_", title).strip().rstrip(".")
    while len(name.encode("utf-8")) > _MAX_NAME_BYTES:
        name = name[:-1]
    return name or "报告"


def distinct_names(wanted: Sequence[tuple[Hashable, str]]) -> list[str]:
    """File names made distinct within each folder: the second 甲.docx becomes 甲（2）.docx.

    ``wanted`` pairs a folder (any key standing for it, see :func:`folder_key`) with
    the name a file would like there, in input order. A number never takes a name
    another file wants as is, and names differing only in letter case count as the
    same (as on Windows and macOS).
    """
    taken: set[tuple[Hashable, str]] = set()
    for folder, name in wanted:
        key = (folder, name.casefold())
        if key in taken:
            break
        taken.add(key)
    else:
        return [name for _, name in wanted]  # no repeats, the usual case
    taken.update((folder, name.casefold()) for folder, name in wanted)
    given: set[tuple[Hashable, str]] = set()
    names: list[str] = []
    for folder, name in wanted:
        stem, suffix = os.path.splitext(name)
        candidate, number = name, 1
        while (folder, candidate.casefold()) in given or (number > 1 and (folder, candidate.casefold()) in taken):
            number += 1
            candidate = f"{stem}（{number}）{suffix}"
        given.add((folder, candidate.casefold()))
        names.append(candidate)
    return names


def folder_key(folder: str | os.PathLike[str]) -> str:
    """The same text for every spelling of a folder (relative, ``./``, letter case on Windows)."""
    return os.path.normcase(os.path.abspath(folder))


def title_of(source: str | os.PathLike[str]) -> str | None:
    """The title of the report in a data file, read cheaply; None if it cannot be read.

    YAML is read only up to its ``agency`` and ``year`` keys, JSON whole; any other
    format is loaded in full. A file that will not load gets None here and fails
    later with the full reason.
    """
    path = Path(source)
    try:
        suffix = path.suffix.lower()
        if suffix in _YAML_SUFFIXES:
            fields = _top_level_yaml(path.read_text(encoding="utf-8"))
        elif suffix == ".json":
            data = json.loads(path.read_text(encoding="utf-8"))
            fields = {k: data.get(k) for k in _TITLE_KEYS} if isinstance(data, dict) else None
        else:
            return datafile.load(path).title
        if fields is None:
            return datafile.load(path).title
        agency, year = fields.get("agency"), fields.get("year")
        if isinstance(year, str) and year.isascii() and year.isdigit():
            year = int(year)
        if not isinstance(agency, str) or not agency.strip() or type(year) is not int:
            return None
        return f"{agency}{year}{labels.TITLE_SUFFIX}"  # as Report.title
    except (NianbaoError, OSError, UnicodeDecodeError, ValueError, TypeError, yaml.YAMLError):
        return None


def _top_level_yaml(text: str) -> dict[str, Any] | None:
    """The plain ``agency`` and ``year`` scalars of a YAML mapping, parsing no further.

    None when the file is not that simple (aliases, merge keys, complex keys): the
    caller then loads it in full.
    """
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    found: dict[str, Any] = {}
    depth = 0
    key: str | None = None
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.StreamStartEvent | yaml.DocumentStartEvent):
            continue
        if depth == 0:
            if not isinstance(event, yaml.MappingStartEvent):
                return None
            depth = 1
            continue
        if depth == 1 and key is None:  # a key of the top mapping, or its end
            if isinstance(event, yaml.MappingEndEvent):
                break
            if not isinstance(event, yaml.ScalarEvent) or event.value == "<<":
                return None
            key = event.value
            continue
        if depth == 1:  # the value of ``key``
            if isinstance(event, yaml.ScalarEvent):
                if key in _TITLE_KEYS:
                    found[key] = event.value
                key = None
                if len(found) == len(_TITLE_KEYS):
                    break
                continue
            if isinstance(event, yaml.AliasEvent):
                if key in _TITLE_KEYS:
                    return None
                key = None
                continue
        if isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            depth += 1
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            depth -= 1
            if depth == 1:
                key = None
    return found
