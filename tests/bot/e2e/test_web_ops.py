"""The web app's operator side, as `kinerja run` serves it in either mode: /healthz, no webhook
in polling mode, 404 for what it does not serve, a stop that lets a webhook request in progress
finish, and no log line that names a requested path (paths and queries carry secrets)."""

from __future__ import annotations

import asyncio
import logging
import time

import httpx
import pytest

from bot.app import KinerjaApplication
from bot.emulator import BotApiEmulator
from bot.runtime.processing import FairUpdateProcessor
from bot.texts import CATALOGUES
from kinerja.types import Language, Role
from tests.bot.conftest import WEBHOOK_SECRET, Harness, WebhookBot, stop_bot
from tests.bot.e2e.test_webhook import _start_update

ID = CATALOGUES[Language.ID]
SQLITE_ONLY = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


@SQLITE_ONLY
async def test_the_web_app_is_served_in_polling_mode_too(
    bot: Harness, http: httpx.AsyncClient
) -> None:
    """/healthz is open; the webhook path is not served while polling, nor /metrics without a
    token; a path nobody serves is 404."""
    health = await http.get(f"{bot.web_url}/healthz")
    assert health.status_code == 200
    assert health.headers["Content-Type"] == "application/json"
    assert health.json() == {"database": "ok"}
    webhook = await http.post(
        f"{bot.web_url}/telegram",
        json={"update_id": 1},
        headers={"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET},
    )
    assert webhook.status_code == 404
    assert (await http.get(f"{bot.web_url}/metrics")).status_code == 404
    assert (await http.get(f"{bot.web_url}/no/such/page")).status_code == 404


@SQLITE_ONLY
async def test_a_path_nobody_serves_is_404_in_webhook_mode(
    webhook_bot: WebhookBot, http: httpx.AsyncClient
) -> None:
    port, _ = await webhook_bot()
    assert (await http.get(f"http://127.0.0.1:{port}/telegram/../etc/passwd")).status_code == 404
    assert (await http.post(f"http://127.0.0.1:{port}/nothing-here")).status_code == 404
    assert (await http.get(f"http://127.0.0.1:{port}/telegram")).status_code == 405


async def _handling(application: KinerjaApplication, within: float = 10.0) -> None:
    processor = application.update_processor
    assert isinstance(processor, FairUpdateProcessor)
    deadline = time.monotonic() + within
    while not processor.current_concurrent_updates:
        assert time.monotonic() < deadline, "the update never started being handled"
        await asyncio.sleep(0.01)


@SQLITE_ONLY
async def test_a_stop_lets_a_webhook_request_in_progress_finish(
    webhook_bot: WebhookBot, emulator: BotApiEmulator, http: httpx.AsyncClient
) -> None:
    """SIGTERM while Telegram waits for an answer: the update is handled to its end, its reply
    sent, and Telegram answered 200 (not a dropped connection, which it would retry)."""
    port, application = await webhook_bot()
    siti = emulator.user(34, "Siti")
    emulator.latency = 0.5  # every Bot API call from now on: the handling takes a while

    async def stop_while_it_is_handled() -> None:
        await _handling(application)
        await stop_bot(application)

    answer, _ = await asyncio.gather(
        http.post(
            f"http://127.0.0.1:{port}/telegram",
            json=_start_update(siti, 4343),
            headers={"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET},
        ),
        stop_while_it_is_handled(),
    )
    assert answer.status_code == 200
    assert [m.text for m in emulator.messages_in(34)] == [ID.welcome("Siti", Role.CITIZEN, None)]


@SQLITE_ONLY
async def test_no_log_line_names_a_requested_path(
    bot: Harness, http: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    """A visit link's token and a ticket link's key travel in the path and the query: uvicorn's
    access log is off (even with a handler on it, as pytest's capture adds), and what it logs of
    a request it refuses names no path. Its other lines reach the log through the root handler,
    the one `configure_logging` masks."""
    token, key = "visit-token-0123456789abcdef", "ticket-key-0123456789abcdef"
    with caplog.at_level(logging.DEBUG):
        await http.get(f"{bot.web_url}/s/{token}")
        await http.get(f"{bot.web_url}/t/T-2026-0001?k={key}")
        port = int(bot.web_url.rsplit(":", 1)[1])
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(f"GET /s/{token}?k={key} HTTP/1.1\r\nHost: x\r\nno colon\r\n\r\n".encode())
        answer = await asyncio.wait_for(reader.read(), 10)
        writer.close()
    assert answer.startswith(b"HTTP/1.1 400 "), answer[:40]
    refused = [r for r in caplog.records if r.name == "uvicorn.error"]
    assert [r.getMessage() for r in refused] == ["Invalid HTTP request received."]
    # the test's own client logs its URLs (the product's is silenced by `configure_logging`)
    served = "\n".join(
        r.getMessage() for r in caplog.records if not r.name.startswith(("httpx", "httpcore"))
    )
    assert token not in served
    assert key not in served
    assert not [r for r in caplog.records if r.name == "uvicorn.access"]
    assert logging.getLogger("uvicorn.error").propagate  # to the root handler, which masks
