"""What the chat waits for, read once for each typed text or photo, before any flow's write
transaction: a text that answers nothing (a stray "halo", a spam account's thousandth) costs
this one read, not a write transaction per flow that might have wanted it."""

from __future__ import annotations

from bot.services import Services, Viewer
from bot.usecases.pending import CLOSE_COMPLAINT, FEEDBACK_INPUT
from db.repositories.awaiting import Awaiting
from kinerja.awaiting import Awaited, InputFlow

_NOTES = {CLOSE_COMPLAINT: InputFlow.FOLLOW_UP, FEEDBACK_INPUT: InputFlow.FEEDBACK}
"""Pending inputs that typed text answers; an invitation's is answered by its buttons."""


def awaited_of(found: Awaiting) -> Awaited:
    note = None if found.pending_kind is None else _NOTES.get(found.pending_kind)
    return Awaited(note, found.report, found.survey)


async def awaited_input(services: Services, viewer: Viewer) -> Awaited:
    """Read for citizens too: a pending note or a /lapor draft outlives its account's
    deactivation, and its flow answers it as before; in the one statement that costs nothing.

    The arrival of a typed text or photo reads this already (`identity.begin_update`); this is
    for a caller that has no arrival to ask."""
    async with services.database.snapshot() as tx:
        found = await tx.awaiting(viewer.telegram_user_id, viewer.identity_hash)
    return awaited_of(found)
