from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinerja.complaints import is_serious, normalise_ticket, ticket_number
from kinerja.tokens import (
    PAYLOAD_ALPHABET,
    InviteEntry,
    TokenEntry,
    TokenProblem,
    TokenRejected,
    UnitEntry,
    VisitToken,
    issue_visit_token,
    parse_start_payload,
    read_visit_token,
    unit_payload,
)

SECRET = b"k" * 32
NOW = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)
DAY = timedelta(hours=24)


def test_a_token_round_trips_within_telegrams_limit() -> None:
    token = issue_visit_token(SECRET, 42, NOW, nonce=123)
    assert PAYLOAD_ALPHABET.match(token)
    assert len(token) <= 64
    read = read_visit_token(SECRET, token, NOW + timedelta(hours=2), DAY)
    assert isinstance(read, VisitToken)
    assert read.unit_id == 42
    assert read.issued_at == NOW


def test_expiry_forgery_and_other_secrets() -> None:
    token = issue_visit_token(SECRET, 42, NOW, nonce=1)
    assert read_visit_token(SECRET, token, NOW + DAY + timedelta(minutes=1), DAY) == TokenRejected(
        TokenProblem.EXPIRED, 42
    )
    assert read_visit_token(b"other" * 8, token, NOW, DAY) == TokenRejected(TokenProblem.FORGED, 42)
    assert read_visit_token(SECRET, "t_short", NOW, DAY) == TokenRejected(TokenProblem.FORGED, None)


def test_tokens_differ_by_nonce() -> None:
    first = issue_visit_token(SECRET, 1, NOW, nonce=1)
    second = issue_visit_token(SECRET, 1, NOW, nonce=2)
    assert first != second
    a, b = (read_visit_token(SECRET, t, NOW, DAY) for t in (first, second))
    assert isinstance(a, VisitToken)
    assert isinstance(b, VisitToken)
    assert a.digest != b.digest


@given(
    st.integers(0, 10_000), st.integers(0, 2**32 - 1), st.integers(0, 33), st.sampled_from("AQg_-")
)
def test_any_changed_character_is_a_forgery(
    unit_id: int, nonce: int, index: int, replacement: str
) -> None:
    token = issue_visit_token(SECRET, unit_id, NOW, nonce)
    position = 2 + index % (len(token) - 2)
    if token[position] == replacement:
        return
    tampered = token[:position] + replacement + token[position + 1 :]
    result = read_visit_token(SECRET, tampered, NOW, DAY)
    assert isinstance(result, TokenRejected)


@pytest.mark.parametrize(
    ("payload", "entry"),
    [
        ("u_PKM-PAUH-UMUM", UnitEntry("PKM-PAUH-UMUM")),
        ("t_abc", TokenEntry("t_abc")),
        ("i_abc", InviteEntry("i_abc")),
        ("u_", None),
        ("x_abc", None),
        ("u_PKM PAUH", None),
        ("u_<script>", None),
        ("a" * 65, None),
    ],
)
def test_start_payloads(payload: str, entry: object) -> None:
    assert parse_start_payload(payload) == entry


@given(st.text(max_size=80))
def test_payload_parser_never_crashes(payload: str) -> None:
    parse_start_payload(payload)


def test_unit_payloads_fit_deep_links() -> None:
    assert unit_payload("PKM-PAUH-UMUM") == "u_PKM-PAUH-UMUM"
    with pytest.raises(ValueError, match="deep link"):
        unit_payload("PKM PAUH")


def test_tickets() -> None:
    assert ticket_number("PKM-PAUH", 2026, 123) == "PKM-PAUH-2026-000123"
    assert normalise_ticket(" pkm-pauh-2026-000123 ") == "PKM-PAUH-2026-000123"
    assert normalise_ticket("123") is None
    assert normalise_ticket("'; DROP TABLE complaints; --") is None


@pytest.mark.parametrize(
    ("text", "serious"),
    [
        ("Ada pungli di loket", True),
        ("Petugas meminta uang suap", True),
        ("Saya ditolak berobat karena BPJS", True),
        ("Toilet kotor", False),
        ("Antrean lama sekali", False),
    ],
)
def test_serious_complaints(text: str, serious: bool) -> None:
    assert is_serious(text) is serious
