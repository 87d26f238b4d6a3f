"""The webhook listener as an attacker and a careless operator meet it: the secret is checked
before the body is read, the body is capped, and a malformed update is dropped without a retry
storm."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator

import httpx
import pytest

from bot.app import KinerjaApplication
from bot.emulator import BotApiEmulator
from bot.texts import CATALOGUES
from db.engine import Database
from kinerja.types import Language, Role
from tests.bot.conftest import WEBHOOK_SECRET, start_webhook_bot, stop_bot
from tests.conftest import FixedClock

ID = CATALOGUES[Language.ID]
MIB = 1024 * 1024
SQLITE_ONLY = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
"""For what happens before any update reaches the database."""


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=10) as client:
        yield client


@pytest.fixture
async def webhook(
    emulator: BotApiEmulator, catalog_database: Database, database_url: str, clock: FixedClock
) -> AsyncIterator[tuple[int, KinerjaApplication]]:
    port, application = await start_webhook_bot(emulator, database_url, clock)
    try:
        yield port, application
    finally:
        await stop_bot(application)


def _head(secret: str | None, *, length: int | None) -> bytes:
    """A webhook request head; without a length the body is sent chunked."""
    lines = ["POST /telegram HTTP/1.1", "Host: 127.0.0.1", "Content-Type: application/json"]
    lines.append(
        f"Content-Length: {length}" if length is not None else "Transfer-Encoding: chunked"
    )
    if secret is not None:
        lines.append(f"X-Telegram-Bot-Api-Secret-Token: {secret}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


async def _answer_without_the_rest(port: int, sent: bytes) -> bytes:
    """Send part of a request and keep the rest back: what the server answers before it
    closes the connection. A server that waits for the whole body never answers (the wait is
    bounded only so that such a server fails the test instead of hanging it)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(sent)
        await writer.drain()
        return await asyncio.wait_for(reader.read(), 10)
    finally:
        writer.close()


@SQLITE_ONLY
async def test_a_body_without_the_secret_is_refused_before_it_is_read(
    webhook: tuple[int, KinerjaApplication],
) -> None:
    """A 5 MiB body announced with a wrong or missing secret is answered 403 while not one
    byte of it has been sent, and the connection is closed rather than read to the end."""
    port, _ = webhook
    for secret in ("wrong-secret-0123456789", "s3cret-token-012345678\u00ff", None):
        answer = await _answer_without_the_rest(port, _head(secret, length=5 * MIB))
        assert answer.startswith(b"HTTP/1.1 403 "), answer[:40]


@SQLITE_ONLY
async def test_a_body_over_one_mebibyte_is_refused_with_413(
    webhook: tuple[int, KinerjaApplication],
) -> None:
    """Announced too long: refused before it is sent. Sent chunked (no length announced):
    refused once the first byte beyond 1 MiB arrives, and nothing more is read."""
    port, _ = webhook
    announced = await _answer_without_the_rest(port, _head(WEBHOOK_SECRET, length=MIB + 1))
    assert announced.startswith(b"HTTP/1.1 413 "), announced[:40]

    chunk = b"%x\r\n" % (2 * MIB) + b" " * (MIB + 1)  # the chunk's first MiB and one byte
    chunked = await _answer_without_the_rest(port, _head(WEBHOOK_SECRET, length=None) + chunk)
    assert chunked.startswith(b"HTTP/1.1 413 "), chunked[:40]


@SQLITE_ONLY
async def test_a_malformed_update_is_answered_200_and_dropped_with_a_log_line(
    webhook: tuple[int, KinerjaApplication],
    emulator: BotApiEmulator,
    http: httpx.AsyncClient,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Telegram redelivers anything not answered 2xx, so a body that can never be handled is
    acknowledged and dropped (a 4xx or 500 would come back forever); the bot keeps serving."""
    port, _ = webhook
    bodies = [
        b"{not json",
        b"\xff\xfe",
        b"[]",
        b'{"update_id": "1"}',
        b'{"update_id": 5, "message": {"text": "no chat, no date"}}',
        b"[" * 100_000,  # nested too deep for the parser
        b'{"update_id": 6, "message": {"message_id": 1, "date": 1e30, "chat": {"id": 1}}}',
    ]
    caplog.set_level(logging.WARNING, logger="kinerja.runner")
    for body in bodies:
        response = await http.post(
            f"http://127.0.0.1:{port}/telegram",
            content=body,
            headers={"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET},
        )
        assert response.status_code == 200, body[:20]
    dropped = [r for r in caplog.records if r.name == "kinerja.runner" and "dropped" in r.message]
    assert len(dropped) == len(bodies)

    siti = emulator.user(31, "Siti")
    await siti.start()
    assert (await siti.next_message()).text == ID.welcome("Siti", Role.CITIZEN, None)
