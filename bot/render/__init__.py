"""Pure functions from a domain result and a text catalogue to a message: testable offline."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import InlineKeyboardMarkup

from bot.messaging.telegram_html import parse_html
from bot.texts.markup import Html


@dataclass(frozen=True, slots=True)
class Rendered:
    text: Html
    keyboard: InlineKeyboardMarkup | None = None


def plain_text(message: Html) -> str:
    """What the user reads of a message, as Telegram parses it: for a pop-up that shows a
    message's words (pop-ups are plain text) and for the terminal."""
    return parse_html(message).text
