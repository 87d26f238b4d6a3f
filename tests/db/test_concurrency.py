"""Concurrent read-modify-writes lose nothing and never fail with "database is locked".

On SQLite this holds because write transactions begin IMMEDIATE (a deferred BEGIN under WAL
throws "database is locked" on the upgrade to a write lock; the driver's default mode loses
updates). On PostgreSQL a read-modify-write must lock the row (FOR UPDATE); the repositories use
single atomic statements or such locks.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from sqlalchemy import select, update

from db import models
from db.engine import Database
from kinerja.types import Language

WRITERS = 40


async def _seed(database: Database) -> None:
    async with database.transaction() as tx:
        tx.session.add(
            models.AuditEntry(at=datetime.now(UTC), actor="t", action="counter", subject="0")
        )


async def _increment(database: Database) -> None:
    async with database.transaction() as tx:
        row = await tx.session.scalar(
            select(models.AuditEntry).where(models.AuditEntry.action == "counter").with_for_update()
        )
        assert row is not None
        await asyncio.sleep(0)  # let the others interleave between read and write
        await tx.session.execute(
            update(models.AuditEntry)
            .where(models.AuditEntry.id == row.id)
            .values(subject=str(int(row.subject) + 1))
        )


async def test_concurrent_read_modify_writes_lose_nothing(database: Database) -> None:
    await _seed(database)
    await asyncio.gather(*(_increment(database) for _ in range(WRITERS)))
    async with database.snapshot() as tx:
        subject = await tx.session.scalar(
            select(models.AuditEntry.subject).where(models.AuditEntry.action == "counter")
        )
    assert subject == str(WRITERS)


async def test_concurrent_upserts_of_one_key_end_with_one_row(database: Database) -> None:
    async def choose(language: Language) -> None:
        async with database.transaction() as tx:
            await tx.preferences.choose_language("a" * 64, language, datetime.now(UTC))

    await asyncio.gather(*(choose(list(Language)[i % 2]) for i in range(WRITERS)))
    async with database.snapshot() as tx:
        rows = (await tx.session.scalars(select(models.ChatPreference))).all()
    assert len(rows) == 1


async def test_reads_do_not_wait_for_a_writer(database: Database) -> None:
    """A snapshot can run while a write transaction is open (WAL on SQLite, MVCC on PG)."""
    await _seed(database)
    async with database.transaction() as tx:
        writer = tx.session
        await writer.execute(update(models.AuditEntry).values(subject="written"))
        async with database.snapshot() as tx:
            reader = tx.session
            seen = await reader.scalar(select(models.AuditEntry.subject))
    assert seen == "0"
