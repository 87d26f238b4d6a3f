"""The `kinerja` command: run the bot and administer it from a terminal.

One module per command group; `output` is how they all speak and stop, `resources` what they
need (settings, database, services, a bot), `options` what several share. User mistakes end in
one clear line on stderr and exit code 2, never a traceback. No command prints the bot token or
the secret key: errors that may carry them (PTB puts the token in its exceptions) are put in our
own words or masked.
"""

from __future__ import annotations

import typer

from bot.cli import (
    audit,
    catalogue,
    database,
    doctor,
    emulated,
    env,
    exports,
    outbox,
    privacy,
    report,
    run,
    staff,
    summary,
    survey,
)
from bot.cli.output import FAILED, complain, one_line
from bot.settings import Settings, SettingsProblem, load_settings
from bot.texts import texts_for
from kinerja.types import Language

app = typer.Typer(
    name="kinerja",
    help="kinerja: IKU performance management for puskesmas, fed by citizens and ASN on Telegram.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
# Commands first, then groups, each in this order in `kinerja --help`. A module's top-level
# commands join the root itself, as if declared on it, so `kinerja run` stays one word.
for module in (run, env, survey, doctor, emulated):
    app.registered_commands += module.commands.registered_commands
app.add_typer(database.db_app, name="db")
app.add_typer(catalogue.catalog_app, name="catalog")
app.add_typer(exports.export_app, name="export")
app.add_typer(staff.invite_app, name="invite")
app.add_typer(staff.staff_app, name="staff")
app.add_typer(summary.summary_app, name="summary")
app.add_typer(report.report_app, name="report")
app.add_typer(privacy.retention_app, name="retention")
app.add_typer(outbox.outbox_app, name="outbox")
app.add_typer(audit.audit_app, name="audit")


def main() -> None:
    """The `kinerja` command: whatever stops it ends in one line that shows no secret."""
    try:
        app()
    except Exception as error:  # the last guard before a traceback reaches a terminal
        try:
            settings: Settings | None = load_settings()
        except SettingsProblem:
            settings = None
        texts = texts_for(settings.default_language if settings else Language.ID)
        complain(one_line(texts, settings, error))
        raise SystemExit(FAILED) from None
