"""The dependency rules, enforced.

`kinerja/` is a pure core: it imports only the standard library and itself. `db/` may import
`kinerja/` but not `bot/`. The use cases (and the services they get) know nothing of Telegram,
so the chat, the CLI, the scheduler and the web share them; handlers and renderers reach the
database only through a use case.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
STDLIB = sys.stdlib_module_names


def _modules(source: str) -> list[str]:
    """Every module a file imports, by its full dotted name."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.extend(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _full_imports(package: str) -> list[tuple[Path, str]]:
    base = ROOT / package
    paths = [base] if base.is_file() else sorted(base.rglob("*.py"))
    return [(p, m) for p in paths for m in _modules(p.read_text(encoding="utf-8"))]


def _imports(package: str) -> list[tuple[Path, str]]:
    return [(p, m.split(".")[0]) for p, m in _full_imports(package)]


def _offenders(package: str, forbidden: tuple[str, ...]) -> list[str]:
    return [
        f"{path.relative_to(ROOT)} imports {module}"
        for path, module in _full_imports(package)
        if any(module == f or module.startswith(f + ".") for f in forbidden)
    ]


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


SHELL = ("bot.handlers", "bot.render", "bot.runtime", "bot.messaging", "bot.app", "bot.cli")


def test_use_cases_know_nothing_of_telegram_or_the_shell() -> None:
    assert _offenders("bot/usecases", ("telegram", "bot.emulator", *SHELL)) == []


def test_the_services_know_nothing_of_telegram() -> None:
    """Built by the app factory with the runtime's metrics, handed to every use case."""
    forbidden = ("telegram", "bot.handlers", "bot.render", "bot.messaging", "bot.usecases")
    assert _offenders("bot/services.py", forbidden) == []


@pytest.mark.parametrize("package", ["bot/handlers", "bot/render"])
def test_handlers_and_renderers_reach_the_database_through_use_cases(package: str) -> None:
    assert (
        _offenders(package, ("db.repositories", "db.models", "db.transaction", "sqlalchemy")) == []
    )


def test_the_cli_reaches_the_database_through_use_cases() -> None:
    """It may migrate (`db.migrate`) and name a database error, but reads and writes rows only
    through a use case, like the chat and the scheduler."""
    assert _offenders("bot/cli", ("db.repositories", "db.models", "db.transaction")) == []


MAX_LINES = 400


def test_no_module_does_several_jobs_at_once() -> None:
    """A module past 400 lines has been doing more than one job (migrations are history)."""
    long = [
        f"{path.relative_to(ROOT)}: {lines} lines"
        for package in ("bot", "kinerja", "db")
        for path in sorted((ROOT / package).rglob("*.py"))
        if "migrations" not in path.parts
        and (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    ]
    assert long == []


def test_the_checker_sees_a_forbidden_import(tmp_path: Path) -> None:
    """Guard against a test that cannot fail: the parser does find imports."""
    probe = tmp_path / "probe.py"
    probe.write_text("import sqlalchemy\nfrom telegram import Bot\nfrom bot.render import survey\n")
    assert _modules(probe.read_text()) == ["sqlalchemy", "telegram.Bot", "bot.render.survey"]
