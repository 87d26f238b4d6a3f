"""Keyed hashes that stand for a chat identity (UU 27/2022: store no more than needed).

A plain hash of a Telegram user id could be reversed by hashing every id; the key (a settings
secret) prevents that, and rotating it unlinks every stored identity at once.
"""

from __future__ import annotations

import hashlib
import hmac


def identity_hash(secret: bytes, telegram_user_id: int) -> str:
    return hmac.new(secret, b"tg:%d" % telegram_user_id, hashlib.sha256).hexdigest()


def cooldown_marker(secret: bytes, telegram_user_id: int, unit_id: int) -> str:
    """ "This account rated this unit recently", kept after /hapus so deleting one's data does
    not reopen the survey. A different message from `identity_hash`, so without the key the
    two cannot be matched, and a response row (which /hapus leaves without any hash) cannot be
    linked to a marker."""
    message = b"survey-cooldown:%d:%d" % (unit_id, telegram_user_id)
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def browser_identity_hash(secret: bytes, browser_id: str) -> str:
    """The web survey's stand-in for `identity_hash`: a browser's random cookie id, keyed the
    same way, so a web respondent is as anonymous (and as linkable to their own survey)."""
    return hmac.new(secret, b"web:" + browser_id.encode(), hashlib.sha256).hexdigest()


def browser_cooldown_marker(secret: bytes, browser_id: str, unit_id: int) -> str:
    """`cooldown_marker` for a browser: its own message, so no Telegram marker can collide."""
    message = b"survey-cooldown-web:%d:" % unit_id + browser_id.encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()
