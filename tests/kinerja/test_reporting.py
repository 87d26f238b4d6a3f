"""The daily report's rules: /lapor, own progress (/riwayat) and the day /laporan shows."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from kinerja.calendar import WorkingCalendar
from kinerja.capaian import Category
from kinerja.periods import Period
from kinerja.reporting import (
    STREAK_LOOKBACK_DAYS,
    Advance,
    DayProblem,
    Ending,
    OwnProgress,
    Stay,
    Step,
    TeamQuery,
    may_end,
    neighbour_days,
    not_reported,
    other_day,
    own_indicators,
    own_progress,
    pick_day,
    read_photo,
    read_team_query,
    read_text,
    ready_to_save,
    skip_to,
)
from kinerja.staff import ReportValue, ValueProblem
from kinerja.survey import AnswerProblem
from kinerja.types import (
    Aggregation,
    Indicator,
    IndicatorSource,
    Metric,
    OrgUnit,
    PeriodKind,
    Person,
    Polarity,
    Report,
    Role,
    Target,
    UnitKind,
)
from tests.kinerja.test_staff import COUNT, RATIO

NO_DAYS_OFF = WorkingCalendar(frozenset())
WEDNESDAY = date(2026, 11, 25)
"""Week 48 of 2026 runs Monday 23 to Sunday 29 November."""
WEEK_48 = Period(date(2026, 11, 23), date(2026, 11, 29), PeriodKind.WEEK)

# ------------------------------------------------------------------------------ /lapor


@pytest.mark.parametrize(
    ("step", "text", "decision"),
    [
        pytest.param(
            Step.VALUE, "45", Advance(Step.NOTE, value=ReportValue(Decimal(45))), id="value"
        ),
        pytest.param(Step.VALUE, "banyak", Stay(ValueProblem.NOT_A_NUMBER), id="not-a-number"),
        pytest.param(Step.VALUE, "501", Stay(ValueProblem.TOO_LARGE), id="above-the-maximum"),
        pytest.param(Step.NOTE, "poli ramai", Advance(Step.EVIDENCE, note="poli ramai"), id="note"),
        pytest.param(Step.METRIC, "45", Stay(), id="menu-wants-a-button"),
        pytest.param(Step.EVIDENCE, "45", Stay(), id="evidence-wants-a-photo-or-button"),
        pytest.param(Step.CONFIRM, "ya", Stay(), id="confirm-wants-a-button"),
    ],
)
def test_read_text(step: Step, text: str, decision: Advance | Stay) -> None:
    assert read_text(step, COUNT, text) == decision


def test_an_empty_note_stays() -> None:
    """Invisible characters only: nothing was written (the "Tanpa catatan" button is for that)."""
    assert read_text(Step.NOTE, COUNT, "\u200b ") == Stay(AnswerProblem.EMPTY)


def test_a_ratio_value_carries_its_denominator() -> None:
    decision = read_text(Step.VALUE, RATIO, "17/20")
    assert decision == Advance(Step.NOTE, value=ReportValue(Decimal(17), Decimal(20)))


@pytest.mark.parametrize(
    ("step", "decision"),
    [
        pytest.param(Step.NOTE, Advance(Step.CONFIRM, evidence_file_id="F"), id="note-skipped"),
        pytest.param(Step.EVIDENCE, Advance(Step.CONFIRM, evidence_file_id="F"), id="evidence"),
        pytest.param(Step.METRIC, Stay(), id="menu"),
        pytest.param(Step.VALUE, Stay(), id="value-is-typed"),
        pytest.param(Step.CONFIRM, Stay(), id="confirm"),
    ],
)
def test_read_photo(step: Step, decision: Advance | Stay) -> None:
    assert read_photo(step, "F") == decision


@pytest.mark.parametrize(
    ("current", "pressed", "following"),
    [
        pytest.param(Step.NOTE, Step.NOTE, Step.EVIDENCE, id="no-note"),
        pytest.param(Step.EVIDENCE, Step.EVIDENCE, Step.CONFIRM, id="no-evidence"),
        pytest.param(Step.EVIDENCE, Step.NOTE, None, id="an-old-note-button"),
        pytest.param(Step.VALUE, Step.VALUE, None, id="the-value-is-not-optional"),
        pytest.param(Step.CONFIRM, Step.CONFIRM, None, id="nothing-after-confirm"),
    ],
)
def test_skip_to(current: Step, pressed: Step, following: Step | None) -> None:
    assert skip_to(current, pressed) is following


@pytest.mark.parametrize(
    ("step", "ending", "allowed"),
    [
        pytest.param(Step.METRIC, Ending.FINISH, True, id="done-on-the-menu"),
        pytest.param(Step.VALUE, Ending.FINISH, False, id="an-old-done-never-drops-an-entry"),
        pytest.param(Step.CONFIRM, Ending.FINISH, False, id="nor-at-confirm"),
        pytest.param(Step.VALUE, Ending.CANCEL, True, id="cancel-an-entry"),
        pytest.param(Step.CONFIRM, Ending.CANCEL, True, id="cancel-before-saving"),
        pytest.param(Step.METRIC, Ending.CANCEL, True, id="cancel-on-the-menu"),
    ],
)
def test_may_end(step: Step, ending: Ending, allowed: bool) -> None:
    assert may_end(step, ending) is allowed


@pytest.mark.parametrize(
    ("step", "metric_chosen", "value", "ready"),
    [
        pytest.param(Step.CONFIRM, True, Decimal(45), True, id="complete"),
        pytest.param(Step.CONFIRM, True, Decimal(0), True, id="zero-is-a-value"),
        pytest.param(Step.CONFIRM, True, None, False, id="no-value"),
        pytest.param(Step.CONFIRM, False, Decimal(45), False, id="no-metric"),
        pytest.param(Step.EVIDENCE, True, Decimal(45), False, id="not-at-confirm"),
    ],
)
def test_ready_to_save(step: Step, metric_chosen: bool, value: Decimal | None, ready: bool) -> None:
    assert ready_to_save(step, metric_chosen, value) is ready


YESTERDAY = WEDNESDAY - timedelta(days=1)


@pytest.mark.parametrize(
    ("reportable", "asked", "day", "other"),
    [
        pytest.param((WEDNESDAY, YESTERDAY), None, WEDNESDAY, YESTERDAY, id="today-first"),
        pytest.param((WEDNESDAY, YESTERDAY), YESTERDAY, YESTERDAY, WEDNESDAY, id="yesterday"),
        pytest.param((WEDNESDAY,), None, WEDNESDAY, None, id="yesterday-closed"),
        pytest.param((WEDNESDAY,), YESTERDAY, None, None, id="asked-for-a-closed-day"),
    ],
)
def test_pick_day_and_other_day(
    reportable: tuple[date, ...], asked: date | None, day: date | None, other: date | None
) -> None:
    assert pick_day(reportable, asked) == day
    if day is not None:
        assert other_day(reportable, day) == other


# ------------------------------------------------------------------------------ /riwayat

KECAMATAN = OrgUnit("KEC", "Kecamatan", UnitKind.KECAMATAN)
PUSKESMAS = OrgUnit("PKM", "Puskesmas", UnitKind.PUSKESMAS, "KEC")
POLI = OrgUnit("PKM-UMUM", "Poli Umum", UnitKind.SERVICE_UNIT, "PKM")
OTHER_POLI = OrgUnit("PKM-GIGI", "Poli Gigi", UnitKind.SERVICE_UNIT, "PKM")
LINEAGE = [POLI, PUSKESMAS, KECAMATAN]


def _indicator(code: str, **extra: Any) -> Indicator:
    values: dict[str, Any] = {
        "code": code,
        "name": code,
        "name_en": code,
        "source": IndicatorSource.ASN_METRIC,
        "polarity": Polarity.HIGHER_IS_BETTER,
        "target": Target(Decimal(90)),
        "period": PeriodKind.WEEK,
        "unit_kind": UnitKind.PUSKESMAS,
        "aggregation": Aggregation.MEAN_PER_WORKING_DAY,
        "metric_code": "pasien",
    }
    values.update(extra)
    return Indicator(**values)


def _report(day: date, value: int, metric: Metric = COUNT, of: int | None = None) -> Report:
    return Report(
        id=day.toordinal(),
        person_id=1,
        person_name="Rina Marlina",
        nip=None,
        unit_code="PKM-UMUM",
        unit_name="Poli Umum",
        metric=metric,
        day=day,
        value=Decimal(value),
        denominator=None if of is None else Decimal(of),
        note=None,
        has_evidence=False,
        verified=False,
        feedback=None,
    )


@pytest.mark.parametrize(
    ("extra", "applies"),
    [
        pytest.param({}, True, id="kind-of-a-unit-above"),
        pytest.param({"unit_kind": UnitKind.SERVICE_UNIT}, True, id="kind-of-the-own-unit"),
        pytest.param({"unit_kind": None, "unit_code": "PKM-UMUM"}, True, id="the-own-unit"),
        pytest.param({"unit_kind": None, "unit_code": "KEC"}, True, id="the-kecamatan"),
        pytest.param({"unit_kind": None, "unit_code": "PKM-GIGI"}, False, id="a-sibling-unit"),
        pytest.param({"source": IndicatorSource.IKM}, False, id="not-from-asn-reports"),
        pytest.param({"source": IndicatorSource.ASN_RATIO}, True, id="a-ratio"),
    ],
)
def test_own_indicators(extra: dict[str, Any], applies: bool) -> None:
    indicator = _indicator("I", **extra)
    expected = [(indicator, WEEK_48)] if applies else []
    assert own_indicators([indicator], LINEAGE, WEDNESDAY) == expected


def test_own_progress_per_working_day() -> None:
    """tests/bot/e2e/test_asn.py: 45 patients Monday to Wednesday of week 48 = 15.00 a working day,
    against a target of 90; last week's report and another metric do not count."""
    reports = [
        _report(WEDNESDAY, 45),
        _report(date(2026, 11, 20), 300),
        _report(WEDNESDAY, 17, RATIO, of=20),
    ]
    progress = own_progress(_indicator("I"), WEEK_48, reports, (), NO_DAYS_OFF, WEDNESDAY)
    assert progress.realisation == Decimal("15.00")
    assert progress.result is not None
    assert progress.result.raw == Decimal("16.67")
    assert progress.result.category is Category.SANGAT_RENDAH


