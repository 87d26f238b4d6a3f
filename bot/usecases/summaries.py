"""Weekly (and on-demand) summaries for supervisors, delivered once per period each."""

from __future__ import annotations

import asyncio
import logging
import os
import socket
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.context import Services
from bot.usecases.indicators import PeriodFigures, compute_period
from bot.usecases.reports import calendar_of
from db.repositories.complaints import ComplaintRepository
from db.repositories.deliveries import FAILED, SENT, DeliveryRepository
from db.repositories.reports import ReportRepository
from db.repositories.results import ResultRepository, StoredResult
from db.repositories.staff import StaffRepository
from kinerja.engine import UnitData
from kinerja.periods import Period, previous_period, recent_periods
from kinerja.summary import Summary, UnitSummary, unit_summary
from kinerja.types import Person, Role
from kinerja.units import children_index, subtree_codes

log = logging.getLogger("kinerja.summaries")

CLAIM_LEASE = timedelta(minutes=10)
LATE_AFTER = timedelta(hours=1)
INSTANCE = f"{socket.gethostname()}:{os.getpid()}"
SKIPPED = "skipped"
"""An outcome of one delivery (claimed elsewhere, or sent before); never stored."""


@dataclass(frozen=True, slots=True)
class Figures:
    """A period and the one before it, computed once for every summary of a run."""

    now: PeriodFigures
    before: PeriodFigures


async def figures_for(services: Services, period: Period) -> Figures:
    return Figures(
        await compute_period(services, period),
        await compute_period(services, previous_period(period)),
    )


async def summary_for(
    services: Services, figures: Figures, unit_code: str, *, late: bool = False
) -> Summary:
    catalog = figures.now.catalog
    period = figures.now.period
    unit = catalog.unit(unit_code)
    if unit is None:
        raise LookupError(unit_code)
    threshold = services.settings.waiting_threshold_minutes

    def summarise(code: str) -> UnitSummary:
        member = catalog.unit(code)
        assert member is not None  # noqa: S101 - codes come from the same catalogue
        return unit_summary(
            member,
            catalog.indicators,
            figures.now.outcomes,
            figures.before.outcomes,
            figures.now.rolled.get(code, UnitData()),
            threshold,
        )

    children = children_index(catalog.units).get(unit_code, [])
    codes = subtree_codes(unit_code, catalog.units)
    ids = [figures.now.unit_ids[c] for c in codes if c in figures.now.unit_ids]
    start, end = period.bounds(services.settings.zone)
    now = services.clock()
    async with services.database.snapshot() as session:
        complaints = await ComplaintRepository(session).counts(
            ids, start, end, now - timedelta(days=services.settings.complaint_sla_days)
        )
        missing = await _missing_staff(services, session, ids, period)
    return Summary(
        period=period,
        main=summarise(unit_code),
        children=tuple(summarise(child.code) for child in children),
        complaints=complaints,
        missing_staff=missing,
        late=late,
    )


async def _missing_staff(
    services: Services, session: object, unit_ids: list[int], period: Period
) -> tuple[tuple[str, int], ...]:
    """ASN with two or more working days in the period without any report (leave excluded)."""

    assert isinstance(session, AsyncSession)  # noqa: S101
    today = services.clock().astimezone(services.settings.zone).date()
    last = min(period.end, today)
    if last < period.start:
        return ()
    calendar = calendar_of(services, period.start)
    staff = StaffRepository(session)
    rows = [
        r
        for r in await staff.staff(unit_ids, roles=[Role.ASN], active_only=True)
        if r.registered_at is not None
    ]
    ids = [r.person.id for r in rows]
    reported = await ReportRepository(session).reported_days(ids, period.start, last)
    leave = await staff.leave_days(ids, period.start, last)
    missing = []
    for row in rows:
        started = row.registered_at.astimezone(services.settings.zone).date()  # type: ignore[union-attr]
        days = [
            d
            for d in calendar.working_days(
                max(period.start, started), last, leave.get(row.person.id, set())
            )
            if d not in reported.get(row.person.id, set())
        ]
        if len(days) >= 2:
            missing.append((row.person.full_name, len(days)))
    return tuple(sorted(missing, key=lambda m: (-m[1], m[0])))


