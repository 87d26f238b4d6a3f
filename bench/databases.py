"""The benchmarks' databases: migrated with the Pauh catalogue before a run, counted after."""

from __future__ import annotations

from sqlalchemy import func, select, text

from bot.files.catalogue import EXAMPLE, read_catalog
from db import migrate, models
from db.engine import create_database
from kinerja.survey import Status


async def prepare(database_url: str) -> None:
    database = create_database(database_url)
    await migrate.upgrade(database)
    async with database.transaction() as tx:
        await tx.catalog.apply(read_catalog(EXAMPLE))
    await database.dispose()


async def completed_surveys(database_url: str) -> int:
    database = create_database(database_url)
    async with database.snapshot() as tx:
        found = await tx.session.scalar(
            select(func.count())
            .select_from(models.SurveyResponse)
            .where(models.SurveyResponse.status == Status.COMPLETED)
        )
    await database.dispose()
    return int(found or 0)


async def reset_postgres(url: str) -> None:
    """An empty schema: each run starts from nothing, as on SQLite's fresh files."""
    database = create_database(url)
    async with database.engine.begin() as connection:
        await connection.execute(text("DROP SCHEMA public CASCADE"))
        await connection.execute(text("CREATE SCHEMA public"))
    await database.dispose()
