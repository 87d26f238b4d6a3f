"""Who reported and who did not: the one rule behind the weekly summary, /laporan and the
"Kepatuhan ASN" sheet of the Excel export, so that none of them can disagree with another.

An ASN is expected to report on every working day (Monday to Friday that is neither a national
holiday nor cuti bersama, `kinerja.calendar`) from the day they registered, except the days of
their own leave (/cuti). The registration day itself is expected: it may still be reported that
day. A day is reported when the person sent at least one report, of any metric, for it; a report
for a day off is welcome but makes no working day. An ASN who was invited but has not registered
has no account to report with, and one who registered after the span was not on the team then:
neither is counted.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from kinerja.types import Person

SUMMARY_MIN_MISSED = 2
"""The summary names those who missed this many working days or more (operator guide §6): one
forgotten day is for the daily /laporan and the Excel sheet, not for the weekly summary."""


@dataclass(frozen=True, slots=True)
class Reporter:
    """An active ASN as the rule sees them."""

    person: Person
    registered: date | None
    """The local day they registered (accepted the invitation); None while only invited."""
    leave: frozenset[date] = field(default=frozenset())


@dataclass(frozen=True, slots=True)
class Compliance:
    """One ASN over one span of days."""

    person: Person
    registered: date
    expected: tuple[date, ...]
    """Working days of the span from registration on, leave excluded; oldest first."""
    reported: tuple[date, ...]
    """The expected days with a report."""
    missing: tuple[date, ...]
    """The expected days without one."""
    leave: tuple[date, ...]
    """Working days of the span, from registration on, on leave: not expected."""

    @property
    def streak(self) -> int:
        """Expected days in a row without a report, counted back from the last expected one."""
        count = 0
        for day in reversed(self.expected):
            if day in self.reported:
                break
            count += 1
        return count


def compliance(
    staff: Iterable[Reporter],
    working_days: Collection[date],
    reported: Mapping[int, Collection[date]],
    until: date,
) -> list[Compliance]:
    """Per counted ASN (registered by `until`, the span's last day), in the order given: the
    expected, reported and missing days among `working_days` (the span's working days).
    `reported` holds the days each person id reported for."""
    days = sorted(d for d in working_days if d <= until)
    rows = []
    for reporter in staff:
        start = reporter.registered
        if start is None or start > until:
            continue
        done = reported.get(reporter.person.id, ())
        on_duty = [d for d in days if d >= start]
        expected = tuple(d for d in on_duty if d not in reporter.leave)
        rows.append(
            Compliance(
                person=reporter.person,
                registered=start,
                expected=expected,
                reported=tuple(d for d in expected if d in done),
                missing=tuple(d for d in expected if d not in done),
                leave=tuple(d for d in on_duty if d in reporter.leave),
            )
        )
    return rows


# ------------------------------------------------------------------------------ a period


@dataclass(frozen=True, slots=True)
class TeamCompliance:
    """A team over a period, as the summary tells it."""

    asn: int
    """ASN counted: registered by the end of the period (or today)."""
    expected: int
    """Working days expected, summed over the ASN."""
    reported: int
    absent: tuple[tuple[str, int], ...] = ()
    """(name, working days missed) of those who missed `SUMMARY_MIN_MISSED` or more, most
    first, then by name."""

    @property
    def everyone_reported(self) -> bool:
        return self.expected > 0 and self.reported == self.expected


def team_compliance(
    rows: Sequence[Compliance], min_missed: int = SUMMARY_MIN_MISSED
) -> TeamCompliance:
    absent = sorted(
        ((r.person.full_name, len(r.missing)) for r in rows if len(r.missing) >= min_missed),
        key=lambda a: (-a[1], a[0]),
    )
    return TeamCompliance(
        asn=len(rows),
        expected=sum(len(r.expected) for r in rows),
        reported=sum(len(r.reported) for r in rows),
        absent=tuple(absent),
    )


# ------------------------------------------------------------------------------ a day


@dataclass(frozen=True, slots=True)
class Missing:
    person: Person
    streak: int


@dataclass(frozen=True, slots=True)
class DayCompliance:
    """A team on one day, as /laporan tells it."""

    asn: int
    """ASN counted: registered by that day."""
    expected: int
    """Of them, those who were to report that day."""
    missing: tuple[Missing, ...]
    """Expected that day and no report: the longest streak first, then by name."""
    on_leave: tuple[Person, ...]


def day_compliance(rows: Sequence[Compliance], day: date) -> DayCompliance:
    """`rows` are of a span that ends on `day` (long enough to count the streaks)."""
    missing = sorted(
        (Missing(r.person, r.streak) for r in rows if day in r.missing),
        key=lambda m: (-m.streak, m.person.full_name),
    )
    return DayCompliance(
        asn=len(rows),
        expected=sum(1 for r in rows if day in r.expected),
        missing=tuple(missing),
        on_leave=tuple(r.person for r in rows if day in r.leave),
    )
