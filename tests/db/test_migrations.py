"""Models and migrations agree on both backends; the schema changes only through Alembic."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import Connection

from db import migrate
from db.engine import Database
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