def test_own_leave_is_not_a_working_day() -> None:
    """On leave Monday: 45 patients over Tuesday and Wednesday = 22.50 a working day."""
    progress = own_progress(
        _indicator("I"), WEEK_48, [_report(WEDNESDAY, 45)], {WEEK_48.start}, NO_DAYS_OFF, WEDNESDAY
    )
    assert progress.realisation == Decimal("22.50")


def test_own_ratio_pools_the_observations() -> None:
    """17 of 20 and 19 of 20 hand-hygiene observations: 36 of 40 = 90 %."""
    indicator = _indicator(
        "H", source=IndicatorSource.ASN_RATIO, metric_code="tangan", target=Target(Decimal(85))
    )
    reports = [_report(WEDNESDAY, 17, RATIO, of=20), _report(YESTERDAY, 19, RATIO, of=20)]
    progress = own_progress(indicator, WEEK_48, reports, (), NO_DAYS_OFF, WEDNESDAY)
    assert progress.realisation == Decimal("90.00")
    assert progress.result is not None
    assert progress.result.raw == Decimal("105.88")  # 90 of a target of 85, uncapped


def test_no_report_means_no_realisation_not_zero() -> None:
    indicator = _indicator("I")
    progress = own_progress(indicator, WEEK_48, [], (), NO_DAYS_OFF, WEDNESDAY)
    assert progress == OwnProgress(indicator, None, None)


