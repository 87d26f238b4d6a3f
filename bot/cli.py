"""The `kinerja` command: run the bot and administer it from a terminal.

User mistakes end in one clear line on stderr and exit code 2, never a traceback. No command
prints the bot token or the secret key: errors that may carry them (PTB puts the token in its
exceptions) are put in our own words or masked.
"""

from __future__ import annotations

import asyncio
import os
import secrets
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Annotated, NoReturn, TypeVar

import segno
import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn
from rich.table import Table as RichTable
from rich.tree import Tree
from sqlalchemy.exc import DBAPIError, OperationalError
from telegram import Bot
from telegram.error import InvalidToken, TelegramError
from telegram.ext import ExtBot

from bot.files.catalogue import CatalogFileError, read_catalog
from bot.files.exporting import ExportFormat, Table
from bot.files.poster import SIZES, write_poster
from bot.messaging.delivery import telegram_sender
from bot.messaging.outbox import deliver_outbox
from bot.messaging.ratelimit import rate_limiter
from bot.messaging.sending import TELEGRAM_DEFAULTS
from bot.render import plain_text
from bot.render.summary import summary_messages
from bot.runtime.logs import configure_logging, redact
from bot.services import Services, system_clock
from bot.settings import (
    SECRET_KEY_NAME,
    Environment,
    Settings,
    SettingsProblem,
    load_settings,
    with_secret_key,
)
from bot.texts import Texts, texts_for
from bot.texts.format import plain
from bot.texts.markup import Html
from bot.usecases.exports import (
    DayRangeExport,
    UnknownUnit,
    export_indicator_results,
    export_reports,
    export_responses,
    unit_ids_under,
)
from bot.usecases.retention import apply_retention
from bot.usecases.staff import InviteError, create_invitation, deactivate_staff, list_staff
from bot.usecases.summaries import DeliveryReport, deliver_period, figures_for, summary_for
from bot.usecases.workbooks import skm_report_workbook
from db import migrate
from db.engine import Database, create_database, sqlite_files
from db.repositories import AuditRepository, CatalogRepository
from db.repositories.messaging import GivenUp, OutboxRepository
from db.repositories.staff import StaffRow
from db.repositories.units import UnitRepository
from kinerja.catalog import Catalog
from kinerja.delivery import Delivery
from kinerja.errors import InvalidPeriodKey
from kinerja.periods import Period, parse_period_key
from kinerja.tokens import deep_link, issue_visit_token, unit_payload
from kinerja.types import Language, Person, Role, UnitRecord
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
export_app = typer.Typer(
    help="Export data to CSV or XLSX (never an identity).", no_args_is_help=True
)
app.add_typer(db_app, name="db")
app.add_typer(catalog_app, name="catalog")
invite_app = typer.Typer(help="Invite staff to register with the bot.", no_args_is_help=True)
staff_app = typer.Typer(help="Registered staff: list and deactivate.", no_args_is_help=True)
app.add_typer(export_app, name="export")
app.add_typer(invite_app, name="invite")
summary_app = typer.Typer(help="Supervisors' IKU summaries.", no_args_is_help=True)
report_app = typer.Typer(help="Official reports.", no_args_is_help=True)
app.add_typer(staff_app, name="staff")
app.add_typer(summary_app, name="summary")
retention_app = typer.Typer(help="Retention of personal data (UU 27/2022).", no_args_is_help=True)
app.add_typer(report_app, name="report")
outbox_app = typer.Typer(
    help="Messages the bot must deliver (alerts, follow-ups, reminders).", no_args_is_help=True
)
app.add_typer(retention_app, name="retention")
app.add_typer(outbox_app, name="outbox")

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


def _fail(message: str) -> NoReturn:
    err.print(message, markup=False, highlight=False)
    raise typer.Exit(2)


def _one_line(texts: Texts, settings: Settings | None, error: BaseException) -> str:
    """What stopped a command, in one line that shows no secret."""
    secrets_ = settings.secret_values() if settings else []
    if isinstance(error, SettingsProblem):
        if error.key == SECRET_KEY_NAME:
            return texts.cli_secret_key_weak()
        return texts.cli_setting_problem(error.key, error.problem)
    if isinstance(error, InvalidToken):
        return texts.cli_token_rejected()
    if isinstance(error, TelegramError):
        api = settings.telegram_api_url if settings else "?"
        return texts.cli_bot_api_error(api, redact(error.message, secrets_))
    first = (str(error).splitlines() or [""])[0]
    return texts.cli_unexpected_error(redact(f"{type(error).__name__}: {first}", secrets_))


