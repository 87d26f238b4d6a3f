"""How every command speaks and stops: plain lines on stdout, one line on stderr for a
mistake, tables, a spinner on stderr while a long export runs.

Exit codes: 2 for a mistake the operator can fix (a bad option, an unknown unit, an unreachable
database), 1 for a check that failed (`kinerja doctor`) or anything unexpected (`main`).
Lines are never read as rich markup: unit names and user texts may contain brackets.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import NoReturn

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn
from rich.table import Table as RichTable
from telegram.error import InvalidToken, TelegramError

from bot.runtime.logs import redact
from bot.settings import SECRET_KEY_NAME, Settings, SettingsProblem
from bot.texts import Texts

MISTAKE = 2
"""The operator's to fix: said in one line on stderr."""
FAILED = 1
"""A check that did not pass, or an error nobody foresaw."""

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


def say(text: str) -> None:
    out.print(text, markup=False, highlight=False)


def fail(message: str) -> NoReturn:
    err.print(message, markup=False, highlight=False)
    raise typer.Exit(MISTAKE)


def complain(message: str) -> None:
    """The last word of `main`, which then exits itself."""
    err.print(message, markup=False, highlight=False)


def one_line(texts: Texts, settings: Settings | None, error: BaseException) -> str:
    """What stopped a command, in one line that shows no secret."""
    secrets_ = settings.secret_values() if settings else []
    if isinstance(error, SettingsProblem):
        if error.key == SECRET_KEY_NAME:
            return texts.cli_secret_key_weak()
        return texts.cli_setting_problem(error.key, error.problem)
    if isinstance(error, InvalidToken):
        return texts.cli_token_rejected()
    if isinstance(error, TelegramError):
        api = settings.telegram_api_url if settings else "?"
        return texts.cli_bot_api_error(api, redact(error.message, secrets_))
    first = (str(error).splitlines() or [""])[0]
    return texts.cli_unexpected_error(redact(f"{type(error).__name__}: {first}", secrets_))


def table(columns: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    """A table on stdout, drawn by rich."""
    printed = RichTable(*columns)
    for row in rows:
        printed.add_row(*row)
    out.print(printed)


@contextmanager
def spinner(description: str) -> Iterator[Callable[[str], None]]:
    """A transient spinner on stderr, so stdout stays what the command prints; yields a
    function that changes its description."""
    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), console=err, transient=True
    ) as progress:
        task = progress.add_task(description, total=None)
        yield lambda text: progress.update(task, description=text)
