"""Signed links: single-use visit tokens and deep-link payloads.

Telegram allows 64 characters of `A-Za-z0-9_-` after `?start=`. A visit token packs the unit id,
the issue minute and a nonce (12 bytes) with a truncated HMAC-SHA256 (12 bytes): 34 characters.
"""

from __future__ import annotations

import base64
import binascii
import enum
import hashlib
import hmac
import re
import struct
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

PAYLOAD_LIMIT = 64
PAYLOAD_ALPHABET = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
UNIT_PREFIX = "u_"
VISIT_PREFIX = "t_"
INVITE_PREFIX = "i_"
_MAC_BYTES = 12
_BODY = struct.Struct(">III")
_EPOCH = datetime(2020, 1, 1, tzinfo=UTC)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _mac(secret: bytes, purpose: bytes, body: bytes) -> bytes:
    return hmac.new(secret, purpose + body, hashlib.sha256).digest()[:_MAC_BYTES]


# ------------------------------------------------------------------------------ payloads


@dataclass(frozen=True, slots=True)
class UnitEntry:
    """The permanent poster link of a service unit: an unverified visit."""

    unit_code: str


@dataclass(frozen=True, slots=True)
class TokenEntry:
    payload: str


@dataclass(frozen=True, slots=True)
class InviteEntry:
    payload: str


StartPayload = UnitEntry | TokenEntry | InviteEntry


def unit_payload(unit_code: str) -> str:
    payload = UNIT_PREFIX + unit_code
    if not PAYLOAD_ALPHABET.match(payload):
        raise ValueError(f"unit code {unit_code!r} does not fit a deep link")
    return payload


def parse_start_payload(payload: str) -> StartPayload | None:
    """None for anything that is not one of ours (typed by hand, truncated, injected)."""
    if not PAYLOAD_ALPHABET.match(payload):
        return None
    if payload.startswith(UNIT_PREFIX) and len(payload) > len(UNIT_PREFIX):
        return UnitEntry(payload[len(UNIT_PREFIX) :])
    if payload.startswith(VISIT_PREFIX):
        return TokenEntry(payload)
    if payload.startswith(INVITE_PREFIX):
        return InviteEntry(payload)
    return None


def deep_link(bot_username: str, payload: str) -> str:
    return f"https://t.me/{bot_username}?start={payload}"


def web_link(public_url: str, payload: str) -> str:
    """The web survey of the same payload: what a poster's QR opens when kinerja has a public
    address (its page offers Telegram first, and serves those without it)."""
    return f"{public_url}/s/{payload}"


# ------------------------------------------------------------------------------ visit tokens


class TokenProblem(enum.StrEnum):
    FORGED = "forged"
    EXPIRED = "expired"
    USED = "used"


@dataclass(frozen=True, slots=True)
class TokenRejected:
    problem: TokenProblem
    unit_id: int | None
    """The unit the token names, when it is readable: its poster flow can be offered instead."""


@dataclass(frozen=True, slots=True)
class VisitToken:
    unit_id: int
    issued_at: datetime
    digest: str
    """Identifies the token in the single-use ledger without storing the token itself."""


def issue_visit_token(secret: bytes, unit_id: int, issued_at: datetime, nonce: int) -> str:
    minutes = int((issued_at - _EPOCH).total_seconds() // 60)
    body = _BODY.pack(unit_id, minutes, nonce & 0xFFFFFFFF)
    return VISIT_PREFIX + _b64(body + _mac(secret, b"visit", body))


def read_visit_token(
    secret: bytes, payload: str, now: datetime, valid_for: timedelta
) -> VisitToken | TokenRejected:
    """Check signature and age; whether it was used is the ledger's question."""
    try:
        raw = _unb64(payload.removeprefix(VISIT_PREFIX))
    except (binascii.Error, ValueError):
        return TokenRejected(TokenProblem.FORGED, None)
    if len(raw) != _BODY.size + _MAC_BYTES:
        return TokenRejected(TokenProblem.FORGED, None)
    body, mac = raw[: _BODY.size], raw[_BODY.size :]
    unit_id, minutes, _ = _BODY.unpack(body)
    if not hmac.compare_digest(mac, _mac(secret, b"visit", body)):
        return TokenRejected(TokenProblem.FORGED, unit_id)
    issued_at = _EPOCH + timedelta(minutes=minutes)
    if now - issued_at > valid_for or issued_at - now > timedelta(minutes=5):
        return TokenRejected(TokenProblem.EXPIRED, unit_id)
    return VisitToken(unit_id=unit_id, issued_at=issued_at, digest=mac.hex())
