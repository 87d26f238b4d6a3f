"""What a command needs from outside: the settings, the database for one run, the services the
use cases take, and a bot that talks to the Bot API like the running one.

A database or Bot API that cannot be reached, and a setting that turns out wrong while a
command works, end the command in one line (exit code 2), never in a traceback.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

from sqlalchemy.exc import DBAPIError, OperationalError
from telegram import Bot
from telegram.error import TelegramError
from telegram.ext import ExtBot

from bot.cli.output import fail, one_line
from bot.messaging.ratelimit import rate_limiter
from bot.messaging.sending import TELEGRAM_DEFAULTS
from bot.services import Services, system_clock
from bot.settings import Settings, SettingsProblem, load_settings
from bot.texts import Texts, texts_for
from db.engine import Database, create_database
from kinerja.types import Language

T = TypeVar("T")


def settings_and_texts() -> tuple[Settings, Texts]:
    try:
        settings = load_settings()
    except SettingsProblem as problem:
        fail(texts_for(Language.ID).cli_setting_problem(problem.key, problem.problem))
    return settings, texts_for(settings.default_language)


async def on_database(settings: Settings, work: Callable[[Database], Awaitable[T]]) -> T:
    """The work on a database opened for it and disposed of after, whatever happens."""
    database = create_database(settings.database_url)
    try:
        return await work(database)
    finally:
        await database.dispose()


def with_database(settings: Settings, texts: Texts, work: Callable[[Database], Awaitable[T]]) -> T:
    try:
        return asyncio.run(on_database(settings, work))
    except (OperationalError, DBAPIError, OSError) as error:
        fail(texts.cli_database_unreachable(str(getattr(error, "orig", error)).splitlines()[0]))
    except (TelegramError, SettingsProblem) as error:
        fail(one_line(texts, settings, error))


def services_for(settings: Settings, database: Database) -> Services:
    """The secret key is read here, inside the command's work, so a weak one ends in one line."""
    return Services(
        settings=settings, database=database, clock=system_clock, secret=settings.secret_bytes()
    )


def with_services(settings: Settings, texts: Texts, work: Callable[[Services], Awaitable[T]]) -> T:
    return with_database(settings, texts, lambda database: work(services_for(settings, database)))


def command_bot(settings: Settings, token: str) -> Bot:
    """A bot for one command: the same API, limits and retries as the running bot's."""
    api = settings.telegram_api_url
    return ExtBot(
        token,
        base_url=f"{api}/bot",
        base_file_url=f"{api}/file/bot",
        rate_limiter=rate_limiter(settings),
        defaults=TELEGRAM_DEFAULTS,
    )


def has_token(settings: Settings) -> bool:
    try:
        settings.require_token()
    except SettingsProblem:
        return False
    return True


def token_or_fail(settings: Settings, texts: Texts) -> str:
    try:
        return settings.require_token()
    except SettingsProblem:
        fail(texts.cli_token_missing())


async def _bot_username(settings: Settings) -> str | None:
    if settings.bot_username:
        return settings.bot_username.lstrip("@")
    if settings.telegram_bot_token is None:
        return None
    api = settings.telegram_api_url
    async with Bot(settings.require_token(), base_url=f"{api}/bot") as bot:
        return bot.username


def known_username(texts: Texts, settings: Settings) -> str | None:
    """The bot's @username for deep links: from the settings, else asked of the Bot API; None
    without either."""
    try:
        return asyncio.run(_bot_username(settings))
    except TelegramError as error:
        fail(one_line(texts, settings, error))


def username_or_fail(texts: Texts, settings: Settings) -> str:
    username = known_username(texts, settings)
    if username is None:
        fail(texts.cli_bot_username_needed())
    return username
