"""Scheduled callbacks: each a few lines that call a use case."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import time, timedelta
from typing import Any

from bot.messaging.delivery import telegram_sender
from bot.messaging.outbox import deliver_outbox, pending_outbox
from bot.runtime.context import KinerjaContext
from bot.settings import Settings
from bot.usecases.indicators import compute_due
from bot.usecases.reminders import queue_reminders
from bot.usecases.retention import apply_retention
from bot.usecases.summary import deliver_period, scheduled_time
from bot.usecases.survey import expire_abandoned_surveys
from kinerja.periods import current_period, previous_period
from kinerja.types import PeriodKind

log = logging.getLogger("kinerja.jobs")

# APScheduler's default misfire grace is 1 s: a job delayed by a busy loop would be skipped.
_JOB_KWARGS = {"misfire_grace_time": 300, "coalesce": True, "max_instances": 1}


async def retry_outbox(context: KinerjaContext) -> None:
    """Messages that failed (Telegram down, 5xx, rate limits) go out when they are due."""
    await deliver_outbox(context.bot, context.services)
    context.services.metrics.outbox_depth.set(await pending_outbox(context.services))


async def expire_surveys(context: KinerjaContext) -> None:
    expired = await expire_abandoned_surveys(context.services)
    if expired:
        log.info("%d abandoned surveys kept as partial", expired)


async def send_reminders(context: KinerjaContext) -> None:
    """Idempotent: runs at the reminder time and at start-up (catch-up after downtime)."""
    ids = await queue_reminders(context.services)
    if ids:
        await deliver_outbox(context.bot, context.services, ids)


async def compute_results(context: KinerjaContext) -> None:
    """Hourly, and at start-up: open periods and the ones just closed (late data included)."""
    await compute_due(context.services)


async def weekly_summaries(context: KinerjaContext) -> None:
    """At the summary time, and at start-up to catch up a summary missed while down."""
    services = context.services
    now = services.clock()
    period = previous_period(current_period(PeriodKind.WEEK, now, services.settings.zone))
    due = scheduled_time(services, period)
    if now < due:
        return
    report = await deliver_period(
        services, period, telegram_sender(context.bot, services), scheduled_at=due
    )
    log.info(
        "summaries %s: %d sent (%d resumed), %d already sent, %d pending elsewhere, %d failed",
        period.key,
        report.sent,
        report.resumed,
        report.already_sent,
        report.pending,
        report.failed,
    )


async def retention(context: KinerjaContext) -> None:
    done = await apply_retention(context.services)
    log.info("retention applied: %s", done)


_Callback = Callable[[KinerjaContext], Awaitable[None]]

_REPEATING: tuple[tuple[_Callback, timedelta, timedelta, str], ...] = (
    (retry_outbox, timedelta(seconds=30), timedelta(seconds=10), "outbox"),
    (expire_surveys, timedelta(hours=1), timedelta(minutes=1), "expire_surveys"),
    (compute_results, timedelta(hours=1), timedelta(seconds=30), "results"),
    # Hourly as well: a summary that failed (Telegram down) is retried; sent ones are skipped.
    (weekly_summaries, timedelta(hours=1), timedelta(minutes=5), "weekly_summaries_retry"),
)
"""(callback, interval, first run after start-up, name)"""

_CATCH_UP: tuple[tuple[_Callback, timedelta, str], ...] = (
    (send_reminders, timedelta(seconds=15), "reminders_catch_up"),
    (weekly_summaries, timedelta(seconds=45), "weekly_summaries_catch_up"),
)
"""Once at start-up, for what was missed while the bot was down: (callback, delay, name)"""


def schedule(job_queue: Any, settings: Settings) -> None:
    for callback, interval, first, name in _REPEATING:
        job_queue.run_repeating(
            callback, interval=interval, first=first, name=name, job_kwargs=_JOB_KWARGS
        )
    for callback, delay, name in _CATCH_UP:
        job_queue.run_once(callback, when=delay, name=name, job_kwargs=_JOB_KWARGS)
    at = settings.reminder_time.replace(tzinfo=settings.zone)
    job_queue.run_daily(send_reminders, time=at, name="reminders", job_kwargs=_JOB_KWARGS)
    # PTB counts days from Sunday (0); the setting from Monday (0), as Python does.
    summary_at = settings.summary_time.replace(tzinfo=settings.zone)
    job_queue.run_daily(
        weekly_summaries,
        time=summary_at,
        days=((settings.summary_weekday + 1) % 7,),
        name="weekly_summaries",
        job_kwargs=_JOB_KWARGS,
    )
    job_queue.run_daily(
        retention, time=time(2, 30, tzinfo=settings.zone), name="retention", job_kwargs=_JOB_KWARGS
    )
