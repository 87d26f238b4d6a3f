"""Reading the human-edited YAML catalogue, with the line of every value for error messages."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from kinerja.catalog import Catalog, parse_catalog
from kinerja.errors import CatalogError

Lines = dict[tuple[str | int, ...], int]

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "pauh.yaml"
"""The Pauh catalogue of the quick start, the demo, `kinerja chat` and the benchmarks."""


@dataclass(frozen=True, slots=True)
class CatalogFileError(Exception):
    file: str
    line: int | None
    where: str
    problem: str


def read_catalog(path: Path) -> Catalog:
    """Parse and validate; any problem raises `CatalogFileError` before anything is written."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise CatalogFileError(str(path), None, "-", str(error)) from None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        document = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(error, "problem", None) or str(error)
        raise CatalogFileError(str(path), line, "YAML", str(problem)) from None
    lines: Lines = {}
    if node is not None:
        _index(node, (), lines, str(path))
    try:
        return parse_catalog(document)
    except CatalogError as error:
        raise CatalogFileError(
            str(path), _line_of(error.path, lines), _where(error.path), error.problem
        ) from None


def _index(node: yaml.Node, path: tuple[str | int, ...], lines: Lines, file: str) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in seen:
                raise CatalogFileError(
                    file, key_node.start_mark.line + 1, _where((*path, key)), "duplicate key"
                )
            seen.add(key)
            lines[(*path, key)] = key_node.start_mark.line + 1
            _index(value_node, (*path, key), lines, file)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _index(item, (*path, i), lines, file)


def _line_of(path: tuple[str | int, ...], lines: Lines) -> int | None:
    for end in range(len(path), -1, -1):
        if path[:end] in lines:
            return lines[path[:end]]
    return None


def _where(path: tuple[str | int, ...]) -> str:
    where = ""
    for part in path:
        where += f"[{part}]" if isinstance(part, int) else (f".{part}" if where else part)
    return where or "<root>"
