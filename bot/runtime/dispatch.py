"""One update from Telegram to its handlers: the sender's pace, the sender's turn, a slot.

The poller and the webhook server both hand updates here as Telegram sent them (JSON), so a
dropped update is never parsed; they confirm an update only once it was handled and, for a
handled one, its ledger note written (`handle_all` for the webhook, or within the sender's turn
when several processes share the webhook; the poller writes before it moves its offset).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from telegram import Bot, Update

from bot.app import KinerjaApplication
from bot.handlers import ledger
from bot.runtime.processing import fair_processor, sender_of, sent_at
from bot.usecases.identity import write_handled
from db.sqlite_inline import statements_on_loop
from kinerja.pace import Verdict

log = logging.getLogger("kinerja.runner")

JSONDict = dict[str, Any]


async def handle(application: KinerjaApplication, data: JSONDict) -> bool:
    """One update as Telegram sent it. Within its sender's pace: parsed, then handled in the
    sender's turn and a shared slot. Beyond it: noted and dropped, unparsed, taking neither
    (the sender told once a minute).

    True when it was handled: its ledger note must be written before it is confirmed, or a
    redelivery would be applied again. A dropped update's note is written with the next ones:
    lost in a crash, its redelivery is only judged again."""
    with statements_on_loop():  # an update's statements are a few rows each
        return await _handle(application, data)


async def _handle(application: KinerjaApplication, data: JSONDict) -> bool:
    processor = fair_processor(application.update_processor)
    services = application.bot_data.services
    sender = sender_of(data)
    verdict = Verdict.ADMIT if sender is None else services.paces.admit(sender, sent_at(data))
    if verdict is not Verdict.ADMIT:
        ledger.note_dropped(services, data)
        if verdict is Verdict.DROP_AND_NOTICE and (update := _parsed(data, application.bot)):
            processor.in_background(ledger.tell_too_fast(application.bot, services, update))
        return False
    update = _parsed(data, application.bot)
    if update is None:
        return False
    await processor.in_turn(sender, update, lambda: _process(application, update))
    return True


async def _process(application: KinerjaApplication, update: Update) -> None:
    """Where other processes take updates too, the ledger note is written within the sender's
    turn: a copy of this update that reached another process waits for the turn, then finds
    the note (written after the turn, the copy could start in between and be applied again)."""
    await application.process_update(update)
    if fair_processor(application.update_processor).shared is not None:
        await note_handled(application)


def _parsed(data: JSONDict, bot: Bot) -> Update | None:
    """The update, or None for data that can never become one (logged, then dropped:
    Telegram sends again whatever is not confirmed, forever)."""
    try:
        return Update.de_json(data, bot)
    except Exception:  # whatever the parsers raise (ValueError, KeyError, RecursionError, ...)
        log.warning("update %d cannot be read; dropped", data["update_id"])
        return None


async def handle_all(application: KinerjaApplication, updates: list[JSONDict]) -> None:
    """Updates, then the ledger notes of those handled: only then may they be confirmed (a
    batch of dropped ones needs no write of its own)."""
    if any(await asyncio.gather(*(handle(application, u) for u in updates))):
        await note_handled(application)


async def note_handled(application: KinerjaApplication) -> None:
    """The ledger notes of the updates handled so far (one INSERT of a few rows)."""
    with statements_on_loop():
        await write_handled(application.bot_data.services)
