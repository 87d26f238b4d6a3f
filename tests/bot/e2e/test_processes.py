"""Two `kinerja run --webhook` processes on one PostgreSQL database, as behind a load balancer:
what Telegram may send to both at once (a message and a tap of one user; a copy of an update
whose answer timed out) is handled one at a time, and a copy once. Each bot here has its own
engine and pool, as each process has; the updates are posted to the one the test names."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select, text
from telegram import Update
from telegram.ext import TypeHandler

from bot.app import KinerjaApplication
from bot.emulator import BotApiEmulator, EmulatedUser
from bot.handlers.ledger import LAST_GROUP
from bot.runtime.context import KinerjaContext
from bot.runtime.processing import fair_processor
from bot.texts import CATALOGUES
from db import models
from db.engine import Database
from kinerja.types import Language, Role
from tests.bot.conftest import WEBHOOK_SECRET, WebhookBot

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.parametrize("database_url", ["postgres"], indirect=True),
]
ID = CATALOGUES[Language.ID]
SLOW = 0.3
"""How long each update takes here: long enough that two at once would surely overlap."""


def _message(user: EmulatedUser, update_id: int, text: str = "/start") -> dict[str, Any]:
    entities = [{"type": "bot_command", "offset": 0, "length": len(text)}]
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": int(time.time()),
            "chat": user.chat_json(),
            "from": user.user_json(),
            "text": text,
            **({"entities": entities} if text.startswith("/") else {}),
        },
    }


def _tap(user: EmulatedUser, update_id: int) -> dict[str, Any]:
    return {
        "update_id": update_id,
        "callback_query": {
            "id": f"q{update_id}",
            "from": user.user_json(),
            "message": {"message_id": 1, "chat": user.chat_json(), "date": 0},
            "chat_instance": str(user.id),
            "data": "no-such-button",
        },
    }


async def _post(http: httpx.AsyncClient, port: int, update: dict[str, Any]) -> int:
    response = await http.post(
        f"http://127.0.0.1:{port}/telegram",
        json=update,
        headers={"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET},
    )
    return response.status_code


def _timed(application: KinerjaApplication, spans: dict[int, list[float]]) -> None:
    """Record when each update enters the first group and leaves the last, each made slow."""

    async def entered(update: Update, _: KinerjaContext) -> None:
        spans[update.update_id] = [time.monotonic()]
        await asyncio.sleep(SLOW)

    async def left(update: Update, _: KinerjaContext) -> None:
        spans[update.update_id].append(time.monotonic())

    application.add_handler(TypeHandler(Update, entered), group=-3)
    application.add_handler(TypeHandler(Update, left), group=LAST_GROUP + 1)


async def test_a_users_message_and_tap_at_two_processes_take_turns(
    webhook_bot: WebhookBot, emulator: BotApiEmulator, http: httpx.AsyncClient
) -> None:
    (one, first), (other, second) = await webhook_bot(), await webhook_bot()
    spans: dict[int, list[float]] = {}
    for application in (first, second):
        _timed(application, spans)
    siti = emulator.user(71, "Siti")
    codes = await asyncio.gather(
        _post(http, one, _message(siti, 501)), _post(http, other, _tap(siti, 502))
    )
    assert list(codes) == [200, 200]
    (_, end_a), (start_b, _) = sorted(spans.values())
    assert end_a <= start_b, "one user's updates were handled at the same time"
    waits = [fair_processor(a.update_processor).shared for a in (first, second)]
    assert sum(turns.waits for turns in waits if turns is not None) > 0
    assert ID.welcome("Siti", Role.CITIZEN, None) in [m.text for m in emulator.messages_in(71)]
    # Another user is not held by Siti's turn.
    spans.clear()
    budi = emulator.user(72, "Budi")
    await asyncio.gather(
        _post(http, one, _message(siti, 503)), _post(http, other, _message(budi, 504))
    )
    assert spans[504][0] < spans[503][1], "another user waited for Siti's turn"


async def test_a_copy_at_another_process_is_handled_once(
    webhook_bot: WebhookBot,
    emulator: BotApiEmulator,
    catalog_database: Database,
    http: httpx.AsyncClient,
) -> None:
    """Telegram retrying an answer that timed out may reach the other process while the first
    still works: the copy waits for the sender's turn and then finds the ledger's note."""
    (one, first), (other, second) = await webhook_bot(), await webhook_bot()
    siti = emulator.user(73, "Siti")
    update = _message(siti, 4343)
    async with catalog_database.engine.connect() as observer:
        # The ledger's note is held back until the reply went out: a copy let in before the
        # note is committed would be answered again.
        await observer.execute(text("LOCK TABLE processed_updates IN EXCLUSIVE MODE"))
        posts = asyncio.gather(*(_post(http, port, update) for port in (one, other) * 3))
        await siti.next_message(within=10)
        await asyncio.sleep(SLOW)
        await observer.commit()
    assert await posts == [200] * 6
    assert [m.text for m in emulator.messages_in(73)] == [ID.welcome("Siti", Role.CITIZEN, None)]
    handled = [
        a.bot_data.services.metrics.registry.get_sample_value(
            "kinerja_updates_total", {"type": "message"}
        )
        or 0
        for a in (first, second)
    ]
    assert sum(handled) == 1
    async with catalog_database.snapshot() as tx:
        rows = await tx.session.scalar(
            select(func.count())
            .select_from(models.ProcessedUpdate)
            .where(models.ProcessedUpdate.update_id == 4343)
        )
    assert rows == 1
