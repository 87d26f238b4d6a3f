"""`kinerja retention`: personal data kept no longer than UU 27/2022 allows."""

from __future__ import annotations

import typer

from bot.cli.output import table
from bot.cli.resources import settings_and_texts, with_services
from bot.usecases.retention import apply_retention

retention_app = typer.Typer(help="Retention of personal data (UU 27/2022).", no_args_is_help=True)


@retention_app.command("apply")
def retention_apply() -> None:
    """Anonymise or purge what is past its retention date now (also runs daily at 02:30)."""
    settings, texts = settings_and_texts()
    done = with_services(settings, texts, apply_retention)
    table(("", ""), ((key, str(count)) for key, count in done.items()))
