"""How a survey moves: the step it waits at, and what one answer does to a stored response.

Every rule of a tap lives here, so that each transition has a table test: the shell loads the
response, asks `apply_tap`, stores the `Change` it returns and renders the next question. A tap
arrives as (step, value) from a button of the survey message, so it may be a redelivery (the
reply was lost in a crash), a tap on an old message, or a forgery: only a tap that a real button
of the current step can send changes anything.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from kinerja.complaints import TicketStatus, can_revise
from kinerja.skm import ELEMENT_CODES
from kinerja.survey import (
    PROFILE_CHOICES,
    SKIP,
    AnswerProblem,
    Refusal,
    Status,
    Step,
    SurveyResponse,
    can_skip,
    parse_score,
    survey_plan,
    waiting_minutes_of_range,
)
from kinerja.types import SurveyOptions

BACK = "back"
"""The value of the "Kembali" button: one step back in the plan."""

KEEP = "keep"
"""Back at a complaint already written: leave it as it is and go on."""


def current_step(response: SurveyResponse) -> Step:
    """The step the survey waits at: the stored one, else (none stored) the plan's first."""
    return response.step or survey_plan(response.options)[0]


def questions(options: SurveyOptions) -> tuple[Step, ...]:
    """The questions every citizen of this survey is asked, in order: the plan without the
    photo. The photo belongs to a written complaint and is asked only then, so counting it would
    make the total depend on an answer not yet given: the consent names the count before the
    first question, and "pertanyaan n dari N" must end at the N it promised."""
    return tuple(step for step in survey_plan(options) if step is not Step.PHOTO)


def question_number(options: SurveyOptions, step: Step) -> tuple[int, int]:
    """`step`'s 1-based number and the number of questions, for "pertanyaan 3 dari 12". The
    photo of a complaint carries its complaint's number (it is part of that question)."""
    asked = questions(options)
    return asked.index(Step.COMPLAINT if step is Step.PHOTO else step) + 1, len(asked)


@dataclass(frozen=True, slots=True)
class Change:
    """What one answer stores, written in one statement with the step asked next.

    A field left at None (or False) is not written. `skipped` is the whole new set when it
    changed; an element's score is a row of its own, set or deleted.
    """

    step: Step | None
    """The step asked next; None when this answer was the last: the shell completes the survey
    (its flags and alerts need the database)."""
    skipped: frozenset[str] | None = None
    score: tuple[str, int] | None = None
    cleared_score: str | None = None
    overall: int | None = None
    waiting_minutes: int | None = None
    important_element: str | None = None
    profile: tuple[Step, str] | None = None
    complaint_done: bool = False
    photo_done: bool = False
    withdraw_complaint: bool = False
    """The citizen went back and chose "Tidak ada": the shell withdraws the complaint (and its
    photo, so a complaint written again asks for one again)."""


@dataclass(frozen=True, slots=True)
class Tap:
    """An accepted answer, tapped or typed: the response as it now stands (its step the one
    asked next, or still the answered one when none follows), and what to store."""

    response: SurveyResponse
    change: Change | None
    """None for a redelivered tap already reflected in what is stored: nothing to write, and
    the citizen sees the survey as it stands (or the thanks again, if it is complete)."""


def already_applied(response: SurveyResponse, step: Step, value: str) -> bool:
    """Whether this exact tap is already reflected in what is stored."""
    if value == BACK:
        return False
    if step is Step.COMPLAINT and value in (SKIP, KEEP):
        # "Tidak ada" leaves no complaint; "Tetap" keeps the one there is.
        kept = response.complaint_ticket is not None
        return response.complaint_done and kept is (value == KEEP)
    if value == SKIP:
        flags = {Step.PHOTO: response.photo_done}
        return flags.get(step, step.value in response.skipped)
    if step is Step.WAITING:
        return response.waiting_minutes == waiting_minutes_of_range(value)
    return response.current_answer(step) == value


def apply_tap(response: SurveyResponse, step: Step, value: str) -> Tap | Refusal:
    """A tap on a survey button: an answer, a skip or "Kembali" (`BACK`).

    A response that has expired by time is the shell's to expire first (it reads the clock);
    any other response that is not in progress refuses every tap but the redelivered last one.
    """
    if response.status is Status.COMPLETED and already_applied(response, step, value):
        return Tap(response, None)  # the final tap again, after a crash lost its reply
    if response.status is not Status.IN_PROGRESS:
        return Refusal.STALE
    if response.step is not step:
        # A tap on an older question: harmless if it only repeats what is stored.
        return Tap(response, None) if already_applied(response, step, value) else Refusal.STALE
    if value == BACK:
        previous = response.progress.previous(step)
        if previous is None:
            return Refusal.STALE
        return Tap(replace(response, step=previous), Change(step=previous))
    answer = _answer(response, step, value)
    if answer is None:
        return Refusal.STALE
    return _advanced(step, *answer)


