"""The web survey's signatures: a cookie, a form token and a ticket key each prove exactly one
thing, and nothing altered, foreign or of another purpose passes."""

from __future__ import annotations

import secrets

from hypothesis import given
from hypothesis import strategies as st

from kinerja.weblinks import (
    browser_cookie,
    browser_id_of,
    form_token,
    is_form_token,
    is_ticket_key,
    ticket_key,
)

SECRET = b"k" * 32
OTHER = b"o" * 32


def _id() -> str:
    return secrets.token_urlsafe(16)


def test_a_signed_cookie_gives_its_id_back() -> None:
    browser = _id()
    assert browser_id_of(SECRET, browser_cookie(SECRET, browser)) == browser


def test_a_cookie_of_another_key_or_altered_is_refused() -> None:
    browser = _id()
    cookie = browser_cookie(SECRET, browser)
    assert browser_id_of(OTHER, cookie) is None
    flipped = ("A" if cookie[0] != "A" else "B") + cookie[1:]
    assert browser_id_of(SECRET, flipped) is None
    assert browser_id_of(SECRET, cookie[:-1]) is None
    assert browser_id_of(SECRET, browser) is None  # unsigned
    assert browser_id_of(SECRET, None) is None
    assert browser_id_of(SECRET, "") is None


@given(st.text(max_size=80))
def test_no_arbitrary_cookie_passes(cookie: str) -> None:
    assert browser_id_of(SECRET, cookie) is None


def test_a_form_token_belongs_to_one_browser_and_one_purpose() -> None:
    one, two = _id(), _id()
    token = form_token(SECRET, one)
    assert is_form_token(SECRET, one, token)
    assert not is_form_token(SECRET, two, token)
    assert not is_form_token(OTHER, one, token)
    assert not is_form_token(SECRET, one, None)
    # A cookie's tag is not a form token for the same id (another purpose).
    assert not is_form_token(SECRET, one, browser_cookie(SECRET, one).partition(".")[2])


def test_a_ticket_key_opens_its_ticket_only() -> None:
    key = ticket_key(SECRET, "PKM-PAUH-2026-000001")
    assert is_ticket_key(SECRET, "PKM-PAUH-2026-000001", key)
    assert not is_ticket_key(SECRET, "PKM-PAUH-2026-000002", key)
    assert not is_ticket_key(OTHER, "PKM-PAUH-2026-000001", key)
    assert not is_ticket_key(SECRET, "PKM-PAUH-2026-000001", "")
    assert not is_ticket_key(SECRET, "PKM-PAUH-2026-000001", "é" * 16)