def _settings() -> tuple[Settings, Texts]:
    try:
        settings = load_settings()
    except SettingsProblem as problem:
        _fail(texts_for(Language.ID).cli_setting_problem(problem.key, problem.problem))
    return settings, texts_for(settings.default_language)


def _hits_database(settings: Settings, target: Path, *, holding: bool = False) -> bool:
    """Whether writing `target` would overwrite the configured SQLite database or a file SQLite
    keeps beside it: the same path once `..` and links are resolved, or the same file under
    another name (a hard link). With `holding`, also a folder that contains one."""
    resolved = target.resolve()
    for file in sqlite_files(settings.database_url):
        real = file.resolve()
        if resolved == real or (holding and resolved in real.parents):
            return True
        if target.exists() and file.exists() and target.samefile(file):
            return True
    return False


def _not_the_database(param: typer.CallbackParam, value: Path | None) -> Path | None:
    """Every option naming a file to write: checked while the command line is read, so a
    refused command has opened, truncated and audited nothing."""
    if value is not None:
        settings, texts = _settings()
        if _hits_database(settings, value):
            _fail(texts.cli_output_is_database(param.opts[0], str(value)))
    return value


def _not_around_the_database(param: typer.CallbackParam, value: Path) -> Path:
    """`kinerja demo` empties its folder first: never the one that holds the database."""
    _not_the_database(param, value)
    settings, texts = _settings()
    if _hits_database(settings, value, holding=True):
        _fail(texts.cli_output_holds_database(param.opts[0], str(value)))
    return value


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
    except (TelegramError, SettingsProblem) as error:
        _fail(_one_line(texts, settings, error))


def _bot(settings: Settings, token: str) -> Bot:
    """A bot for one command: the same API, limits and retries as the running bot's."""
    api = settings.telegram_api_url
    return ExtBot(
        token,
        base_url=f"{api}/bot",
        base_file_url=f"{api}/file/bot",
        rate_limiter=rate_limiter(settings),
        defaults=TELEGRAM_DEFAULTS,
    )


# ------------------------------------------------------------------------------ run


@app.command()
def run(
    webhook: Annotated[
        bool,
        typer.Option(
            "--webhook", help="Serve a webhook (KINERJA_WEBHOOK_*) instead of long polling."
        ),
    ] = False,
) -> None:
    """Run the bot until Ctrl+C or SIGTERM."""
    settings, texts = _settings()
    try:
        settings.require_token()
        settings.secret_bytes()
    except SettingsProblem as problem:
        if problem.key == "TELEGRAM_BOT_TOKEN":
            _fail(texts.cli_token_missing())
        _fail(_one_line(texts, settings, problem))
    webhook = webhook or settings.webhook_url is not None
    if webhook and (settings.webhook_url is None or settings.webhook_secret is None):
        key = "KINERJA_WEBHOOK_URL" if settings.webhook_url is None else "KINERJA_WEBHOOK_SECRET"
        _fail(texts.cli_setting_problem(key, "required with --webhook"))
    configure_logging(
        settings.log_level, json_lines=settings.log_json, secrets=settings.secret_values()
    )
    revision = _with_database(settings, texts, migrate.current_revision)
    if revision != migrate.head_revision():
        _fail(texts.cli_setting_problem("DATABASE_URL", "run `kinerja db upgrade` first"))

    from bot.app import build_application
    from bot.runtime.runner import Runner, run_until_signalled

    application = build_application(settings, create_database(settings.database_url))
    try:
        asyncio.run(run_until_signalled(Runner(application, settings, webhook=webhook)))
    except TelegramError as error:  # the start failed: a rejected token, an unreachable API
        _fail(_one_line(texts, settings, error))


# ------------------------------------------------------------------------------ init-env


