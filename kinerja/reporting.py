"""The daily report of an ASN: the /lapor step machine, the person's own progress (/riwayat),
the day a supervisor's /laporan shows, and whom today's reminder is for. Who did not report is
`kinerja.compliance`.

Pure: the use cases load the draft, reports and leave, ask these functions what an input means
or what the numbers come to, and save what they answer.
"""

from __future__ import annotations

import contextlib
import enum
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from kinerja.calendar import WorkingCalendar
from kinerja.capaian import REALISATION_PLACES, Capaian, capaian, shown_realisation
from kinerja.engine import applies_to
from kinerja.indicators import asn_metric_realisation, ratio_realisation
from kinerja.periods import YEARS, Period, period_containing
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


class Ending(enum.StrEnum):
    """The two ways out of a /lapor, which must never read the same: "Selesai" on the menu ends
    a round of reports; "Batal" (or /batal) drops the entry under way, if any, unsaved."""

    FINISH = "finish"
    CANCEL = "cancel"


def may_end(step: Step, ending: Ending) -> bool:
    """Cancelling is possible at any step; "Selesai" belongs to the menu, so a "Selesai" that
    arrives while an entry is under way is from an old message and must not drop that entry."""
    return ending is Ending.CANCEL or step is Step.METRIC


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
    exact: Fraction | Decimal | None = None
    """What `realisation` is rounded from: a display rounds from this, once."""


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
    return OwnProgress(indicator, realised, result, exact)


# ------------------------------------------------------------------------------ /laporan

STREAK_LOOKBACK_DAYS = 90
"""Calendar days before the day /laporan shows whose reports and leave it loads: a missed streak
is counted within them, so a streak longer than that (about twelve weeks of working days) shows
as the working days they hold."""


class DayProblem(enum.StrEnum):
    """Why /laporan cannot show the day asked for."""

    UNREADABLE = "unreadable"
    """Not a date, not a day word, or more words than a day and a unit."""
    FUTURE = "future"


DAY_WORDS: Mapping[str, int] = {
    "kemarin": -1,
    "yesterday": -1,
    "hari-ini": 0,
    "today": 0,
    "besok": 1,
    "tomorrow": 1,
}
"""Days named by a word, as an offset from today ("hari ini" is read as one word)."""

_ISO_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DAY_MONTH = re.compile(r"(\d{1,2})[./-](\d{1,2})(?:[./-](\d{4}))?")
_DATE_LIKE = re.compile(r"[\d./-]*\d[\d./-]*")
"""Digits and separators only: a date typed (perhaps wrongly), never a unit code."""


@dataclass(frozen=True, slots=True)
class TeamQuery:
    """What `/laporan [day] [unit]` asks for, in either order."""

    day: date
    unit_code: str | None = None


def _typed_day(text: str, today: date) -> date | None:
    """2026-11-30, 30-11-2026, 30/11/2026, 30.11.2026, or 30/11: the latest 30 November that is
    not after today."""
    iso = _ISO_DAY.fullmatch(text)
    found = _DAY_MONTH.fullmatch(text)
    if iso is not None:
        year, month, day = (int(g) for g in iso.groups())
        years = [year]
    elif found is not None:
        day, month = int(found.group(1)), int(found.group(2))
        given = found.group(3)
        # Without a year, 29/2 may need a few years back to find a leap year.
        years = [int(given)] if given else list(range(today.year, today.year - 8, -1))
    else:
        return None
    for year in years:
        with contextlib.suppress(ValueError):
            candidate = date(year, month, day)
            if len(years) == 1 or candidate <= today:
                return candidate
    return None


def read_team_query(args: Sequence[str], today: date) -> TeamQuery | DayProblem:
    """A day (today when none is given) and perhaps a unit code; a day after today is refused,
    and so is one outside the years kinerja reckons with."""
    words = " ".join(args).lower().replace("hari ini", "hari-ini").split()
    day: date | None = None
    unit: str | None = None
    for word in words:
        if word in DAY_WORDS or _DATE_LIKE.fullmatch(word):
            if day is not None:
                return DayProblem.UNREADABLE
            if word in DAY_WORDS:
                day = today + timedelta(days=DAY_WORDS[word])
            else:
                day = _typed_day(word, today)
                if day is None or day.year not in YEARS:
                    return DayProblem.UNREADABLE
        elif unit is None:
            unit = word.upper()
        else:
            return DayProblem.UNREADABLE
    if day is not None and day > today:
        return DayProblem.FUTURE
    return TeamQuery(day or today, unit)


def neighbour_days(
    day: date, today: date, calendar: WorkingCalendar, report_days: Collection[date]
) -> tuple[date | None, date | None]:
    """The days the "previous" and "next" buttons of /laporan lead to: the nearest working day
    or day with a report on either side, so a weekend without reports is passed over; never
    after today, and today itself when nothing else lies between."""
    earlier = [d for d in report_days if d < day]
    earlier += calendar.previous_working_days(day, 1)
    previous = max(earlier) if earlier else None
    if previous is not None and previous.year not in YEARS:
        previous = None
    if day >= today:
        return previous, None
    later = [d for d in report_days if day < d <= today]
    ahead = day + timedelta(days=1)
    while ahead < today and not calendar.is_working_day(ahead):
        ahead += timedelta(days=1)
    return previous, min([*later, ahead])


def not_reported(
    asn: Iterable[Person],
    reported: Collection[int],
    leave: Mapping[int, Collection[date]],
    today: date,
) -> list[Person]:
    """Whom today's reminder is for: no report today (`reported` holds the ids of those who sent
    one) and not on leave today."""
    return [p for p in asn if p.id not in reported and today not in leave.get(p.id, set())]
