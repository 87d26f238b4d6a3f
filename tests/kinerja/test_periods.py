from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinerja.errors import InvalidPeriodKey
from kinerja.periods import (
    PeriodProblem,
    PeriodRefusal,
    PeriodRequest,
    current_period,
    has_started,
    next_period,
    parse_period_key,
    parse_period_request,
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
        (PeriodKind.SEMESTER, date(2026, 6, 30), "2026-S1", date(2026, 1, 1), date(2026, 6, 30)),
        (PeriodKind.SEMESTER, date(2026, 7, 1), "2026-S2", date(2026, 7, 1), date(2026, 12, 31)),
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
    [
        "2026-W54",
        "2026-13",
        "2026-Q5",
        "2026-S3",
        "2026-S0",
        "26",
        "minggu",
        "2026-W",
        "9999-W52",
        "9999",
        "1999-12",
    ],
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
    assert next_period(period).start.toordinal() == period.end.toordinal() + 1
    assert previous_period(next_period(period)) == period


FRIDAY_W48 = date(2026, 11, 27)
UNITS = frozenset({"PAUH", "PKM-PAUH", "PKM-PAUH-UMUM"})


@pytest.mark.parametrize(
    ("words", "key", "unit"),
    [
        pytest.param([], "2026-W48", None, id="nothing: this week"),
        pytest.param(["minggu", "lalu"], "2026-W47", None, id="minggu lalu"),
        pytest.param(["pekan", "kemarin"], "2026-W47", None, id="pekan kemarin"),
        pytest.param(["last", "week"], "2026-W47", None, id="last week"),
        pytest.param(["Minggu", "Ini"], "2026-W48", None, id="minggu ini, any case"),
        pytest.param(["bulan", "lalu", "pkm-pauh"], "2026-10", "PKM-PAUH", id="unit lower case"),
        pytest.param(["PKM-PAUH", "last", "month"], "2026-10", "PKM-PAUH", id="unit first"),
        pytest.param(["2026-W47"], "2026-W47", None, id="week key"),
        pytest.param(["2026-w47"], "2026-W47", None, id="week key lower case"),
        pytest.param(["2026-11", "PAUH"], "2026-11", "PAUH", id="month key, top unit"),
        pytest.param(["2026-S1"], "2026-S1", None, id="first semester"),
        pytest.param(["semester"], "2026-S2", None, id="this semester"),
        pytest.param(["semester", "lalu"], "2026-S1", None, id="last semester"),
        pytest.param(["triwulan"], "2026-Q4", None, id="this quarter"),
        pytest.param(["tahun", "lalu"], "2025", None, id="last year"),
        pytest.param(["lalu"], "2026-W47", None, id="lalu alone: the week before"),
        pytest.param(["PKM-XYZ"], "2026-W48", "PKM-XYZ", id="unknown unit: refused by scope"),
    ],
)
def test_what_a_supervisor_may_ask_for(words: list[str], key: str, unit: str | None) -> None:
    asked = parse_period_request(words, FRIDAY_W48, UNITS)
    assert isinstance(asked, PeriodRequest), asked
    assert (asked.period.key, asked.unit_code) == (key, unit)


@pytest.mark.parametrize(
    ("words", "refusal"),
    [
        pytest.param(["2026-W60"], ("unknown", "2026-W60"), id="no week 60"),
        pytest.param(["kemarinan"], ("unknown", "kemarinan"), id="an unknown word"),
        pytest.param(["minggu", "kemarinnya"], ("unknown", "kemarinnya"), id="unknown modifier"),
        pytest.param(["2026-W47", "lalu"], ("unknown", "2026-W47 lalu"), id="key and modifier"),
        pytest.param(["bulan", "2026-W47"], ("unknown", "bulan 2026-W47"), id="kind and key"),
        pytest.param(["minggu", "bulan"], ("unknown", "minggu bulan"), id="two kinds"),
        pytest.param(["lalu", "ini"], ("unknown", "lalu ini"), id="two modifiers"),
        pytest.param(["2026-W47", "2026-W46"], ("unknown", "2026-W47 2026-W46"), id="two keys"),
        pytest.param(["2026-W49"], ("not_started", "2026-W49"), id="next week"),
        pytest.param(["2027"], ("not_started", "2027"), id="next year"),
        pytest.param(["PAUH", "PKM-PAUH"], ("two_units", "PAUH PKM-PAUH"), id="two units"),
    ],
)
def test_what_is_refused_and_why(words: list[str], refusal: tuple[str, str]) -> None:
    refused = parse_period_request(words, FRIDAY_W48, UNITS)
    assert refused == PeriodRefusal(PeriodProblem(refusal[0]), refusal[1])


def test_a_period_has_started_on_its_first_day() -> None:
    week = parse_period_key("2026-W49")
    assert not has_started(week, date(2026, 11, 29))
    assert has_started(week, date(2026, 11, 30))
