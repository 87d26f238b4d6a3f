"""What an operator does from a terminal that reaches the database: load and read the
catalogue, look a unit up, audit issued visit links, inspect and resend what the outbox gave up
on, read the audit log, and check the database for `kinerja doctor`.

Most take the database and the time rather than `Services`: they need no secret key, so they
work on a fresh install before one is set (`kinerja catalog load`, `kinerja doctor`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

from bot.services import Services
from bot.usecases.exports import unit_ids_under
from bot.usecases.staff import list_staff
from db import migrate
from db.engine import Database
from db.repositories.catalog import CatalogChanges
from db.repositories.messaging import GivenUp
from db.repositories.staff import StaffRow
from kinerja.audit import OPERATOR, AuditAction, AuditRecord
from kinerja.catalog import Catalog
from kinerja.delivery import Delivery
from kinerja.types import UnitRecord

ACTOR = OPERATOR


async def load_catalog(
    database: Database, now: datetime, catalog: Catalog, source: str, *, only_if_empty: bool
) -> CatalogChanges | None:
    """Upsert the catalogue and audit it, even when nothing changed (the operator's act is the
    fact); None when `only_if_empty` and the database already has units."""
    async with database.transaction() as tx:
        if only_if_empty and not await tx.catalog.is_empty():
            return None
        changes = await tx.catalog.apply(catalog)
        await tx.audit.record(
            now,
            ACTOR,
            AuditAction.CATALOG_LOADED,
            source,
            {
                "created": changes.created,
                "updated": changes.updated,
                "deactivated": changes.deactivated,
            },
        )
    return changes


async def current_catalog(database: Database) -> Catalog:
    async with database.snapshot() as tx:
        return await tx.catalog.load()


async def catalog_with_example(database: Database, example: Callable[[], Catalog]) -> Catalog:
    """The catalogue, after loading `example` into a database that has none (`kinerja chat`
    on a fresh install); the file is read only then."""
    async with database.transaction() as tx:
        if await tx.catalog.is_empty():
            await tx.catalog.apply(example())
        return await tx.catalog.load()


async def seed_catalog(database: Database, catalog: Catalog) -> dict[str, int]:
    """Apply the catalogue to a new database; returns the unit ids by code (`kinerja demo`)."""
    async with database.transaction() as tx:
        await tx.catalog.apply(catalog)
        unit_ids, _ = await tx.catalog.ids()
    return unit_ids


async def unit_by_code(database: Database, code: str) -> UnitRecord | None:
    async with database.snapshot() as tx:
        return await tx.units.by_code(code)


async def staff_in(services: Services, unit_code: str | None) -> list[StaffRow]:
    """Everyone invited, or those of `unit_code` and the units under it (`UnknownUnit` when
    there is no such unit)."""
    unit_ids = await unit_ids_under(services, unit_code) if unit_code else None
    return await list_staff(services, unit_ids)


async def record_visit_tokens(
    database: Database, now: datetime, unit_code: str, count: int
) -> None:
    """The links themselves are signed, never stored: the audit keeps who issued how many."""
    async with database.transaction() as tx:
        await tx.audit.record(
            now, ACTOR, AuditAction.VISIT_TOKENS_ISSUED, unit_code, {"count": count}
        )


async def given_up_messages(database: Database) -> list[GivenUp]:
    async with database.snapshot() as tx:
        return await tx.outbox.given_up()


@dataclass(frozen=True, slots=True)
class Resent:
    sent: bool
    status: Delivery | None


async def resend_given_up(
    services: Services, item_id: int, deliver: Callable[[list[int]], Awaitable[int]]
) -> Resent | None:
    """Queue a message given up on once more (audited) and `deliver` it now; None when there
    is no such message given up on. `deliver` returns how many it sent."""
    now = services.clock()
    async with services.database.transaction() as tx:
        if await tx.outbox.requeue(item_id, now) is None:
            return None
        await tx.audit.record(now, ACTOR, AuditAction.OUTBOX_RESEND, str(item_id))
    sent = await deliver([item_id]) == 1
    async with services.database.snapshot() as tx:
        return Resent(sent, await tx.outbox.status(item_id))


async def audit_entries(
    database: Database, *, since: datetime | None, actor: str | None, limit: int
) -> list[AuditRecord]:
    """The audit log, newest first (`AuditRepository.entries`)."""
    async with database.snapshot() as tx:
        return await tx.audit.entries(since=since, actor=actor, limit=limit)


@dataclass(frozen=True, slots=True)
class DatabaseState:
    answering: bool
    revision: str | None = None
    head: str | None = None
    catalog_empty: bool = False

    @property
    def current(self) -> bool:
        return self.answering and self.revision == self.head


async def database_state(database: Database) -> DatabaseState:
    """Whether the database answers, at which schema, and (only when the schema is current)
    whether it has a catalogue yet."""
    if not await database.ping():
        return DatabaseState(answering=False)
    revision = await migrate.current_revision(database)
    head = migrate.head_revision()
    if revision != head:
        return DatabaseState(answering=True, revision=revision, head=head)
    async with database.snapshot() as tx:
        empty = await tx.catalog.is_empty()
    return DatabaseState(answering=True, revision=revision, head=head, catalog_empty=empty)