@app.command("init-env")
def init_env() -> None:
    """Write a random KINERJA_SECRET_KEY into .env once (`make run` does); never replaces one."""
    settings, texts = _settings()
    if settings.secret_key is not None:
        out.print(texts.cli_secret_key_kept(), markup=False, highlight=False)
        return
    dotenv = Path(".env")
    key = secrets.token_urlsafe(48)
    if dotenv.exists():
        dotenv.write_text(with_secret_key(dotenv.read_text(encoding="utf-8"), key), "utf-8")
    else:  # readable by its owner only, like the key it holds
        with os.fdopen(os.open(dotenv, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as file:
            file.write(with_secret_key("# kinerja settings: every key is in .env.example.\n", key))
    out.print(texts.cli_secret_key_written(str(dotenv)), markup=False, highlight=False)


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
        async with database.transaction() as tx:
            session = tx.session
            repository = CatalogRepository(session)
            if if_empty and not await repository.is_empty():
                return ""
            changes = await repository.apply(catalog)
            await AuditRepository(session).record(
                system_clock(),
                "cli",
                "catalog_loaded",
                str(file),
                {
                    "created": changes.created,
                    "updated": changes.updated,
                    "deactivated": changes.deactivated,
                },
            )
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
        async with database.snapshot() as tx:
            session = tx.session
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
    table = RichTable("IKU", "name", "source", "applies to", "target", "period", "polarity")
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


# ------------------------------------------------------------------------------ survey entry


def _services(settings: Settings, database: Database) -> Services:
    return Services(
        settings=settings, database=database, clock=system_clock, secret=settings.secret_bytes()
    )


async def _bot_username(settings: Settings) -> str | None:
    if settings.bot_username:
        return settings.bot_username.lstrip("@")
    if settings.telegram_bot_token is None:
        return None
    api = settings.telegram_api_url
    async with Bot(settings.require_token(), base_url=f"{api}/bot") as bot:
        return bot.username


def _unit_or_fail(texts: Texts, settings: Settings, code: str) -> UnitRecord:
    async def work(database: Database) -> UnitRecord | None:
        async with database.snapshot() as tx:
            session = tx.session
            return await UnitRepository(session).by_code(code)

    unit = _with_database(settings, texts, work)
    if unit is None:
        _fail(texts.cli_unknown_unit(code))
    return unit


def _username_or_fail(texts: Texts, settings: Settings) -> str:
    try:
        username = asyncio.run(_bot_username(settings))
    except TelegramError as error:
        _fail(_one_line(texts, settings, error))
    if username is None:
        _fail(texts.cli_bot_username_needed())
    return username


UnitArgument = Annotated[
    str, typer.Argument(help="A unit code from the catalogue, e.g. PKM-PAUH-UMUM")
]


@app.command()
def link(unit: UnitArgument) -> None:
    """Print the permanent survey deep link of a unit (what its QR poster holds)."""
    settings, texts = _settings()
    record = _unit_or_fail(texts, settings, unit)
    out.print(
        deep_link(_username_or_fail(texts, settings), unit_payload(record.unit.code)),
        markup=False,
        highlight=False,
    )


@app.command()
def qr(
    unit: UnitArgument,
    out_file: Annotated[
        Path, typer.Option("--out", help="PNG file to write", callback=_not_the_database)
    ],
    size: Annotated[str, typer.Option(help="Paper size: A5 or A4")] = "A5",
) -> None:
    """Write a printable poster (QR code, unit name, instruction in Indonesian)."""
    settings, texts = _settings()
    if size.upper() not in SIZES:
        _fail(texts.cli_setting_problem("--size", "A5 or A4"))
    record = _unit_or_fail(texts, settings, unit)
    poster_link = deep_link(_username_or_fail(texts, settings), unit_payload(record.unit.code))
    indonesian = texts_for(Language.ID)  # posters hang in Indonesian public offices
    write_poster(
        out_file,
        link=poster_link,
        unit_name=record.unit.name,
        instruction=indonesian.poster_instruction(),
        footer=indonesian.poster_footer(),
        size=size.upper(),
    )
    out.print(texts.cli_file_written(str(out_file), 1), markup=False, highlight=False)


@app.command()
def tokens(
    unit: UnitArgument,
    count: Annotated[int, typer.Option(min=1, max=10_000, help="How many single-use links")],
    out_file: Annotated[
        Path | None,
        typer.Option(
            "--out", help="CSV file to write; printed when omitted", callback=_not_the_database
        ),
    ] = None,
) -> None:
    """Issue signed single-use visit links to print on queue tickets (verified visits)."""
    settings, texts = _settings()
    record = _unit_or_fail(texts, settings, unit)
    username = _username_or_fail(texts, settings)
    now = system_clock()
    expires = (now + timedelta(hours=settings.visit_token_hours)).astimezone(settings.zone)
    secret = settings.secret_bytes()
    links = [
        deep_link(username, issue_visit_token(secret, record.id, now, secrets.randbits(32)))
        for _ in range(count)
    ]

    async def audit(database: Database) -> None:
        async with database.transaction() as tx:
            session = tx.session
            await AuditRepository(session).record(
                now, "cli", "visit_tokens_issued", record.unit.code, {"count": count}
            )

    _with_database(settings, texts, audit)
    if out_file is None:
        for item in links:
            out.print(item, markup=False, highlight=False)
        return
    with Table(out_file, ExportFormat.CSV, ("unit_code", "link", "expires_at"), "tokens") as table:
        for item in links:
            table.row((record.unit.code, item, expires.strftime("%Y-%m-%d %H:%M")))
    out.print(texts.cli_file_written(str(out_file), count), markup=False, highlight=False)


# ------------------------------------------------------------------------------ exports


FirstDay = Annotated[
    datetime, typer.Option("--from", formats=["%Y-%m-%d"], help="First day, YYYY-MM-DD (local)")
]
LastDay = Annotated[
    datetime, typer.Option("--to", formats=["%Y-%m-%d"], help="Last day, YYYY-MM-DD (local)")
]
OutFile = Annotated[Path, typer.Option("--out", help="File to write", callback=_not_the_database)]
FormatOption = Annotated[ExportFormat, typer.Option("--format")]
UnitOption = Annotated[str | None, typer.Option(help="A unit and everything under it")]


def _export_days(
    exporter: DayRangeExport,
    first: datetime,
    last: datetime,
    out_file: Path,
    fmt: ExportFormat,
    unit: str | None,
) -> None:
    settings, texts = _settings()
    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), console=err, transient=True
    ) as progress:
        task = progress.add_task(str(out_file), total=None)

        def advance(rows: int) -> None:
            progress.update(task, description=f"{out_file}: {rows:,}")

        async def work(database: Database) -> int:
            return await exporter(
                _services(settings, database),
                first.date(),
                last.date(),
                unit,
                out_file,
                fmt,
                advance,
            )

        try:
            rows = _with_database(settings, texts, work)
        except UnknownUnit:
            _fail(texts.cli_unknown_unit(unit or ""))
    out.print(texts.cli_file_written(str(out_file), rows), markup=False, highlight=False)


