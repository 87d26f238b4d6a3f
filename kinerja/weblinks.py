"""What the web survey signs: a browser's identity cookie, the form token that ties a form to
that cookie (CSRF), and the secret in a ticket page's link.

The cookie's id is random (128 bits) and signed, so nobody picks an id of their choosing (to
land on another browser's survey or cooldown). A form token is derived from the id, so a page
of another site cannot post a survey answer: it would need the id it cannot read. A ticket link
carries a key derived from the ticket: whoever holds the link reads that ticket and no other,
without an account (a web citizen has none).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re

_ID = re.compile(r"^[A-Za-z0-9_-]{22}$")
_TAG_BYTES = 12


def _tag(secret: bytes, purpose: bytes, text: str) -> str:
    digest = hmac.new(secret, purpose + text.encode(), hashlib.sha256).digest()[:_TAG_BYTES]
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _same(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode("utf-8", "replace"), expected.encode())


def browser_cookie(secret: bytes, browser_id: str) -> str:
    """The cookie value for a new browser id (22 characters of base64url: 16 random bytes)."""
    return f"{browser_id}.{_tag(secret, b'browser:', browser_id)}"


def browser_id_of(secret: bytes, cookie: str | None) -> str | None:
    """The id in a cookie this server signed; None for a missing, altered or foreign one."""
    if not cookie:
        return None
    browser_id, _, tag = cookie.partition(".")
    if not _ID.match(browser_id) or not _same(tag, _tag(secret, b"browser:", browser_id)):
        return None
    return browser_id


def form_token(secret: bytes, browser_id: str) -> str:
    return _tag(secret, b"form:", browser_id)


def is_form_token(secret: bytes, browser_id: str, given: str | None) -> bool:
    return given is not None and _same(given, form_token(secret, browser_id))


def ticket_key(secret: bytes, ticket: str) -> str:
    return _tag(secret, b"ticket:", ticket)


def is_ticket_key(secret: bytes, ticket: str, given: str | None) -> bool:
    return given is not None and _same(given, ticket_key(secret, ticket))
