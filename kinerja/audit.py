"""What the audit log records. The values are the `action` column as stored, so they never
change: a renamed member keeps its old value."""

from __future__ import annotations

import enum


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
    OUTBOX_RESEND = "outbox_resend"
    RETENTION_APPLIED = "retention_applied"


CITIZEN_ACTOR = "citizen"
"""The audit log's actor for a citizen: never who, only that it was a citizen."""


def person_actor(person_id: int) -> str:
    """The audit log's actor for something a registered person did in the chat."""
    return f"person:{person_id}"
