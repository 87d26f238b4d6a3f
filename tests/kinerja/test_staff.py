"""NIP, report values, report days, the working calendar and ASN aggregation."""

from __future__ import annotations

import itertools
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.files.calendar import SHIPPED, read_holiday_file, working_calendar
from kinerja.calendar import WorkingCalendar
from kinerja.indicators import asn_metric_realisation, ratio_realisation
from kinerja.staff import (
    LeaveProblem,
    NipProblem,
    ReportValue,
    ValueProblem,
    leave_problem,
    mask_nip,
    nip_problem,
    parse_day,
    parse_report_value,
    reportable_days,
)
from kinerja.types import Aggregation, Metric, MetricType

COUNT = Metric(
    "pasien",
    "Pasien",
    "Patients",
    "orang",
    "patients",
    MetricType.INTEGER,
    Decimal(0),
    Decimal(500),
)
DECIMAL = Metric("jam", "Jam", "Hours", "jam", "hours", MetricType.DECIMAL, Decimal(0), Decimal(24))
RATIO = Metric(
    "tangan",
    "Tangan",
    "Hands",
    "observasi",
    "observations",
    MetricType.RATIO,
    Decimal(0),
    Decimal(200),
)


@pytest.mark.parametrize(
    ("nip", "problem"),
    [
        ("199001012015032001", None),
        ("19900101201503200", NipProblem.NOT_18_DIGITS),
        ("1990010120150320011", NipProblem.NOT_18_DIGITS),
        ("19900101201503200a", NipProblem.NOT_18_DIGITS),
        ("199002302015032001", NipProblem.BAD_BIRTH_DATE),
        ("199001012015132001", NipProblem.BAD_APPOINTMENT),
        ("199001012015033001", NipProblem.BAD_SEX_DIGIT),
    ],
)
def test_nip(nip: str, problem: NipProblem | None) -> None:
    assert nip_problem(nip) is problem


def test_masked_nip_shows_only_the_ends() -> None:
    assert mask_nip("199001012015032001") == "1990••••••••••2001"


@pytest.mark.parametrize(
    ("metric", "text", "expected"),
    [
        (COUNT, "35", ReportValue(Decimal(35))),
        (COUNT, " 1.234 ", ValueProblem.TOO_LARGE),
        (COUNT, "500", ReportValue(Decimal(500))),
        (COUNT, "501", ValueProblem.TOO_LARGE),
        (COUNT, "-1", ValueProblem.NEGATIVE),
        (COUNT, "2,5", ValueProblem.NOT_WHOLE),
        (COUNT, "tiga", ValueProblem.NOT_A_NUMBER),
        (COUNT, "NaN", ValueProblem.NOT_A_NUMBER),
        (DECIMAL, "7,5", ReportValue(Decimal("7.5"))),
        (DECIMAL, "7.5", ReportValue(Decimal("7.5"))),
        (RATIO, "17/20", ReportValue(Decimal(17), Decimal(20))),
        (RATIO, "17 dari 20", ReportValue(Decimal(17), Decimal(20))),
        (RATIO, "21/20", ValueProblem.NUMERATOR_ABOVE_DENOMINATOR),
        (RATIO, "0/0", ValueProblem.ZERO_DENOMINATOR),
        (RATIO, "17", ValueProblem.RATIO_FORMAT),
        (RATIO, "17/201", ValueProblem.TOO_LARGE),
    ],
)
def test_report_values(metric: Metric, text: str, expected: object) -> None:
    assert parse_report_value(metric, text) == expected


@given(st.text(max_size=30))
def test_value_parser_never_crashes_and_respects_bounds(text: str) -> None:
    for metric in (COUNT, DECIMAL, RATIO):
        parsed = parse_report_value(metric, text)
        if isinstance(parsed, ReportValue):
            assert metric.minimum <= parsed.value <= metric.maximum
            if parsed.denominator is not None:
                assert 0 < parsed.denominator <= metric.maximum
                assert parsed.value <= parsed.denominator


def test_reportable_days() -> None:
    morning = datetime(2026, 11, 25, 9, 59)  # noqa: DTZ001 - a local wall time
    assert reportable_days(morning, time(10)) == (date(2026, 11, 25), date(2026, 11, 24))
    assert reportable_days(morning.replace(hour=10, minute=0), time(10)) == (date(2026, 11, 25),)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2026-12-28", date(2026, 12, 28)),
        ("28-12-2026", date(2026, 12, 28)),
        ("28/12/2026", date(2026, 12, 28)),
        ("2026-02-30", None),
        ("besok", None),
    ],
)
def test_parse_day(text: str, day: date | None) -> None:
    assert parse_day(text) == day


