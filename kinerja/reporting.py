"""The daily report of an ASN: the /lapor step machine, the person's own progress (/riwayat)
and who in a team has stopped reporting (/laporan).

Pure: the use cases load the draft, reports and leave, ask these functions what an input means
or what the numbers come to, and save what they answer.
"""

from __future__ import annotations

import enum
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from kinerja.calendar import WorkingCalendar, missed_streak
from kinerja.capaian import REALISATION_PLACES, Capaian, capaian, shown_realisation
from kinerja.engine import applies_to
from kinerja.indicators import asn_metric_realisation, ratio_realisation
from kinerja.periods import Period, period_containing
from kinerja.staff import ReportValue, ValueProblem, parse_report_value
from kinerja.survey import AnswerProblem, clean_free_text
from kinerja.types import Indicator, IndicatorSource, Metric, OrgUnit, Person, Report

# ------------------------------------------------------------------------------ /lapor


class Step(enum.StrEnum):
    """Where a /lapor stands: METRIC → VALUE → NOTE → EVIDENCE → CONFIRM → METRIC again.

    The metric menu stays open throughout (choosing a metric starts at VALUE from any step), and
    a saved report returns to the menu so the next metric of the same day follows."""

    METRIC = "metric"
    VALUE = "value"
    NOTE = "note"
    EVIDENCE = "evidence"
    CONFIRM = "confirm"


SKIPS_TO: Mapping[Step, Step] = {Step.NOTE: Step.EVIDENCE, Step.EVIDENCE: Step.CONFIRM}
"""The optional steps ("Tanpa catatan", "Tanpa bukti") and the step that skipping each leads to."""


@dataclass(frozen=True, slots=True)
class Advance:
    """The input is accepted: store what it carries (only that) and go on to `step`."""

    step: Step
    value: ReportValue | None = None
    note: str | None = None
    evidence_file_id: str | None = None


@dataclass(frozen=True, slots=True)
class Stay:
    """The input is refused and the step is shown again."""

    problem: ValueProblem | AnswerProblem | None = None
    """What is wrong with it; None when this step is answered with a button, not a message."""


def read_text(step: Step, metric: Metric, text: str) -> Advance | Stay:
    """A typed message is the value at VALUE and the note at NOTE; other steps want a button."""
    if step is Step.VALUE:
        parsed = parse_report_value(metric, text)
        if isinstance(parsed, ValueProblem):
            return Stay(parsed)
        return Advance(Step.NOTE, value=parsed)
    if step is Step.NOTE:
        note = clean_free_text(text)
        if isinstance(note, AnswerProblem):
            return Stay(note)
        return Advance(Step.EVIDENCE, note=note)
    return Stay()


def read_photo(step: Step, file_id: str) -> Advance | Stay:
    """A photo is the evidence; at NOTE it also means "no note", so both lead to CONFIRM."""
    if step in (Step.NOTE, Step.EVIDENCE):
        return Advance(Step.CONFIRM, evidence_file_id=file_id)
    return Stay()


def skip_to(current: Step, pressed: Step) -> Step | None:
    """Where a skip button leads; None when it belongs to another step (an old message)."""
    return SKIPS_TO.get(pressed) if current is pressed else None


def ready_to_save(step: Step, metric_chosen: bool, value: Decimal | None) -> bool:
    """Only a draft that reached CONFIRM with a metric and a value may become a report."""
    return step is Step.CONFIRM and metric_chosen and value is not None


def pick_day(reportable: Sequence[date], asked: date | None) -> date | None:
    """The day a /lapor is for: the newest reportable day unless another is asked for; None when
    the day asked for may no longer (or not yet) be reported."""
    if asked is None:
        return reportable[0]
    return asked if asked in reportable else None


def other_day(reportable: Sequence[date], day: date) -> date | None:
    """The other day the menu offers (yesterday while it may still be reported, or today)."""
    return next((d for d in reportable if d != day), None)


# ------------------------------------------------------------------------------ /riwayat

