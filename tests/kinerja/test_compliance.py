"""The one rule for who did not report: a table of the cases and the properties that make the
summary, /laporan and the Excel sheet agree whatever span each looks at."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinerja.calendar import WorkingCalendar
from kinerja.compliance import (
    Compliance,
    Missing,
    Reporter,
    TeamCompliance,
    compliance,
    day_compliance,
    team_compliance,
)
from kinerja.types import Person, Role

MONDAY = date(2026, 11, 23)
"""Week 48 of 2026: Monday 23 to Sunday 29 November; no holiday in it."""
WEEK = [MONDAY + timedelta(days=i) for i in range(7)]
MON, TUE, WED, THU, FRI, SAT, SUN = WEEK
CHRISTMAS_WEEK = WorkingCalendar(frozenset({date(2026, 12, 24), date(2026, 12, 25)}))
"""Cuti bersama on Thursday 24 and Kelahiran Yesus Kristus on Friday 25 December 2026."""
NO_DAYS_OFF = WorkingCalendar(frozenset())


def _person(person_id: int, name: str) -> Person:
    return Person(person_id, name, Role.ASN, "PKM-UMUM", telegram_user_id=person_id)


ANI, BUDI, CICI = _person(1, "Ani"), _person(2, "Budi"), _person(3, "Cici")


def _week(
    registered: date | None,
    reported: set[date],
    leave: frozenset[date] = frozenset(),
    calendar: WorkingCalendar = NO_DAYS_OFF,
    first: date = MON,
    until: date = SUN,
) -> list[Compliance]:
    return compliance(
        [Reporter(ANI, registered, leave)],
        calendar.working_days(first, until),
        {ANI.id: reported},
        until,
    )


@pytest.mark.parametrize(
    ("kwargs", "expected", "missing"),
    [
        pytest.param({"registered": MON - timedelta(days=30), "reported": {MON, WED}},
                     [MON, TUE, WED, THU, FRI], [TUE, THU, FRI], id="registered-before"),
        pytest.param({"registered": WED, "reported": set()},
                     [WED, THU, FRI], [WED, THU, FRI], id="registered-midweek-counts-that-day"),
        pytest.param({"registered": SAT, "reported": set()}, [], [], id="registered-on-saturday"),
        pytest.param({"registered": MON, "reported": {SAT, MON}},
                     [MON, TUE, WED, THU, FRI], [TUE, WED, THU, FRI],
                     id="a-saturday-report-makes-no-working-day"),
        pytest.param({"registered": MON, "reported": {MON}, "leave": frozenset({TUE, WED, SAT})},
                     [MON, THU, FRI], [THU, FRI], id="leave-is-not-expected"),
        pytest.param({"registered": date(2026, 12, 21), "reported": set(),
                      "calendar": CHRISTMAS_WEEK, "first": date(2026, 12, 21),
                      "until": date(2026, 12, 27)},
                     [date(2026, 12, 21), date(2026, 12, 22), date(2026, 12, 23)],
                     [date(2026, 12, 21), date(2026, 12, 22), date(2026, 12, 23)],
                     id="holidays-and-cuti-bersama-are-not-expected"),
        pytest.param({"registered": MON, "reported": set(), "until": WED},
                     [MON, TUE, WED], [MON, TUE, WED], id="only-up-to-until"),
    ],
)  # fmt: skip
def test_expected_and_missing_days(
    kwargs: dict[str, object], expected: list[date], missing: list[date]
) -> None:
    [row] = _week(**kwargs)  # type: ignore[arg-type]
    assert list(row.expected) == expected
    assert list(row.missing) == missing
    assert len(row.reported) == len(expected) - len(missing)


def test_the_not_yet_registered_are_not_counted() -> None:
    """Invited and never registered, or registered after the span: not on the team then."""
    assert _week(None, set()) == []
    assert _week(THU, set(), until=WED) == []


def test_leave_is_kept_apart() -> None:
    [row] = _week(MON, {MON}, leave=frozenset({TUE, SAT}))
    assert row.leave == (TUE,)


@pytest.mark.parametrize(
    ("reported", "streak"),
    [
        pytest.param(set(), 5, id="never"),
        pytest.param({FRI}, 0, id="reported-last-day"),
        pytest.param({MON, WED}, 2, id="since-wednesday"),
        pytest.param({MON}, 4, id="since-monday"),
    ],
)
def test_streak_counts_back_from_the_last_expected_day(reported: set[date], streak: int) -> None:
    [row] = _week(MON, reported)
    assert row.streak == streak


def test_streak_passes_over_leave_and_weekends() -> None:
    """Reported Thursday of week 47, leave on Friday; the weekend: Monday is the first miss."""
    [row] = _week(
        date(2026, 11, 1),
        {date(2026, 11, 19)},
        leave=frozenset({date(2026, 11, 20)}),
        first=date(2026, 11, 16),
        until=MON,
    )
    assert row.streak == 1


def test_streak_over_christmas() -> None:
    """Reported Tuesday 22 December; missed Wednesday 23 and Monday 28 (24 to 27 are off)."""
    first, until = date(2026, 12, 14), date(2026, 12, 28)
    days = CHRISTMAS_WEEK.working_days(first, until)
    for reported, leave, streak in (
        ({date(2026, 12, 22)}, frozenset[date](), 2),
        ({date(2026, 12, 28)}, frozenset[date](), 0),
        ({date(2026, 12, 22)}, frozenset({date(2026, 12, 23)}), 1),
    ):
        [row] = compliance([Reporter(ANI, first, leave)], days, {ANI.id: reported}, until)
        assert row.streak == streak
    [late] = compliance([Reporter(ANI, date(2026, 12, 23))], days, {}, until)
    assert late.streak == 2


def test_team_compliance_names_only_two_days_or_more() -> None:
    rows = compliance(
        [Reporter(ANI, MON), Reporter(BUDI, MON), Reporter(CICI, WED)],
        NO_DAYS_OFF.working_days(MON, SUN),
        {ANI.id: {MON, TUE, WED, THU}, BUDI.id: {MON}},
        SUN,
    )
    assert team_compliance(rows) == TeamCompliance(
        asn=3, expected=13, reported=5, absent=(("Budi", 4), ("Cici", 3))
    )


@pytest.mark.parametrize(
    ("rows", "everyone"),
    [
        pytest.param([], False, id="no-asn"),
        pytest.param(_week(SAT, set()), False, id="nothing-expected-yet"),
        pytest.param(_week(MON, set(WEEK)), True, id="all-reported"),
        pytest.param(_week(MON, set(WEEK) - {FRI}), False, id="one-day-missed"),
    ],
)
def test_everyone_reported_needs_something_expected(rows: list[Compliance], everyone: bool) -> None:
    assert team_compliance(rows).everyone_reported is everyone


def test_day_compliance() -> None:
    """Ani reported Wednesday; Budi last on Monday (2 missed); Cici never since she registered
    Monday (3); Dedi on leave; Eko only invited; Fajar registered Thursday."""
    dedi, eko, fajar = _person(4, "Dedi"), _person(5, "Eko"), _person(6, "Fajar")
    rows = compliance(
        [
            Reporter(ANI, MON),
            Reporter(BUDI, MON),
            Reporter(CICI, MON),
            Reporter(dedi, MON, frozenset({WED})),
            Reporter(eko, None),
            Reporter(fajar, THU),
        ],
        NO_DAYS_OFF.working_days(MON, WED),
        {ANI.id: {WED}, BUDI.id: {MON}},
        WED,
    )
    day = day_compliance(rows, WED)
    assert day.missing == (Missing(CICI, 3), Missing(BUDI, 2))
    assert day.on_leave == (dedi,)
    assert (day.asn, day.expected) == (4, 3)


# ------------------------------------------------------------------------------ properties

_DAYS = st.integers(0, 41).map(lambda n: MONDAY + timedelta(days=n))
"""Six weeks from Monday 23 November 2026, Christmas and its cuti bersama included."""
_CALENDAR = WorkingCalendar(frozenset({date(2026, 12, 24), date(2026, 12, 25)}))


@st.composite
def _team(draw: st.DrawFn) -> tuple[list[Reporter], dict[int, set[date]]]:
    size = draw(st.integers(0, 5))
    staff, reported = [], {}
    for person_id in range(1, size + 1):
        person = _person(person_id, f"P{person_id}")
        staff.append(
            Reporter(
                person,
                draw(st.one_of(st.none(), _DAYS)),
                frozenset(draw(st.sets(_DAYS, max_size=8))),
            )
        )
        reported[person_id] = draw(st.sets(_DAYS, max_size=30))
    return staff, reported


@given(_team(), _DAYS, _DAYS)
def test_expected_days_split_into_reported_and_missing(
    team: tuple[list[Reporter], dict[int, set[date]]], first: date, until: date
) -> None:
    staff, reported = team
    for row, reporter in zip(
        compliance(staff, _CALENDAR.working_days(first, until), reported, until),
        [s for s in staff if s.registered is not None and s.registered <= until],
        strict=True,
    ):
        assert row.person == reporter.person
        assert set(row.reported) | set(row.missing) == set(row.expected)
        assert not set(row.reported) & set(row.missing)
        assert set(row.reported) <= reported[row.person.id]
        assert not set(row.expected) & reporter.leave
        assert all(
            first <= d <= until and d >= row.registered and _CALENDAR.is_working_day(d)
            for d in row.expected + row.leave
        )
        assert 0 <= row.streak <= len(row.missing)


@given(_team(), _DAYS, st.integers(0, 41))
def test_a_span_cut_in_two_misses_the_same_days(
    team: tuple[list[Reporter], dict[int, set[date]]], cut: date, length: int
) -> None:
    """Whatever span a view looks at (a week for the summary and the sheet, the days up to
    one day for /laporan), the days it finds missing are the whole span's, cut there."""
    staff, reported = team
    first, last = MONDAY, MONDAY + timedelta(days=length)
    if not first <= cut < last:
        return

    def missing(a: date, b: date) -> dict[int, set[date]]:
        rows = compliance(staff, _CALENDAR.working_days(a, b), reported, last)
        return {r.person.id: set(r.missing) for r in rows}

    before, after = missing(first, cut), missing(cut + timedelta(days=1), last)
    assert missing(first, last) == {p: before[p] | after[p] for p in before}


@given(_team(), _DAYS)
def test_laporan_lists_exactly_the_missing_of_that_day(
    team: tuple[list[Reporter], dict[int, set[date]]], day: date
) -> None:
    staff, reported = team
    rows = compliance(staff, _CALENDAR.working_days(MONDAY, day), reported, day)
    listed = {m.person.id: m.streak for m in day_compliance(rows, day).missing}
    assert listed == {r.person.id: r.streak for r in rows if day in r.missing}
    assert all(streak >= 1 for streak in listed.values())
