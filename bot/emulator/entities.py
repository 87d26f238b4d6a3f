"""Text as Telegram stores it: entity parsing of the bot's HTML and Telegram's length limits.

The parser is the bot's own `bot.messaging.telegram_html`, so the emulator refuses exactly the
markup Telegram would refuse and counts length as Telegram does.
"""

from __future__ import annotations

from bot.emulator.errors import ApiError
from bot.emulator.messages import JSON
from bot.messaging.telegram_html import HtmlError, Parsed, parse_html, utf16_length

MESSAGE_LIMIT = 4096
CAPTION_LIMIT = 1024
"""Both in UTF-16 code units of the text after entity parsing, as Telegram counts."""


def stored_text(params: JSON, text: str) -> Parsed:
    """The text as Telegram stores it, in the parse mode the bot asked for."""
    mode = str(params.get("parse_mode") or "").lower()
    if not mode:
        return Parsed(text)
    if mode != "html":  # Markdown is not emulated; the bot never uses it
        raise ApiError(400, "Bad Request: unsupported parse_mode")
    try:
        return parse_html(text)
    except HtmlError as error:
        raise ApiError(400, f"Bad Request: can't parse entities: {error}") from None


def message_text(params: JSON, text: str) -> Parsed:
    result = stored_text(params, text)
    if not result.text.strip():
        raise ApiError(400, "Bad Request: message text is empty")
    if utf16_length(result.text) > MESSAGE_LIMIT:
        raise ApiError(400, "Bad Request: message is too long")
    return result


def caption_text(params: JSON) -> Parsed | None:
    value = params.get("caption")
    if value is None:
        return None
    result = stored_text(params, str(value))
    if utf16_length(result.text) > CAPTION_LIMIT:
        raise ApiError(400, "Bad Request: message caption is too long")
    return result