async def chart_history(
    services: Services, unit_codes: Sequence[str], period: Period, weeks: int = 8
) -> tuple[list[str], list[StoredResult]]:
    """Stored weekly results of these units, computing weeks never computed."""
    recent = recent_periods(period, weeks)
    keys = [p.key for p in recent]
    async with services.database.snapshot() as session:
        present = await ResultRepository(session).periods_computed(keys)
    for earlier in recent:
        if earlier.key not in present:
            await compute_period(services, earlier)
    async with services.database.snapshot() as session:
        return keys, await ResultRepository(session).results(keys, unit_codes)


# ------------------------------------------------------------------------------ delivery


@dataclass(frozen=True, slots=True)
class DeliveryReport:
    sent: int
    skipped: int
    failed: int


Sender = Callable[[Person, Summary, Figures], Awaitable[None]]


async def supervisors(services: Services) -> list[Person]:
    async with services.database.snapshot() as session:
        rows = await StaffRepository(session).staff(roles=[Role.SUPERVISOR], active_only=True)
    return [r.person for r in rows if r.person.telegram_user_id is not None]


async def deliver_period(
    services: Services,
    period: Period,
    send: Sender,
    *,
    scheduled_at: datetime | None = None,
    resend: bool = False,
) -> DeliveryReport:
    """Each supervisor's summary once: claim the (supervisor, period) row, send, record.
    A few supervisors at a time, so the sending rate, not the preparation, sets the pace.

    Sending happens outside any transaction; a process that dies between claim and record
    leaves a claim another run takes over after the lease.
    """
    figures = await figures_for(services, period)
    gate = asyncio.Semaphore(services.settings.summary_concurrency)

    async def deliver(person: Person) -> str:
        async with gate:
            return await _deliver_one(services, figures, period, person, send, scheduled_at, resend)

    outcomes = await asyncio.gather(*(deliver(p) for p in await supervisors(services)))
    return DeliveryReport(outcomes.count(SENT), outcomes.count(SKIPPED), outcomes.count(FAILED))


async def _deliver_one(
    services: Services,
    figures: Figures,
    period: Period,
    person: Person,
    send: Sender,
    scheduled_at: datetime | None,
    resend: bool,
) -> str:
    """SENT, SKIPPED (claimed elsewhere or sent before) or FAILED, recorded in the ledger."""
    now = services.clock()
    async with services.database.transaction() as session:
        claimed = await DeliveryRepository(session).claim(
            person.id, period.key, now, INSTANCE, CLAIM_LEASE, resend=resend
        )
    if not claimed:
        return SKIPPED
    late = scheduled_at is not None and now - scheduled_at > LATE_AFTER
    try:
        summary = await summary_for(services, figures, person.unit_code, late=late)
        await send(person, summary, figures)
    except Exception as error:
        log.exception("summary for person %s, %s failed", person.id, period.key)
        async with services.database.transaction() as session:
            await DeliveryRepository(session).finish(
                person.id, period.key, FAILED, services.clock(), error=type(error).__name__
            )
        return FAILED
    async with services.database.transaction() as session:
        await DeliveryRepository(session).finish(
            person.id, period.key, SENT, services.clock(), late=late
        )
    services.metrics.summaries.inc()
    return SENT


def scheduled_time(services: Services, period: Period) -> datetime:
    """When the summary of a closed week is due: the configured weekday and time after it."""
    settings = services.settings
    day = period.end + timedelta(days=1 + settings.summary_weekday)
    return datetime.combine(day, settings.summary_time, settings.zone)
