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

from telegram import Bot, InputFile

from bot.messaging.ratelimit import bulk_sending
from bot.messaging.sending import send_result
from bot.render.messages import render_message
from bot.services import Services
from bot.texts import texts_for
from bot.usecases.claims import claimant, claims_renewed
from db.repositories.messaging import OutboxItem, Unreadable
from kinerja.complaints import web_photo_complaint
from kinerja.delivery import (
    Delivery,
    Semantics,
    SendResult,
    after_send,
    kind_of,
    kinds_with,
    recipient_refusal,
)
from kinerja.messages import ComplaintPhoto, Message, Reminder

log = logging.getLogger("kinerja.outbox")

MAX_ATTEMPTS = 8


async def _send(bot: Bot, services: Services, chat_id: int, message: Message) -> None:
    if isinstance(message, ComplaintPhoto):
        photo = await _photo(services, message.file_id)
        await bot.send_photo(chat_id, photo, caption=message.ticket)
        return
    rendered = render_message(texts_for(message.language), message)
    await bot.send_message(chat_id, rendered.text, reply_markup=rendered.keyboard)


async def _photo(services: Services, file_id: str) -> str | InputFile:
    """Telegram's file id as it is; a web photo's bytes, read from its complaint."""
    complaint_id = web_photo_complaint(file_id)
    if complaint_id is None:
        return file_id
    async with services.database.snapshot() as tx:
        content = await tx.complaints.photo_content(complaint_id)
    if content is None:
        raise PhotoErased(file_id)
    return InputFile(content, filename="foto.jpg")


class PhotoErased(LookupError):
    """The web photo was erased (withdrawn, /hapus, retention) before it was sent."""


async def deliver_outbox(bot: Bot, services: Services, ids: Sequence[int] | None = None) -> int:
    """Send what is due (or just `ids`); returns how many were sent."""
    with bulk_sending():
        return await _deliver(bot, services, ids)


async def _deliver(bot: Bot, services: Services, ids: Sequence[int] | None) -> int:
    now = services.clock()
    lease = services.settings.claim_lease
    by = claimant()
    async with services.database.transaction() as tx:
        if ids is None:  # the periodic run also settles claims whose process died
            again, unknown = await tx.outbox.release_lost_claims(
                now, lease, kinds_with(Semantics.AT_LEAST_ONCE)
            )
            if again or unknown:
                log.warning("outbox claims lost: %d to send again, %d unknown", again, unknown)
        ready: list[tuple[OutboxItem, Message]] = []
        for item in await tx.outbox.claim_due(now, by, ids=ids):
            if isinstance(item.message, Unreadable):  # no renderer could show it
                log.error("outbox item %s unreadable: %s", item.id, item.message.reason)
                await tx.outbox.finish(
                    item.id, Delivery.FAILED, now, error=item.message.reason, attempted=False
                )
                continue
            refusal = recipient_refusal(kind_of(item.kind), item.chat_id, item.recipient)
            if refusal is None:
                ready.append((item, item.message))
                continue
            log.info("outbox item %s (%s) cancelled: %s", item.id, item.kind, refusal.value)
            await tx.outbox.finish(
                item.id, Delivery.CANCELLED, now, error=refusal.value, attempted=False
            )
    if not ready:
        return 0

    async def renew() -> None:
        async with services.database.transaction() as tx:
            await tx.outbox.renew_claims(by, services.clock())

    sent = 0
    async with claims_renewed(renew, lease):
        for item, message in ready:
            sent += await _send_one(bot, services, item, message)
    return sent


async def _send_one(bot: Bot, services: Services, item: OutboxItem, message: Message) -> int:
    """Send one claimed item and record its outcome; 1 when it was sent."""
    error: str | None = None
    try:
        await _send(bot, services, item.chat_id, message)
    except Exception as failure:  # every outcome is recorded, none is lost
        result, error = send_result(failure)
    else:
        result = SendResult.SENT
    attempt = item.attempts + 1
    status = after_send(kind_of(item.kind).semantics, result, attempt, MAX_ATTEMPTS)
    done = services.clock()
    async with services.database.transaction() as tx:
        if status is Delivery.PENDING:
            backoff = timedelta(seconds=min(2**attempt, 600))
            await tx.outbox.finish(
                item.id, status, done, next_attempt_at=done + backoff, error=error
            )
        else:
            await tx.outbox.finish(item.id, status, done, error=error)
    if status is Delivery.SENT:
        services.metrics.outbox_sent.labels(item.kind).inc()
        if isinstance(message, Reminder):
            services.metrics.reminders.inc()
        return 1
    if status is not Delivery.PENDING:
        log.warning("outbox item %s (%s) %s: %s", item.id, item.kind, status.value, error)
    return 0


async def pending_outbox(services: Services) -> int:
    async with services.database.snapshot() as tx:
        return await tx.outbox.pending_count()
