"""`kinerja doctor`: every check an operator would make before trusting the bot, in one table."""

from __future__ import annotations

import asyncio

import typer
from telegram import Bot
from telegram.error import TelegramError

from bot.cli.output import FAILED, one_line, table
from bot.cli.resources import on_database, settings_and_texts
from bot.runtime.logs import redact
from bot.settings import SECRET_KEY_NAME, Environment, Settings
from bot.texts import Texts
from bot.usecases.operator import database_state

commands = typer.Typer()

Check = tuple[str, bool, str]


@commands.command()
def doctor() -> None:
    """Check the settings, the database and its schema, the bot token and the webhook."""
    settings, texts = settings_and_texts()
    checks: list[Check] = [
        ("settings", True, f"{settings.environment.value}, {settings.timezone}"),
        _secret_key_check(settings, texts),
        _database_check(settings),
        *_telegram_checks(settings, texts),
    ]
    table(
        ("check", "", "detail"),
        ((name, "✓" if passed else "✗", detail) for name, passed, detail in checks),
    )
    if not all(passed for _, passed, _ in checks):
        raise typer.Exit(FAILED)


def _secret_key_check(settings: Settings, texts: Texts) -> Check:
    if settings.has_strong_secret():
        return (SECRET_KEY_NAME, True, "set")
    if settings.environment is Environment.DEVELOPMENT and settings.secret_key is None:
        return (SECRET_KEY_NAME, False, texts.cli_development_key())
    return (SECRET_KEY_NAME, False, texts.cli_secret_key_weak())


def _database_check(settings: Settings) -> Check:
    found = asyncio.run(on_database(settings, database_state))
    if not found.answering:
        return ("DATABASE_URL", False, "not answering")
    if not found.current:
        detail = f"schema {found.revision}, expected {found.head}: run `kinerja db upgrade`"
        return ("DATABASE_URL", False, detail)
    empty = ", catalogue empty" if found.catalog_empty else ""
    return ("DATABASE_URL", True, f"schema {found.revision}{empty}")


def _telegram_checks(settings: Settings, texts: Texts) -> list[Check]:
    async def state() -> list[Check]:
        api = settings.telegram_api_url
        async with Bot(settings.require_token(), base_url=f"{api}/bot") as bot:
            info = await bot.get_webhook_info()
            webhook = info.url or "none (long polling)"
            wanted = settings.webhook_url or ""
            return [
                ("TELEGRAM_BOT_TOKEN", True, f"@{bot.username}"),
                (
                    "webhook",
                    info.url == wanted or not wanted,
                    f"{webhook}; {info.pending_update_count} updates waiting",
                ),
            ]

    if settings.telegram_bot_token is None:
        return [("TELEGRAM_BOT_TOKEN", False, texts.cli_token_missing())]
    try:
        return asyncio.run(state())
    except TelegramError as error:
        return [("TELEGRAM_BOT_TOKEN", False, one_line(texts, settings, error))]
    except OSError as error:
        return [("TELEGRAM_BOT_TOKEN", False, redact(str(error), settings.secret_values()))]
