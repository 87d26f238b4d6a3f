"""`kinerja init-env`: the one setting `make run` can choose by itself, the secret key."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import typer

from bot.cli.output import say
from bot.cli.resources import settings_and_texts
from bot.settings import with_secret_key

commands = typer.Typer()


@commands.command("init-env")
def init_env() -> None:
    """Write a random KINERJA_SECRET_KEY into .env once (`make run` does); never replaces one."""
    settings, texts = settings_and_texts()
    if settings.secret_key is not None:
        say(texts.cli_secret_key_kept())
        return
    dotenv = Path(".env")
    key = secrets.token_urlsafe(48)
    if dotenv.exists():
        dotenv.write_text(with_secret_key(dotenv.read_text(encoding="utf-8"), key), "utf-8")
    else:  # readable by its owner only, like the key it holds
        with os.fdopen(os.open(dotenv, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as file:
            file.write(with_secret_key("# kinerja settings: every key is in .env.example.\n", key))
    say(texts.cli_secret_key_written(str(dotenv)))
