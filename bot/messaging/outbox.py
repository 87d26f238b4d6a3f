"""Delivery of the outbox: messages written by use cases, sent after their commit.

Each item is claimed ("sending") before it is sent, so two processes never send the same item,
and the claim is renewed while the process works. Whether an item whose outcome is uncertain
(a timeout, a claim lost with its process) is sent again is its kind's choice in
kinerja.delivery: at most once (left "unknown" for the operator) or at least once (retried).
When an item for a staff member is claimed, the recipient must still be active in a role that
made them a recipient; otherwise it is cancelled unsent.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import timedelta

from telegram import Bot

from bot.messaging.ratelimit import bulk_sending
from bot.messaging.sending import send_result
from bot.render import Rendered, reports
from bot.render.complaints import complaint_alert, follow_up, low_score_alert
from bot.services import Services
from bot.texts import texts_for
from bot.usecases.claims import claimant, claims_renewed
from db.repositories.messaging import OutboxItem, OutboxRepository
from kinerja.delivery import (
    Delivery,
    Semantics,
    SendResult,
    after_send,
    kind_of,
    kinds_with,
    recipient_refusal,
)
from kinerja.types import Language

log = logging.getLogger("kinerja.outbox")

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
    await bot.send_message(item.chat_id, rendered.text, reply_markup=rendered.keyboard)


async def deliver_outbox(bot: Bot, services: Services, ids: Sequence[int] | None = None) -> int:
    """Send what is due (or just `ids`); returns how many were sent."""
    with bulk_sending():
        return await _deliver(bot, services, ids)


async def _deliver(bot: Bot, services: Services, ids: Sequence[int] | None) -> int:
    now = services.clock()
    lease = services.settings.claim_lease
    by = claimant()
    async with services.database.transaction() as tx:
        session = tx.session
        outbox = OutboxRepository(session)
        if ids is None:  # the periodic run also settles claims whose process died
            again, unknown = await outbox.release_lost_claims(
                now, lease, kinds_with(Semantics.AT_LEAST_ONCE)
            )
            if again or unknown:
                log.warning("outbox claims lost: %d to send again, %d unknown", again, unknown)
        ready: list[OutboxItem] = []
        for item in await outbox.claim_due(now, by, ids=ids):
            refusal = recipient_refusal(kind_of(item.kind), item.chat_id, item.recipient)
            if refusal is None:
                ready.append(item)
                continue
            log.info("outbox item %s (%s) cancelled: %s", item.id, item.kind, refusal.value)
            await outbox.finish(
                item.id, Delivery.CANCELLED, now, error=refusal.value, attempted=False
            )
    if not ready:
        return 0

    async def renew() -> None:
        async with services.database.transaction() as tx:
            session = tx.session
            await OutboxRepository(session).renew_claims(by, services.clock())

    sent = 0
    async with claims_renewed(renew, lease):
        for item in ready:
            sent += await _send_one(bot, services, item)
    return sent


async def _send_one(bot: Bot, services: Services, item: OutboxItem) -> int:
    """Send one claimed item and record its outcome; 1 when it was sent."""
    error: str | None = None
    try:
        await _send(bot, item)
    except Exception as failure:  # every outcome is recorded, none is lost
        result, error = send_result(failure)
    else:
        result = SendResult.SENT
    attempt = item.attempts + 1
    status = after_send(kind_of(item.kind).semantics, result, attempt, MAX_ATTEMPTS)
    done = services.clock()
    async with services.database.transaction() as tx:
        session = tx.session
        outbox = OutboxRepository(session)
        if status is Delivery.PENDING:
            backoff = timedelta(seconds=min(2**attempt, 600))
            await outbox.finish(item.id, status, done, next_attempt_at=done + backoff, error=error)
        else:
            await outbox.finish(item.id, status, done, error=error)
    if status is Delivery.SENT:
        services.metrics.outbox_sent.labels(item.kind).inc()
        if item.kind == "reminder":
            services.metrics.reminders.inc()
        return 1
    if status is not Delivery.PENDING:
        log.warning("outbox item %s (%s) %s: %s", item.id, item.kind, status.value, error)
    return 0


async def pending_outbox(services: Services) -> int:
    async with services.database.snapshot() as tx:
        session = tx.session
        return await OutboxRepository(session).pending_count()
