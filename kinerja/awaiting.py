"""Which flow a chat's typed text or photo belongs to, when more than one is waiting."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class InputFlow(Enum):
    FOLLOW_UP = "follow_up"
    """A supervisor closing a complaint: the follow-up note for the citizen."""
    FEEDBACK = "feedback"
    """A supervisor's umpan balik on a report."""
    REPORT = "report"
    """A /lapor with its indicator chosen: the value, a note, the evidence photo."""
    SURVEY = "survey"
    """A citizen's survey in progress: minutes of waiting, a complaint, its photo."""


@dataclass(frozen=True, slots=True)
class Awaited:
    """What a chat is waiting for, read once per message."""

    note: InputFlow | None = None
    """FOLLOW_UP or FEEDBACK: a note asked for by a button, the chat's one pending input."""
    report: bool = False
    survey: bool = False


def text_flow(awaited: Awaited) -> InputFlow | None:
    """A note asked for by a button first (the supervisor asked for it explicitly), then a
    /lapor in progress, then a survey; None: the text is for no flow."""
    return awaited.note or photo_flow(awaited)


def photo_flow(awaited: Awaited) -> InputFlow | None:
    """A photo is never a note: a /lapor's evidence first, then a survey complaint's photo."""
    if awaited.report:
        return InputFlow.REPORT
    return InputFlow.SURVEY if awaited.survey else None
