"""`kinerja run`: the bot itself, once the settings and the schema are right."""

from __future__ import annotations

import asyncio
from typing import Annotated

import typer
from telegram.error import TelegramError

from bot.cli.output import fail, one_line, say
from bot.cli.resources import has_token, settings_and_texts, token_or_fail, with_database
from bot.runtime.logs import configure_logging
from bot.services import Services, system_clock
from bot.settings import SettingsProblem
from db import migrate
from db.engine import create_database

commands = typer.Typer()


@commands.command()
def run(
    webhook: Annotated[
        bool,
        typer.Option(
            "--webhook", help="Serve a webhook (KINERJA_WEBHOOK_*) instead of long polling."
        ),
    ] = False,
) -> None:
    """Run the bot and its web app until Ctrl+C or SIGTERM (without a bot token yet: the web
    survey alone)."""
    settings, texts = settings_and_texts()
    webhook = webhook or settings.webhook_url is not None
    bot = webhook or has_token(settings)
    if webhook:
        token_or_fail(settings, texts)
    try:
        secret = settings.secret_bytes()
    except SettingsProblem as problem:
        fail(one_line(texts, settings, problem))
    if webhook and (settings.webhook_url is None or settings.webhook_secret is None):
        key = "KINERJA_WEBHOOK_URL" if settings.webhook_url is None else "KINERJA_WEBHOOK_SECRET"
        fail(texts.cli_setting_problem(key, "required with --webhook"))
    configure_logging(
        settings.log_level, json_lines=settings.log_json, secrets=settings.secret_values()
    )
    revision = with_database(settings, texts, migrate.current_revision)
    if revision != migrate.head_revision():
        fail(texts.cli_setting_problem("DATABASE_URL", "run `kinerja db upgrade` first"))

    from bot.app import build_application
    from bot.runtime.runner import Runner, WebOnlyRunner, run_until_signalled

    if not bot:
        host, port = settings.web_address
        say(texts.cli_web_only(f"http://{host}:{port}"))
        services = Services(
            settings=settings,
            database=create_database(settings.database_url),
            clock=system_clock,
            secret=secret,
        )
        asyncio.run(run_until_signalled(WebOnlyRunner(services)))
        return
    application = build_application(settings, create_database(settings.database_url))
    try:
        asyncio.run(run_until_signalled(Runner(application, settings, webhook=webhook)))
    except TelegramError as error:  # the start failed: a rejected token, an unreachable API
        fail(one_line(texts, settings, error))
