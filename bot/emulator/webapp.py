"""What Telegram hands a Mini App it opens for a user: `Telegram.WebApp.initData`, signed.

Written from Telegram's description of the check
(https://core.telegram.org/bots/webapps#validating-data-received-via-the-mini-app) and kept
apart from `kinerja.miniapp`, so a test of that module against this one compares two readings of
the spec, not one code path with itself.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from typing import Any
from urllib.parse import quote


def signed_init_data(
    bot_token: str,
    user: dict[str, Any],
    *,
    auth_date: int | None = None,
    query_id: str = "AAHdF6IQAAAAAN0XohDhrOrc",
    extra: dict[str, str] | None = None,
) -> str:
    """The query string Telegram gives the Mini App of `bot_token`'s bot, opened by `user`
    (`{"id": …, "first_name": …, "language_code": …}`) at `auth_date` (Unix seconds, now when
    not given)."""
    fields = {
        "query_id": query_id,
        "user": json.dumps(user, separators=(",", ":"), ensure_ascii=False),
        "auth_date": str(int(time.time()) if auth_date is None else auth_date),
        **(extra or {}),
    }
    lines = [f"{name}={value}" for name, value in sorted(fields.items())]
    key = hmac.new(b"WebAppData", bot_token.encode(), hashlib.sha256).digest()
    fields["hash"] = hmac.new(key, "\n".join(lines).encode(), hashlib.sha256).hexdigest()
    return "&".join(f"{name}={quote(value, safe='')}" for name, value in fields.items())
