"""The first and last handlers of every update: the processed-update ledger, metrics, a log line.

A redelivered update (Telegram sends it again when the offset or webhook answer did not
confirm it before a crash) is recognised here and stopped before any flow sees it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from typing import Any

from telegram import Bot, Update
from telegram.constants import ChatType
from telegram.ext import ApplicationHandlerStop, BaseHandler, TypeHandler

from bot.handlers import inputs
from bot.handlers.messages import send_quietly, set_chat_menu
from bot.runtime.context import KinerjaContext
from bot.services import Services
from bot.usecases.identity import AlreadyHandled, begin_update, identify_viewer

log = logging.getLogger("kinerja.updates")

FIRST_GROUP = -2
LAST_GROUP = 99
_KINDS = ("message", "callback_query", "edited_message", "my_chat_member", "inline_query")


def update_kind(update: Update) -> str:
    return next((kind for kind in _KINDS if getattr(update, kind, None) is not None), "other")


def _noted(services: Services, update_id: int) -> bool:
    """Handled here, and not yet written to the ledger."""
    return any(noted == update_id for noted, _, _ in services.handled)


async def begin(update: Update, context: KinerjaContext) -> None:
    """Stop a redelivered update here; otherwise note who is talking, for every flow.

    A copy that arrives while the first is still in hand (Telegram retrying a slow webhook
    answer, a replay) waits behind it for the user's lock, and by then the first is noted in
    `services.handled`, though perhaps not yet in the ledger: both are asked.
    """
    context.started = time.monotonic()
    services = context.services
    context.started_at = services.clock()
    user = update.effective_user
    sender = None if user is None or user.is_bot else (user.id, user.first_name, user.language_code)
    typed = bool(inputs.TYPED.check_update(update))
    found = (
        AlreadyHandled()
        if _noted(services, update.update_id)
        else await begin_update(services, update.update_id, sender, typed=typed)
    )
    if isinstance(found, AlreadyHandled):
        services.metrics.duplicates.inc()
        log.info("update %d already handled; skipped", update.update_id)
        raise ApplicationHandlerStop
    if found is None:
        return
    context.viewer = viewer = found.viewer
    context.awaited = found.awaited
    if found.menu_outdated:
        dashboard = services.settings.dashboard_url()
        await set_chat_menu(
            context.bot, viewer.telegram_user_id, viewer.texts, viewer.role, dashboard
        )


async def finish(update: Update, context: KinerjaContext) -> None:
    """Noted in memory; the runner writes the notes before it confirms the updates."""
    services = context.services
    services.handled.append(
        (update.update_id, context.started_at or services.clock(), services.clock())
    )
    kind = update_kind(update)
    elapsed = time.monotonic() - context.started
    services.metrics.updates.labels(kind).inc()
    services.metrics.latency.observe(elapsed)
    log.info(
        "update %d %s handled in %.1f ms",
        update.update_id,
        kind,
        elapsed * 1000,
        extra={
            "update_id": update.update_id,
            "update_type": kind,
            "duration_ms": round(elapsed * 1000, 1),
        },
    )


def note_dropped(services: Services, data: Mapping[str, Any]) -> None:
    """An update beyond its sender's pace, as Telegram sent it: no flow sees it. It is noted
    as handled, so a copy Telegram sends again (which the pace judges first, as any update)
    is stopped by the ledger if the pace lets it in."""
    now = services.clock()
    update_id = int(data["update_id"])
    services.handled.append((update_id, now, now))
    kind = next((kind for kind in _KINDS if kind in data), "other")
    services.metrics.dropped.labels(kind).inc()
    log.debug("update %d dropped: its sender is over the pace", update_id)  # a flooder's volume


async def tell_too_fast(bot: Bot, services: Services, update: Update) -> None:
    """Tell the sender, in their language, that what came too fast was not processed."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None or chat.type != ChatType.PRIVATE:
        return
    viewer = await identify_viewer(services, user.id, user.first_name, user.language_code)
    notice = bot.send_message(chat.id, viewer.texts.too_fast())
    await send_quietly(notice, "the too-fast notice", update.update_id)


def first() -> BaseHandler[Update, KinerjaContext, object]:
    return TypeHandler(Update, begin)


def last() -> BaseHandler[Update, KinerjaContext, object]:
    return TypeHandler(Update, finish)
