"""Turning raw answers and reports into indicator results per unit and period."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.services import Services
from bot.usecases.reports import calendar_of
from kinerja.catalog import Catalog
from kinerja.engine import Outcome, UnitData, evaluate_all, roll_up
from kinerja.periods import Period, current_period, previous_period
from kinerja.types import IndicatorSource


@dataclass(frozen=True, slots=True)
class PeriodFigures:
    period: Period
    catalog: Catalog
    unit_ids: dict[str, int]
    rolled: dict[str, UnitData]
    """Every unit's raw totals, its whole subtree included."""
    outcomes: dict[tuple[str, str], Outcome]
    """(indicator code, unit code) → outcome."""
    working_days: int


def _last_counted_day(services: Services, period: Period) -> date:
    """An open period counts working days up to today, a closed one all of them."""
    today = services.today()
    return min(period.end, today)


async def compute_period(services: Services, period: Period, *, save: bool = True) -> PeriodFigures:
    """One transaction: aggregate, roll up, evaluate every indicator of this period's kind."""
    start, end = period.bounds(services.settings.zone)
    last = _last_counted_day(services, period)
    calendar = calendar_of(services, period.start)
    working_days = len(calendar.working_days(period.start, last)) if last >= period.start else 0
    async with services.database.transaction(large=True) as tx:  # every unit × indicator
        catalog = await tx.catalog.load()
        unit_ids, indicator_ids = await tx.catalog.ids()
        thresholds = sorted(
            {
                i.threshold_minutes
                for i in catalog.indicators
                if i.source is IndicatorSource.WAITING_TIME_WITHIN and i.threshold_minutes
            }
            | {services.settings.waiting_threshold_minutes}
        )
        by_id = await tx.results.unit_aggregates(start, end, period.start, period.end, thresholds)
        code_of = {unit_id: code for code, unit_id in unit_ids.items()}
        own = {code_of[unit_id]: data for unit_id, data in by_id.items() if unit_id in code_of}
        rolled = roll_up(catalog.units, own)
        outcomes = evaluate_all(
            catalog.indicators,
            catalog.units,
            period,
            rolled,
            working_days,
            services.settings.population_metric,
        )
        if save:
            await tx.results.save(outcomes, indicator_ids, unit_ids, services.clock())
    return PeriodFigures(
        period=period,
        catalog=catalog,
        unit_ids=unit_ids,
        rolled=rolled,
        outcomes={(o.indicator_code, o.unit_code): o for o in outcomes},
        working_days=working_days,
    )


async def compute_due(services: Services) -> int:
    """The hourly run: every open period, and the one just before it.

    Recomputing the previous period too is how a period "closes" (its first run after the end)
    and how late data (yesterday's report on a Monday) reaches it.
    """
    async with services.database.snapshot() as tx:
        catalog = await tx.catalog.load()
    kinds = {indicator.period for indicator in catalog.indicators}
    now = services.clock()
    computed = 0
    for kind in sorted(kinds):
        period = current_period(kind, now, services.settings.zone)
        for target in (period, previous_period(period)):
            computed += len((await compute_period(services, target)).outcomes)
    return computed