@export_app.command("responses")
def export_responses_command(
    first: FirstDay,
    last: LastDay,
    out_file: OutFile,
    fmt: FormatOption = ExportFormat.CSV,
    unit: UnitOption = None,
) -> None:
    """One row per completed survey response: unit, time, U1..U9, waiting, flags, ticket."""
    _export_days(export_responses, first, last, out_file, fmt, unit)


@export_app.command("reports")
def export_reports_command(
    first: FirstDay,
    last: LastDay,
    out_file: OutFile,
    fmt: FormatOption = ExportFormat.CSV,
    unit: UnitOption = None,
) -> None:
    """ASN daily reports, one row each, in the columns of e-Kinerja's progres harian."""
    _export_days(export_reports, first, last, out_file, fmt, unit)


# ------------------------------------------------------------------------------ staff


@invite_app.command("create")
def invite_create(
    role: Annotated[Role, typer.Option(help="asn, supervisor or admin")],
    unit: Annotated[str, typer.Option(help="The unit the person works in (or oversees)")],
    nip: Annotated[str, typer.Option(help="18-digit NIP")],
    name: Annotated[str, typer.Option(help="Full name, as the person will confirm it")],
    days: Annotated[int | None, typer.Option(min=1, max=90, help="Days until it expires")] = None,
    qr_file: Annotated[
        Path | None,
        typer.Option("--qr", help="Also write a QR code PNG", callback=_not_the_database),
    ] = None,
) -> None:
    """Print a one-time registration link for one person (and optionally its QR code)."""
    settings, texts = _settings()
    username = _username_or_fail(texts, settings)

    async def work(database: Database) -> tuple[str, Person]:
        return await create_invitation(
            _services(settings, database), role=role, unit_code=unit, nip=nip, name=name, days=days
        )

    try:
        payload, person = _with_database(settings, texts, work)
    except InviteError as error:
        _fail(texts.cli_invite_problem(error.field, error.problem))
    invite_link = deep_link(username, payload)
    expires = system_clock() + timedelta(days=days or settings.invitation_days)
    out.print(
        texts.cli_invitation(person.full_name, invite_link, expires.astimezone(settings.zone)),
        markup=False,
        highlight=False,
    )
    if qr_file is not None:
        qr_file.parent.mkdir(parents=True, exist_ok=True)
        segno.make(invite_link, error="m").save(str(qr_file), scale=8, border=4)
        out.print(texts.cli_file_written(str(qr_file), 1), markup=False, highlight=False)


