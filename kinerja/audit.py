"""What the audit log records. The values are the `action` column as stored, so they never
change: a renamed member keeps its old value."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from typing import Any


class AuditAction(enum.StrEnum):
    # Staff and invitations
    INVITATION_CREATED = "invitation_created"
    INVITATION_DECLINED = "invitation_declined"
    INVITE_FAILED = "invite_failed"
    """Counted per account (hashed) to rate-limit guessing invitation codes."""
    REGISTERED = "registered"
    STAFF_DEACTIVATED = "staff_deactivated"
    # Daily reports
    REPORT_REPLACED = "report_replaced"
    """The details keep the value replaced, the only copy of it."""
    REPORT_VERIFIED = "report_verified"
    REPORT_FEEDBACK = "report_feedback"
    REPORT_EVIDENCE_VIEWED = "report_evidence_viewed"
    """A supervisor was sent a report's bukti dukung: a photo of work may show patients."""
    # Complaints and citizens
    COMPLAINT_TAKEN = "complaint_taken"
    COMPLAINT_CLOSED = "complaint_closed"
    COMPLAINT_EDITED = "complaint_edited"
    COMPLAINT_WITHDRAWN = "complaint_withdrawn"
    COMPLAINT_REOPENED = "complaint_reopened"
    """By the citizen, who is logged as "citizen" only; the details keep the rating."""
    DATA_DELETION = "data_deletion"
    # The operator and the system
    CATALOG_LOADED = "catalog_loaded"
    VISIT_TOKENS_ISSUED = "visit_tokens_issued"
    EXPORT_RESPONSES = "export_responses"
    EXPORT_REPORTS = "export_reports"
    EXPORT_INDICATORS = "export_indicators"
    EXPORT_SUMMARY_WORKBOOK = "export_summary_workbook"
    """A supervisor's Excel of a period (/ekspor, the button under a summary): complaint
    texts and the NIPs of the unit's ASN."""
    EXPORT_SKM_REPORT = "export_skm_report"
    """`kinerja report skm`: complaint texts and their follow-ups."""
    OUTBOX_RESEND = "outbox_resend"
    RETENTION_APPLIED = "retention_applied"


OPERATOR = "cli"
"""The actor of what an operator did with `kinerja …` in a terminal."""
SYSTEM = "system"
"""The actor of what the bot did on its own (the daily retention run)."""
CITIZEN = "citizen"
"""The actor of what a citizen did (/hapus, editing, withdrawing or reopening a complaint):
never who, by design."""
CHAT = "chat"
"""The actor of an account in the chat that is not (yet) a registered person."""


def person_actor(person_id: int) -> str:
    """The audit log's actor for something a registered person did in the chat."""
    return f"person:{person_id}"


@dataclass(frozen=True, slots=True)
class AuditRecord:
    id: int
    at: datetime
    actor: str
    action: str
    """An `AuditAction` value, kept as stored: an older or newer kinerja may have written it."""
    subject: str
    details: dict[str, Any]


IDENTIFYING_SUBJECTS = frozenset(
    {
        AuditAction.INVITATION_CREATED,
        AuditAction.INVITATION_DECLINED,
        AuditAction.REGISTERED,
        AuditAction.STAFF_DEACTIVATED,
        AuditAction.INVITE_FAILED,
    }
)
"""Actions whose subject identifies a person: a NIP, or the keyed hash of a Telegram account."""


def shown_subject(action: str, subject: str) -> str | None:
    """The subject as the audit log may show it to an operator, or None when it identifies a
    person beyond what the actor already says (a NIP, an account hash): the log shows who did
    what to which unit, ticket, report or period, and whom only as a person id."""
    return None if action in IDENTIFYING_SUBJECTS else subject
