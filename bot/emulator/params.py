"""Reading a method's parameters as Telegram does, whichever body (JSON, form, multipart,
query) they came in."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from bot.emulator.errors import ApiError
from bot.emulator.messages import JSON

CALLBACK_DATA_LIMIT = 64
"""Bytes of a button's callback_data, at least 1."""


def str_param(params: Mapping[str, Any], key: str) -> str:
    value = params.get(key)
    return "" if value is None else str(value)


def int_param(params: Mapping[str, Any], key: str, default: int) -> int:
    value = params.get(key)
    if value in (None, ""):
        return default
    try:
        return int(str(value))
    except ValueError:
        raise ApiError(400, f"Bad Request: {key} must be an integer") from None


def json_param(params: Mapping[str, Any], key: str) -> Any:
    """Structured parameters arrive JSON-encoded in form and multipart bodies."""
    value = params.get(key)
    if isinstance(value, str):
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            raise ApiError(400, f"Bad Request: can't parse {key} JSON object") from None
    return value


def chat_param(params: JSON) -> int:
    value = params.get("chat_id")
    try:
        return int(str(value))
    except ValueError:
        raise ApiError(400, "Bad Request: chat not found") from None


def markup_param(params: JSON) -> JSON | None:
    """The keyboard, refused as Telegram refuses callback data it cannot carry."""
    markup = json_param(params, "reply_markup")
    if markup and "inline_keyboard" in markup:
        for row in markup["inline_keyboard"]:
            for button in row:
                data = button.get("callback_data")
                if data is not None and not 1 <= len(data.encode()) <= CALLBACK_DATA_LIMIT:
                    raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
                url = (button.get("web_app") or {}).get("url", "https://")
                if "web_app" in button and not (
                    isinstance(url, str) and url.startswith("https://") and len(url) > 8
                ):
                    raise ApiError(
                        400,
                        f"Bad Request: inline keyboard button Web App URL '{url}' is invalid: "
                        "Only HTTPS links are allowed",
                    )
    return markup if isinstance(markup, dict) else None