@staff_app.command("list")
def staff_list(
    unit: Annotated[str | None, typer.Option(help="A unit and everything under it")] = None,
) -> None:
    """Everyone invited, with their role, unit and whether they registered."""
    settings, texts = _settings()

    async def work(database: Database) -> list[StaffRow]:
        services = _services(settings, database)
        return await list_staff(services, await unit_ids_under(services, unit) if unit else None)

    try:
        rows = _with_database(settings, texts, work)
    except UnknownUnit:
        _fail(texts.cli_unknown_unit(unit or ""))
    table = RichTable("NIP", "name", "role", "unit", "registered", "active")
    for row in rows:
        table.add_row(
            row.person.nip or "",
            row.person.full_name,
            row.person.role.value,
            row.person.unit_code,
            row.registered_at.astimezone(settings.zone).strftime("%Y-%m-%d")
            if row.registered_at
            else "—",
            "✓" if row.person.active else "✗",
        )
    out.print(table)


@staff_app.command("deactivate")
def staff_deactivate(nip: Annotated[str, typer.Argument(help="18-digit NIP")]) -> None:
    """End a person's access at once (their reports stay)."""
    settings, texts = _settings()

    async def work(database: Database) -> Person | None:
        return await deactivate_staff(_services(settings, database), nip)

    person = _with_database(settings, texts, work)
    if person is None:
        _fail(texts.cli_unknown_nip(nip))
    out.print(texts.cli_staff_deactivated(person.full_name), markup=False, highlight=False)


# ------------------------------------------------------------------------------ summaries

PeriodOption = Annotated[str, typer.Option(help="e.g. 2026-W47, 2026-11, 2026-Q4 or 2026")]


def _period_or_fail(texts: Texts, key: str) -> Period:
    try:
        return parse_period_key(key)
    except InvalidPeriodKey:
        _fail(texts.cli_setting_problem("--period", "e.g. 2026-W47, 2026-11, 2026-Q4, 2026"))


@summary_app.command("show")
def summary_show(
    period: PeriodOption,
    unit: Annotated[str | None, typer.Option(help="Unit code (default: the top unit)")] = None,
    lang: Annotated[Language | None, typer.Option(help="id or en")] = None,
) -> None:
    """Print the summary a supervisor of the unit would get for the period."""
    settings, texts = _settings()
    chosen = _period_or_fail(texts, period)

    async def work(database: Database) -> list[Html]:
        services = _services(settings, database)
        figures = await figures_for(services, chosen)
        code = unit or next(u.code for u in figures.now.catalog.units if u.parent_code is None)
        if figures.now.catalog.unit(code) is None:
            raise UnknownUnit(code)
        summary = await summary_for(services, figures, code)
        return summary_messages(texts_for(lang or settings.default_language), summary)

    try:
        messages = _with_database(settings, texts, work)
    except UnknownUnit:
        _fail(texts.cli_unknown_unit(unit or ""))
    for message in messages:
        out.print(plain_text(message), markup=False, highlight=False)
        out.print()


@summary_app.command("send")
def summary_send(
    period: PeriodOption,
    resend: Annotated[bool, typer.Option(help="Send again to those who already got it")] = False,
) -> None:
    """Send the period's summary to every supervisor now (idempotent unless --resend)."""
    settings, texts = _settings()
    chosen = _period_or_fail(texts, period)
    try:
        token = settings.require_token()
    except SettingsProblem:
        _fail(texts.cli_token_missing())

    def waiting(count: int) -> None:
        seconds = 2 * settings.claim_lease_seconds
        out.print(texts.cli_summaries_waiting(count, seconds), markup=False, highlight=False)

    async def work(database: Database) -> DeliveryReport:
        services = _services(settings, database)
        async with _bot(settings, token) as bot:
            return await deliver_period(
                services,
                chosen,
                telegram_sender(bot, services),
                resend=resend,
                wait_for_others=True,
                on_wait=waiting,
            )

    report = _with_database(settings, texts, work)
    out.print(
        texts.cli_summaries_sent(
            chosen.key,
            sent=report.sent,
            resumed=report.resumed,
            already_sent=report.already_sent,
            pending=report.pending,
            failed=report.failed,
        ),
        markup=False,
        highlight=False,
    )


