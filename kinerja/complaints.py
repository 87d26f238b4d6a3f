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
    WITHDRAWN = "withdrawn"
    """The citizen went back in the survey and chose "Tidak ada": it is no complaint any more
    (out of every count and list), kept only as the ticket's record."""
    REOPENED = "reopened"
    """The citizen rated the answer "Tidak puas": to be handled again."""


class ComplaintRefusal(enum.StrEnum):
    NOT_FOUND = "not_found"
    NOT_IN_SCOPE = "not_in_scope"
    ALREADY_CLOSED = "already_closed"
    ALREADY_TAKEN = "already_taken"
    ALREADY_RATED = "already_rated"
    WITHDRAWN = "withdrawn"
    BAD_TICKET = "bad_ticket"
    EMPTY_NOTE = "empty_note"


_ALLOWED = {
    TicketStatus.OPEN: {TicketStatus.IN_PROGRESS, TicketStatus.CLOSED, TicketStatus.WITHDRAWN},
    TicketStatus.IN_PROGRESS: {TicketStatus.CLOSED, TicketStatus.WITHDRAWN},
    TicketStatus.CLOSED: {TicketStatus.REOPENED},
    TicketStatus.REOPENED: {TicketStatus.IN_PROGRESS, TicketStatus.CLOSED},
    TicketStatus.WITHDRAWN: {TicketStatus.OPEN},
}
"""Supervisors take (→ in progress) and close; the citizen withdraws and files again during
the survey, and reopens by rating the answer "Tidak puas"."""

SUPERVISOR_MOVES = (TicketStatus.IN_PROGRESS, TicketStatus.CLOSED)
"""What a supervisor's buttons do, in their order: "Tangani", then "Tutup"."""


def can_move(current: TicketStatus, target: TicketStatus) -> bool:
    return target in _ALLOWED[current]


def supervisor_moves(status: TicketStatus) -> tuple[TicketStatus, ...]:
    """The buttons an alert offers for a complaint in this status: a taken complaint is not
    offered for taking again, a closed or withdrawn one offers nothing."""
    return tuple(target for target in SUPERVISOR_MOVES if can_move(status, target))


def supervisor_refusal(status: TicketStatus) -> ComplaintRefusal:
    """Why a supervisor's move from this status is refused."""
    refusals = {
        TicketStatus.CLOSED: ComplaintRefusal.ALREADY_CLOSED,
        TicketStatus.WITHDRAWN: ComplaintRefusal.WITHDRAWN,
    }
    return refusals.get(status, ComplaintRefusal.ALREADY_TAKEN)


# ------------------------------------------------------------------------------ in the survey


class Revision(enum.StrEnum):
    """What a complaint typed in the survey does: one survey response has at most one."""

    FILE = "file"
    """No complaint yet: a new ticket."""
    EDIT = "edit"
    """The citizen went back and wrote it again: the same ticket, the new text."""
    RESUBMIT = "resubmit"
    """Withdrawn earlier in this survey: the same ticket, open again with the new text."""
    ANSWERED = "answered"
    """A supervisor already answered it: the citizen's words stay as they were answered."""
    UNCHANGED = "unchanged"
    """The same words sent again (a double click on the web form): nothing to store, and no
    "changed" alert for supervisors."""


_REVISIONS = {
    None: Revision.FILE,
    TicketStatus.OPEN: Revision.EDIT,
    TicketStatus.IN_PROGRESS: Revision.EDIT,
    TicketStatus.WITHDRAWN: Revision.RESUBMIT,
    TicketStatus.CLOSED: Revision.ANSWERED,
    TicketStatus.REOPENED: Revision.ANSWERED,
}


def revision(existing: TicketStatus | None, *, same_text: bool = False) -> Revision:
    """A new complaint text for a response whose complaint is in `existing` status (None: it
    has none); `same_text` when it repeats the complaint's words exactly."""
    decided = _REVISIONS[existing]
    return Revision.UNCHANGED if decided is Revision.EDIT and same_text else decided


def can_revise(status: TicketStatus) -> bool:
    """Whether the citizen may still edit or withdraw the complaint of their open survey."""
    return revision(status) is Revision.EDIT


# ------------------------------------------------------------------------------ the rating


def awaits_rating(status: TicketStatus, handling_rating: int | None) -> bool:
    """An answer the citizen may rate now: the complaint is closed with it, not yet rated."""
    return status is TicketStatus.CLOSED and handling_rating is None


REOPENING_RATING = 1
"""The rating of the answer that reopens a complaint: "Tidak puas", the lowest of the survey's
4-point scale. "Kurang puas" (2) and above leave it closed, with the rating recorded."""

MAX_REOPENS = 2
"""How often one complaint reopens. A third "Tidak puas" is recorded and the complaint stays
closed: the citizen is pointed to SP4N-LAPOR!, the channel above the unit, rather than sent
round the same loop again."""


class RatingOutcome(enum.StrEnum):
    KEPT_CLOSED = "kept_closed"
    REOPENED = "reopened"
    REOPEN_LIMIT = "reopen_limit"
    """Rated "Tidak puas" after the last reopening: recorded, and it stays closed."""


def after_rating(rating: int, reopen_count: int) -> RatingOutcome:
    """What the citizen's rating of an answer does to a closed complaint reopened
    `reopen_count` times before."""
    if rating != REOPENING_RATING:
        return RatingOutcome.KEPT_CLOSED
    if reopen_count >= MAX_REOPENS:
        return RatingOutcome.REOPEN_LIMIT
    return RatingOutcome.REOPENED


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
    """The rating of the latest answer; None until it is rated."""
    has_photo: bool
    reopen_count: int = 0
    """How often the citizen reopened it; the follow-up buttons carry it, so a rating given
    on an earlier answer's message cannot rate the latest one."""
    taken_by_id: int | None = None
    taken_by_name: str | None = None
    """Who took it on, for the other supervisors who tap "Tangani" after them."""


# ------------------------------------------------------------------------------ web photos

_WEB_PHOTO = "web:"


def web_photo_ref(complaint_id: int) -> str:
    """What stands in a complaint's photo file id for a photo uploaded on the web: Telegram
    has no file id for it until it is first sent, so the bytes are kept with the complaint."""
    return f"{_WEB_PHOTO}{complaint_id}"


def web_photo_complaint(file_id: str) -> int | None:
    """The complaint whose stored bytes a photo file id names; None for a Telegram file id."""
    if not file_id.startswith(_WEB_PHOTO):
        return None
    number = file_id.removeprefix(_WEB_PHOTO)
    return int(number) if number.isdigit() else None