TODAY = date(2026, 11, 25)


@pytest.mark.parametrize(
    ("first", "last", "problem"),
    [
        pytest.param(TODAY, TODAY, None, id="today"),
        pytest.param(date(2026, 10, 25), date(2026, 10, 25), None, id="31-days-back"),
        pytest.param(date(2026, 10, 24), TODAY, LeaveProblem.TOO_FAR_BACK, id="32-days-back"),
        pytest.param(TODAY, date(2026, 11, 24), LeaveProblem.ENDS_BEFORE_START, id="reversed"),
        pytest.param(TODAY, TODAY + timedelta(days=90), None, id="90-days-long"),
        pytest.param(TODAY, TODAY + timedelta(days=91), LeaveProblem.TOO_LONG, id="91-days"),
        pytest.param(date(2027, 11, 1), date(2027, 11, 26), None, id="a-year-ahead"),
        pytest.param(
            date(2027, 11, 27), date(2027, 11, 27), LeaveProblem.TOO_FAR_AHEAD, id="later"
        ),
        pytest.param(date.max, date.max, LeaveProblem.TOO_FAR_AHEAD, id="the-last-day-there-is"),
        pytest.param(date.min, date.min, LeaveProblem.TOO_FAR_BACK, id="the-first-day-there-is"),
    ],
)
def test_leave_problem(first: date, last: date, problem: LeaveProblem | None) -> None:
    """From 31 days back to a year ahead, the last day at most 90 days after the first."""
    assert leave_problem(first, last, TODAY) is problem


# ------------------------------------------------------------------------------ calendar


def test_the_shipped_list_matches_the_holidays_package_and_the_decrees() -> None:
    """shared/holidays.md: 25 dates in 2026 (21 weekdays off), 26 in 2027 (19 weekdays off)."""
    listed = read_holiday_file(SHIPPED)
    assert (len(listed[2026]), len(listed[2027])) == (25, 26)
    for year, weekdays_off in ((2026, 21), (2027, 19)):
        assert sum(d.weekday() < 5 for d in listed[year]) == weekdays_off
        package = working_calendar(None, range(year, year + 1))
        assert package.days_off == frozenset(listed[year])
    calendar = working_calendar(None, range(2026, 2027))
    assert len(calendar.working_days(date(2026, 1, 1), date(2026, 12, 31))) == 261 - 21


def test_other_years_come_from_the_package() -> None:
    calendar = working_calendar(None, range(2028, 2029))
    assert date(2028, 8, 17) in calendar.days_off
    assert date(2028, 1, 1) in calendar.days_off


def test_working_days() -> None:
    calendar = WorkingCalendar(frozenset({date(2026, 12, 24), date(2026, 12, 25)}))
    assert not calendar.is_working_day(date(2026, 12, 24))
    assert not calendar.is_working_day(date(2026, 12, 26))  # Saturday
    assert calendar.is_working_day(date(2026, 12, 28))
    assert not calendar.is_working_day(date(2026, 12, 28), leave={date(2026, 12, 28)})
    assert calendar.working_days(date(2026, 12, 22), date(2026, 12, 28)) == [
        date(2026, 12, 22),
        date(2026, 12, 23),
        date(2026, 12, 28),
    ]


@given(st.dates(min_value=date(2026, 1, 1), max_value=date(2027, 12, 31)))
def test_previous_working_days_are_working_and_earlier(day: date) -> None:
    calendar = working_calendar(None, range(2025, 2028))
    days = calendar.previous_working_days(day, 5)
    assert all(d < day and calendar.is_working_day(d) for d in days)
    assert days == sorted(days, reverse=True)
    assert all((a - b) >= timedelta(days=1) for a, b in itertools.pairwise(days))


def test_asn_aggregations() -> None:
    values = [Decimal(30), Decimal(45), Decimal(15)]
    assert asn_metric_realisation(Aggregation.SUM, values, 5, 3) == 90
    assert asn_metric_realisation(Aggregation.MEAN_PER_WORKING_DAY, values, 5, 3) == 18
    assert asn_metric_realisation(Aggregation.MEAN_PER_ASN, values, 5, 3) == 30
    assert asn_metric_realisation(Aggregation.MEAN_PER_WORKING_DAY, values, 0, 3) is None
    pooled = ratio_realisation([(Decimal(17), Decimal(20)), (Decimal(9), Decimal(10))])
    assert pooled == Fraction(2600, 30)  # 26 of 30, not the mean of 85 % and 90 %
    assert ratio_realisation([]) is None