def record_waiting(response: SurveyResponse, minutes: int) -> Tap:
    """Typed minutes of waiting, already parsed, at the WAITING step."""
    return _advanced(
        Step.WAITING,
        replace(response, waiting_minutes=minutes),
        Change(step=None, waiting_minutes=minutes),
    )


def record_complaint(response: SurveyResponse, ticket: str, status: TicketStatus) -> Tap:
    """A complaint written (or written again) and filed as `ticket`: its photo is asked next,
    unless one was already sent or declined for it."""
    return _advanced(
        Step.COMPLAINT,
        replace(response, complaint_done=True, complaint_ticket=ticket, complaint_status=status),
        Change(step=None, complaint_done=True),
    )


def record_photo(response: SurveyResponse) -> Tap:
    return _advanced(
        Step.PHOTO, replace(response, photo_done=True), Change(step=None, photo_done=True)
    )


def _advanced(answered: Step, response: SurveyResponse, change: Change) -> Tap:
    """The answer with the step asked next: the first unanswered after it, else none (done)."""
    following = response.progress.next_after(answered)
    if following is None:
        return Tap(response, change)
    return Tap(replace(response, step=following), replace(change, step=following))


def _answer(
    response: SurveyResponse, step: Step, value: str
) -> tuple[SurveyResponse, Change] | None:
    """One tapped answer at the current step; None for anything a real button of this step
    cannot send (complaint text and photo are typed or sent, never tapped)."""
    if value == SKIP:
        return _skip(response, step)
    if value == KEEP:
        if step is not Step.COMPLAINT or response.complaint_ticket is None:
            return None
        return replace(response, complaint_done=True), Change(step=None, complaint_done=True)
    unskipped = response.skipped - {step.value}
    unskip = unskipped if step.value in response.skipped else None
    if step.is_element or step is Step.OVERALL:
        score = parse_score(value)
        if isinstance(score, AnswerProblem):
            return None
        if step is Step.OVERALL:
            return replace(response, overall=score), Change(step=None, overall=score)
        scores = {**response.scores, step.value: score}
        return (
            replace(response, scores=scores, skipped=unskipped),
            Change(step=None, skipped=unskip, score=(step.value, score)),
        )
    if step is Step.WAITING:
        minutes = waiting_minutes_of_range(value)
        if isinstance(minutes, AnswerProblem):
            return None
        return replace(response, waiting_minutes=minutes), Change(
            step=None, waiting_minutes=minutes
        )
    if step is Step.IMPORTANCE:
        if value not in ELEMENT_CODES:
            return None
        return (
            replace(response, important_element=value, skipped=unskipped),
            Change(step=None, skipped=unskip, important_element=value),
        )
    if step in PROFILE_CHOICES:
        if value not in PROFILE_CHOICES[step]:
            return None
        profile = {**response.profile, step.value: value}
        return (
            replace(response, profile=profile, skipped=unskipped),
            Change(step=None, skipped=unskip, profile=(step, value)),
        )
    return None


def _skip(response: SurveyResponse, step: Step) -> tuple[SurveyResponse, Change] | None:
    """A skipped complaint or photo is done; any other skipped step is remembered as skipped,
    and an element's earlier score is withdrawn (other earlier choices are left as stored)."""
    if not can_skip(step, response.options):
        return None
    if step is Step.COMPLAINT:
        return _no_complaint(response)
    if step is Step.PHOTO:
        return replace(response, photo_done=True), Change(step=None, photo_done=True)
    skipped = response.skipped | {step.value}
    scores = dict(response.scores)
    withdrawn = step.is_element and scores.pop(step.value, None) is not None
    return (
        replace(response, skipped=skipped, scores=scores),
        Change(step=None, skipped=skipped, cleared_score=step.value if withdrawn else None),
    )


def complaint_revisable(response: SurveyResponse) -> bool:
    """Whether the citizen may still edit or withdraw the complaint of this survey: what its
    buttons offer and what `apply_tap` accepts."""
    status = response.complaint_status
    return status is None or can_revise(status)


def _no_complaint(response: SurveyResponse) -> tuple[SurveyResponse, Change] | None:
    """ "Tidak ada": no complaint, or back at one written earlier, withdraw it. One answered by a
    supervisor meanwhile can no longer be withdrawn (its button is not offered)."""
    if response.complaint_ticket is None:
        return replace(response, complaint_done=True), Change(step=None, complaint_done=True)
    if not complaint_revisable(response):
        return None
    withdrawn = replace(
        response,
        complaint_done=True,
        complaint_ticket=None,
        complaint_status=None,
        photo_done=False,
    )
    return withdrawn, Change(step=None, complaint_done=True, withdraw_complaint=True)
