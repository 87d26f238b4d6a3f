"""The closed loop of a complaint: supervisors take it on and close it with a follow-up note,
the citizen hears back in the same chat and rates the handling."""

from __future__ import annotations

from dataclasses import dataclass

from bot.services import Services, Viewer
from bot.usecases.alerts import alert_supervisors
from bot.usecases.pending import CLOSE_COMPLAINT, take_awaited_note
from db.transaction import Transaction
from kinerja.audit import CITIZEN, AuditAction, person_actor
from kinerja.complaints import (
    Complaint,
    ComplaintRefusal,
    RatingOutcome,
    TicketStatus,
    after_rating,
    can_move,
    normalise_ticket,
    supervisor_refusal,
)
from kinerja.language import recipient_language
from kinerja.messages import ComplaintReopened, FollowUp
from kinerja.roles import oversees
from kinerja.skm import is_valid_score
from kinerja.survey import AnswerProblem
from kinerja.types import Language
from kinerja.weblinks import is_ticket_key


@dataclass(frozen=True, slots=True)
class Closed:
    complaint: Complaint
    outbox_ids: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Declined:
    """A supervisor's tap that changes nothing."""

    refusal: ComplaintRefusal
    complaint: Complaint | None = None
    """Set only for a supervisor of the complaint's unit (nobody else learns it exists): the
    alert's buttons are brought up to date, and "already taken" names who took it."""


@dataclass(frozen=True, slots=True)
class Rated:
    complaint: Complaint
    outcome: RatingOutcome
    outbox_ids: tuple[int, ...] = ()


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
) -> Complaint | Declined:
    """ "Tangani". Tapped again by the one who took it, it answers as the first time did."""
    now = services.clock()
    async with services.database.transaction() as tx:
        complaint = await tx.complaints.by_id(complaint_id, lock=True)
        if complaint is None or not await _in_scope(tx, viewer, complaint):
            return Declined(ComplaintRefusal.NOT_FOUND)
        assert viewer.person is not None  # noqa: S101 - _in_scope needs a person
        if complaint.status is TicketStatus.IN_PROGRESS and (
            complaint.taken_by_id == viewer.person.id
        ):
            return complaint
        if not can_move(complaint.status, TicketStatus.IN_PROGRESS):
            return Declined(supervisor_refusal(complaint.status), complaint)
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
) -> Complaint | Declined:
    """Closing needs a follow-up note: the supervisor's next message is that note."""
    now = services.clock()
    async with services.database.transaction() as tx:
        complaint = await tx.complaints.by_id(complaint_id)
        if complaint is None or not await _in_scope(tx, viewer, complaint):
            return Declined(ComplaintRefusal.NOT_FOUND)
        if not can_move(complaint.status, TicketStatus.CLOSED):
            return Declined(supervisor_refusal(complaint.status), complaint)
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
        if not can_move(complaint.status, TicketStatus.CLOSED):
            return supervisor_refusal(complaint.status)
        assert viewer.person is not None  # noqa: S101 - _in_scope needs a person
        closed = await tx.complaints.update(
            complaint.id,
            status=TicketStatus.CLOSED,
            closed_by_id=viewer.person.id,
            closed_at=now,
            follow_up=note,
            handling_rating=None,  # this answer is rated afresh (a reopening kept the last)
        )
        await tx.audit.record(
            now, person_actor(viewer.person.id), AuditAction.COMPLAINT_CLOSED, complaint.ticket
        )
        outbox_ids: tuple[int, ...] = ()
        if complaint.citizen_chat_id is not None:
            answer = FollowUp(
                complaint.id,
                complaint.ticket,
                note,
                await _citizen_language(tx, complaint),
                reopen_count=complaint.reopen_count,
            )
            outbox_ids = (await tx.outbox.add(complaint.citizen_chat_id, answer, now),)
        return Closed(closed, outbox_ids)


async def rate_handling(
    services: Services, viewer: Viewer, complaint_id: int, rating: int, reopen_count: int
) -> Rated | ComplaintRefusal:
    """The citizen rates the latest answer; "Tidak puas" reopens the complaint and alerts the
    unit's supervisors again (kinerja.complaints.after_rating). The buttons of an earlier
    answer (`reopen_count` behind) rate nothing."""
    return await _rate(services, complaint_id, rating, reopen_count, viewer.identity_hash)


async def rate_by_link(
    services: Services, ticket: str, key: str | None, rating: int, reopen_count: int
) -> Rated | ComplaintRefusal:
    """`rate_handling` on a web complaint's page, whose link key proves it is the citizen's."""
    complaint = await ticket_by_link(services, ticket, key)
    if complaint is None:
        return ComplaintRefusal.NOT_FOUND
    return await _rate(services, complaint.id, rating, reopen_count, None)


async def _rate(
    services: Services,
    complaint_id: int,
    rating: int,
    reopen_count: int,
    reporter_hash: str | None,
) -> Rated | ComplaintRefusal:
    """The rating, by the complaint's reporter (`reporter_hash`), or None when the caller
    has proven it otherwise."""
    now = services.clock()
    async with services.database.transaction() as tx:
        complaint = await tx.complaints.by_id(complaint_id, lock=True)
        if (
            complaint is None
            or (reporter_hash is not None and complaint.reporter_hash != reporter_hash)
            or not is_valid_score(rating)
        ):
            return ComplaintRefusal.NOT_FOUND
        if reopen_count != complaint.reopen_count or complaint.handling_rating is not None:
            return ComplaintRefusal.ALREADY_RATED
        if complaint.status is not TicketStatus.CLOSED:
            return ComplaintRefusal.NOT_FOUND
        outcome = after_rating(rating, complaint.reopen_count)
        if outcome is not RatingOutcome.REOPENED:
            return Rated(await tx.complaints.update(complaint.id, handling_rating=rating), outcome)
        reopened = await tx.complaints.update(
            complaint.id,
            handling_rating=rating,
            status=TicketStatus.REOPENED,
            reopen_count=complaint.reopen_count + 1,
            taken_by_id=None,
            taken_at=None,
            closed_by_id=None,
            closed_at=None,
        )
        await tx.audit.record(
            now,
            CITIZEN,
            AuditAction.COMPLAINT_REOPENED,
            complaint.ticket,
            {"rating": rating, "reopen_count": reopened.reopen_count},
        )
        alert = ComplaintReopened(
            complaint.id,
            complaint.ticket,
            complaint.unit_name,
            complaint.text,
            complaint.follow_up,
            rating,
        )
        outbox_ids = await alert_supervisors(
            services, tx, complaint.unit_id, alert, cooldown=None, now=now
        )
        return Rated(reopened, outcome, outbox_ids)


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


async def ticket_by_link(services: Services, ticket: str, key: str | None) -> Complaint | None:
    """The ticket of a web complaint's link: its key is the proof (a web citizen has no account
    to compare with the reporter's); a wrong key reads as no such ticket."""
    normal = normalise_ticket(ticket)
    if normal is None or not is_ticket_key(services.secret, normal, key):
        return None
    async with services.database.snapshot() as tx:
        return await tx.complaints.by_ticket(normal)
