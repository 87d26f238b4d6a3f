"""`kinerja invite` and `kinerja staff`: who may register, and who is registered."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Annotated

import segno
import typer

from bot.cli.options import UnitOption, not_the_database
from bot.cli.output import fail, say, table
from bot.cli.resources import settings_and_texts, username_or_fail, with_services
from bot.services import system_clock
from bot.usecases.exports import UnknownUnit
from bot.usecases.operator import staff_in
from bot.usecases.staff import InviteError, create_invitation, deactivate_staff
from kinerja.tokens import deep_link
from kinerja.types import Role

invite_app = typer.Typer(help="Invite staff to register with the bot.", no_args_is_help=True)
staff_app = typer.Typer(help="Registered staff: list and deactivate.", no_args_is_help=True)


@invite_app.command("create")
def invite_create(
    role: Annotated[Role, typer.Option(help="asn, supervisor or admin")],
    unit: Annotated[str, typer.Option(help="The unit the person works in (or oversees)")],
    nip: Annotated[str, typer.Option(help="18-digit NIP")],
    name: Annotated[str, typer.Option(help="Full name, as the person will confirm it")],
    days: Annotated[int | None, typer.Option(min=1, max=90, help="Days until it expires")] = None,
    qr_file: Annotated[
        Path | None,
        typer.Option("--qr", help="Also write a QR code PNG", callback=not_the_database),
    ] = None,
) -> None:
    """Print a one-time registration link for one person (and optionally its QR code)."""
    settings, texts = settings_and_texts()
    username = username_or_fail(texts, settings)
    try:
        payload, person = with_services(
            settings,
            texts,
            lambda services: create_invitation(
                services, role=role, unit_code=unit, nip=nip, name=name, days=days
            ),
        )
    except InviteError as error:
        fail(texts.cli_invite_problem(error.field, error.problem))
    invite_link = deep_link(username, payload)
    expires = system_clock() + timedelta(days=days or settings.invitation_days)
    say(texts.cli_invitation(person.full_name, invite_link, expires.astimezone(settings.zone)))
    if qr_file is not None:
        qr_file.parent.mkdir(parents=True, exist_ok=True)
        segno.make(invite_link, error="m").save(str(qr_file), scale=8, border=4)
        say(texts.cli_file_written(str(qr_file), 1))


@staff_app.command("list")
def staff_list(unit: UnitOption = None) -> None:
    """Everyone invited, with their role, unit and whether they registered."""
    settings, texts = settings_and_texts()
    try:
        rows = with_services(settings, texts, lambda services: staff_in(services, unit))
    except UnknownUnit:
        fail(texts.cli_unknown_unit(unit or ""))
    table(
        ("NIP", "name", "role", "unit", "registered", "active"),
        (
            (
                row.person.nip or "",
                row.person.full_name,
                row.person.role.value,
                row.person.unit_code,
                row.registered_at.astimezone(settings.zone).strftime("%Y-%m-%d")
                if row.registered_at
                else "—",
                "✓" if row.person.active else "✗",
            )
            for row in rows
        ),
    )


@staff_app.command("deactivate")
def staff_deactivate(nip: Annotated[str, typer.Argument(help="18-digit NIP")]) -> None:
    """End a person's access at once (their reports stay)."""
    settings, texts = settings_and_texts()
    person = with_services(settings, texts, lambda services: deactivate_staff(services, nip))
    if person is None:
        fail(texts.cli_unknown_nip(nip))
    say(texts.cli_staff_deactivated(person.full_name))
