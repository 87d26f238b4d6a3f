"""What one tap does to a stored response: every transition of `apply_tap`, as a table."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from kinerja.complaints import TicketStatus
from kinerja.survey import SKIP, Refusal, Status, Step, SurveyResponse
from kinerja.survey_flow import (
    BACK,
    KEEP,
    Change,
    Tap,
    already_applied,
    apply_tap,
    current_step,
    record_complaint,
    record_photo,
    record_waiting,
)
from kinerja.types import SurveyOptions, SurveyTemplate

SKM = SurveyOptions(skippable_elements=frozenset({"U9"}), ask_importance=True)
"""Plan: U1..U9, waiting, complaint, photo, importance."""
PROFILE = SurveyOptions(ask_profile=True)
SHORT = SurveyOptions(template=SurveyTemplate.SHORT)

AT = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)
ALL_SCORES = {f"U{i}": 3 for i in range(1, 10)}
BEFORE_IMPORTANCE: dict[str, object] = {
    "scores": ALL_SCORES,
    "waiting_minutes": 22,
    "complaint_done": True,
}
"""Everything of the SKM plan answered but the importance vote."""
WRITTEN: dict[str, object] = {
    "step": Step.COMPLAINT,
    "scores": ALL_SCORES,
    "waiting_minutes": 22,
    "complaint_done": True,
    "complaint_ticket": "PAUH-2026-0001",
    "complaint_status": TicketStatus.OPEN,
}
"""Back at the complaint question with a complaint written (its photo not yet answered)."""


def _response(**stored: object) -> SurveyResponse:
    """A response in progress at U1 with nothing answered, unless told otherwise."""
    fields: dict[str, object] = {
        "id": 7,
        "unit_id": 3,
        "unit_code": "PKM-PAUH",
        "unit_name": "Puskesmas Pauh",
        "options": SKM,
        "status": Status.IN_PROGRESS,
        "step": Step.U1,
        "scores": {},
        "skipped": frozenset(),
        "overall": None,
        "waiting_minutes": None,
        "complaint_ticket": None,
        "complaint_done": False,
        "photo_done": False,
        "important_element": None,
        "profile": {},
        "verified": False,
        "started_at": AT,
        "updated_at": AT,
        "message_id": None,
    }
    return SurveyResponse(**{**fields, **stored})  # type: ignore[arg-type]


def _accepted(before: SurveyResponse, change: Change | None, **after: object) -> Tap:
    return Tap(replace(before, **after), change)  # type: ignore[arg-type]


def _case(
    before: SurveyResponse,
    step: Step,
    value: str,
    expected: Refusal | tuple[Change | None, dict[str, object]],
    id: str,
) -> object:
    """A row: the stored response, the tap, and either the refusal or (change, new fields)."""
    if isinstance(expected, Refusal):
        return pytest.param(before, step, value, expected, id=id)
    change, after = expected
    return pytest.param(before, step, value, _accepted(before, change, **after), id=id)


TAPS = [
    # -- the first answer and its change
    _case(
        _response(),
        Step.U1,
        "4",
        (Change(Step.U2, score=("U1", 4)), {"scores": {"U1": 4}, "step": Step.U2}),
        id="first answer: stored, the next element asked",
    ),
    _case(
        _response(scores={"U1": 3, "U2": 4}),
        Step.U1,
        "4",
        (Change(Step.U3, score=("U1", 4)), {"scores": {"U1": 4, "U2": 4}, "step": Step.U3}),
        id="changed answer after Kembali: the next unanswered step, not the next one",
    ),
    # -- redelivered, stale, out of order, forged
    _case(
        _response(step=Step.U2, scores={"U1": 4}),
        Step.U1,
        "4",
        (None, {}),
        id="the same tap again (reply lost): nothing stored, the survey shown as it is",
    ),
    _case(
        _response(step=Step.U2, scores={"U1": 4}),
        Step.U1,
        "2",
        Refusal.STALE,
        id="another answer on an old message: refused",
    ),
    _case(_response(), Step.U5, "4", Refusal.STALE, id="a step not yet asked: refused"),
    _case(_response(step=None), Step.U1, "4", Refusal.STALE, id="no step stored: refused"),
    _case(_response(), Step.U1, "5", Refusal.STALE, id="score out of range: refused"),
    _case(_response(), Step.U1, "x", Refusal.STALE, id="not a score: refused"),
    _case(_response(), Step.U1, SKIP, Refusal.STALE, id="skipping an element not skippable"),
    # -- skippable elements
    _case(
        _response(step=Step.U9, scores={"U1": 4, "U9": 2}),
        Step.U9,
        SKIP,
        (
            Change(Step.WAITING, skipped=frozenset({"U9"}), cleared_score="U9"),
            {"scores": {"U1": 4}, "skipped": frozenset({"U9"}), "step": Step.WAITING},
        ),
        id="skipping an answered element withdraws its score",
    ),
    _case(
        _response(step=Step.U9),
        Step.U9,
        SKIP,
        (
            Change(Step.WAITING, skipped=frozenset({"U9"})),
            {"skipped": frozenset({"U9"}), "step": Step.WAITING},
        ),
        id="skipping an unanswered element: no score to withdraw",
    ),
    _case(
        _response(step=Step.U9, skipped=frozenset({"U9"})),
        Step.U9,
        "3",
        (
            Change(Step.WAITING, skipped=frozenset(), score=("U9", 3)),
            {"scores": {"U9": 3}, "skipped": frozenset(), "step": Step.WAITING},
        ),
        id="answering a skipped element un-skips it",
    ),
    _case(
        _response(step=Step.U2, skipped=frozenset({"U9"})),
        Step.U9,
        SKIP,
        (None, {}),
        id="the same skip again: nothing stored",
    ),
    # -- waiting time, complaint, photo
    _case(
        _response(step=Step.WAITING),
        Step.WAITING,
        "15-30",
        (
            Change(Step.COMPLAINT, waiting_minutes=22),
            {"waiting_minutes": 22, "step": Step.COMPLAINT},
        ),
        id="waiting range: its middle stored; forward first, gaps come after",
    ),
    _case(
        _response(step=Step.U1, waiting_minutes=22),
        Step.WAITING,
        "15-30",
        (None, {}),
        id="the same waiting range again: nothing stored",
    ),
    _case(_response(step=Step.WAITING), Step.WAITING, "2-3", Refusal.STALE, id="unknown range"),
    _case(_response(step=Step.WAITING), Step.WAITING, SKIP, Refusal.STALE, id="waiting is asked"),
    _case(
        _response(step=Step.COMPLAINT, scores=ALL_SCORES, waiting_minutes=22),
        Step.COMPLAINT,
        SKIP,
        (
            Change(Step.IMPORTANCE, complaint_done=True),
            {"complaint_done": True, "step": Step.IMPORTANCE},
        ),
        id="no complaint: its photo is not asked",
    ),
    _case(
        _response(step=Step.COMPLAINT),
        Step.COMPLAINT,
        "antre",
        Refusal.STALE,
        id="a complaint is typed, never tapped",
    ),
    _case(
        _response(step=Step.IMPORTANCE, complaint_done=True),
        Step.COMPLAINT,
        SKIP,
        (None, {}),
        id="the same complaint skip again: nothing stored",
    ),
    # -- back at a complaint already written: one response, at most one complaint
    _case(
        _response(**WRITTEN),
        Step.COMPLAINT,
        SKIP,
        (
            Change(Step.IMPORTANCE, complaint_done=True, withdraw_complaint=True),
            {"complaint_ticket": None, "complaint_status": None, "step": Step.IMPORTANCE},
        ),
        id="Tidak ada withdraws the complaint; no photo is asked for it",
    ),
    _case(
        _response(**{**WRITTEN, "complaint_status": TicketStatus.IN_PROGRESS}),
        Step.COMPLAINT,
        SKIP,
        (
            Change(Step.IMPORTANCE, complaint_done=True, withdraw_complaint=True),
            {"complaint_ticket": None, "complaint_status": None, "step": Step.IMPORTANCE},
        ),
        id="a complaint taken on may still be withdrawn",
    ),
    _case(
        _response(**{**WRITTEN, "complaint_status": TicketStatus.CLOSED}),
        Step.COMPLAINT,
        SKIP,
        Refusal.STALE,
        id="an answered complaint cannot be withdrawn",
    ),
    _case(
        _response(**WRITTEN),
        Step.COMPLAINT,
        KEEP,
        (Change(Step.PHOTO, complaint_done=True), {"step": Step.PHOTO}),
        id="kept as written: on to its photo",
    ),
    _case(
        _response(step=Step.COMPLAINT),
        Step.COMPLAINT,
        KEEP,
        Refusal.STALE,
        id="nothing to keep without a complaint",
    ),
    _case(
        _response(**{**WRITTEN, "step": Step.PHOTO}),
        Step.COMPLAINT,
        SKIP,
        Refusal.STALE,
        id="an old Tidak ada after a complaint was written: refused, not taken as done",
    ),
    _case(
        _response(
            step=Step.PHOTO,
            scores=ALL_SCORES,
            waiting_minutes=22,
            complaint_done=True,
            complaint_ticket="PAUH-2026-0001",
        ),
        Step.PHOTO,
        SKIP,
        (
            Change(Step.IMPORTANCE, photo_done=True),
            {"photo_done": True, "step": Step.IMPORTANCE},
        ),
        id="no photo for the complaint",
    ),
    # -- optional steps and the last one
    _case(
        _response(step=Step.IMPORTANCE, **BEFORE_IMPORTANCE),
        Step.IMPORTANCE,
        "U3",
        (Change(None, important_element="U3"), {"important_element": "U3"}),
        id="the last step: no step follows, the survey completes",
    ),
    _case(
        _response(step=Step.IMPORTANCE, **BEFORE_IMPORTANCE),
        Step.IMPORTANCE,
        SKIP,
        (
            Change(None, skipped=frozenset({"importance"})),
            {"skipped": frozenset({"importance"})},
        ),
        id="the last step skipped: the survey completes",
    ),
    _case(
        _response(step=Step.IMPORTANCE, scores={"U1": 4}),
        Step.IMPORTANCE,
        "U3",
        (
            Change(Step.U2, important_element="U3"),
            {"important_element": "U3", "step": Step.U2},
        ),
        id="the end of the plan with gaps: back to the first gap",
    ),
    _case(
        _response(step=Step.IMPORTANCE),
        Step.IMPORTANCE,
        "U10",
        Refusal.STALE,
        id="importance of an element that does not exist",
    ),
    _case(
        _response(step=Step.IMPORTANCE, skipped=frozenset({"importance"}), **BEFORE_IMPORTANCE),
        Step.IMPORTANCE,
        "U3",
        (
            Change(None, skipped=frozenset(), important_element="U3"),
            {"important_element": "U3", "skipped": frozenset()},
        ),
        id="a vote after skipping the vote un-skips it",
    ),
    _case(
        _response(options=PROFILE, step=Step.SEX),
        Step.SEX,
        "P",
        (Change(Step.AGE, profile=(Step.SEX, "P")), {"profile": {"sex": "P"}, "step": Step.AGE}),
        id="profile answer",
    ),
    _case(
        _response(options=PROFILE, step=Step.AGE, profile={"sex": "P"}),
        Step.AGE,
        SKIP,
        (
            Change(Step.EDUCATION, skipped=frozenset({"age"})),
            {"skipped": frozenset({"age"}), "step": Step.EDUCATION},
        ),
        id="profile skipped",
    ),
    _case(
        _response(options=PROFILE, step=Step.SEX),
        Step.SEX,
        "X",
        Refusal.STALE,
        id="profile choice not offered",
    ),
    _case(
        _response(options=SHORT, step=Step.OVERALL),
        Step.OVERALL,
        "3",
        (Change(Step.WAITING, overall=3), {"overall": 3, "step": Step.WAITING}),
        id="short survey: the overall score",
    ),
    _case(
        _response(options=SHORT, step=Step.OVERALL),
        Step.OVERALL,
        SKIP,
        Refusal.STALE,
        id="short survey: the overall score is asked",
    ),
    # -- Kembali
    _case(
        _response(step=Step.U2, scores={"U1": 4}),
        Step.U2,
        BACK,
        (Change(Step.U1), {"step": Step.U1}),
        id="back one step",
    ),
    _case(_response(), Step.U1, BACK, Refusal.STALE, id="back from the first step"),
    _case(
        _response(
            step=Step.IMPORTANCE,
            complaint_done=True,
            complaint_ticket="PAUH-2026-0001",
            photo_done=True,
        ),
        Step.IMPORTANCE,
        BACK,
        (Change(Step.COMPLAINT), {"step": Step.COMPLAINT}),
        id="back skips over the photo of a complaint",
    ),
    _case(
        _response(step=Step.U3),
        Step.U2,
        BACK,
        Refusal.STALE,
        id="back on an old message: refused, never a replay",
    ),
    # -- a response no longer in progress
    _case(
        _response(status=Status.COMPLETED, step=None, important_element="U3"),
        Step.IMPORTANCE,
        "U3",
        (None, {}),
        id="completed: the final tap again is thanked again",
    ),
    _case(
        _response(status=Status.COMPLETED, step=None, important_element="U3"),
        Step.IMPORTANCE,
        "U4",
        Refusal.STALE,
        id="completed: any other tap refused",
    ),
    _case(
        _response(status=Status.EXPIRED, scores={"U1": 4}),
        Step.U1,
        "4",
        Refusal.STALE,
        id="expired: even a repeated tap refused",
    ),
    _case(
        _response(status=Status.CANCELLED),
        Step.U1,
        "4",
        Refusal.STALE,
        id="cancelled: refused",
    ),
]


@pytest.mark.parametrize(("response", "step", "value", "expected"), TAPS)
def test_apply_tap(
    response: SurveyResponse, step: Step, value: str, expected: Tap | Refusal
) -> None:
    assert apply_tap(response, step, value) == expected


@pytest.mark.parametrize(
    ("response", "step", "value", "applied"),
    [
        pytest.param(_response(scores={"U1": 4}), Step.U1, "4", True, id="same score"),
        pytest.param(_response(scores={"U1": 4}), Step.U1, "3", False, id="another score"),
        pytest.param(_response(), Step.U1, "4", False, id="not answered"),
        pytest.param(_response(scores={"U1": 4}), Step.U1, BACK, False, id="back never"),
        pytest.param(_response(waiting_minutes=22), Step.WAITING, "15-30", True, id="range"),
        pytest.param(_response(waiting_minutes=23), Step.WAITING, "15-30", False, id="typed"),
        pytest.param(_response(), Step.WAITING, "2-3", False, id="unknown range"),
        pytest.param(_response(photo_done=True), Step.PHOTO, SKIP, True, id="photo skipped"),
        pytest.param(_response(), Step.COMPLAINT, SKIP, False, id="complaint pending"),
        pytest.param(_response(complaint_done=True), Step.COMPLAINT, SKIP, True, id="no complaint"),
        pytest.param(
            _response(complaint_done=True, complaint_ticket="T"),
            Step.COMPLAINT,
            SKIP,
            False,
            id="a complaint written is not a skip",
        ),
        pytest.param(
            _response(complaint_done=True, complaint_ticket="T"),
            Step.COMPLAINT,
            KEEP,
            True,
            id="kept",
        ),
        pytest.param(
            _response(skipped=frozenset({"U9"})), Step.U9, SKIP, True, id="element skipped"
        ),
        pytest.param(
            _response(options=PROFILE, profile={"sex": "L"}), Step.SEX, "L", True, id="profile"
        ),
    ],
)
def test_already_applied(response: SurveyResponse, step: Step, value: str, applied: bool) -> None:
    assert already_applied(response, step, value) is applied


@pytest.mark.parametrize(
    ("response", "step"),
    [
        pytest.param(_response(step=Step.WAITING), Step.WAITING, id="the stored step"),
        pytest.param(_response(step=None), Step.U1, id="none stored: the first element"),
        pytest.param(
            _response(options=SHORT, step=None), Step.OVERALL, id="short survey: overall first"
        ),
    ],
)
def test_current_step(response: SurveyResponse, step: Step) -> None:
    assert current_step(response) == step


def test_typed_waiting_minutes_move_on() -> None:
    before = _response(step=Step.WAITING, scores=ALL_SCORES)
    assert record_waiting(before, 35) == _accepted(
        before, Change(Step.COMPLAINT, waiting_minutes=35), waiting_minutes=35, step=Step.COMPLAINT
    )


def test_a_written_complaint_asks_for_its_photo() -> None:
    before = _response(step=Step.COMPLAINT, scores=ALL_SCORES, waiting_minutes=22)
    after = record_complaint(before, "PAUH-2026-0001", TicketStatus.OPEN)
    assert after == _accepted(
        before,
        Change(Step.PHOTO, complaint_done=True),
        complaint_done=True,
        complaint_ticket="PAUH-2026-0001",
        complaint_status=TicketStatus.OPEN,
        step=Step.PHOTO,
    )
    photo = record_photo(after.response)
    assert photo.change == Change(Step.IMPORTANCE, photo_done=True)
    assert photo.response.step is Step.IMPORTANCE


def test_the_last_typed_answer_completes() -> None:
    before = _response(
        options=SurveyOptions(),
        step=Step.PHOTO,
        scores=ALL_SCORES,
        waiting_minutes=22,
        complaint_done=True,
        complaint_ticket="PAUH-2026-0001",
    )
    tap = record_photo(before)
    assert tap.change == Change(None, photo_done=True)  # no step follows: complete
    assert tap.response.step is Step.PHOTO
