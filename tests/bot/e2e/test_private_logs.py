"""A failing database statement is logged without who it was about.

The statement's parameters and PostgreSQL's DETAIL line ("Failing row contains (…)", "Key
(respondent_hash)=(…) already exists") carry identity hashes; the error log must not.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
from sqlalchemy import text

from bot.runtime.logs import log_handler
from bot.texts import CATALOGUES
from db.engine import Database
from kinerja.identity import identity_hash
from kinerja.types import Language
from tests.bot.conftest import Harness
from tests.bot.personas import POLI_UMUM

ID = CATALOGUES[Language.ID]
CITIZEN_ID = 987654321


@asynccontextmanager
async def _altered(
    database: Database, changes: tuple[str, ...], undo: tuple[str, ...]
) -> AsyncIterator[None]:
    """The schema with `changes` made for the test, and `undo` run after it."""
    async with database.engine.begin() as connection:
        for statement in changes:
            await connection.execute(text(statement))
    try:
        yield
    finally:
        async with database.engine.begin() as connection:
            for statement in undo:
                await connection.execute(text(statement))


@pytest.fixture
async def failing_inserts(database: Database) -> AsyncIterator[None]:
    """Every new survey response fails, as it would with the disk full (PostgreSQL only)."""
    async with _altered(
        database,
        (
            "CREATE OR REPLACE FUNCTION kinerja_test_refuse() RETURNS trigger "
            "LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'could not extend file'; END $$",
            "CREATE TRIGGER kinerja_test_refuse BEFORE INSERT ON survey_responses "
            "FOR EACH ROW EXECUTE FUNCTION kinerja_test_refuse()",
        ),
        (
            "DROP TRIGGER kinerja_test_refuse ON survey_responses",
            "DROP FUNCTION kinerja_test_refuse()",
        ),
    ):
        yield


@pytest.fixture
async def refused_rows(database: Database) -> AsyncIterator[None]:
    """Every new survey response breaks a constraint: PostgreSQL's DETAIL then shows the row."""
    async with _altered(
        database,
        ("ALTER TABLE survey_responses ADD CONSTRAINT kinerja_test_never CHECK (false) NOT VALID",),
        ("ALTER TABLE survey_responses DROP CONSTRAINT kinerja_test_never",),
    ):
        yield


async def _consent(bot: Harness) -> str:
    """A citizen agrees to the survey, whose first row then fails; returns their hash."""
    citizen = bot.user(CITIZEN_ID, "Siti")
    await citizen.start(f"u_{POLI_UMUM}")
    await citizen.press(await citizen.next_message(), ID.consent_agree())
    await bot.settle()
    services = bot.application.bot_data.services
    assert services.metrics.handler_errors._value.get() == 1  # the error path was taken
    assert list(bot.emulator.callback_answers.values())[-1]["text"] == ID.error_apology()
    return identity_hash(services.secret, CITIZEN_ID)


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
async def test_a_failed_statement_is_logged_without_its_parameters(
    database_url: str, failing_inserts: None, bot: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO):
        hashed = await _consent(bot)
    assert "could not extend file" in caplog.text
    assert "SQL parameters hidden" in caplog.text
    assert hashed not in caplog.text
    assert str(CITIZEN_ID) not in caplog.text


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
@pytest.mark.parametrize("json_lines", [False, True], ids=["plain", "json"])
async def test_the_log_shows_no_row_of_a_refused_statement(
    database_url: str,
    refused_rows: None,
    bot: Harness,
    caplog: pytest.LogCaptureFixture,
    json_lines: bool,
) -> None:
    with caplog.at_level(logging.INFO):
        hashed = await _consent(bot)
    handler = log_handler(json_lines=json_lines)  # what `kinerja run` logs through
    lines = [handler.format(record) for record in caplog.records if handler.filter(record)]
    logged = "\n".join(lines)
    assert "kinerja_test_never" in logged  # the error itself is still there
    assert hashed not in logged
    assert str(CITIZEN_ID) not in logged
