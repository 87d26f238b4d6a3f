"""The `kinerja` command: run the bot and administer it from a terminal.

User mistakes end in one clear line on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated, NoReturn, TypeVar

import typer
from rich.console import Console
from rich.table import Table
from rich.tree import Tree
from sqlalchemy.exc import DBAPIError, OperationalError

from bot.catalog_file import CatalogFileError, read_catalog
from bot.settings import Settings, SettingsProblem, load_settings
from bot.texts import Texts, texts_for
from bot.texts.format import plain
from db import migrate
from db.engine import Database, create_database
from db.repositories import CatalogRepository
from kinerja.catalog import Catalog
from kinerja.types import Language
from kinerja.units import children_index

T = TypeVar("T")

app = typer.Typer(
    name="kinerja",
    help="kinerja: IKU performance management for puskesmas, fed by citizens and ASN on Telegram.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="Database schema (Alembic migrations).", no_args_is_help=True)
catalog_app = typer.Typer(help="Units, metrics and indicators (IKU).", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(catalog_app, name="catalog")

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


def _fail(message: str) -> NoReturn:
    err.print(message, markup=False, highlight=False)
    raise typer.Exit(2)


def _settings() -> tuple[Settings, Texts]:
    try:
        settings = load_settings()
    except SettingsProblem as problem:
        _fail(texts_for(Language.ID).cli_setting_problem(problem.key, problem.problem))
    return settings, texts_for(settings.default_language)


def _with_database(settings: Settings, texts: Texts, work: Callable[[Database], Awaitable[T]]) -> T:
    async def run() -> T:
        database = create_database(settings.database_url)
        try:
            return await work(database)
        finally:
            await database.dispose()

    try:
        return asyncio.run(run())
    except (OperationalError, DBAPIError, OSError) as error:
        _fail(texts.cli_database_unreachable(str(getattr(error, "orig", error)).splitlines()[0]))


# ------------------------------------------------------------------------------ run


@app.command()
def run() -> None:
    """Run the bot (long polling) until Ctrl+C."""
    settings, texts = _settings()
    try:
        settings.require_token()
        settings.secret_bytes()
    except SettingsProblem as problem:
        if problem.key == "TELEGRAM_BOT_TOKEN":
            _fail(texts.cli_token_missing())
        _fail(texts.cli_setting_problem(problem.key, problem.problem))
    logging.basicConfig(
        level=settings.log_level.upper(),
        format="%(asctime)s %(levelname)s %(name)s %(message)s",
    )
    # httpx logs every request URL, and the URL contains the bot token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    revision = _with_database(settings, texts, migrate.current_revision)
    if revision != migrate.head_revision():
        _fail(texts.cli_setting_problem("DATABASE_URL", "run `kinerja db upgrade` first"))

    from bot.app import build_application

    application = build_application(settings, create_database(settings.database_url))
    application.run_polling(allowed_updates=["message", "callback_query"])


# ------------------------------------------------------------------------------ db


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Migrate the database to the newest schema (safe to repeat)."""
    settings, texts = _settings()

    async def work(database: Database) -> str | None:
        await migrate.upgrade(database)
        return await migrate.current_revision(database)

    out.print(texts.cli_database_upgraded(str(_with_database(settings, texts, work))))


# ------------------------------------------------------------------------------ catalog


@catalog_app.command("load")
def catalog_load(
    file: Annotated[Path, typer.Argument(help="The YAML catalogue, e.g. examples/pauh.yaml")],
    if_empty: Annotated[
        bool, typer.Option("--if-empty", help="Load only when the database has no units yet.")
    ] = False,
) -> None:
    """Validate a catalogue file and upsert it; a file with any error changes nothing."""
    settings, texts = _settings()
    try:
        catalog = read_catalog(file)
    except CatalogFileError as error:
        _fail(texts.cli_catalog_error(error.file, error.line, error.where, error.problem))

    async def work(database: Database) -> str:
        async with database.transaction() as session:
            repository = CatalogRepository(session)
            if if_empty and not await repository.is_empty():
                return ""
            changes = await repository.apply(catalog)
        if changes.unchanged:
            return texts.cli_catalog_unchanged(str(file))
        if if_empty:
            return texts.cli_example_loaded(str(file))
        return texts.cli_catalog_loaded(
            str(file), changes.created, changes.updated, changes.deactivated
        )

    message = _with_database(settings, texts, work)
    if message:
        out.print(message, markup=False, highlight=False)


@catalog_app.command("show")
def catalog_show() -> None:
    """Print the unit tree and the indicators (IKU)."""
    settings, texts = _settings()

    async def work(database: Database) -> Catalog:
        async with database.snapshot() as session:
            return await CatalogRepository(session).load()

    catalog = _with_database(settings, texts, work)
    if not catalog.units:
        _fail(texts.cli_catalog_empty())
    index = children_index(catalog.units)
    tree = Tree("kinerja")

    def add(node: Tree, parent_code: str | None) -> None:
        for unit in index.get(parent_code, []):
            kind = texts.unit_kind(unit.kind)
            add(node.add(f"[bold]{unit.code}[/bold]  {unit.name}  [dim]{kind}[/dim]"), unit.code)

    add(tree, None)
    out.print(tree)
    table = Table("IKU", "name", "source", "applies to", "target", "period", "polarity")
    for indicator in catalog.indicators:
        target = plain(indicator.target.low)
        if indicator.target.high is not None:
            target += f"–{plain(indicator.target.high)}"
        table.add_row(
            indicator.code,
            indicator.name if texts.language is Language.ID else indicator.name_en,
            indicator.source.value,
            indicator.unit_code or str(indicator.unit_kind),
            target,
            indicator.period.value,
            indicator.polarity.value,
        )
    out.print(table)


def main() -> None:
    app()
