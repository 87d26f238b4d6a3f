"""`kinerja audit`: who did what, read from the audit log, showing no more of a person than the
actor already does (a person id, never a NIP or an account hash)."""

from __future__ import annotations

import json
from datetime import datetime, time, tzinfo
from typing import Annotated, Any

import typer

from bot.cli.output import say, table
from bot.cli.resources import settings_and_texts, with_database
from bot.texts import Texts
from bot.usecases.operator import audit_entries
from kinerja.audit import AuditRecord, shown_subject

audit_app = typer.Typer(
    help="The audit log: exports, registrations, deletions, catalogue loads, resends.",
    no_args_is_help=True,
)


def _details(details: dict[str, Any]) -> str:
    """`key=value, …`; values that are lists or tables are written as JSON."""
    shown = (
        (key, json.dumps(value, ensure_ascii=False) if isinstance(value, dict | list) else value)
        for key, value in details.items()
    )
    return ", ".join(f"{key}={value}" for key, value in shown)


def _row(entry: AuditRecord, zone: tzinfo, texts: Texts) -> tuple[str, ...]:
    subject = shown_subject(entry.action, entry.subject)
    return (
        entry.at.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
        entry.actor,
        entry.action,
        texts.cli_audit_withheld() if subject is None else subject,
        _details(entry.details),
    )


@audit_app.command("show")
def audit_show(
    since: Annotated[
        datetime | None,
        typer.Option(formats=["%Y-%m-%d"], help="From this day on, YYYY-MM-DD (local)"),
    ] = None,
    actor: Annotated[
        str | None,
        typer.Option(
            help='Who: "person:12", "cli", "system", "citizen", "chat"; "person" for any person'
        ),
    ] = None,
    limit: Annotated[int, typer.Option(min=1, help="At most this many entries")] = 50,
) -> None:
    """The audit log, newest first: when, who (a person id, or the operator as "cli"), what,
    to which unit, ticket, report or period, and the counts recorded (never the content of an
    export, never a NIP or an account hash)."""
    settings, texts = settings_and_texts()
    start = None if since is None else datetime.combine(since.date(), time(), settings.zone)
    entries = with_database(
        settings,
        texts,
        lambda database: audit_entries(database, since=start, actor=actor, limit=limit),
    )
    if not entries:
        say(texts.cli_audit_empty())
        return
    table(texts.cli_audit_columns(), (_row(entry, settings.zone, texts) for entry in entries))
    if len(entries) == limit:
        say(texts.cli_audit_limited(limit))
