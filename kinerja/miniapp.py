"""The supervisors' Mini App: proving who opened it, and the short session that follows.

Telegram signs what it hands a Mini App (`Telegram.WebApp.initData`, a query string) with a key
only the bot's token can derive (https://core.telegram.org/bots/webapps#validating-data-
received-via-the-mini-app): secret = HMAC-SHA256(key=b"WebAppData", msg=token); the hash is the
hex HMAC-SHA256(secret, data-check-string), that string being every received field but `hash`,
as `key=value` sorted by key and joined by line feeds. So a page cannot claim to be opened by a
user: only data that came through the user's Telegram app passes, and only for this bot.

After the proof, the dashboard keeps a session cookie of its own, signed with kinerja's secret
(not the token): the person's id and when the session ends.
"""

from __future__ import annotations

import base64
import binascii
import enum
import hashlib
import hmac
import json
import struct
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl

from kinerja.types import Language

FUTURE_SKEW = timedelta(minutes=5)
"""How far in the future an `auth_date` may be: clocks of Telegram and ours disagree a little."""
MAX_INIT_DATA = 8192
"""Characters. Telegram's initData is well under a kilobyte; more is not from Telegram."""


class InitDataProblem(enum.StrEnum):
    MALFORMED = "malformed"
    """Not a query string with one `hash`, one `auth_date` and one `user`, each once."""
    FORGED = "forged"
    """The hash does not match: changed on the way, made up, or signed for another bot."""
    EXPIRED = "expired"
    """Signed longer ago than the configured age (or implausibly far in the future)."""


@dataclass(frozen=True, slots=True)
class InitDataRefused:
    problem: InitDataProblem
    language_code: str | None = None
    """The language the data names, when it could be read: for the refusal page only, never
    trusted for anything else."""


@dataclass(frozen=True, slots=True)
class WebAppUser:
    """Who opened the Mini App, as Telegram vouches."""

    telegram_user_id: int
    first_name: str
    language_code: str | None
    auth_date: datetime


def webapp_secret(bot_token: str) -> bytes:
    return hmac.new(b"WebAppData", bot_token.encode(), hashlib.sha256).digest()


def data_check_string(fields: dict[str, str]) -> str:
    """Every field but `hash`, `key=value`, sorted by key, one per line."""
    return "\n".join(f"{key}={fields[key]}" for key in sorted(fields) if key != "hash")


def _fields(init_data: str) -> dict[str, str] | None:
    """The decoded fields, or None for a string Telegram would not send (a field twice)."""
    if not init_data or len(init_data) > MAX_INIT_DATA:
        return None
    try:
        pairs = parse_qsl(init_data, keep_blank_values=True, strict_parsing=True)
    except ValueError:
        return None
    fields = dict(pairs)
    return fields if len(fields) == len(pairs) else None


def _user(raw: str) -> tuple[int, str, str | None] | None:
    try:
        user = json.loads(raw)
    except ValueError:
        return None
    if not isinstance(user, dict):
        return None
    user_id, first_name, code = (
        user.get("id"),
        user.get("first_name", ""),
        user.get("language_code"),
    )
    if not isinstance(user_id, int) or isinstance(user_id, bool) or user_id <= 0:
        return None
    if not isinstance(first_name, str) or not (code is None or isinstance(code, str)):
        return None
    return user_id, first_name, code


def _language_hint(fields: dict[str, str]) -> str | None:
    user = _user(fields.get("user", ""))
    return None if user is None else user[2]


def verify_init_data(
    init_data: str, bot_token: str, now: datetime, max_age: timedelta
) -> WebAppUser | InitDataRefused:
    """The user Telegram vouches for in `init_data`, or why not. The hash is compared in
    constant time before anything else in the data is believed."""
    fields = _fields(init_data)
    if fields is None:
        return InitDataRefused(InitDataProblem.MALFORMED)
    hint = _language_hint(fields)
    given = fields.get("hash", "")
    expected = hmac.new(
        webapp_secret(bot_token), data_check_string(fields).encode(), hashlib.sha256
    ).hexdigest()
    if not hmac.compare_digest(given.lower().encode(), expected.encode()):
        return InitDataRefused(InitDataProblem.FORGED, hint)
    user = _user(fields.get("user", ""))
    auth = fields.get("auth_date", "")
    if user is None or not auth.isdigit():
        return InitDataRefused(InitDataProblem.MALFORMED, hint)
    auth_date = datetime.fromtimestamp(int(auth), UTC) if len(auth) <= 11 else None
    if auth_date is None or now - auth_date > max_age or auth_date - now > FUTURE_SKEW:
        return InitDataRefused(InitDataProblem.EXPIRED, hint)
    user_id, first_name, code = user
    return WebAppUser(user_id, first_name, code, auth_date)


# ------------------------------------------------------------------------------ sessions

_SESSION = struct.Struct(">QQQ2s")
"""Person id, their Telegram user id, expiry in Unix seconds, language."""
_SESSION_PURPOSE = b"dashboard-session:"
DOWNLOAD_PURPOSE = b"dashboard-download:"
"""A pass for the workbook alone: Telegram's own downloader fetches it without the cookie."""


@dataclass(frozen=True, slots=True)
class DashboardSession:
    person_id: int
    telegram_user_id: int
    """The account that opened it: a session ends when the person's account changes."""
    expires_at: datetime
    language: Language


def _session_mac(secret: bytes, body: bytes, purpose: bytes) -> bytes:
    return hmac.new(secret, purpose + body, hashlib.sha256).digest()


def issue_session(
    secret: bytes, session: DashboardSession, purpose: bytes = _SESSION_PURPOSE
) -> str:
    """A cookie value: the session, with a full-length HMAC of kinerja's secret. Another
    `purpose` (`DOWNLOAD_PURPOSE`) makes a token that only that purpose accepts."""
    body = _SESSION.pack(
        session.person_id,
        session.telegram_user_id,
        int(session.expires_at.timestamp()),
        session.language.value.encode(),
    )
    raw = body + _session_mac(secret, body, purpose)
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def read_session(
    secret: bytes, token: str, now: datetime, purpose: bytes = _SESSION_PURPOSE
) -> DashboardSession | None:
    """The session a cookie carries, or None: unsigned, changed, or over."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    except (binascii.Error, ValueError):
        return None
    if len(raw) != _SESSION.size + hashlib.sha256().digest_size:
        return None
    body, mac = raw[: _SESSION.size], raw[_SESSION.size :]
    if not hmac.compare_digest(mac, _session_mac(secret, body, purpose)):
        return None
    person_id, telegram_user_id, expires, code = _SESSION.unpack(body)
    expires_at = datetime.fromtimestamp(expires, UTC)
    language = next((lang for lang in Language if lang.value.encode() == code), None)
    if language is None or now >= expires_at:
        return None
    return DashboardSession(person_id, telegram_user_id, expires_at, language)
