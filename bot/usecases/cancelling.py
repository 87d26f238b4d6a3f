"""/batal for a typed input the chat owes (a follow-up note, a feedback, a registration's
answer): the wait ends, and the answer names what it was for and what stays, because one bare
"Dibatalkan." would read the same for a ticket left open and a feedback never sent."""

from __future__ import annotations

from dataclasses import dataclass

from bot.services import Services, Viewer
from bot.usecases.pending import CLOSE_COMPLAINT, FEEDBACK_INPUT, INVITE_INPUT
from kinerja.complaints import TicketStatus


@dataclass(frozen=True, slots=True)
class FollowUpCancelled:
    """The complaint is not closed, it keeps `status`, and nothing went to the citizen."""

    ticket: str
    status: TicketStatus


@dataclass(frozen=True, slots=True)
class FeedbackCancelled:
    """No feedback went to `name`."""

    name: str


@dataclass(frozen=True, slots=True)
class RegistrationCancelled:
    """The account is not registered; the invitation link still works."""


InputCancelled = FollowUpCancelled | FeedbackCancelled | RegistrationCancelled


async def cancel_awaited_input(services: Services, viewer: Viewer) -> InputCancelled | None:
    """None when no typed input is awaited from this chat (or what it was for is gone)."""
    async with services.database.transaction() as tx:
        pending = await tx.pending.get(viewer.telegram_user_id)
        if pending is None:
            return None
        await tx.pending.clear(viewer.telegram_user_id)
        if pending.kind == CLOSE_COMPLAINT:
            complaint = await tx.complaints.by_id(pending.ref_id)
            if complaint is not None:
                return FollowUpCancelled(complaint.ticket, complaint.status)
        elif pending.kind == FEEDBACK_INPUT:
            report = await tx.reports.by_id(pending.ref_id)
            if report is not None:
                return FeedbackCancelled(report.person_name)
        elif pending.kind == INVITE_INPUT:
            return RegistrationCancelled()
        return None
