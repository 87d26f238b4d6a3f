"""Delivery of the outbox: messages written by use cases, sent after their commit.

Each item is claimed with a lease before it is sent, so two processes never send the same item;
a crash between sending and recording leaves it to be sent again after the lease (at least once).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import timedelta

from telegram import Bot
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter

from bot.context import Services
from bot.ratelimit import bulk_sending
from bot.render import Rendered, reports
from bot.render.complaints import complaint_alert, follow_up, low_score_alert
from bot.texts import texts_for
from db.repositories.messaging import OutboxItem, OutboxRepository
from kinerja.types import Language

log = logging.getLogger("kinerja.outbox")

LEASE = timedelta(minutes=2)
MAX_ATTEMPTS = 8


def _render(item: OutboxItem) -> Rendered | None:
    texts = texts_for(Language(item.payload.get("language", Language.ID.value)))
    renderers = {
        "complaint": complaint_alert,
        "low_score": low_score_alert,
        "complaint_follow_up": follow_up,
        "reminder": reports.reminder,
        "report_feedback": reports.feedback,
    }
    renderer = renderers.get(item.kind)
    return None if renderer is None else renderer(texts, item.payload)


async def _send(bot: Bot, item: OutboxItem) -> None:
    if item.kind == "complaint_photo":
        await bot.send_photo(item.chat_id, item.payload["file_id"], caption=item.payload["ticket"])
        return
    rendered = _render(item)
    if rendered is None:
        raise ValueError(f"unknown outbox kind {item.kind!r}")
    await bot.send_message(
        item.chat_id, rendered.text, parse_mode=ParseMode.HTML, reply_markup=rendered.keyboard
    )


async def deliver_outbox(bot: Bot, services: Services, ids: Sequence[int] | None = None) -> int:
    """Send what is due (or just `ids`); returns how many were sent."""
    with bulk_sending():
        return await _deliver(bot, services, ids)


async def _deliver(bot: Bot, services: Services, ids: Sequence[int] | None) -> int:
    now = services.clock()
    async with services.database.transaction() as session:
        items = await OutboxRepository(session).claim_due(now, LEASE, ids=ids)
    sent = 0
    for item in items:
        outcome: tuple[str, str | None]
        try:
            await _send(bot, item)
        except Forbidden as error:  # blocked the bot or deleted the account: never retried
            outcome = ("failed", f"forbidden: {error.message}")
        except BadRequest as error:  # a NetworkError subclass, but retrying cannot help
            outcome = ("failed", f"bad request: {error.message}")
        except RetryAfter as error:
            outcome = ("retry", f"retry after {error.retry_after}")
        except NetworkError as error:
            outcome = ("retry", f"network: {error.message}")
        else:
            outcome = ("sent", None)
        async with services.database.transaction() as session:
            outbox = OutboxRepository(session)
            done = services.clock()
            if outcome[0] == "sent":
                await outbox.mark_sent(item.id, done)
                services.metrics.outbox_sent.labels(item.kind).inc()
                if item.kind == "reminder":
                    services.metrics.reminders.inc()
                sent += 1
            elif outcome[0] == "retry" and item.attempts + 1 < MAX_ATTEMPTS:
                backoff = timedelta(seconds=min(2 ** (item.attempts + 1), 600))
                await outbox.mark_retry(item.id, done + backoff, outcome[1] or "")
            else:
                log.warning("outbox item %s (%s) failed: %s", item.id, item.kind, outcome[1])
                await outbox.mark_failed(item.id, done, outcome[1] or "")
    return sent


async def pending_outbox(services: Services) -> int:
    async with services.database.snapshot() as session:
        return await OutboxRepository(session).pending_count()
