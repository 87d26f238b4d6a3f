"""What the chat waits for, read with the arrival of each typed text or photo
(`identity.begin_update`), before any flow's write transaction: a text that answers nothing (a
stray "halo", a spam account's thousandth) costs that one read, not a write transaction per
flow that might have wanted it."""

from __future__ import annotations

from bot.usecases.pending import CLOSE_COMPLAINT, FEEDBACK_INPUT
from db.repositories.awaiting import Awaiting
from kinerja.awaiting import Awaited, InputFlow

_NOTES = {CLOSE_COMPLAINT: InputFlow.FOLLOW_UP, FEEDBACK_INPUT: InputFlow.FEEDBACK}
"""Pending inputs that typed text answers; an invitation's is answered by its buttons."""


def awaited_of(found: Awaiting) -> Awaited:
    note = None if found.pending_kind is None else _NOTES.get(found.pending_kind)
    return Awaited(note, found.report, found.survey)
