"""The dependency rule, enforced: `kinerja/` is a pure core.

It imports only the standard library and itself; `db/` may import `kinerja/` but not `bot/`.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
STDLIB = sys.stdlib_module_names


def _imports(package: str) -> list[tuple[Path, str]]:
    found: list[tuple[Path, str]] = []
    for path in sorted((ROOT / package).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.extend((path, alias.name.split(".")[0]) for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.append((path, node.module.split(".")[0]))
    return found


def test_kinerja_imports_only_the_standard_library_and_itself() -> None:
    offenders = [
        f"{path.relative_to(ROOT)} imports {module}"
        for path, module in _imports("kinerja")
        if module != "kinerja" and module != "__future__" and module not in STDLIB
    ]
    assert offenders == []


@pytest.mark.parametrize("forbidden", ["telegram", "sqlalchemy", "bot", "db", "asyncio"])
def test_kinerja_never_imports(forbidden: str) -> None:
    assert [str(p) for p, m in _imports("kinerja") if m == forbidden] == []


def test_db_never_imports_the_telegram_shell() -> None:
    assert [str(p) for p, m in _imports("db") if m in ("bot", "telegram")] == []


def test_the_checker_sees_a_forbidden_import(tmp_path: Path) -> None:
    """Guard against a test that cannot fail: the parser does find imports."""
    probe = tmp_path / "probe.py"
    probe.write_text("import sqlalchemy\nfrom telegram import Bot\n")
    modules = [
        node.names[0].name if isinstance(node, ast.Import) else node.module
        for node in ast.walk(ast.parse(probe.read_text()))
        if isinstance(node, ast.Import | ast.ImportFrom)
    ]
    assert modules == ["sqlalchemy", "telegram"]