# ------------------------------------------------------------------------------ /laporan


def _person(person_id: int, name: str) -> Person:
    return Person(person_id, name, Role.ASN, "PKM-UMUM", telegram_user_id=person_id)


ANI, BUDI, CICI = _person(1, "Ani"), _person(2, "Budi"), _person(3, "Cici")
TODAY = date(2026, 12, 1)
"""Tuesday 1 December 2026."""


def test_the_look_back_covers_twelve_weeks() -> None:
    """A streak is counted within the days loaded: twelve weeks take 84 calendar days."""
    assert STREAK_LOOKBACK_DAYS >= 84


@pytest.mark.parametrize(
    ("args", "query"),
    [
        pytest.param([], TeamQuery(TODAY), id="today-by-default"),
        pytest.param(["PKM-PAUH-UMUM"], TeamQuery(TODAY, "PKM-PAUH-UMUM"), id="unit"),
        pytest.param(["pkm-pauh"], TeamQuery(TODAY, "PKM-PAUH"), id="unit-lower-case"),
        pytest.param(["2026-11-30"], TeamQuery(date(2026, 11, 30)), id="iso"),
        pytest.param(["30-11-2026"], TeamQuery(date(2026, 11, 30)), id="d-m-y"),
        pytest.param(["30/11/2026"], TeamQuery(date(2026, 11, 30)), id="d/m/y"),
        pytest.param(["30.11.2026"], TeamQuery(date(2026, 11, 30)), id="d.m.y"),
        pytest.param(["30/11"], TeamQuery(date(2026, 11, 30)), id="d/m-this-year"),
        pytest.param(["31/12"], TeamQuery(date(2025, 12, 31)), id="d/m-last-year-not-ahead"),
        pytest.param(["1/12"], TeamQuery(TODAY), id="d/m-today"),
        pytest.param(["29/2"], TeamQuery(date(2024, 2, 29)), id="d/m-last-leap-day"),
        pytest.param(["kemarin"], TeamQuery(date(2026, 11, 30)), id="kemarin"),
        pytest.param(["Yesterday"], TeamQuery(date(2026, 11, 30)), id="yesterday"),
        pytest.param(["hari", "ini"], TeamQuery(TODAY), id="hari-ini"),
        pytest.param(
            ["kemarin", "PKM-PAUH"], TeamQuery(date(2026, 11, 30), "PKM-PAUH"), id="day-unit"
        ),
        pytest.param(
            ["PKM-PAUH", "30/11"], TeamQuery(date(2026, 11, 30), "PKM-PAUH"), id="unit-day"
        ),
        pytest.param(["2026-12-02"], DayProblem.FUTURE, id="tomorrow"),
        pytest.param(["besok"], DayProblem.FUTURE, id="besok"),
        pytest.param(["2026-13-01"], DayProblem.UNREADABLE, id="month-13"),
        pytest.param(["31/11"], DayProblem.UNREADABLE, id="31-november"),
        pytest.param(["1"], DayProblem.UNREADABLE, id="a-number"),
        pytest.param(["1999-12-31"], DayProblem.UNREADABLE, id="before-the-reckoned-years"),
        pytest.param(["kemarin", "30/11"], DayProblem.UNREADABLE, id="two-days"),
        pytest.param(["PKM-A", "PKM-B"], DayProblem.UNREADABLE, id="two-units"),
    ],
)
def test_read_team_query(args: list[str], query: TeamQuery | DayProblem) -> None:
    assert read_team_query(args, TODAY) == query


