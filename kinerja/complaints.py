"""Complaint tickets: numbering, status transitions, and when to point to SP4N-LAPOR!."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import datetime

from kinerja.types import Language

LAPOR_URL = "https://www.lapor.go.id"
"""SP4N-LAPOR!, the national public-service complaint channel (Perpres 76/2013)."""


class TicketStatus(enum.StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    CLOSED = "closed"


class ComplaintRefusal(enum.StrEnum):
    NOT_FOUND = "not_found"
    NOT_IN_SCOPE = "not_in_scope"
    ALREADY_CLOSED = "already_closed"
    ALREADY_TAKEN = "already_taken"
    ALREADY_RATED = "already_rated"
    BAD_TICKET = "bad_ticket"
    EMPTY_NOTE = "empty_note"


_ALLOWED = {
    TicketStatus.OPEN: {TicketStatus.IN_PROGRESS, TicketStatus.CLOSED},
    TicketStatus.IN_PROGRESS: {TicketStatus.CLOSED},
    TicketStatus.CLOSED: set[TicketStatus](),
}


def can_move(current: TicketStatus, target: TicketStatus) -> bool:
    return target in _ALLOWED[current]


TICKET_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9-]{1,31}-\d{4}-\d{6}$")


def ticket_number(prefix: str, year: int, sequence: int) -> str:
    """E.g. PKM-PAUH-2026-000123: the puskesmas, the year, a counter per puskesmas and year."""
    return f"{prefix}-{year}-{sequence:06d}"


def normalise_ticket(text: str) -> str | None:
    candidate = text.strip().upper()
    return candidate if TICKET_PATTERN.match(candidate) else None


_SERIOUS = re.compile(
    r"\b(pungli|pungutan liar|suap|sogok|gratifikasi|korupsi|pemerasan|kekerasan|pelecehan|"
    r"diskriminasi|malpraktik|malpraktek|ancam|diancam|ditolak berobat|tidak dilayani|"
    r"bribe|extortion|harass|violence|abuse|discriminat|refused treatment)",
    re.IGNORECASE,
)


def is_serious(text: str) -> bool:
    """Integrity or safety matters, which deserve the national channel as well as the unit."""
    return _SERIOUS.search(text) is not None


@dataclass(frozen=True, slots=True)
class Complaint:
    id: int
    ticket: str
    unit_id: int
    unit_code: str
    unit_name: str
    text: str | None
    status: TicketStatus
    serious: bool
    created_at: datetime
    closed_at: datetime | None
    follow_up: str | None
    reporter_hash: str | None
    citizen_chat_id: int | None
    citizen_language: Language
    handling_rating: int | None
    has_photo: bool
