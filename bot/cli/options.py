"""Options several command groups share, and the checks made while the command line is read."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bot.cli.output import fail
from bot.cli.resources import settings_and_texts
from bot.settings import Settings
from bot.texts import Texts
from db.engine import sqlite_files
from kinerja.errors import InvalidPeriodKey
from kinerja.periods import Period, parse_period_key


def hits_database(settings: Settings, target: Path, *, holding: bool = False) -> bool:
    """Whether writing `target` would overwrite the configured SQLite database or a file SQLite
    keeps beside it: the same path once `..` and links are resolved, or the same file under
    another name (a hard link). With `holding`, also a folder that contains one."""
    resolved = target.resolve()
    for file in sqlite_files(settings.database_url):
        real = file.resolve()
        if resolved == real or (holding and resolved in real.parents):
            return True
        if target.exists() and file.exists() and target.samefile(file):
            return True
    return False


def not_the_database(param: typer.CallbackParam, value: Path | None) -> Path | None:
    """Every option naming a file to write: checked while the command line is read, so a
    refused command has opened, truncated and audited nothing."""
    if value is not None:
        settings, texts = settings_and_texts()
        if hits_database(settings, value):
            fail(texts.cli_output_is_database(param.opts[0], str(value)))
    return value


def not_around_the_database(param: typer.CallbackParam, value: Path) -> Path:
    """`kinerja demo` empties its folder first: never the one that holds the database."""
    settings, texts = settings_and_texts()
    if hits_database(settings, value):
        fail(texts.cli_output_is_database(param.opts[0], str(value)))
    if hits_database(settings, value, holding=True):
        fail(texts.cli_output_holds_database(param.opts[0], str(value)))
    return value


PeriodOption = Annotated[
    str, typer.Option(help="e.g. 2026-W47, 2026-11, 2026-Q4, 2026-S1 (Jan-Jun), 2026-S2 or 2026")
]
OutFile = Annotated[Path, typer.Option("--out", help="File to write", callback=not_the_database)]
UnitOption = Annotated[str | None, typer.Option(help="A unit and everything under it")]


def period_or_fail(texts: Texts, key: str) -> Period:
    try:
        return parse_period_key(key)
    except InvalidPeriodKey:
        fail(
            texts.cli_setting_problem("--period", "e.g. 2026-W47, 2026-11, 2026-Q4, 2026-S1, 2026")
        )