CHRISTMAS = WorkingCalendar(frozenset({date(2026, 12, 24), date(2026, 12, 25)}))


@pytest.mark.parametrize(
    ("day", "today", "reports", "neighbours"),
    [
        pytest.param(
            date(2026, 12, 28), date(2026, 12, 30), (), (date(2026, 12, 23), date(2026, 12, 29)),
            id="over-christmas-and-the-weekend",
        ),
        pytest.param(
            date(2026, 12, 28), date(2026, 12, 30), {date(2026, 12, 26)},
            (date(2026, 12, 26), date(2026, 12, 29)), id="a-saturday-with-reports",
        ),
        pytest.param(
            date(2026, 12, 23), date(2026, 12, 30), (), (date(2026, 12, 22), date(2026, 12, 28)),
            id="next-passes-over-days-off",
        ),
        pytest.param(
            date(2026, 12, 23), date(2026, 12, 26), (), (date(2026, 12, 22), date(2026, 12, 26)),
            id="next-is-today-though-a-day-off",
        ),
        pytest.param(
            date(2026, 12, 30), date(2026, 12, 30), {date(2026, 12, 31)},
            (date(2026, 12, 29), None), id="nothing-after-today",
        ),
        pytest.param(
            date(2000, 1, 3), date(2026, 12, 30), (), (None, date(2000, 1, 4)),
            id="nothing-before-the-reckoned-years",
        ),
    ],
)  # fmt: skip
def test_neighbour_days(
    day: date, today: date, reports: set[date], neighbours: tuple[date | None, date | None]
) -> None:
    assert neighbour_days(day, today, CHRISTMAS, reports) == neighbours


def test_not_reported() -> None:
    reminded = not_reported(
        [ANI, BUDI, CICI], reported={1: {WEDNESDAY}}, leave={3: {WEDNESDAY}}, today=WEDNESDAY
    )
    assert reminded == [BUDI]