@export_app.command("indicators")
def export_indicators(
    period: PeriodOption,
    out_file: OutFile,
    fmt: Annotated[ExportFormat, typer.Option("--format")] = ExportFormat.CSV,
) -> None:
    """Every indicator result of the period (computed now), one row per unit and IKU."""
    settings, texts = _settings()
    chosen = _period_or_fail(texts, period)

    async def work(database: Database) -> int:
        return await export_indicator_results(_services(settings, database), chosen, out_file, fmt)

    rows = _with_database(settings, texts, work)
    out.print(texts.cli_file_written(str(out_file), rows), markup=False, highlight=False)


@report_app.command("skm")
def report_skm(
    unit: Annotated[str, typer.Option(help="Unit code")],
    period: PeriodOption,
    out_file: Annotated[
        Path, typer.Option("--out", help="XLSX file to write", callback=_not_the_database)
    ],
) -> None:
    """The SKM report a unit publishes (PermenPAN-RB 14/2017): IKM, NRR per unsur, sample,
    respondent profile, complaints and their follow-up."""
    settings, texts = _settings()
    chosen = _period_or_fail(texts, period)

    async def work(database: Database) -> bytes:
        return await skm_report_workbook(_services(settings, database), unit, chosen)

    try:
        data = _with_database(settings, texts, work)
    except LookupError:
        _fail(texts.cli_unknown_unit(unit))
    out_file.parent.mkdir(parents=True, exist_ok=True)
    out_file.write_bytes(data)
    out.print(texts.cli_file_written(str(out_file), 1), markup=False, highlight=False)


@retention_app.command("apply")
def retention_apply() -> None:
    """Anonymise or purge what is past its retention date now (also runs daily at 02:30)."""
    settings, texts = _settings()

    async def work(database: Database) -> dict[str, int]:
        return await apply_retention(_services(settings, database))

    done = _with_database(settings, texts, work)
    table = RichTable("", "")
    for key, count in done.items():
        table.add_row(key, str(count))
    out.print(table)


@outbox_app.command("failed")
def outbox_failed() -> None:
    """Messages given up on: refused (the person blocked the bot or deleted their account),
    of unknown outcome (a send that timed out: it may have arrived, so it is not sent again
    by itself), or cancelled (the recipient was deactivated or left the role)."""
    settings, texts = _settings()

    async def work(database: Database) -> list[GivenUp]:
        async with database.snapshot() as tx:
            session = tx.session
            return await OutboxRepository(session).given_up()

    table = RichTable("id", "kind", "recipient", "status", "at", "error")
    for item in _with_database(settings, texts, work):
        table.add_row(
            str(item.id),
            item.kind,
            item.recipient_name or "citizen",
            item.status.value,
            item.at.astimezone(settings.zone).strftime("%Y-%m-%d %H:%M"),
            item.error,
        )
    out.print(table)


@outbox_app.command("resend")
def outbox_resend(
    item_id: Annotated[int, typer.Argument(help="The id shown by `kinerja outbox failed`")],
) -> None:
    """Send a message given up on once more, now: the operator's decision, e.g. after
    checking with the recipient that an alert of unknown outcome never arrived."""
    settings, texts = _settings()
    try:
        token = settings.require_token()
    except SettingsProblem:
        _fail(texts.cli_token_missing())

    async def work(database: Database) -> tuple[bool, Delivery | None] | None:
        services = _services(settings, database)
        now = services.clock()
        async with database.transaction() as tx:
            session = tx.session
            if await OutboxRepository(session).requeue(item_id, now) is None:
                return None
            await AuditRepository(session).record(now, "cli", "outbox_resend", str(item_id))
        async with _bot(settings, token) as bot:
            sent = await deliver_outbox(bot, services, [item_id]) == 1
        async with database.snapshot() as tx:
            session = tx.session
            return sent, await OutboxRepository(session).status(item_id)

    outcome = _with_database(settings, texts, work)
    if outcome is None:
        _fail(texts.cli_outbox_not_given_up(item_id))
    sent, status = outcome
    out.print(
        texts.cli_outbox_resent(item_id, sent, status.value if status else "?"),
        markup=False,
        highlight=False,
    )


