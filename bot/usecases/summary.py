"""Weekly (and on-demand) summaries for supervisors, delivered once per period each."""

from __future__ import annotations

import asyncio
import enum
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.exc import SQLAlchemyError

from bot.services import Services, Viewer
from bot.usecases.claims import claimant, claims_renewed
from bot.usecases.compliance import compliance_in_period
from bot.usecases.indicators import PeriodFigures, compute_period
from bot.usecases.team import scope_of, scoped_unit
from db.repositories.deliveries import Claim
from db.repositories.results import StoredResult
from db.transaction import Transaction
from kinerja.compliance import TeamCompliance, team_compliance
from kinerja.delivery import WEEKLY_SUMMARY, Delivery, NotDelivered, SendResult, after_send
from kinerja.engine import UnitData
from kinerja.periods import (
    Period,
    PeriodProblem,
    PeriodRefusal,
    has_started,
    parse_period_request,
    previous_period,
    recent_periods,
)
from kinerja.staff import ReportRefusal
from kinerja.summary import Summary, UnitSummary, receives_summary_of, unit_summary
from kinerja.types import Person, Role
from kinerja.units import children_index, subtree_codes

log = logging.getLogger("kinerja.summaries")

LATE_AFTER = timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class Figures:
    """A period and the one before it, computed once for every summary of a run."""

    now: PeriodFigures
    before: PeriodFigures


@dataclass(frozen=True, slots=True)
class SummaryRequest:
    """A period and a unit the asker oversees: what `/rekap`, `/ekspor` and the buttons of a
    summary may show."""

    period: Period
    unit_code: str


async def summary_request(
    services: Services, viewer: Viewer, words: Sequence[str]
) -> SummaryRequest | PeriodRefusal | ReportRefusal:
    """The arguments of `/rekap` or `/ekspor`: a wrong period is refused as a period before the
    unit is looked at, so "2026-W60" is never answered as a unit nobody oversees."""
    today = services.today()
    async with services.database.snapshot() as tx:
        catalog = await tx.catalog.load()
        asked = parse_period_request(words, today, {u.code for u in catalog.units})
        if isinstance(asked, PeriodRefusal):
            return asked
        scope = await scope_of(tx, viewer, asked.unit_code)
    if isinstance(scope, ReportRefusal):
        return scope
    return SummaryRequest(asked.period, scope[0])


async def tapped_request(
    services: Services, viewer: Viewer, unit_id: int, period: Period
) -> SummaryRequest | PeriodRefusal | ReportRefusal:
    """A summary's button: no button offers a period that has not begun, so one is forged."""
    today = services.today()
    if not has_started(period, today):
        return PeriodRefusal(PeriodProblem.NOT_STARTED, period.key)
    code = await scoped_unit(services, viewer, unit_id=unit_id)
    return code if isinstance(code, ReportRefusal) else SummaryRequest(period, code)


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
            services.settings.population_metric,
        )

    children = children_index(catalog.units).get(unit_code, [])
    codes = subtree_codes(unit_code, catalog.units)
    ids = [figures.now.unit_ids[c] for c in codes if c in figures.now.unit_ids]
    start, end = period.bounds(services.settings.zone)
    now = services.clock()
    async with services.database.snapshot() as tx:
        complaints = await tx.complaints.counts(
            ids, start, end, now - timedelta(days=services.settings.complaint_sla_days)
        )
        compliance = await _compliance(services, tx, ids, period)
    return Summary(
        period=period,
        main=summarise(unit_code),
        children=tuple(summarise(child.code) for child in children),
        complaints=complaints,
        compliance=compliance,
        late=late,
    )


async def _compliance(
    services: Services, tx: Transaction, unit_ids: list[int], period: Period
) -> TeamCompliance:
    """Who did not report in the period so far, by the rule /laporan and the Excel sheet use."""
    return team_compliance(await compliance_in_period(services, tx, unit_ids, period))


async def chart_history(
    services: Services, unit_codes: Sequence[str], period: Period, weeks: int = 8
) -> tuple[list[str], list[StoredResult]]:
    """Stored weekly results of these units, computing weeks never computed."""
    recent = recent_periods(period, weeks)
    keys = [p.key for p in recent]
    async with services.database.snapshot() as tx:
        present = await tx.results.periods_computed(keys)
    for earlier in recent:
        if earlier.key not in present:
            await compute_period(services, earlier)
    async with services.database.snapshot() as tx:
        return keys, await tx.results.results(keys, unit_codes)


# ------------------------------------------------------------------------------ delivery


class Outcome(enum.StrEnum):
    """What one run did with one supervisor's summary."""

    SENT = "sent"
    RESUMED = "resumed"
    """Sent whole, after an earlier run left it unfinished (killed, or a send that failed)."""
    ALREADY_SENT = "already_sent"
    PENDING = "pending"
    """Claimed by another process that is still at work: not sent by this run."""
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class DeliveryReport:
    sent: int = 0
    """Sent by this run, `resumed` included."""
    resumed: int = 0
    already_sent: int = 0
    pending: int = 0
    failed: int = 0

    @classmethod
    def of(cls, outcomes: Sequence[Outcome]) -> DeliveryReport:
        resumed = outcomes.count(Outcome.RESUMED)
        return cls(
            sent=outcomes.count(Outcome.SENT) + resumed,
            resumed=resumed,
            already_sent=outcomes.count(Outcome.ALREADY_SENT),
            pending=outcomes.count(Outcome.PENDING),
            failed=outcomes.count(Outcome.FAILED),
        )


