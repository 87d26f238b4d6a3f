"""The webhook, served by the web app, as an attacker and a careless operator meet it: the
secret is checked before the body is read, the body is capped, a malformed update is dropped
without a retry storm, a duplicate that arrives concurrently is handled once, and /metrics stays
private."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from bot.app import KinerjaApplication
from bot.emulator import BotApiEmulator, EmulatedUser
from bot.texts import CATALOGUES
from db import models
from db.engine import Database
from kinerja.types import Language, Role
from tests.bot.conftest import (
    WEBHOOK_SECRET,
    WebhookBot,
    free_port,
    make_settings,
    start_bot,
    stop_bot,
)
from tests.clock import FakeClock

ID = CATALOGUES[Language.ID]
MIB = 1024 * 1024
METRICS_TOKEN = "metrics-token-0123456789"
SQLITE_ONLY = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
"""For what happens before any update reaches the database."""


@pytest.fixture
async def webhook(webhook_bot: WebhookBot) -> tuple[int, KinerjaApplication]:
    return await webhook_bot()


def _start_update(user: EmulatedUser, update_id: int) -> dict[str, Any]:
    return {
        "update_id": update_id,
        "message": {
            "message_id": 1,
            "date": 0,
            "chat": user.chat_json(),
            "from": user.user_json(),
            "text": "/start",
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        },
    }


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


async def test_a_duplicate_posted_concurrently_is_handled_once(
    webhook: tuple[int, KinerjaApplication],
    emulator: BotApiEmulator,
    catalog_database: Database,
    http: httpx.AsyncClient,
) -> None:
    """The same update POSTed four times at once (Telegram retrying a slow answer, or a
    replay): every copy is answered 200 after the update was handled, and it was handled once."""
    port, application = webhook
    siti = emulator.user(32, "Siti")
    update = _start_update(siti, 4242)
    responses = await asyncio.gather(
        *(
            http.post(
                f"http://127.0.0.1:{port}/telegram",
                json=update,
                headers={"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET},
            )
            for _ in range(4)
        )
    )
    assert [r.status_code for r in responses] == [200] * 4
    assert [m.text for m in emulator.messages_in(32)] == [ID.welcome("Siti", Role.CITIZEN, None)]
    registry = application.bot_data.services.metrics.registry
    assert registry.get_sample_value("kinerja_updates_total", {"type": "message"}) == 1
    assert registry.get_sample_value("kinerja_updates_duplicate_total") == 3
    async with catalog_database.snapshot() as tx:
        rows = (
            await tx.session.scalars(
                select(models.ProcessedUpdate).where(models.ProcessedUpdate.update_id == 4242)
            )
        ).all()
    assert len(rows) == 1
    assert rows[0].finished_at is not None


@SQLITE_ONLY
async def test_metrics_are_not_served_on_the_webhook_listener_without_a_token(
    webhook: tuple[int, KinerjaApplication], http: httpx.AsyncClient
) -> None:
    """The web app is the listener reachable from the internet; /healthz stays open."""
    port, _ = webhook
    assert (await http.get(f"http://127.0.0.1:{port}/metrics")).status_code == 404
    health = await http.get(f"http://127.0.0.1:{port}/healthz")
    assert health.json() == {"database": "ok"}


@SQLITE_ONLY
async def test_metrics_on_the_webhook_listener_need_the_bearer_token(
    webhook_bot: WebhookBot, http: httpx.AsyncClient
) -> None:
    port, _ = await webhook_bot(metrics_token=METRICS_TOKEN)
    url = f"http://127.0.0.1:{port}/metrics"
    for headers in ({}, {"Authorization": "Bearer wrong-token-0123456789"}):
        refused = await http.get(url, headers=headers)
        assert refused.status_code == 401
        assert refused.headers["WWW-Authenticate"] == "Bearer"
        assert "kinerja_" not in refused.text
    allowed = await http.get(url, headers={"Authorization": f"Bearer {METRICS_TOKEN}"})
    assert allowed.status_code == 200
    assert "kinerja_updates_duplicate_total" in allowed.text
    assert (await http.get(f"http://127.0.0.1:{port}/healthz")).status_code == 200


@SQLITE_ONLY
async def test_metrics_can_have_their_own_private_listener(
    webhook_bot: WebhookBot,
    emulator: BotApiEmulator,
    database_url: str,
    clock: FakeClock,
    http: httpx.AsyncClient,
) -> None:
    """KINERJA_METRICS_PORT: /metrics and /healthz on a loopback address of their own, in
    webhook mode (where the web app then serves no /metrics) and in polling mode."""
    metrics_port = free_port()
    port, application = await webhook_bot(metrics_port=metrics_port)
    try:
        assert (await http.get(f"http://127.0.0.1:{port}/metrics")).status_code == 404
        private = await http.get(f"http://127.0.0.1:{metrics_port}/metrics")
        assert private.status_code == 200
        assert "kinerja_updates_total" in private.text
        health = await http.get(f"http://127.0.0.1:{metrics_port}/healthz")
        assert health.json() == {"database": "ok"}
    finally:
        await stop_bot(application)

    polling_port = free_port()
    settings = make_settings(
        emulator, database_url, metrics_port=polling_port, metrics_token=METRICS_TOKEN
    )
    application = await start_bot(settings, clock)
    try:
        url = f"http://127.0.0.1:{polling_port}/metrics"
        assert (await http.get(url)).status_code == 401
        allowed = await http.get(url, headers={"Authorization": f"Bearer {METRICS_TOKEN}"})
        assert allowed.status_code == 200
    finally:
        await stop_bot(application)


@SQLITE_ONLY
async def test_the_webhook_asks_telegram_for_the_connections_set(
    webhook_bot: WebhookBot, emulator: BotApiEmulator
) -> None:
    """KINERJA_WEBHOOK_MAX_CONNECTIONS reaches setWebhook: with several processes behind a
    load balancer, Telegram's default 40 may leave some idle."""
    await webhook_bot(webhook_max_connections=90)
    assert emulator.feed.webhook is not None
    assert emulator.feed.webhook.max_connections == 90
