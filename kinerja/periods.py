"""Reporting periods and their keys ("2026-W47", "2026-11", "2026-Q4", "2026").

Weeks are ISO weeks (Monday to Sunday) in local time. `now` is always passed in: the domain never
reads the clock.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from kinerja.errors import InvalidPeriodKey
from kinerja.types import PeriodKind

YEARS = range(2000, 2101)
"""The years kinerja reckons with. A date outside them is a typo or a forged button, and near the
ends of `date` the period arithmetic overflows (9999-W52 ends on the last day there is)."""


@dataclass(frozen=True, slots=True, order=True)
class Period:
    start: date
    """First day, inclusive."""
    end: date
    """Last day, inclusive."""
    kind: PeriodKind

    @property
    def key(self) -> str:
        match self.kind:
            case PeriodKind.WEEK:
                year, week, _ = self.start.isocalendar()
                return f"{year}-W{week:02d}"
            case PeriodKind.MONTH:
                return f"{self.start.year}-{self.start.month:02d}"
            case PeriodKind.QUARTER:
                return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
            case PeriodKind.YEAR:
                return f"{self.start.year}"

    def days(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range((self.end - self.start).days + 1)]

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def is_closed(self, today: date) -> bool:
        return today > self.end

    def bounds(self, tz: tzinfo) -> tuple[datetime, datetime]:
        """Aware [start, end) instants of the period in the given local zone."""
        start = datetime.combine(self.start, time(), tz)
        end = datetime.combine(self.end + timedelta(days=1), time(), tz)
        return start, end


def period_containing(kind: PeriodKind, day: date) -> Period:
    match kind:
        case PeriodKind.WEEK:
            start = day - timedelta(days=day.weekday())
            return Period(start, start + timedelta(days=6), kind)
        case PeriodKind.MONTH:
            start = day.replace(day=1)
            return Period(start, _next_month(start) - timedelta(days=1), kind)
        case PeriodKind.QUARTER:
            start = date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
            end = _next_month(_next_month(_next_month(start))) - timedelta(days=1)
            return Period(start, end, kind)
        case PeriodKind.YEAR:
            return Period(date(day.year, 1, 1), date(day.year, 12, 31), kind)


def current_period(kind: PeriodKind, now: datetime, tz: tzinfo) -> Period:
    return period_containing(kind, now.astimezone(tz).date())


def previous_period(period: Period) -> Period:
    return period_containing(period.kind, period.start - timedelta(days=1))


def recent_periods(period: Period, count: int) -> list[Period]:
    """`count` periods ending with `period`, oldest first."""
    periods = [period]
    while len(periods) < count:
        periods.append(previous_period(periods[-1]))
    return periods[::-1]


_KEY_PATTERNS: tuple[tuple[re.Pattern[str], PeriodKind], ...] = (
    (re.compile(r"^(\d{4})-W(\d{2})$"), PeriodKind.WEEK),
    (re.compile(r"^(\d{4})-Q([1-4])$"), PeriodKind.QUARTER),
    (re.compile(r"^(\d{4})-(\d{2})$"), PeriodKind.MONTH),
    (re.compile(r"^(\d{4})$"), PeriodKind.YEAR),
)


def parse_period_key(key: str) -> Period:
    for pattern, kind in _KEY_PATTERNS:
        match = pattern.match(key.strip())
        if match is None:
            continue
        year = int(match.group(1))
        if year not in YEARS:
            raise InvalidPeriodKey(key)
        try:
            match kind:
                case PeriodKind.WEEK:
                    day = date.fromisocalendar(year, int(match.group(2)), 1)
                case PeriodKind.QUARTER:
                    day = date(year, (int(match.group(2)) - 1) * 3 + 1, 1)
                case PeriodKind.MONTH:
                    day = date(year, int(match.group(2)), 1)
                case PeriodKind.YEAR:
                    day = date(year, 1, 1)
        except ValueError as exc:
            raise InvalidPeriodKey(key) from exc
        return period_containing(kind, day)
    raise InvalidPeriodKey(key)


def _next_month(first: date) -> date:
    return date(first.year + first.month // 12, first.month % 12 + 1, 1)


PERIOD_WORDS = {
    "minggu": PeriodKind.WEEK,
    "pekan": PeriodKind.WEEK,
    "week": PeriodKind.WEEK,
    "bulan": PeriodKind.MONTH,
    "month": PeriodKind.MONTH,
    "triwulan": PeriodKind.QUARTER,
    "quarter": PeriodKind.QUARTER,
    "tahun": PeriodKind.YEAR,
    "year": PeriodKind.YEAR,
}


def period_kind_of(word: str) -> PeriodKind | None:
    return PERIOD_WORDS.get(word.strip().lower())
