"""`kinerja link`, `qr` and `tokens`: the ways into a unit's survey, for posters and queue
tickets."""

from __future__ import annotations

import secrets
from datetime import timedelta
from pathlib import Path
from typing import Annotated

import typer

from bot.cli.options import not_the_database
from bot.cli.output import fail, say
from bot.cli.resources import (
    known_username,
    settings_and_texts,
    username_or_fail,
    with_database,
)
from bot.files.exporting import ExportFormat, Table
from bot.files.poster import SIZES, write_poster
from bot.services import system_clock
from bot.settings import Settings
from bot.texts import Texts, texts_for
from bot.usecases.operator import record_visit_tokens, unit_by_code
from kinerja.tokens import deep_link, issue_visit_token, unit_payload, web_link
from kinerja.types import Language, UnitRecord

commands = typer.Typer()

UnitArgument = Annotated[
    str, typer.Argument(help="A unit code from the catalogue, e.g. PKM-PAUH-UMUM")
]


def _unit_or_fail(texts: Texts, settings: Settings, code: str) -> UnitRecord:
    unit = with_database(settings, texts, lambda database: unit_by_code(database, code))
    if unit is None:
        fail(texts.cli_unknown_unit(code))
    return unit


def _survey_link(settings: Settings, texts: Texts, payload: str) -> str:
    """What a poster or a queue ticket holds: the web survey when kinerja has a public address
    (KINERJA_PUBLIC_URL), else the Telegram deep link."""
    if settings.public_url is not None:
        return web_link(settings.public_url, payload)
    return deep_link(username_or_fail(texts, settings), payload)


@commands.command()
def link(unit: UnitArgument) -> None:
    """Print the permanent survey links of a unit: the web page its QR poster opens (with
    KINERJA_PUBLIC_URL) and the Telegram deep link."""
    settings, texts = settings_and_texts()
    record = _unit_or_fail(texts, settings, unit)
    payload = unit_payload(record.unit.code)
    if settings.public_url is None:
        say(deep_link(username_or_fail(texts, settings), payload))
        return
    web = web_link(settings.public_url, payload)
    username = known_username(texts, settings)  # none yet: the web survey runs without a bot
    say(web if username is None else texts.cli_survey_links(web, deep_link(username, payload)))


@commands.command()
def qr(
    unit: UnitArgument,
    out_file: Annotated[
        Path, typer.Option("--out", help="PNG file to write", callback=not_the_database)
    ],
    size: Annotated[str, typer.Option(help="Paper size: A5 or A4")] = "A5",
) -> None:
    """Write a printable poster (QR code, unit name, instruction in Indonesian); the QR opens
    the web survey when KINERJA_PUBLIC_URL is set, else Telegram."""
    settings, texts = settings_and_texts()
    if size.upper() not in SIZES:
        fail(texts.cli_setting_problem("--size", "A5 or A4"))
    record = _unit_or_fail(texts, settings, unit)
    poster_link = _survey_link(settings, texts, unit_payload(record.unit.code))
    indonesian = texts_for(Language.ID)  # posters hang in Indonesian public offices
    write_poster(
        out_file,
        link=poster_link,
        unit_name=record.unit.name,
        instruction=indonesian.poster_instruction(),
        footer=indonesian.poster_footer(),
        size=size.upper(),
    )
    say(texts.cli_file_written(str(out_file), 1))


@commands.command()
def tokens(
    unit: UnitArgument,
    count: Annotated[int, typer.Option(min=1, max=10_000, help="How many single-use links")],
    out_file: Annotated[
        Path | None,
        typer.Option(
            "--out", help="CSV file to write; printed when omitted", callback=not_the_database
        ),
    ] = None,
) -> None:
    """Issue signed single-use visit links to print on queue tickets (verified visits)."""
    settings, texts = settings_and_texts()
    record = _unit_or_fail(texts, settings, unit)
    now = system_clock()
    expires = (now + timedelta(hours=settings.visit_token_hours)).astimezone(settings.zone)
    secret = settings.secret_bytes()
    links = [
        _survey_link(
            settings, texts, issue_visit_token(secret, record.id, now, secrets.randbits(32))
        )
        for _ in range(count)
    ]
    with_database(
        settings,
        texts,
        lambda database: record_visit_tokens(database, now, record.unit.code, count),
    )
    if out_file is None:
        for item in links:
            say(item)
        return
    with Table(out_file, ExportFormat.CSV, ("unit_code", "link", "expires_at"), "tokens") as table:
        for item in links:
            table.row((record.unit.code, item, expires.strftime("%Y-%m-%d %H:%M")))
    say(texts.cli_file_written(str(out_file), count))
