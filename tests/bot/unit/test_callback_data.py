"""Callback data: round trips, and nothing a forger sends crashes a parser."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from hypothesis import given, settings

from bot.render import callback_data as cd
from kinerja.periods import parse_period_key
from kinerja.survey import Step
from tests.bot.forgeries import FORGED

Parser = Callable[[str], object]


def test_round_trips() -> None:
    assert cd.parse_survey(cd.survey(12, Step.U3, "4")) == cd.SurveyTap(12, Step.U3, "4")
    assert cd.parse_consent(cd.consent(True, 7, "t_AbC-_9")) == cd.ConsentChoice(
        True, 7, "t_AbC-_9"
    )
    assert cd.parse_consent(cd.consent(False, 7, None)) == cd.ConsentChoice(False, 7, None)
    assert cd.parse_poster(cd.poster(5)) == 5
    assert cd.parse_rating(cd.rating(9, 4)) == cd.RatingTap(9, 4, 0)
    assert cd.parse_rating(cd.rating(9, 1, 2)) == cd.RatingTap(9, 1, 2)
    assert cd.rating(9, 4) == "r:9:4"  # the first answer's buttons, as they always were
    assert cd.parse_complaint(cd.complaint(cd.ComplaintAction.CLOSE, 3)) == cd.ComplaintTap(
        cd.ComplaintAction.CLOSE, 3
    )
    assert cd.parse_delete(cd.delete(True)) is True


def test_every_button_fits_telegrams_64_bytes() -> None:
    longest_token = "t_" + "A" * 32
    samples = [
        cd.consent(True, 2**31, longest_token),
        cd.survey(2**31, Step.OCCUPATION, "TNI/POLRI"),
        cd.complaint(cd.ComplaintAction.TAKE, 2**31),
        cd.rating(2**31, 4),
    ]
    assert all(len(s.encode()) <= 64 for s in samples)


PARSERS: list[Parser] = [
    cd.parse_language,
    cd.parse_consent,
    cd.parse_poster,
    cd.parse_survey,
    cd.parse_complaint,
    cd.parse_rating,
    cd.parse_delete,
    cd.parse_invite,
    cd.parse_report,
    cd.parse_history,
    cd.parse_team,
    lambda data: cd.parse_unit_period(data, cd.Prefix.DRILL),
    lambda data: cd.parse_unit_period(data, cd.Prefix.WORKBOOK),
    lambda data: cd.parse_unit_period(data, cd.Prefix.BROWSE),
]


@settings(max_examples=1000)  # pure and fast: a thousand forgeries take a second
@given(FORGED)
def test_parsers_accept_only_what_buttons_send(data: str) -> None:
    for parser in PARSERS:
        parser(data)  # never raises


def test_forgeries_are_refused() -> None:
    assert cd.parse_survey("s:1:U10:4") is None
    assert cd.parse_survey("s:-1:U1:4") is None
    assert cd.parse_survey("s:1:U1:") is None
    assert cd.parse_consent("c:y:1:bad token") is None
    assert cd.parse_consent("c:maybe:1:-") is None
    assert cd.parse_rating("r:1") is None


# -- ranges: an out-of-range value is a stale button, not an error ---------------------

MAX_ID = 2**31 - 1  # PostgreSQL INTEGER, the type of every primary key
TOO_BIG = "999999999999"


@pytest.mark.parametrize(
    "data",
    [
        pytest.param("l:d:20261399", id="month-13"),
        pytest.param("l:d:00000000", id="day-zero"),
        pytest.param("l:d:20260230", id="30-february"),
        pytest.param("l:d:99991231", id="year-9999"),
        pytest.param("l:d:１２３４５６７８", id="fullwidth-digits"),
        pytest.param(f"l:m:{TOO_BIG}", id="metric-twelve-digits"),
        pytest.param(f"l:m:{MAX_ID + 1}", id="metric-beyond-integer"),
        pytest.param("l:m:0", id="metric-zero"),
        pytest.param("l:m:²", id="metric-superscript"),
    ],
)
def test_report_refuses_out_of_range(data: str) -> None:
    assert cd.parse_report(data) is None


def test_done_and_cancel_are_different_buttons() -> None:
    """ "Selesai" and "Batal" are answered differently, so they never share callback data."""
    finish, cancel = cd.report(cd.ReportAction.FINISH), cd.report(cd.ReportAction.CANCEL)
    assert finish != cancel
    assert cd.parse_report(finish) == cd.ReportTap(cd.ReportAction.FINISH)
    assert cd.parse_report(cancel) == cd.ReportTap(cd.ReportAction.CANCEL)


def test_report_days_are_real_dates() -> None:
    day = date(2026, 11, 24)
    assert cd.parse_report(cd.report_day(day)) == cd.ReportTap(cd.ReportAction.DAY, day=day)
    assert cd.parse_report(cd.report(cd.ReportAction.METRIC, MAX_ID)) == cd.ReportTap(
        cd.ReportAction.METRIC, str(MAX_ID)
    )


@pytest.mark.parametrize(
    "data",
    [
        pytest.param("u:1:9999-W52", id="year-9999"),
        pytest.param("u:1:1999-W52", id="year-1999"),
        pytest.param("u:1:2025-W53", id="no-such-iso-week"),
        pytest.param("u:1:2026-W00", id="week-zero"),
        pytest.param("u:1:2026-13", id="month-13"),
        pytest.param("u:1:2026-00", id="month-zero"),
        pytest.param("u:1:2026-Q5", id="quarter-5"),
        pytest.param("u:1:2026-S3", id="semester-3"),
        pytest.param("u:1:2026-S0", id="semester-zero"),
        pytest.param(f"u:{TOO_BIG}:2026-W47", id="unit-twelve-digits"),
        pytest.param("u:0:2026-W47", id="unit-zero"),
        pytest.param("u:1:2026-W47\n", id="trailing-newline"),
    ],
)
def test_unit_period_refuses_out_of_range(data: str) -> None:
    assert cd.parse_unit_period(data, cd.Prefix.DRILL) is None
    workbook = cd.Prefix.WORKBOOK.value + data.removeprefix(cd.Prefix.DRILL.value)
    assert cd.parse_unit_period(workbook, cd.Prefix.WORKBOOK) is None


def test_unit_period_gives_the_period() -> None:
    week = parse_period_key("2026-W53")
    assert cd.parse_unit_period(cd.drill(MAX_ID, week.key), cd.Prefix.DRILL) == (MAX_ID, week)
    assert cd.parse_unit_period(cd.workbook(3, "2026-Q4"), cd.Prefix.WORKBOOK) == (
        3,
        parse_period_key("2026-Q4"),
    )
    assert cd.parse_unit_period(cd.browse(MAX_ID, "2026-S1"), cd.Prefix.BROWSE) == (
        MAX_ID,
        parse_period_key("2026-S1"),
    )


@pytest.mark.parametrize(
    ("parser", "data"),
    [
        (cd.parse_survey, f"s:{TOO_BIG}:U1:4"),
        (cd.parse_survey, f"s:{MAX_ID + 1}:U1:4"),
        (cd.parse_consent, f"c:y:{TOO_BIG}:-"),
        (cd.parse_consent, "c:y:1:abc\n"),
        (cd.parse_poster, f"p:{TOO_BIG}"),
        (cd.parse_poster, "p:²"),
        (cd.parse_poster, "p:0"),
        (cd.parse_rating, f"r:{TOO_BIG}:4"),
        (cd.parse_rating, "r:1:5"),
        (cd.parse_rating, "r:1:0"),
        (cd.parse_rating, "r:1:4:0"),
        (cd.parse_rating, "r:1:4:100"),
        (cd.parse_complaint, f"k:t:{TOO_BIG}"),
        (cd.parse_invite, f"v:{TOO_BIG}:y"),
        (cd.parse_team, f"t:r:{TOO_BIG}"),
        (cd.parse_team, f"t:v:{MAX_ID + 1}"),
    ],
)
def test_ids_beyond_an_integer_column_are_refused(parser: Parser, data: str) -> None:
    assert parser(data) is None


def test_the_largest_id_is_accepted() -> None:
    assert cd.parse_survey(cd.survey(MAX_ID, Step.U1, "4")) == cd.SurveyTap(MAX_ID, Step.U1, "4")
    assert cd.parse_poster(cd.poster(MAX_ID)) == MAX_ID
    assert cd.parse_invite(cd.invite(MAX_ID, True)) == (MAX_ID, True)
    assert cd.parse_team(cd.team(cd.TeamAction.VERIFY, MAX_ID)) == (cd.TeamAction.VERIFY, MAX_ID)
