"""Models and migrations agree on both backends; the schema changes only through Alembic."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from db import migrate
from db.engine import Database, create_database
from db.models import Base


async def test_migrated_schema_matches_the_models(database: Database) -> None:
    def diff(connection: Connection) -> list[object]:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, Base.metadata))

    async with database.engine.connect() as connection:
        assert await connection.run_sync(diff) == []


async def test_database_is_at_head_and_upgrade_is_idempotent(database: Database) -> None:
    assert await migrate.current_revision(database) == migrate.head_revision()
    await migrate.upgrade(database)
    assert await migrate.current_revision(database) == migrate.head_revision()


async def test_every_model_table_exists(database: Database) -> None:
    async with database.engine.connect() as connection:
        tables = await connection.run_sync(lambda c: set(inspect(c).get_table_names()))
    assert set(Base.metadata.tables) <= tables


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_queued_outbox_rows_get_a_status_and_their_recipient(database_url: str) -> None:
    """Rows queued before the delivery state machine keep their meaning: sent stays sent,
    failed stays failed, a pending alert is checked against the supervisor holding its chat."""
    url = database_url.replace("kinerja.db", "old.db")
    database = create_database(url)
    try:
        await migrate.upgrade(database, "0005")
        now = "2026-11-25 03:00:00.000000"
        async with database.engine.begin() as connection:
            await connection.execute(
                text(
                    "INSERT INTO org_units (id, code, name, kind, survey_template, "
                    "skippable_elements, ask_importance, ask_profile, active) VALUES "
                    "(1, 'PKM-PAUH', 'Puskesmas Pauh', 'puskesmas', 'skm', '', 0, 0, 1)"
                )
            )
            await connection.execute(
                text(
                    "INSERT INTO people (id, full_name, role, unit_id, telegram_user_id, "
                    "active, created_at) VALUES (7, 'dr. Andi', 'supervisor', 1, 3001, 1, :now)"
                ),
                {"now": now},
            )
            for chat, kind, sent, failed in (
                (3001, "complaint", None, None),
                (3001, "low_score", now, None),
                (555, "complaint_follow_up", None, now),
            ):
                await connection.execute(
                    text(
                        "INSERT INTO outbox (chat_id, kind, payload, created_at, attempts, "
                        "next_attempt_at, sent_at, failed_at) "
                        "VALUES (:chat, :kind, '{}', :now, 0, :now, :sent, :failed)"
                    ),
                    {"chat": chat, "kind": kind, "now": now, "sent": sent, "failed": failed},
                )
            await connection.execute(
                text(
                    "INSERT INTO summary_deliveries (person_id, period_key, claimed_at, "
                    "claimed_by, status, late) VALUES "
                    "(7, '2026-W47', :now, 'x', 'claimed', 0), "
                    "(7, '2026-W46', :now, 'x', 'failed', 0)"
                ),
                {"now": now},
            )
        await migrate.upgrade(database)
        async with database.engine.connect() as connection:
            outbox = (
                await connection.execute(
                    text("SELECT kind, status, person_id FROM outbox ORDER BY id")
                )
            ).all()
            deliveries = (
                await connection.execute(
                    text("SELECT period_key, status FROM summary_deliveries ORDER BY period_key")
                )
            ).all()
    finally:
        await database.dispose()
    assert [tuple(r) for r in outbox] == [
        ("complaint", "pending", 7),
        ("low_score", "sent", 7),
        ("complaint_follow_up", "failed", None),
    ]
    assert [tuple(r) for r in deliveries] == [("2026-W46", "pending"), ("2026-W47", "sending")]


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_a_response_with_several_complaints_keeps_the_newest_linked(
    database_url: str,
) -> None:
    """Before 0008 going back in the survey filed a second complaint for the same response.
    The unique index needs one: the newest stays linked, the older keeps its ticket and
    history, unlinked; every complaint starts never reopened."""
    url = database_url.replace("kinerja.db", "old.db")
    database = create_database(url)
    try:
        await migrate.upgrade(database, "0007")
        now = "2026-11-25 03:00:00.000000"
        async with database.engine.begin() as connection:
            await connection.execute(
                text(
                    "INSERT INTO org_units (id, code, name, kind, survey_template, "
                    "skippable_elements, ask_importance, ask_profile, active) VALUES "
                    "(1, 'PKM-PAUH', 'Puskesmas Pauh', 'puskesmas', 'skm', '', 0, 0, 1)"
                )
            )
            await connection.execute(
                text(
                    "INSERT INTO survey_responses (id, unit_id, template, verified, status, "
                    "step, started_at, updated_at, flags, skipped, complaint_done, photo_done) "
                    "VALUES (5, 1, 'skm', 0, 'completed', '', :now, :now, '', '', 1, 1)"
                ),
                {"now": now},
            )
            for complaint_id, ticket, response_id in ((1, "A-1", 5), (2, "A-2", 5), (3, "B", None)):
                await connection.execute(
                    text(
                        "INSERT INTO complaints (id, ticket, unit_id, response_id, status, "
                        "serious, created_at, citizen_language) "
                        "VALUES (:id, :ticket, 1, :response, 'open', 0, :now, 'id')"
                    ),
                    {"id": complaint_id, "ticket": ticket, "response": response_id, "now": now},
                )
        await migrate.upgrade(database)
        async with database.engine.connect() as connection:
            rows = (
                await connection.execute(
                    text("SELECT ticket, response_id, reopen_count FROM complaints ORDER BY id")
                )
            ).all()
        with pytest.raises(IntegrityError):
            async with database.engine.begin() as connection:
                await connection.execute(
                    text(
                        "INSERT INTO complaints (ticket, unit_id, response_id, status, serious, "
                        "created_at, citizen_language) VALUES ('A-3', 1, 5, 'open', 0, :now, 'id')"
                    ),
                    {"now": now},
                )
    finally:
        await database.dispose()
    assert [tuple(r) for r in rows] == [("A-1", None, 0), ("A-2", 5, 0), ("B", None, 0)]
