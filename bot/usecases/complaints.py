"""The closed loop of a complaint: supervisors take it on and close it with a follow-up note,
the citizen hears back in the same chat and rates the handling."""

from __future__ import annotations

from dataclasses import dataclass

from bot.services import Services, Viewer
from bot.usecases.pending import take_awaited_note
from db.transaction import Transaction
from kinerja.audit import AuditAction, person_actor
from kinerja.complaints import (
    Complaint,
    ComplaintRefusal,
    TicketStatus,
    can_move,
    normalise_ticket,
)
from kinerja.language import recipient_language
from kinerja.messages import FollowUp
from kinerja.roles import oversees
from kinerja.skm import is_valid_score
from kinerja.survey import AnswerProblem
from kinerja.types import Language

CLOSE_COMPLAINT = "close_complaint"


@dataclass(frozen=True, slots=True)
class Closed:
    complaint: Complaint
    outbox_ids: tuple[int, ...]


async def _in_scope(tx: Transaction, viewer: Viewer, complaint: Complaint) -> bool:
    person = viewer.person
    if person is None:
        return False
    return oversees(person.role, person.unit_code, await tx.units.lineage_codes(complaint.unit_id))


async def _citizen_language(tx: Transaction, complaint: Complaint) -> Language:
    """The language the citizen chose with /bahasa since, else the one they complained in."""
    hashed = complaint.reporter_hash
    stored = None if hashed is None else await tx.preferences.language_of(hashed)
    return recipient_language(stored, complaint.citizen_language)


async def take_complaint(
    services: Services, viewer: Viewer, complaint_id: int
) -> Complaint | ComplaintRefusal:
    now = services.clock()
    async with services.database.transaction() as tx:
        complaint = await tx.complaints.by_id(complaint_id, lock=True)
        if complaint is None or not await _in_scope(tx, viewer, complaint):
            return ComplaintRefusal.NOT_FOUND
        if not can_move(complaint.status, TicketStatus.IN_PROGRESS):
            if complaint.status is TicketStatus.CLOSED:
                return ComplaintRefusal.ALREADY_CLOSED
            return ComplaintRefusal.ALREADY_TAKEN
        assert viewer.person is not None  # noqa: S101 - _in_scope needs a person
        updated = await tx.complaints.update(
            complaint.id,
            status=TicketStatus.IN_PROGRESS,
            taken_by_id=viewer.person.id,
            taken_at=now,
        )
        await tx.audit.record(
            now, person_actor(viewer.person.id), AuditAction.COMPLAINT_TAKEN, complaint.ticket
        )
        return updated


async def begin_closing(
    services: Services, viewer: Viewer, complaint_id: int
) -> Complaint | ComplaintRefusal:
    """Closing needs a follow-up note: the supervisor's next message is that note."""
    now = services.clock()
    async with services.database.transaction() as tx:
        complaint = await tx.complaints.by_id(complaint_id)
        if complaint is None or not await _in_scope(tx, viewer, complaint):
            return ComplaintRefusal.NOT_FOUND
        if complaint.status is TicketStatus.CLOSED:
            return ComplaintRefusal.ALREADY_CLOSED
        await tx.pending.expect(viewer.telegram_user_id, CLOSE_COMPLAINT, complaint.id, now)
        return complaint


async def receive_follow_up(
    services: Services, viewer: Viewer, text: str
) -> Closed | ComplaintRefusal | None:
    """None when this user owes us no follow-up note (the text is for someone else)."""
    now = services.clock()
    async with services.database.transaction() as tx:
        awaited = await take_awaited_note(tx, viewer, CLOSE_COMPLAINT, text)
        if awaited is None:
            return None
        if isinstance(awaited, AnswerProblem):
            return ComplaintRefusal.EMPTY_NOTE
        complaint_id, note = awaited
        complaint = await tx.complaints.by_id(complaint_id, lock=True)
        if complaint is None or not await _in_scope(tx, viewer, complaint):
            return ComplaintRefusal.NOT_FOUND
        if complaint.status is TicketStatus.CLOSED:
            return ComplaintRefusal.ALREADY_CLOSED
        assert viewer.person is not None  # noqa: S101 - _in_scope needs a person
        closed = await tx.complaints.update(
            complaint.id,
            status=TicketStatus.CLOSED,
            closed_by_id=viewer.person.id,
            closed_at=now,
            follow_up=note,
        )
        await tx.audit.record(
            now, person_actor(viewer.person.id), AuditAction.COMPLAINT_CLOSED, complaint.ticket
        )
        outbox_ids: tuple[int, ...] = ()
        if complaint.citizen_chat_id is not None:
            language = await _citizen_language(tx, complaint)
            answer = FollowUp(complaint.id, complaint.ticket, note, language)
            outbox_ids = (await tx.outbox.add(complaint.citizen_chat_id, answer, now),)
        return Closed(closed, outbox_ids)


async def rate_handling(
    services: Services, viewer: Viewer, complaint_id: int, rating: int
) -> Complaint | ComplaintRefusal:
    async with services.database.transaction() as tx:
        complaint = await tx.complaints.by_id(complaint_id, lock=True)
        if (
            complaint is None
            or complaint.reporter_hash != viewer.identity_hash
            or complaint.status is not TicketStatus.CLOSED
            or not is_valid_score(rating)
        ):
            return ComplaintRefusal.NOT_FOUND
        if complaint.handling_rating is not None:
            return ComplaintRefusal.ALREADY_RATED
        return await tx.complaints.update(complaint.id, handling_rating=rating)


async def ticket_status(
    services: Services, viewer: Viewer, text: str
) -> Complaint | ComplaintRefusal:
    """A citizen's own ticket only; any other number is "not found" (existence is not leaked)."""
    ticket = normalise_ticket(text)
    if ticket is None:
        return ComplaintRefusal.BAD_TICKET
    async with services.database.snapshot() as tx:
        complaint = await tx.complaints.by_ticket(ticket)
    if complaint is None or complaint.reporter_hash != viewer.identity_hash:
        return ComplaintRefusal.NOT_FOUND
    return complaint
