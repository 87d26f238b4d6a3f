"""What a survey use case returns, for the handlers to render."""

from __future__ import annotations

from dataclasses import dataclass

from kinerja.survey import AnswerProblem, Note, Refusal, Step, SurveyResponse
from kinerja.types import UnitRecord


@dataclass(frozen=True, slots=True)
class Refused:
    reason: Refusal
    unit: UnitRecord | None = None
    """Set when the unit is known, so its poster flow can be offered instead."""


@dataclass(frozen=True, slots=True)
class AskConsent:
    unit: UnitRecord
    token_payload: str | None


@dataclass(frozen=True, slots=True)
class Question:
    response: SurveyResponse
    step: Step
    note: Note | None = None
    problem: AnswerProblem | None = None
    outbox_ids: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Finished:
    response: SurveyResponse
    ticket: str | None
    serious: bool
    outbox_ids: tuple[int, ...] = ()


SurveyOutcome = Question | Finished | Refused