ASN_SOURCES = (IndicatorSource.ASN_METRIC, IndicatorSource.ASN_RATIO)
"""Indicators realised from the daily reports, the only ones a person moves on their own."""


@dataclass(frozen=True, slots=True)
class OwnProgress:
    indicator: Indicator
    realisation: Decimal | None
    result: Capaian | None


def own_indicators(
    indicators: Iterable[Indicator], lineage: Sequence[OrgUnit], today: date
) -> list[tuple[Indicator, Period]]:
    """The ASN indicators of the person's unit or of any unit above it (`lineage`, own unit
    first), each with its period that contains today."""
    return [
        (indicator, period_containing(indicator.period, today))
        for indicator in indicators
        if indicator.source in ASN_SOURCES and any(applies_to(indicator, u) for u in lineage)
    ]


def own_progress(
    indicator: Indicator,
    period: Period,
    reports: Iterable[Report],
    leave: Collection[date],
    calendar: WorkingCalendar,
    today: date,
) -> OwnProgress:
    """One person's realisation from the start of the period to today.

    The person is the one reporter, and their own leave days are not working days. No report of
    the metric in the period means no realisation (not zero). Kept to four decimals that meet the
    target exactly when the exact value does, and shown as `display_places` says."""
    mine = [
        r
        for r in reports
        if r.metric.code == indicator.metric_code and period.start <= r.day <= today
    ]
    if indicator.source is IndicatorSource.ASN_RATIO:
        exact = ratio_realisation((r.value, r.denominator or Decimal(0)) for r in mine)
    else:
        assert indicator.aggregation is not None  # noqa: S101 - the catalogue demands it
        exact = asn_metric_realisation(
            indicator.aggregation,
            (r.value for r in mine),
            len(calendar.working_days(period.start, today, leave)),
            1 if mine else 0,
        )
    if exact is None or not mine:
        return OwnProgress(indicator, None, None)
    result = capaian(exact, indicator.target, indicator.polarity, indicator.cap_percent)
    realised = shown_realisation(exact, indicator.target, indicator.polarity, REALISATION_PLACES)
    return OwnProgress(indicator, realised, result)


# ------------------------------------------------------------------------------ /laporan

STREAK_LOOKBACK_DAYS = 90
"""Calendar days of reports and leave loaded to count a missed streak. `missed_streak` looks back
at most 60 working days: twelve weeks (84 calendar days) plus the holidays among them. 90 covers
that except around the longest holiday seasons, where only a streak already near 60 could count a
day beyond the window as missed."""


@dataclass(frozen=True, slots=True)
class Missing:
    person: Person
    streak: int


def absentees(
    asn: Iterable[Person],
    started: Mapping[int, date],
    reported: Mapping[int, Collection[date]],
    leave: Mapping[int, Collection[date]],
    calendar: WorkingCalendar,
    today: date,
) -> tuple[list[Missing], list[Person]]:
    """Who has not reported (longest streak first, then by name) and who is on leave today.

    `started` is each person's registration day: an ASN invited but not registered yet has
    nothing to report with, and days before registration are not missed."""
    missing: list[Missing] = []
    on_leave: list[Person] = []
    for person in asn:
        own_leave = leave.get(person.id, set())
        if today in own_leave:
            on_leave.append(person)
            continue
        if person.id not in started:
            continue
        streak = missed_streak(
            calendar, today, reported.get(person.id, set()), own_leave, since=started[person.id]
        )
        if streak:
            missing.append(Missing(person, streak))
    missing.sort(key=lambda m: (-m.streak, m.person.full_name))
    return missing, on_leave


def not_reported(
    asn: Iterable[Person],
    reported: Collection[int],
    leave: Mapping[int, Collection[date]],
    today: date,
) -> list[Person]:
    """Whom today's reminder is for: no report today (`reported` holds the ids of those who sent
    one) and not on leave today."""
    return [p for p in asn if p.id not in reported and today not in leave.get(p.id, set())]