@app.command()
def doctor() -> None:
    """Check the settings, the database and its schema, the bot token and the webhook."""
    checks: list[tuple[str, bool, str]] = []
    try:
        settings = load_settings()
    except SettingsProblem as problem:
        _fail(texts_for(Language.ID).cli_setting_problem(problem.key, problem.problem))
    texts = texts_for(settings.default_language)
    checks.append(("settings", True, f"{settings.environment.value}, {settings.timezone}"))
    if settings.has_strong_secret():
        checks.append((SECRET_KEY_NAME, True, "set"))
    elif settings.environment is Environment.DEVELOPMENT and settings.secret_key is None:
        checks.append((SECRET_KEY_NAME, False, texts.cli_development_key()))
    else:
        checks.append((SECRET_KEY_NAME, False, texts.cli_secret_key_weak()))

    async def database_state() -> tuple[bool, str]:
        database = create_database(settings.database_url)
        try:
            if not await database.ping():
                return False, "not answering"
            revision = await migrate.current_revision(database)
            head = migrate.head_revision()
            if revision != head:
                return False, f"schema {revision}, expected {head}: run `kinerja db upgrade`"
            async with database.snapshot() as tx:
                session = tx.session
                empty = await CatalogRepository(session).is_empty()
            return True, f"schema {revision}" + (", catalogue empty" if empty else "")
        finally:
            await database.dispose()

    ok, detail = asyncio.run(database_state())
    checks.append(("DATABASE_URL", ok, detail))

    async def telegram_state() -> list[tuple[str, bool, str]]:
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
        checks.append(("TELEGRAM_BOT_TOKEN", False, texts.cli_token_missing()))
    else:
        try:
            checks += asyncio.run(telegram_state())
        except TelegramError as error:
            checks.append(("TELEGRAM_BOT_TOKEN", False, _one_line(texts, settings, error)))
        except OSError as error:
            checks.append(
                ("TELEGRAM_BOT_TOKEN", False, redact(str(error), settings.secret_values()))
            )
    table = RichTable("check", "", "detail")
    for name, passed, detail in checks:
        table.add_row(name, "✓" if passed else "✗", detail)
    out.print(table)
    if not all(passed for _, passed, _ in checks):
        raise typer.Exit(1)


@app.command()
def chat(
    as_role: Annotated[
        Role, typer.Option("--as", help="citizen, asn or supervisor")
    ] = Role.CITIZEN,
    unit: Annotated[str | None, typer.Option(help="The unit to try it at")] = None,
) -> None:
    """Talk to the bot from this terminal through the built-in emulator (no Telegram)."""
    from bot.terminal_chat import run_chat

    settings, texts = _settings()
    configure_logging("ERROR", secrets=settings.secret_values())
    if as_role is Role.ADMIN:
        _fail(texts.cli_setting_problem("--as", "citizen, asn or supervisor"))
    try:
        settings.secret_bytes()  # before the database is touched: it holds real identities
    except SettingsProblem as problem:
        _fail(_one_line(texts, settings, problem))

    async def read_line() -> str | None:
        try:
            return await asyncio.get_running_loop().run_in_executor(None, input, "> ")
        except EOFError:
            return None

    try:
        asyncio.run(
            run_chat(
                settings,
                as_role,
                unit,
                read_line,
                lambda text: out.print(text, markup=False, highlight=False),
            )
        )
    except LookupError:
        _fail(texts.cli_unknown_unit(unit or ""))


@app.command()
def demo(
    out_dir: Annotated[
        Path,
        typer.Option("--out", help="Where to write the results", callback=_not_around_the_database),
    ] = Path("demo-output"),
) -> None:
    """Play a week in Pauh on the built-in emulator: no token, no network, under a minute."""
    from bot.demo import run_demo

    configure_logging("WARNING")
    asyncio.run(run_demo(out_dir, out))


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
        err.print(_one_line(texts, settings, error), markup=False, highlight=False)
        raise SystemExit(1) from None
