"""What a survey use case returns, for the handlers to render."""

from __future__ import annotations

from dataclasses import dataclass, replace

from kinerja.survey import VISIT_REFUSALS, AnswerProblem, Note, Refusal, Step, SurveyResponse
from kinerja.types import UnitRecord


@dataclass(frozen=True, slots=True)
class Refused:
    reason: Refusal
    unit: UnitRecord | None = None
    """Set when the unit is known, so its poster flow can be offered instead."""

    @property
    def poster_unit(self) -> UnitRecord | None:
        """The unit whose unverified survey to offer: a visit token that cannot be used
        (forged, expired, used) still names the unit the citizen was at."""
        return self.unit if self.reason in VISIT_REFUSALS else None


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
    note: Note | None = None
    """Said above the thanks: only a complaint withdrawn by the last answer (the other notes
    speak of an answer the thanks already covers)."""


SurveyOutcome = Question | Finished | Refused


def with_alerts(
    outcome: Question | Finished, alerts: tuple[int, ...], note: Note
) -> Question | Finished:
    """The outcome of the answer, with the alerts written before it and, on a question, the
    note saying that what was sent is recorded."""
    if isinstance(outcome, Question):
        return replace(outcome, note=note, outbox_ids=alerts + outcome.outbox_ids)
    return replace(outcome, outbox_ids=alerts + outcome.outbox_ids)
