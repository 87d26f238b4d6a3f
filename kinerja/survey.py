"""The citizen survey as a pure state machine: which step comes next, and what an answer means.

A response records its current step; every answer is stored as it is given, so the next step is
always derived from what is stored (a restart loses nothing). "Kembali" moves one step back in
the plan; answering it again goes forward to the first step still unanswered.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta, tzinfo

from kinerja.complaints import TicketStatus
from kinerja.skm import ELEMENT_CODES, is_valid_score
from kinerja.types import SurveyOptions, SurveyTemplate

MAX_WAITING_MINUTES = 600
MAX_COMPLAINT_CHARS = 2000


class Step(enum.StrEnum):
    U1 = "U1"
    U2 = "U2"
    U3 = "U3"
    U4 = "U4"
    U5 = "U5"
    U6 = "U6"
    U7 = "U7"
    U8 = "U8"
    U9 = "U9"
    OVERALL = "overall"
    WAITING = "waiting"
    COMPLAINT = "complaint"
    PHOTO = "photo"
    IMPORTANCE = "importance"
    SEX = "sex"
    AGE = "age"
    EDUCATION = "education"
    OCCUPATION = "occupation"

    @property
    def is_element(self) -> bool:
        return self.value in ELEMENT_CODES


class Status(enum.StrEnum):
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    EXPIRED = "expired"
    """Abandoned: kept as a partial response, never in the IKM."""
    CANCELLED = "cancelled"


PROFILE_CHOICES: Mapping[Step, tuple[str, ...]] = {
    Step.SEX: ("L", "P"),
    Step.AGE: ("<20", "20-29", "30-39", "40-49", "50-59", "60+"),
    Step.EDUCATION: ("SD", "SMP", "SMA", "D1-D3", "D4-S1", "S2+"),
    Step.OCCUPATION: ("PNS", "TNI/POLRI", "SWASTA", "WIRAUSAHA", "PELAJAR", "LAINNYA"),
}
"""Stored codes of the respondent profile of PermenPAN-RB 14/2017; labels live in the texts."""

WAITING_RANGES: tuple[tuple[str, int], ...] = (
    ("<15", 10),
    ("15-30", 22),
    ("30-60", 45),
    ("60-120", 90),
    (">120", 150),
)
"""Buttons for the waiting time and the minutes each stands for (the middle of its range)."""

SKIP = "skip"


class Refusal(enum.StrEnum):
    UNKNOWN_LINK = "unknown_link"
    UNKNOWN_UNIT = "unknown_unit"
    ALREADY_ANSWERED = "already_answered"
    VISIT_FORGED = "visit_forged"
    VISIT_EXPIRED = "visit_expired"
    VISIT_USED = "visit_used"
    STALE = "stale"
    """A button from an old message, replayed or forged: nothing changes."""
    EXPIRED = "expired"
    NO_SURVEY = "no_survey"


VISIT_REFUSALS = frozenset({Refusal.VISIT_FORGED, Refusal.VISIT_EXPIRED, Refusal.VISIT_USED})
"""A ticket's code cannot be used: the unit's poster flow is offered instead."""


class Note(enum.StrEnum):
    RESUMED = "resumed"
    NEED_BUTTON = "need_button"
    COMPLAINT_RECORDED = "complaint_recorded"
    COMPLAINT_EDITED = "complaint_edited"
    COMPLAINT_WITHDRAWN = "complaint_withdrawn"
    COMPLAINT_ANSWERED = "complaint_answered"
    """A new text for a complaint a supervisor already answered: it stays as answered."""
    PHOTO_RECORDED = "photo_recorded"
    PHOTO_TOO_LARGE = "photo_too_large"
    PAGE_MOVED = "page_moved"
    """Typed on a page the survey had moved past (another tab, the browser's back): not
    stored; the question it waits at is shown."""


def survey_plan(options: SurveyOptions) -> tuple[Step, ...]:
    """The steps of one unit's survey, in the order they are asked."""
    if options.template is SurveyTemplate.SHORT:
        return (Step.OVERALL, Step.WAITING, Step.COMPLAINT, Step.PHOTO)
    steps: list[Step] = [Step(code) for code in ELEMENT_CODES]
    steps += [Step.WAITING, Step.COMPLAINT, Step.PHOTO]
    if options.ask_importance:
        steps.append(Step.IMPORTANCE)
    if options.ask_profile:
        steps += [Step.SEX, Step.AGE, Step.EDUCATION, Step.OCCUPATION]
    return tuple(steps)


def can_skip(step: Step, options: SurveyOptions) -> bool:
    """Elements only when the unit allows it; the optional steps always."""
    if step.is_element:
        return step.value in options.skippable_elements
    return step not in (Step.OVERALL, Step.WAITING)


@dataclass(frozen=True, slots=True)
class Progress:
    plan: tuple[Step, ...]
    answered: frozenset[Step]
    """Answered or deliberately skipped."""

    def next_after(self, current: Step | None) -> Step | None:
        """The next unanswered step after `current`, else the first unanswered, else None (done).

        PHOTO belongs to a complaint: it is asked only right after one was written.
        """
        start = 0 if current is None else self.plan.index(current) + 1
        for step in (*self.plan[start:], *self.plan[:start]):
            if step not in self.answered:
                return step
        return None

    def previous(self, current: Step) -> Step | None:
        index = self.plan.index(current)
        while index > 0:
            index -= 1
            candidate = self.plan[index]
            if candidate is not Step.PHOTO:  # going back skips over the photo of a complaint
                return candidate
        return None


def answered_steps(
    elements: Collection[str],
    skipped: Collection[str],
    *,
    overall: bool,
    waiting: bool,
    complaint_given: bool,
    complaint_done: bool,
    photo_done: bool,
    importance: bool,
    profile: Collection[str],
) -> frozenset[Step]:
    """What is stored for a response, seen as steps."""
    steps = {Step(code) for code in elements} | {Step(code) for code in skipped}
    flags = {
        Step.OVERALL: overall,
        Step.WAITING: waiting,
        Step.COMPLAINT: complaint_done,
        Step.PHOTO: photo_done or not complaint_given,
        Step.IMPORTANCE: importance,
    }
    steps |= {step for step, done in flags.items() if done}
    steps |= {Step(code) for code in profile}
    return frozenset(steps)


class AnswerProblem(enum.StrEnum):
    OUT_OF_RANGE = "out_of_range"
    NOT_A_NUMBER = "not_a_number"
    NOT_SKIPPABLE = "not_skippable"
    UNKNOWN_CHOICE = "unknown_choice"
    TOO_LONG = "too_long"
    EMPTY = "empty"


def parse_score(value: str) -> int | AnswerProblem:
    if not value.isdigit():
        return AnswerProblem.NOT_A_NUMBER
    score = int(value)
    return score if is_valid_score(score) else AnswerProblem.OUT_OF_RANGE


def parse_waiting_minutes(text: str) -> int | AnswerProblem:
    """A typed number of minutes, 0-600; "45", "45 menit" and "1,5 jam" are understood."""
    cleaned = text.strip().lower().replace(",", ".")
    hours = cleaned.endswith(("jam", "hours", "hour", "h"))
    digits = cleaned.rstrip("abcdefghijklmnopqrstuvwxyz ").strip()
    try:
        number = float(digits)
    except ValueError:
        return AnswerProblem.NOT_A_NUMBER
    if not math.isfinite(number):  # "nan", "inf" parse as floats
        return AnswerProblem.NOT_A_NUMBER
    minutes = round(number * 60) if hours else round(number)
    if not 0 <= minutes <= MAX_WAITING_MINUTES:
        return AnswerProblem.OUT_OF_RANGE
    return minutes


def waiting_minutes_of_range(code: str) -> int | AnswerProblem:
    for range_code, minutes in WAITING_RANGES:
        if range_code == code:
            return minutes
    return AnswerProblem.UNKNOWN_CHOICE


def clean_free_text(text: str) -> str | AnswerProblem:
    """Strip invisible and direction-control characters; keep what a person wrote."""
    invisible = {
        "\u200b",
        "\u200c",
        "\u200d",
        "\u2060",
        "\ufeff",
        "\u202a",
        "\u202b",
        "\u202c",
        "\u202d",
        "\u202e",
        "\u2066",
        "\u2067",
        "\u2068",
        "\u2069",
    }
    cleaned = "".join(ch for ch in text if ch not in invisible and (ch.isprintable() or ch == "\n"))
    cleaned = cleaned.strip()
    if not cleaned:
        return AnswerProblem.EMPTY
    if len(cleaned) > MAX_COMPLAINT_CHARS:
        return AnswerProblem.TOO_LONG
    return cleaned


# ------------------------------------------------------------------------------ gaming flags


class Flag(enum.StrEnum):
    """Why a completed response looks gamed (docs/anti-kecurangan.md). Every flagged response is
    kept and shown; only those in `LEFT_OUT_OF_IKM` are left out of the index."""

    STRAIGHTLINE = "straightline"
    """Every element answered the same, at any speed."""
    STRAIGHTLINE_FAST = "straightline_fast"
    """Straight-lined and quicker than a person can read the questions: the stronger sign."""
    OUTSIDE_HOURS_BURST = "outside_hours_burst"
    STAFF_IDENTITY = "staff_identity"
    """Registered staff of the unit (or of a unit above or below it) rating it."""


LEFT_OUT_OF_IKM: frozenset[Flag] = frozenset({Flag.STAFF_IDENTITY})
"""A unit's own staff cannot be its citizens: their answers never count in the IKM (nor in the
waiting time, importance votes or respondent counts). The other flags are signs, not proof: a
happy patient straight-lines too, so those responses count and the summary shows how many."""


def counts_in_ikm(flags: str) -> bool:
    """Whether a stored response (flags comma-separated) enters the survey aggregates."""
    return not LEFT_OUT_OF_IKM & set(flags.split(","))


@dataclass(frozen=True, slots=True)
class GamingRules:
    fast_seconds: int = 20
    service_start: time = time(7, 0)
    service_end: time = time(16, 0)
    burst_window_minutes: int = 30
    burst_size: int = 3
    """This many other responses within the window, outside service hours, make a burst."""


def gaming_flags(
    scores: Mapping[str, int],
    started_at: datetime,
    completed_at: datetime,
    completed_local: time,
    others_outside_hours_in_window: int,
    respondent_is_unit_staff: bool,
    rules: GamingRules,
) -> tuple[Flag, ...]:
    flags: list[Flag] = []
    seconds = (completed_at - started_at).total_seconds()
    if len(scores) >= 2 and len(set(scores.values())) == 1:
        flags.append(Flag.STRAIGHTLINE)
        if seconds < rules.fast_seconds:
            flags.append(Flag.STRAIGHTLINE_FAST)
    outside = not rules.service_start <= completed_local <= rules.service_end
    if outside and others_outside_hours_in_window >= rules.burst_size:
        flags.append(Flag.OUTSIDE_HOURS_BURST)
    if respondent_is_unit_staff:
        flags.append(Flag.STAFF_IDENTITY)
    return tuple(flags)


def cooldown_end(completed_at: datetime, zone: tzinfo, hours: int) -> datetime:
    """Until when a completed survey blocks another of the same unit by the same account: the
    end of the local day, or `hours` later rounded up to the whole hour.

    Never the completion time itself: the marker that /hapus leaves must not be matched to the
    (now anonymous) response by its timestamp.
    """
    if hours:
        end = completed_at + timedelta(hours=hours)
        hour = end.replace(minute=0, second=0, microsecond=0)
        return hour if hour == end else hour + timedelta(hours=1)
    day = completed_at.astimezone(zone).date() + timedelta(days=1)
    return datetime.combine(day, time(), zone)


def low_scored_elements(scores: Mapping[str, int]) -> tuple[str, ...]:
    """Elements answered 1: each triggers an alert to the unit's supervisors (with a cooldown)."""
    return tuple(code for code in ELEMENT_CODES if scores.get(code) == 1)


def scores_in_order(scores: Mapping[str, int]) -> Sequence[int | None]:
    return [scores.get(code) for code in ELEMENT_CODES]


# ------------------------------------------------------------------------------ a response


@dataclass(frozen=True, slots=True)
class SurveyResponse:
    """One citizen's survey of one unit, as stored."""

    id: int
    unit_id: int
    unit_code: str
    unit_name: str
    options: SurveyOptions
    status: Status
    step: Step | None
    scores: Mapping[str, int]
    skipped: frozenset[str]
    overall: int | None
    waiting_minutes: int | None
    complaint_ticket: str | None
    """The ticket of the response's complaint; None when it has none or it was withdrawn."""
    complaint_done: bool
    photo_done: bool
    important_element: str | None
    profile: Mapping[str, str]
    verified: bool
    started_at: datetime
    updated_at: datetime
    message_id: int | None
    complaint_status: TicketStatus | None = None
    """The status of the complaint `complaint_ticket` names."""

    @property
    def progress(self) -> Progress:
        return Progress(
            plan=survey_plan(self.options),
            answered=answered_steps(
                self.scores,
                self.skipped,
                overall=self.overall is not None,
                waiting=self.waiting_minutes is not None,
                complaint_given=self.complaint_ticket is not None,
                complaint_done=self.complaint_done,
                photo_done=self.photo_done,
                importance=self.important_element is not None,
                profile=self.profile,
            ),
        )

    def current_answer(self, step: Step) -> str | None:
        """What the citizen chose before, so "Kembali" can show it."""
        if step.is_element:
            score = self.scores.get(step.value)
            return None if score is None else str(score)
        values: dict[Step, object] = {
            Step.OVERALL: self.overall,
            Step.WAITING: self.waiting_minutes,
            Step.IMPORTANCE: self.important_element,
        }
        if step in values:
            value = values[step]
            return None if value is None else str(value)
        return self.profile.get(step.value)
