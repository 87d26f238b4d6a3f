"""The survey's one complaint: filed, written again after "Kembali", or withdrawn with "Tidak
ada". Each change reaches the unit's supervisors, and a unique index keeps it one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.services import Services, Viewer
from bot.usecases.alerts import alert_supervisors
from db.transaction import Transaction
from kinerja.audit import CITIZEN, AuditAction
from kinerja.complaints import Revision, TicketStatus, can_move, is_serious, revision, ticket_number
from kinerja.messages import ComplaintAlert, ComplaintEdited, ComplaintWithdrawn
from kinerja.survey import Note, SurveyResponse


@dataclass(frozen=True, slots=True)
class Written:
    ticket: str
    status: TicketStatus
    note: Note
    """What the citizen is told: recorded (a new or refiled ticket) or edited."""
    outbox_ids: tuple[int, ...]


async def write_complaint(
    services: Services,
    tx: Transaction,
    viewer: Viewer,
    response: SurveyResponse,
    text: str,
    chat_id: int | None,
    now: datetime,
) -> Written | None:
    """The complaint `text` as the response's one complaint; None when a supervisor already
    answered it, which leaves it as it was answered."""
    existing = await tx.complaints.for_response(response.id, include_withdrawn=True, lock=True)
    decided = revision(
        existing.status if existing else None,
        same_text=existing is not None and existing.text == text,
    )
    if decided is Revision.ANSWERED:
        return None
    if existing is None:
        return await _file(services, tx, viewer, response, text, chat_id, now)
    if decided is Revision.UNCHANGED:
        return Written(existing.ticket, existing.status, Note.COMPLAINT_RECORDED, ())
    resubmitted = decided is Revision.RESUBMIT
    status = TicketStatus.OPEN if resubmitted else existing.status
    serious = is_serious(text)
    await tx.complaints.update(existing.id, text=text, serious=serious, status=status)
    await tx.audit.record(
        now,
        CITIZEN,
        AuditAction.COMPLAINT_EDITED,
        existing.ticket,
        {"resubmitted": resubmitted},
    )
    alert = ComplaintEdited(
        existing.id, existing.ticket, response.unit_name, text, serious, status, resubmitted
    )
    alerts = await alert_supervisors(services, tx, response.unit_id, alert, cooldown=None, now=now)
    note = Note.COMPLAINT_RECORDED if resubmitted else Note.COMPLAINT_EDITED
    return Written(existing.ticket, status, note, alerts)


async def _file(
    services: Services,
    tx: Transaction,
    viewer: Viewer,
    response: SurveyResponse,
    text: str,
    chat_id: int | None,
    now: datetime,
) -> Written:
    """A new ticket, and the alerts to the unit's supervisors."""
    prefix = await tx.units.ticket_prefix(response.unit_id)
    year = now.astimezone(services.settings.zone).year
    ticket = ticket_number(prefix, year, await tx.complaints.next_sequence(prefix, year))
    serious = is_serious(text)
    complaint_id = await tx.complaints.create(
        ticket=ticket,
        unit_id=response.unit_id,
        response_id=response.id,
        text=text,
        serious=serious,
        reporter_hash=viewer.identity_hash,
        citizen_chat_id=chat_id,
        citizen_language=viewer.language,
        now=now,
        retain_until=now + timedelta(days=services.settings.retention_days),
    )
    alerts = await alert_supervisors(
        services,
        tx,
        response.unit_id,
        ComplaintAlert(complaint_id, ticket, response.unit_name, text, serious),
        cooldown=None,
        now=now,
    )
    return Written(ticket, TicketStatus.OPEN, Note.COMPLAINT_RECORDED, alerts)


async def withdraw_complaint(
    services: Services, tx: Transaction, response: SurveyResponse, now: datetime
) -> tuple[int, ...]:
    """ "Tidak ada" after going back: the complaint is withdrawn, its words and photo go (the
    citizen took them back; the outbox copies too), the ticket stays as the record."""
    complaint = await tx.complaints.for_response(response.id, lock=True)
    if complaint is None or not can_move(complaint.status, TicketStatus.WITHDRAWN):
        return ()
    await tx.complaints.update(
        complaint.id,
        status=TicketStatus.WITHDRAWN,
        text=None,
        photo_file_id=None,
        photo_content=None,
    )
    await tx.outbox.forget_complaints([complaint.ticket])
    await tx.audit.record(now, CITIZEN, AuditAction.COMPLAINT_WITHDRAWN, complaint.ticket)
    return await alert_supervisors(
        services,
        tx,
        response.unit_id,
        ComplaintWithdrawn(complaint.ticket, response.unit_name),
        cooldown=None,
        now=now,
    )
