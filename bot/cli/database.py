"""`kinerja db`: the schema, changed only by Alembic migrations."""

from __future__ import annotations

import typer

from bot.cli.output import say
from bot.cli.resources import settings_and_texts, with_database
from db import migrate
from db.engine import Database

db_app = typer.Typer(help="Database schema (Alembic migrations).", no_args_is_help=True)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Migrate the database to the newest schema (safe to repeat)."""
    settings, texts = settings_and_texts()

    async def work(database: Database) -> str | None:
        await migrate.upgrade(database)
        return await migrate.current_revision(database)

    say(texts.cli_database_upgraded(str(with_database(settings, texts, work))))
