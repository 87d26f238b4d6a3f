from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinerja.errors import InvalidPeriodKey
from kinerja.periods import (
    current_period,
    parse_period_key,
    period_containing,
    previous_period,
    recent_periods,
)
from kinerja.types import PeriodKind

WIB = ZoneInfo("Asia/Jakarta")


@pytest.mark.parametrize(
    ("kind", "day", "key", "start", "end"),
    [
        (PeriodKind.WEEK, date(2026, 11, 25), "2026-W48", date(2026, 11, 23), date(2026, 11, 29)),
        (PeriodKind.WEEK, date(2027, 1, 1), "2026-W53", date(2026, 12, 28), date(2027, 1, 3)),
        (PeriodKind.MONTH, date(2026, 11, 25), "2026-11", date(2026, 11, 1), date(2026, 11, 30)),
        (PeriodKind.MONTH, date(2026, 12, 5), "2026-12", date(2026, 12, 1), date(2026, 12, 31)),
        (PeriodKind.QUARTER, date(2026, 11, 25), "2026-Q4", date(2026, 10, 1), date(2026, 12, 31)),
        (PeriodKind.YEAR, date(2026, 11, 25), "2026", date(2026, 1, 1), date(2026, 12, 31)),
    ],
)
def test_period_of_a_day(kind: PeriodKind, day: date, key: str, start: date, end: date) -> None:
    period = period_containing(kind, day)
    assert (period.key, period.start, period.end) == (key, start, end)
    assert parse_period_key(key) == period


def test_current_period_uses_local_time() -> None:
    """Sunday 23:30 UTC is already Monday 06:30 in WIB: a new week."""
    now = datetime(2026, 11, 29, 23, 30, tzinfo=UTC)
    assert current_period(PeriodKind.WEEK, now, WIB).key == "2026-W49"
    assert current_period(PeriodKind.WEEK, now, UTC).key == "2026-W48"


def test_previous_and_recent() -> None:
    week = parse_period_key("2026-W01")
    assert previous_period(week).key == "2025-W52"
    assert [p.key for p in recent_periods(parse_period_key("2026-W48"), 3)] == [
        "2026-W46",
        "2026-W47",
        "2026-W48",
    ]


@pytest.mark.parametrize(
    "key",
    ["2026-W54", "2026-13", "2026-Q5", "26", "minggu", "2026-W", "9999-W52", "9999", "1999-12"],
)
def test_bad_keys(key: str) -> None:
    with pytest.raises(InvalidPeriodKey):
        parse_period_key(key)


def test_bounds_are_local_midnights() -> None:
    start, end = parse_period_key("2026-W48").bounds(WIB)
    assert start == datetime(2026, 11, 22, 17, 0, tzinfo=UTC)
    assert end == datetime(2026, 11, 29, 17, 0, tzinfo=UTC)


@given(
    # From Monday 3 January 2000: the two days before it belong to ISO week 1999-W52.
    st.dates(min_value=date(2000, 1, 3), max_value=date(2100, 12, 31)),
    st.sampled_from(PeriodKind),
)
def test_every_day_lies_in_its_period_and_keys_round_trip(day: date, kind: PeriodKind) -> None:
    period = period_containing(kind, day)
    assert period.contains(day)
    assert parse_period_key(period.key) == period
    assert previous_period(period).end.toordinal() + 1 == period.start.toordinal()