Sender = Callable[[Person, Summary, Figures], Awaitable[None]]


async def supervisors(services: Services, period: Period) -> list[Person]:
    """The active supervisors in Telegram who were registered by the end of `period`."""
    async with services.database.snapshot() as tx:
        rows = await tx.staff.staff(roles=[Role.SUPERVISOR], active_only=True)
    zone = services.settings.zone
    return [
        r.person
        for r in rows
        if r.person.telegram_user_id is not None
        and receives_summary_of(r.registered_at, period, zone)
    ]


async def deliver_period(
    services: Services,
    period: Period,
    send: Sender,
    *,
    scheduled_at: datetime | None = None,
    resend: bool = False,
    wait_for_others: bool = False,
    on_wait: Callable[[int], None] | None = None,
) -> DeliveryReport:
    """Each supervisor's summary once: claim the (supervisor, period) row, send, record.
    A few supervisors at a time, so the sending rate, not the preparation, sets the pace.

    Sending happens outside any transaction, and this run renews its claims while it works.
    A claim another process holds is pending, never "already sent": once that process stops
    renewing it (killed mid-send) the summary is sent again whole, by whichever run comes
    next. With `wait_for_others` (the operator's `kinerja summary send`) this run waits up to
    two leases for such claims to end, telling `on_wait` how many it waits for, and takes
    over those whose process died.
    """
    figures = await figures_for(services, period)
    gate = asyncio.Semaphore(services.settings.summary_concurrency)
    lease = services.settings.claim_lease
    by = claimant()

    async def deliver(person: Person) -> Outcome:
        async with gate:
            return await _deliver_one(
                services, figures, period, person, send, scheduled_at, resend, by
            )

    async def renew() -> None:
        async with services.database.transaction() as tx:
            await tx.deliveries.renew_claims(by, services.clock())

    people = await supervisors(services, period)
    async with claims_renewed(renew, lease):
        outcomes = dict(
            zip(people, await asyncio.gather(*(deliver(p) for p in people)), strict=True)
        )
        waiting = [p for p in people if outcomes[p] is Outcome.PENDING]
        if wait_for_others and waiting:
            if on_wait is not None:
                on_wait(len(waiting))
            loop = asyncio.get_running_loop()
            deadline = loop.time() + 2 * lease.total_seconds()
            while waiting and loop.time() < deadline:
                await asyncio.sleep(lease.total_seconds() / 4)
                again = await asyncio.gather(*(deliver(p) for p in waiting))
                outcomes.update(zip(waiting, again, strict=True))
                waiting = [p for p in waiting if outcomes[p] is Outcome.PENDING]
    return DeliveryReport.of(list(outcomes.values()))


async def _deliver_one(
    services: Services,
    figures: Figures,
    period: Period,
    person: Person,
    send: Sender,
    scheduled_at: datetime | None,
    resend: bool,
    by: str,
) -> Outcome:
    """Claim, send the whole summary, record the outcome in the ledger."""
    now = services.clock()
    async with services.database.transaction() as tx:
        claim = await tx.deliveries.claim(
            person.id, period.key, now, by, services.settings.claim_lease, resend=resend
        )
    if claim is Claim.ALREADY_SENT:
        return Outcome.ALREADY_SENT
    if claim is Claim.HELD:
        return Outcome.PENDING
    if claim is Claim.FAILED_BEFORE:
        return Outcome.FAILED
    late = scheduled_at is not None and now - scheduled_at > LATE_AFTER
    error: str | None = None
    try:
        summary = await summary_for(services, figures, person.unit_code, late=late)
        await send(person, summary, figures)
    except SQLAlchemyError as failure:  # nothing wrong with the summary: try again later
        log.warning("summary for person %s, %s: database error", person.id, period.key)
        result, error = SendResult.NOT_SENT, f"database: {type(failure).__name__}"
    except NotDelivered as failure:
        result, error = failure.result, failure.reason
        log.warning("summary for person %s, %s not sent: %s", person.id, period.key, error)
    except Exception as failure:
        log.exception("summary for person %s, %s failed", person.id, period.key)
        result, error = SendResult.REFUSED, f"error: {type(failure).__name__}"
    else:
        result = SendResult.SENT
    status = after_send(WEEKLY_SUMMARY.semantics, result, 1, None)
    async with services.database.transaction() as tx:
        await tx.deliveries.finish(
            person.id, period.key, status, services.clock(), late=late, error=error
        )
    if status is not Delivery.SENT:
        return Outcome.FAILED
    services.metrics.summaries.inc()
    return Outcome.RESUMED if claim is Claim.RESUMED else Outcome.SENT


def scheduled_time(services: Services, period: Period) -> datetime:
    """When the summary of a closed week is due: the configured weekday and time after it."""
    settings = services.settings
    day = period.end + timedelta(days=1 + settings.summary_weekday)
    return datetime.combine(day, settings.summary_time, settings.zone)
