"""Fixtures shared by every layer: real databases, a fixed clock, personas, the network guard."""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text

from bot.files.catalogue import read_catalog
from db import migrate
from db.engine import Database, create_database
from db.models import Base
from kinerja.catalog import Catalog
from tests import netguard
from tests.clock import FakeClock

netguard.install()

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_CATALOG = ROOT / "examples" / "pauh.yaml"
WIB = ZoneInfo("Asia/Jakarta")
POSTGRES_URL = os.environ.get("KINERJA_TEST_POSTGRES_URL", "")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(scope="session")
def example_catalog() -> Catalog:
    return read_catalog(EXAMPLE_CATALOG)


# ------------------------------------------------------------------------------ databases


async def _migrate(url: str, *, reset_postgres: bool = False) -> None:
    database = create_database(url)
    try:
        if reset_postgres:
            async with database.engine.begin() as connection:
                await connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
                await connection.execute(text("CREATE SCHEMA public"))
        await migrate.upgrade(database)
    finally:
        await database.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Migrated once per session; each test gets a copy of the file (fast, isolated, real)."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    asyncio.run(_migrate(f"sqlite+aiosqlite:///{path}"))
    return path


@pytest.fixture(scope="session")
def postgres_migrated() -> str:
    """The CI server: a fresh schema migrated once per session. Set means it must work."""
    if not POSTGRES_URL:
        pytest.skip("KINERJA_TEST_POSTGRES_URL is not set")
    asyncio.run(_migrate(POSTGRES_URL, reset_postgres=True))
    return POSTGRES_URL


BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
]


@pytest.fixture
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    backend = getattr(request, "param", "sqlite")
    if backend == "sqlite":
        path = tmp_path / "kinerja.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite+aiosqlite:///{path}"
    else:
        url: str = request.getfixturevalue("postgres_migrated")
        asyncio.run(_truncate(url))
        yield url


async def _truncate(url: str) -> None:
    """Isolation for code that opens its own sessions (Shvatka's clear_data)."""
    database = create_database(url)
    try:
        tables = ", ".join(t.name for t in Base.metadata.sorted_tables)
        async with database.engine.begin() as connection:
            await connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    finally:
        await database.dispose()


@pytest.fixture
async def database(database_url: str) -> AsyncIterator[Database]:
    database = create_database(database_url)
    try:
        yield database
    finally:
        await database.dispose()


@pytest.fixture
async def catalog_database(database: Database, example_catalog: Catalog) -> Database:
    """The example Pauh catalogue loaded."""
    async with database.transaction() as tx:
        await tx.catalog.apply(example_catalog)
    return database


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Every test that uses a database runs on both backends, unless it names its own."""
    own = any(
        "database_url" in str(marker.args[0])
        for marker in metafunc.definition.iter_markers("parametrize")
    )
    if "database_url" in metafunc.fixturenames and not own:
        metafunc.parametrize("database_url", BACKENDS, indirect=True)
