"""The outbox's messages: stored as a name and JSON fields, rebuilt equal, and stored exactly as
the dicts queued before these classes existed, so rows already in the outbox still read."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from kinerja.complaints import TicketStatus
from kinerja.delivery import MESSAGE_KINDS
from kinerja.messages import (
    MESSAGE_TYPES,
    ComplaintAlert,
    ComplaintEdited,
    ComplaintPhoto,
    ComplaintReopened,
    ComplaintWithdrawn,
    FollowUp,
    LowScoreAlert,
    Message,
    Reminder,
    ReportFeedback,
    UnreadableMessage,
    message_from_stored,
    stored_fields,
)
from kinerja.types import Language

TICKET = "PKM-PAUH-2026-000001"

STORED: list[tuple[Message, str, dict[str, Any]]] = [
    (
        ComplaintAlert(7, TICKET, "Poli Umum", "Antrean lama", True, Language.EN),
        "complaint",
        {
            "complaint_id": 7,
            "ticket": TICKET,
            "unit_name": "Poli Umum",
            "text": "Antrean lama",
            "serious": True,
            "language": "en",
        },
    ),
    (
        ComplaintAlert(7, TICKET, "Poli Umum", None, False),
        "complaint",
        {
            "complaint_id": 7,
            "ticket": TICKET,
            "unit_name": "Poli Umum",
            "text": None,
            "serious": False,
            "language": "id",
        },
    ),
    (
        ComplaintPhoto(TICKET, "AgAD-photo"),
        "complaint_photo",
        {"ticket": TICKET, "file_id": "AgAD-photo", "language": "id"},
    ),
    (
        LowScoreAlert("Poli Umum", ("U3", "U7")),
        "low_score",
        {"unit_name": "Poli Umum", "elements": ["U3", "U7"], "language": "id"},
    ),
    (
        FollowUp(7, TICKET, "Sudah ditangani", Language.EN),
        "complaint_follow_up",
        {
            "complaint_id": 7,
            "ticket": TICKET,
            "follow_up": "Sudah ditangani",
            "language": "en",
            "reopen_count": 0,
        },
    ),
    (
        ComplaintEdited(
            7, TICKET, "Poli Umum", "Antre 2 jam", False, TicketStatus.IN_PROGRESS, False
        ),
        "complaint_edited",
        {
            "complaint_id": 7,
            "ticket": TICKET,
            "unit_name": "Poli Umum",
            "text": "Antre 2 jam",
            "serious": False,
            "status": "in_progress",
            "resubmitted": False,
            "language": "id",
        },
    ),
    (
        ComplaintWithdrawn(TICKET, "Poli Umum", Language.EN),
        "complaint_withdrawn",
        {"ticket": TICKET, "unit_name": "Poli Umum", "language": "en"},
    ),
    (
        ComplaintReopened(7, TICKET, "Poli Umum", "Antre lama", "Sudah ditangani", 1),
        "complaint_reopened",
        {
            "complaint_id": 7,
            "ticket": TICKET,
            "unit_name": "Poli Umum",
            "text": "Antre lama",
            "follow_up": "Sudah ditangani",
            "rating": 1,
            "language": "id",
        },
    ),
    (
        ReportFeedback(
            "ANC", "Kunjungan ANC", "ANC visits", date(2026, 11, 24), "dr. Andi", "Bagus"
        ),
        "report_feedback",
        {
            "metric": "ANC",
            "metric_name": "Kunjungan ANC",
            "metric_name_en": "ANC visits",
            "day": "2026-11-24",
            "from": "dr. Andi",
            "feedback": "Bagus",
            "language": "id",
        },
    ),
    (Reminder("Siti", Language.EN), "reminder", {"name": "Siti", "language": "en"}),
]
IDS = [
    "complaint alert",
    "alert blanked by /hapus",
    "photo",
    "low score",
    "follow-up",
    "complaint edited",
    "complaint withdrawn",
    "complaint reopened",
    "feedback: 'from', ISO day",
    "reminder",
]


@pytest.mark.parametrize(("message", "kind", "fields"), STORED, ids=IDS)
def test_stored_as_before(message: Message, kind: str, fields: dict[str, Any]) -> None:
    assert kind == message.KIND
    assert stored_fields(message) == fields


@pytest.mark.parametrize(("message", "kind", "fields"), STORED, ids=IDS)
def test_rebuilt_equal(message: Message, kind: str, fields: dict[str, Any]) -> None:
    assert message_from_stored(kind, fields) == message
    assert message_from_stored(message.KIND, stored_fields(message)) == message


def test_every_message_has_a_delivery_rule() -> None:
    assert set(MESSAGE_TYPES) == set(MESSAGE_KINDS)
    assert {type(m) for m, _, _ in STORED} == set(MESSAGE_TYPES.values())


def test_a_follow_up_queued_before_reopening_existed_rates_the_first_answer() -> None:
    stored = {"complaint_id": 7, "ticket": TICKET, "follow_up": "Sudah", "language": "en"}
    answer = message_from_stored("complaint_follow_up", stored)
    assert answer == FollowUp(7, TICKET, "Sudah", Language.EN, reopen_count=0)


def test_a_row_without_language_reads_as_indonesian() -> None:
    """Rows queued before the language was recorded; the renderer fell back to Indonesian."""
    assert message_from_stored("reminder", {"name": "Siti"}) == Reminder("Siti", Language.ID)


def test_an_unknown_key_is_ignored() -> None:
    assert message_from_stored("reminder", {"name": "Siti", "extra": 1}) == Reminder("Siti")


@pytest.mark.parametrize(
    ("kind", "fields", "problem"),
    [
        pytest.param("carrier_pigeon", {}, "no message has this name", id="unknown name"),
        pytest.param("reminder", {}, "field 'name' is missing", id="missing field"),
        pytest.param(
            "report_feedback",
            {k: v for k, v in STORED[8][2].items() if k != "from"},
            "field 'from' is missing",
            id="missing field under its stored key",
        ),
        pytest.param(
            "complaint_follow_up",
            {"complaint_id": "7", "ticket": TICKET, "follow_up": "x"},
            "field 'complaint_id': expected int, got str",
            id="wrong type",
        ),
        pytest.param(
            "complaint_follow_up",
            {"complaint_id": True, "ticket": TICKET, "follow_up": "x"},
            "field 'complaint_id': expected int, got bool",
            id="a bool is no int",
        ),
        pytest.param(
            "reminder",
            {"name": "Siti", "language": "fr"},
            "field 'language': not a Language",
            id="unknown language",
        ),
        pytest.param(
            "low_score",
            {"unit_name": "Poli Umum", "elements": "U3"},
            "field 'elements': expected a list, got str",
            id="a string is no list",
        ),
        pytest.param(
            "report_feedback",
            {**STORED[8][2], "day": "24/11/2026"},
            "field 'day': expected an ISO date",
            id="bad date",
        ),
    ],
)
def test_unreadable_rows_are_refused_with_a_reason(
    kind: str, fields: dict[str, Any], problem: str
) -> None:
    """The reason is logged and shown to the operator: it names types, never a value."""
    with pytest.raises(UnreadableMessage) as refused:
        message_from_stored(kind, fields)
    assert refused.value.kind == kind
    assert refused.value.problem == problem
    assert str(refused.value) == f"outbox message {kind!r}: {problem}"
