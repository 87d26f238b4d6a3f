"""/hapus: a citizen's right to deletion (UU 27/2022). Anonymous answers stay in aggregates.

Every copy goes: the responses' and complaints' links to the account, the complaint texts,
photos and follow-up replies, and the outbox rows that carried them (sent or still pending).
What stays on purpose: the anonymous answers, the complaints' case records (ticket, status,
dates) and a keyed cooldown marker (docs/anti-kecurangan.md), none of them linked to the account.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.services import Services, Viewer
from db.repositories.audit import AuditRepository
from db.repositories.complaints import ComplaintRepository
from db.repositories.messaging import OutboxRepository, PendingInputRepository
from db.repositories.preferences import PreferenceRepository
from db.repositories.survey import SurveyRepository
from kinerja.audit import AuditAction


@dataclass(frozen=True, slots=True)
class Deleted:
    responses_unlinked: int
    complaints_redacted: int


async def delete_my_data(services: Services, viewer: Viewer) -> Deleted:
    now = services.clock()
    async with services.database.transaction() as tx:
        session = tx.session
        unlinked = await SurveyRepository(session).forget_respondent(viewer.identity_hash, now)
        complaints = ComplaintRepository(session)
        tickets = await complaints.tickets_of(viewer.identity_hash)
        outbox = await OutboxRepository(session).forget_complaints(tickets)
        redacted = await complaints.forget_reporter(viewer.identity_hash)
        await PendingInputRepository(session).clear(viewer.telegram_user_id)
        await PreferenceRepository(session).forget(viewer.identity_hash)
        deleted = Deleted(unlinked["responses"], redacted)
        # No identity in the log: only that a deletion happened and how much it touched.
        await AuditRepository(session).record(
            now,
            "citizen",
            AuditAction.DATA_DELETION,
            "",
            {
                "responses": deleted.responses_unlinked,
                "complaints": deleted.complaints_redacted,
                "outbox": outbox,
            },
        )
        return deleted
