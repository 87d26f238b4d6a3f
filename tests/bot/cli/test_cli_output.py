"""A file the CLI writes is never the live database: `--out kinerja.db` is refused, untouched."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Annotated, get_args, get_origin, get_type_hints

import pytest
import typer
from typer.models import OptionInfo
from typer.testing import CliRunner

from bot.cli import app
from bot.texts import CATALOGUES
from kinerja.catalog import Catalog
from kinerja.types import Language
from tests.bot.conftest import use_cli_environment

ID = CATALOGUES[Language.ID]
runner = CliRunner()
TARGET = "{target}"

# Every option that names a file (or folder) the CLI writes, with a command line that would
# otherwise write it. The meta-test below keeps this table complete.
WRITERS: dict[tuple[str, str], list[str]] = {
    ("qr", "--out"): ["qr", "PKM-PAUH-UMUM", "--out", TARGET],
    ("tokens", "--out"): ["tokens", "PKM-PAUH-UMUM", "--count", "2", "--out", TARGET],
    ("export responses", "--out"): [
        *("export", "responses", "--from", "2026-11-01", "--to", "2026-11-30", "--out", TARGET),
    ],
    ("export reports", "--out"): [
        *("export", "reports", "--from", "2026-11-01", "--to", "2026-11-30", "--out", TARGET),
        *("--format", "xlsx"),
    ],
    ("export indicators", "--out"): [
        "export",
        "indicators",
        "--period",
        "2026-11",
        "--out",
        TARGET,
    ],
    ("report skm", "--out"): [
        *("report", "skm", "--unit", "PKM-PAUH", "--period", "2026-Q4", "--out", TARGET),
    ],
    ("invite create", "--qr"): [
        *("invite", "create", "--role", "asn", "--unit", "PKM-PAUH-UMUM"),
        *("--nip", "199001012015032001", "--name", "Rina Marlina", "--qr", TARGET),
    ],
    ("demo", "--out"): ["demo", "--out", TARGET],
    ("chat", "--database"): ["chat", "--database", TARGET],
}


def _path_options(group: typer.Typer, prefix: str = "") -> set[tuple[str, str]]:
    """(command, option) for every option declared as a Path, read from the commands' hints."""
    found: set[tuple[str, str]] = set()
    for info in group.registered_commands:
        assert info.callback is not None
        name = f"{prefix} {info.name or info.callback.__name__.replace('_', '-')}".strip()
        for hint in get_type_hints(info.callback, include_extras=True).values():
            if get_origin(hint) is not Annotated:
                continue
            base, *extras = get_args(hint)
            if Path not in (base, *get_args(base)):
                continue
            for extra in extras:
                if isinstance(extra, OptionInfo):
                    # in Annotated[..., typer.Option("--out")] the name is the first argument
                    found.add((name, str([*(extra.param_decls or ()), extra.default][0])))
    for sub in group.registered_groups:
        assert sub.typer_instance is not None
        found |= _path_options(sub.typer_instance, f"{prefix} {sub.name}".strip())
    return found


def test_the_table_names_every_option_that_writes_a_file() -> None:
    assert _path_options(app) == set(WRITERS)


@pytest.fixture
def database_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, database_url: str, example_catalog: Catalog
) -> Path:
    # The catalogue, so that every command would otherwise write its file.
    use_cli_environment(monkeypatch, tmp_path, database_url, example_catalog)
    return Path(database_url.removeprefix("sqlite+aiosqlite:///"))  # unused with PostgreSQL


def _state(folder: Path) -> dict[str, str]:
    """Every entry of the folder with what it is: the file's hash, or where a link points."""
    return {
        entry.name: str(entry.readlink())
        if entry.is_symlink()
        else hashlib.sha256(entry.read_bytes()).hexdigest()
        if entry.is_file()
        else "folder"
        for entry in folder.iterdir()
    }


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("writer", list(WRITERS), ids=" ".join)
def test_an_output_that_is_the_database_is_refused_and_left_untouched(
    database_file: Path, tmp_path: Path, writer: tuple[str, str]
) -> None:
    """The file itself, its -wal and -shm companions, and the same file by another name."""
    folder = database_file.parent
    (folder / "sub").mkdir()
    (folder / "via-link.csv").symlink_to(database_file)
    os.link(database_file, folder / "hard-link.csv")
    targets = [
        str(database_file),
        f"{database_file}-wal",
        f"{database_file}-shm",
        "sub/../kinerja.db",
        "via-link.csv",
        "hard-link.csv",
    ]
    option = writer[1]
    for target in targets:
        before = _state(folder)
        result = runner.invoke(app, [target if a == TARGET else a for a in WRITERS[writer]])
        assert result.exit_code == 2, (target, result.output)
        assert result.output.strip() == ID.cli_output_is_database(option, target), target
        assert _state(folder) == before, target


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_demo_never_empties_the_folder_of_the_database(
    database_file: Path, tmp_path: Path
) -> None:
    """`kinerja demo` starts by emptying its --out folder: never the one the database is in."""
    folder = database_file.parent
    (folder / "sub").mkdir()
    for target in (str(folder), ".", "sub/.."):
        before = _state(folder)
        result = runner.invoke(app, ["demo", "--out", target])
        assert result.exit_code == 2, (target, result.output)
        assert result.output.strip() == ID.cli_output_holds_database("--out", target), target
        assert _state(folder) == before, target


@pytest.mark.parametrize(
    "database_url", [pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)
def test_with_postgresql_a_file_named_like_the_database_is_just_a_file(
    database_file: Path, tmp_path: Path
) -> None:
    """No SQLite file, nothing to protect: the check stays out of the way."""
    result = runner.invoke(app, ["qr", "PKM-PAUH-UMUM", "--out", "kinerja.db"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "kinerja.db").read_bytes().startswith(b"\x89PNG")
