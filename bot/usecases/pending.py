"""Typed text a chat owes the bot (a follow-up note, a feedback): the wait is a database row, so a
restart loses nothing, and one rule reads every such note."""

from __future__ import annotations

from bot.services import Viewer
from db.transaction import Transaction
from kinerja.survey import AnswerProblem, clean_free_text

# The kinds of pending input, as stored (`pending_inputs.kind`): a chat owes one at a time.
CLOSE_COMPLAINT = "close_complaint"
"""A supervisor's follow-up note that closes a complaint."""
FEEDBACK_INPUT = "report_feedback"
"""A supervisor's umpan balik on an ASN's report."""
INVITE_INPUT = "invite"
"""An invitation being accepted (answered by its buttons)."""


async def take_awaited_note(
    tx: Transaction, viewer: Viewer, kind: str, text: str
) -> tuple[int, str] | AnswerProblem | None:
    """What the note is for (the pending input's ref id) and the cleaned note; None when this
    user owes no input of this kind. A blank note keeps the wait (they may type again); an
    accepted one ends it."""
    pending = await tx.pending.get(viewer.telegram_user_id)
    if pending is None or pending.kind != kind:
        return None
    note = clean_free_text(text)
    if isinstance(note, AnswerProblem):
        return note
    await tx.pending.clear(viewer.telegram_user_id)
    return pending.ref_id, note
