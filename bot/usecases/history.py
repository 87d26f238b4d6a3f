"""/riwayat and /cuti: an ASN's own reports and progress, and their own leave."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from bot.services import Services, Viewer
from bot.usecases.reports import calendar_of, reporter
from kinerja.reporting import OwnProgress, own_indicators, own_progress
from kinerja.staff import LeaveProblem, ReportRefusal, leave_problem
from kinerja.types import Report
from kinerja.units import ancestors


@dataclass(frozen=True, slots=True)
class History:
    first: date
    last: date
    reports: tuple[Report, ...]
    progress: tuple[OwnProgress, ...]


async def my_history(services: Services, viewer: Viewer, days: int) -> History | ReportRefusal:
    """The last `days` of reports, and each own indicator from the start of its period."""
    person = reporter(viewer)
    if person is None:
        return ReportRefusal.NOT_STAFF
    today = services.today()
    first = today - timedelta(days=days - 1)
    calendar = calendar_of(services, today)
    async with services.database.snapshot() as tx:
        catalog = await tx.catalog.load()
        by_code = {u.code: u for u in catalog.units}
        lineage = [
            by_code[code]
            for code in (person.unit_code, *ancestors(person.unit_code, by_code))
            if code in by_code
        ]
        indicators = own_indicators(catalog.indicators, lineage, today)
        since = min([first, *(period.start for _, period in indicators)])
        loaded = await tx.reports.between(person_ids=[person.id], first=since, last=today)
        leave = (await tx.staff.leave_days([person.id], since, today)).get(person.id, set())
    progress = tuple(
        own_progress(indicator, period, loaded, leave, calendar, today)
        for indicator, period in indicators
    )
    recent = tuple(r for r in loaded if r.day >= first)
    return History(first, today, recent, progress)


async def mark_leave(
    services: Services, viewer: Viewer, first: date, last: date
) -> int | ReportRefusal | LeaveProblem:
    """Own leave only; returns how many working days it covers."""
    person = reporter(viewer)
    if person is None:
        return ReportRefusal.NOT_STAFF
    now = services.clock()
    problem = leave_problem(first, last, now.astimezone(services.settings.zone).date())
    if problem is not None:
        return problem
    calendar = calendar_of(services, first)
    days = calendar.working_days(first, last)
    async with services.database.transaction() as tx:
        await tx.staff.add_leave(person.id, days, now)
    return len(days)
