"""/hapus: a citizen's right to deletion (UU 27/2022). Anonymous answers stay in aggregates.

Every copy goes: the responses' and complaints' links to the account, the complaint texts,
photos and follow-up replies, and the outbox rows that carried them (sent or still pending).
What stays on purpose: the anonymous answers, the complaints' case records (ticket, status,
dates) and a keyed cooldown marker (docs/anti-kecurangan.md), none of them linked to the account.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.services import Services, Viewer
from kinerja.audit import CITIZEN, AuditAction
from kinerja.types import Role


@dataclass(frozen=True, slots=True)
class Deleted:
    responses_unlinked: int
    complaints_redacted: int
    menu_reset: bool
    """The stored language is forgotten: a citizen's chat goes back to the public menu (staff
    keep their role's)."""


async def delete_my_data(services: Services, viewer: Viewer) -> Deleted:
    now = services.clock()
    async with services.database.transaction() as tx:
        unlinked = await tx.survey.forget_respondent(viewer.identity_hash, now)
        tickets = await tx.complaints.tickets_of(viewer.identity_hash)
        outbox = await tx.outbox.forget_complaints(tickets)
        redacted = await tx.complaints.forget_reporter(viewer.identity_hash)
        await tx.pending.clear(viewer.telegram_user_id)
        await tx.preferences.forget(viewer.identity_hash)
        deleted = Deleted(unlinked["responses"], redacted, viewer.role is Role.CITIZEN)
        # No identity in the log: only that a deletion happened and how much it touched.
        await tx.audit.record(
            now,
            CITIZEN,
            AuditAction.DATA_DELETION,
            "",
            {
                "responses": deleted.responses_unlinked,
                "complaints": deleted.complaints_redacted,
                "outbox": outbox,
            },
        )
        return deleted
