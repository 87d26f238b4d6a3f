"""Working days of ASN: Monday to Friday, except national holidays, cuti bersama and leave."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True, slots=True)
class WorkingCalendar:
    days_off: frozenset[date]
    """National holidays and cuti bersama (SKB 3 Menteri; Keppres for ASN)."""

    def is_working_day(self, day: date, leave: Collection[date] = ()) -> bool:
        return day.weekday() < 5 and day not in self.days_off and day not in leave

    def working_days(self, first: date, last: date, leave: Collection[date] = ()) -> list[date]:
        return [d for d in _days(first, last) if self.is_working_day(d, leave)]

    def previous_working_days(
        self, before: date, count: int, leave: Collection[date] = ()
    ) -> list[date]:
        """Up to `count` working days strictly before `before`, newest first (looks back a year)."""
        found: list[date] = []
        day = before - timedelta(days=1)
        limit = before - timedelta(days=366)
        while len(found) < count and day > limit:
            if self.is_working_day(day, leave):
                found.append(day)
            day -= timedelta(days=1)
        return found


def _days(first: date, last: date) -> Iterator[date]:
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)
