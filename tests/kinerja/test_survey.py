"""The survey state machine and its parsers."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinerja.survey import (
    AnswerProblem,
    Flag,
    GamingRules,
    Progress,
    Step,
    answered_steps,
    can_skip,
    clean_free_text,
    cooldown_end,
    counts_in_ikm,
    gaming_flags,
    parse_score,
    parse_waiting_minutes,
    survey_plan,
)
from kinerja.types import SurveyOptions, SurveyTemplate

SKM = SurveyOptions(skippable_elements=frozenset({"U9"}), ask_importance=True)
ELEMENTS = tuple(Step(f"U{i}") for i in range(1, 10))


def _progress(options: SurveyOptions, **stored: object) -> Progress:
    defaults: dict[str, object] = {
        "elements": (),
        "skipped": (),
        "overall": False,
        "waiting": False,
        "complaint_given": False,
        "complaint_done": False,
        "photo_done": False,
        "importance": False,
        "profile": (),
    }
    values = {**defaults, **stored}
    elements = values.pop("elements")
    skipped = values.pop("skipped")
    return Progress(survey_plan(options), answered_steps(elements, skipped, **values))  # type: ignore[arg-type]


def test_plans() -> None:
    assert survey_plan(SKM) == (
        *ELEMENTS,
        Step.WAITING,
        Step.COMPLAINT,
        Step.PHOTO,
        Step.IMPORTANCE,
    )
    short = SurveyOptions(template=SurveyTemplate.SHORT)
    assert survey_plan(short) == (Step.OVERALL, Step.WAITING, Step.COMPLAINT, Step.PHOTO)
    profile = survey_plan(SurveyOptions(ask_profile=True))
    assert profile[-4:] == (Step.SEX, Step.AGE, Step.EDUCATION, Step.OCCUPATION)


def test_next_step_goes_forward_then_back_to_the_first_gap() -> None:
    progress = _progress(SKM, elements=("U1", "U3"))
    assert progress.next_after(None) == Step.U2
    assert progress.next_after(Step.U3) == Step.U4
    complete = _progress(
        SKM,
        elements=[s.value for s in ELEMENTS],
        waiting=True,
        complaint_done=True,
        importance=True,
    )
    assert complete.next_after(Step.IMPORTANCE) is None


def test_photo_is_asked_only_after_a_complaint() -> None:
    without = _progress(
        SKM, elements=[s.value for s in ELEMENTS], waiting=True, complaint_done=True
    )
    assert without.next_after(Step.COMPLAINT) == Step.IMPORTANCE
    with_complaint = _progress(
        SKM,
        elements=[s.value for s in ELEMENTS],
        waiting=True,
        complaint_done=True,
        complaint_given=True,
    )
    assert with_complaint.next_after(Step.COMPLAINT) == Step.PHOTO
    assert with_complaint.previous(Step.IMPORTANCE) == Step.COMPLAINT


def test_back_stops_at_the_first_question() -> None:
    progress = _progress(SKM)
    assert progress.previous(Step.U1) is None
    assert progress.previous(Step.U2) == Step.U1


def test_skipping() -> None:
    assert can_skip(Step.U9, SKM)
    assert not can_skip(Step.U1, SKM)
    assert not can_skip(Step.WAITING, SKM)
    assert can_skip(Step.IMPORTANCE, SKM)
    assert can_skip(Step.SEX, SKM)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("45", 45),
        ("45 menit", 45),
        (" 0 ", 0),
        ("600", 600),
        ("1,5 jam", 90),
        ("2 hours", 120),
        ("601", AnswerProblem.OUT_OF_RANGE),
        ("-1", AnswerProblem.OUT_OF_RANGE),
        ("lama sekali", AnswerProblem.NOT_A_NUMBER),
        ("", AnswerProblem.NOT_A_NUMBER),
        ("nan", AnswerProblem.NOT_A_NUMBER),
        ("inf", AnswerProblem.NOT_A_NUMBER),
        ("-infinity jam", AnswerProblem.NOT_A_NUMBER),
        ("1e9", AnswerProblem.OUT_OF_RANGE),
    ],
)
def test_typed_waiting_minutes(text: str, expected: int | AnswerProblem) -> None:
    assert parse_waiting_minutes(text) == expected


@given(st.text(max_size=40))
def test_waiting_parser_never_crashes_and_stays_in_range(text: str) -> None:
    result = parse_waiting_minutes(text)
    assert isinstance(result, AnswerProblem) or 0 <= result <= 600


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1", 1),
        ("4", 4),
        ("0", AnswerProblem.OUT_OF_RANGE),
        ("5", AnswerProblem.OUT_OF_RANGE),
        ("x", AnswerProblem.NOT_A_NUMBER),
    ],
)
def test_scores(value: str, expected: int | AnswerProblem) -> None:
    assert parse_score(value) == expected


def test_free_text_loses_invisible_and_direction_characters() -> None:
    assert clean_free_text("\u202eAntrean\u200b lama\ufeff ") == "Antrean lama"
    assert clean_free_text("\u200b \u2066") == AnswerProblem.EMPTY
    assert clean_free_text("a" * 2001) == AnswerProblem.TOO_LONG
    assert clean_free_text("baris satu\nbaris dua") == "baris satu\nbaris dua"


@given(st.text())
def test_free_text_is_printable_or_refused(text: str) -> None:
    cleaned = clean_free_text(text)
    if not isinstance(cleaned, AnswerProblem):
        assert cleaned == cleaned.strip()
        assert all(ch.isprintable() or ch == "\n" for ch in cleaned)
        assert 0 < len(cleaned) <= 2000


START = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)
RULES = GamingRules()


@pytest.mark.parametrize(
    ("scores", "seconds", "local", "others", "staff", "flags"),
    [
        pytest.param(
            dict.fromkeys(("U1", "U2", "U3"), 4),
            5,
            time(10),
            0,
            False,
            (Flag.STRAIGHTLINE, Flag.STRAIGHTLINE_FAST),
            id="all the same, fast",
        ),
        pytest.param(
            dict.fromkeys(("U1", "U2", "U3"), 4),
            60,
            time(10),
            0,
            False,
            (Flag.STRAIGHTLINE,),
            id="all the same, slow: flagged too, and still counted",
        ),
        pytest.param({"U1": 4, "U2": 3}, 5, time(10), 0, False, (), id="varied and fast"),
        pytest.param(
            {"U1": 4, "U2": 3},
            60,
            time(22),
            3,
            False,
            (Flag.OUTSIDE_HOURS_BURST,),
            id="a burst at night",
        ),
        pytest.param({"U1": 4, "U2": 3}, 60, time(22), 2, False, (), id="a few at night"),
        pytest.param({"U1": 4, "U2": 3}, 60, time(10), 5, False, (), id="a busy morning"),
        pytest.param(
            {"U1": 4, "U2": 3},
            60,
            time(10),
            0,
            True,
            (Flag.STAFF_IDENTITY,),
            id="staff rating their own unit",
        ),
    ],
)
def test_gaming_flags(
    scores: dict[str, int],
    seconds: int,
    local: time,
    others: int,
    staff: bool,
    flags: tuple[Flag, ...],
) -> None:
    completed = START + timedelta(seconds=seconds)
    assert gaming_flags(scores, START, completed, local, others, staff, RULES) == flags


@pytest.mark.parametrize(
    ("flags", "counted"),
    [
        pytest.param("", True, id="no flag"),
        pytest.param("straightline,straightline_fast", True, id="straight-lined: shown, counted"),
        pytest.param("outside_hours_burst", True, id="a night burst: shown, counted"),
        pytest.param("straightline,staff_identity", False, id="staff: left out"),
    ],
)
def test_only_staff_answers_are_left_out_of_the_ikm(flags: str, counted: bool) -> None:
    assert counts_in_ikm(flags) is counted


WIB = ZoneInfo("Asia/Jakarta")


@pytest.mark.parametrize(
    ("completed", "hours", "until"),
    [
        pytest.param(
            datetime(2026, 11, 25, 3, 0, tzinfo=UTC),
            0,
            datetime(2026, 11, 26, 0, 0, tzinfo=WIB),
            id="10:00 WIB: until the local midnight",
        ),
        pytest.param(
            datetime(2026, 11, 25, 16, 59, tzinfo=UTC),
            0,
            datetime(2026, 11, 26, 0, 0, tzinfo=WIB),
            id="23:59 WIB: a minute later",
        ),
        pytest.param(
            datetime(2026, 11, 25, 17, 0, tzinfo=UTC),
            0,
            datetime(2026, 11, 27, 0, 0, tzinfo=WIB),
            id="00:00 WIB the next day: that day's end",
        ),
        pytest.param(
            datetime(2026, 11, 25, 3, 17, 5, tzinfo=UTC),
            6,
            datetime(2026, 11, 25, 10, 0, tzinfo=UTC),
            id="6 hours, rounded up to the hour",
        ),
        pytest.param(
            datetime(2026, 11, 25, 3, 0, tzinfo=UTC),
            6,
            datetime(2026, 11, 25, 9, 0, tzinfo=UTC),
            id="6 hours, on the hour",
        ),
    ],
)
def test_the_cooldown_ends_at_a_coarse_time(
    completed: datetime, hours: int, until: datetime
) -> None:
    """Never the completion time itself: a kept marker must not be matched to its response."""
    assert cooldown_end(completed, WIB, hours) == until
