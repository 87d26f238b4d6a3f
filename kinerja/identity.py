"""Keyed hashes that stand for a chat identity (UU 27/2022: store no more than needed).

A plain hash of a Telegram user id could be reversed by hashing every id; the key (a settings
secret) prevents that, and rotating it unlinks every stored identity at once.
"""

from __future__ import annotations

import hashlib
import hmac


def identity_hash(secret: bytes, telegram_user_id: int) -> str:
    return hmac.new(secret, b"tg:%d" % telegram_user_id, hashlib.sha256).hexdigest()
