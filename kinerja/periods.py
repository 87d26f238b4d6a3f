"""Reporting periods and their keys ("2026-W47", "2026-11", "2026-Q4", "2026-S1", "2026"), and
what a supervisor may type to ask for one ("minggu lalu", "last week", "2026-W48").

Weeks are ISO weeks (Monday to Sunday) in local time. `now` and `today` are always passed in:
the domain never reads the clock.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Collection, Sequence
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
            case PeriodKind.SEMESTER:
                return f"{self.start.year}-S{(self.start.month - 1) // 6 + 1}"
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
        case PeriodKind.SEMESTER:
            if day.month <= 6:
                return Period(date(day.year, 1, 1), date(day.year, 6, 30), kind)
            return Period(date(day.year, 7, 1), date(day.year, 12, 31), kind)
        case PeriodKind.YEAR:
            return Period(date(day.year, 1, 1), date(day.year, 12, 31), kind)


def current_period(kind: PeriodKind, now: datetime, tz: tzinfo) -> Period:
    return period_containing(kind, now.astimezone(tz).date())


def previous_period(period: Period) -> Period:
    return period_containing(period.kind, period.start - timedelta(days=1))


def next_period(period: Period) -> Period:
    return period_containing(period.kind, period.end + timedelta(days=1))


def has_started(period: Period, today: date) -> bool:
    """Whether the period has begun: a summary of a later one would be empty, and is refused."""
    return period.start <= today


def recent_periods(period: Period, count: int) -> list[Period]:
    """`count` periods ending with `period`, oldest first."""
    periods = [period]
    while len(periods) < count:
        periods.append(previous_period(periods[-1]))
    return periods[::-1]


_KEY_PATTERNS: tuple[tuple[re.Pattern[str], PeriodKind], ...] = (
    (re.compile(r"^(\d{4})-W(\d{2})$"), PeriodKind.WEEK),
    (re.compile(r"^(\d{4})-Q([1-4])$"), PeriodKind.QUARTER),
    (re.compile(r"^(\d{4})-S([12])$"), PeriodKind.SEMESTER),
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
                case PeriodKind.SEMESTER:
                    day = date(year, (int(match.group(2)) - 1) * 6 + 1, 1)
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
    "semester": PeriodKind.SEMESTER,
    "tahun": PeriodKind.YEAR,
    "year": PeriodKind.YEAR,
}


PREVIOUS_WORDS = frozenset({"lalu", "kemarin", "sebelumnya", "last", "previous"})
"""After (Indonesian) or before (English) a period word: the period before the current one."""
CURRENT_WORDS = frozenset({"ini", "sekarang", "this", "current"})
_UNIT_CODE = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)+")
"""What a unit code not in the catalogue looks like (letters first, hyphenated: PKM-PAUH-UMUM):
asked for, it is refused as a unit. Any other unknown word is refused as a period."""


class PeriodProblem(enum.StrEnum):
    UNKNOWN = "unknown"
    """Words that are neither a period nor a unit, or that contradict each other."""
    NOT_STARTED = "not_started"
    """A period after the current one: nothing to summarise yet."""
    TWO_UNITS = "two_units"


@dataclass(frozen=True, slots=True)
class PeriodRefusal:
    problem: PeriodProblem
    words: str
    """What was refused, as the user wrote it (for NOT_STARTED, the period's key)."""


@dataclass(frozen=True, slots=True)
class PeriodRequest:
    period: Period
    unit_code: str | None
    """Upper case, as the catalogue writes codes; None for the asker's own unit."""


def parse_period_request(
    words: Sequence[str],
    today: date,
    unit_codes: Collection[str],
    default: PeriodKind = PeriodKind.WEEK,
) -> PeriodRequest | PeriodRefusal:
    """The arguments of `/rekap` and `/ekspor`, in any order: at most one unit code and a period,
    written as a key (2026-W48, 2026-11, 2026-Q4, 2026-S1, 2026) or as a period word (minggu,
    bulan, triwulan, semester, tahun and their English names) with an optional "lalu"/"last"
    for the one before the current one or "ini"/"this" for the current one. Without a period,
    the current period of `default`. A period that has not begun is refused: the "next" button
    never goes past today either."""
    kind: PeriodKind | None = None
    keyed: Period | None = None
    back: bool | None = None
    unit: str | None = None
    said: list[str] = []
    for word in (w.strip() for w in words):
        lowered, upper = word.lower(), word.upper()
        if lowered in PERIOD_WORDS or lowered in PREVIOUS_WORDS or lowered in CURRENT_WORDS:
            said.append(word)
            if lowered in PERIOD_WORDS:
                if kind is not None:
                    return PeriodRefusal(PeriodProblem.UNKNOWN, " ".join(said))
                kind = PERIOD_WORDS[lowered]
            elif back is not None:
                return PeriodRefusal(PeriodProblem.UNKNOWN, " ".join(said))
            else:
                back = lowered in PREVIOUS_WORDS
        elif upper in unit_codes or _UNIT_CODE.fullmatch(word):
            if unit is not None:
                return PeriodRefusal(PeriodProblem.TWO_UNITS, f"{unit} {upper}")
            unit = upper
        else:
            said.append(word)
            try:
                parsed = parse_period_key(upper)
            except InvalidPeriodKey:
                return PeriodRefusal(PeriodProblem.UNKNOWN, word)
            if keyed is not None:
                return PeriodRefusal(PeriodProblem.UNKNOWN, " ".join(said))
            keyed = parsed
    if keyed is not None and (kind is not None or back is not None):
        return PeriodRefusal(PeriodProblem.UNKNOWN, " ".join(said))
    period = keyed or period_containing(kind or default, today)
    if back:
        period = previous_period(period)
    if not has_started(period, today):
        return PeriodRefusal(PeriodProblem.NOT_STARTED, period.key)
    return PeriodRequest(period, unit)
