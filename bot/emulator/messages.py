"""A message the bot sent, as the emulator keeps it and as the user sees it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from bot.messaging.telegram_html import Parsed

JSON = dict[str, Any]


@dataclass(slots=True)
class SentMessage:
    """What the bot showed in a chat, kept current through edits."""

    chat_id: int
    message_id: int
    text: str | None
    """As the bot sent it: the HTML source when `parse_mode` is HTML."""
    reply_markup: JSON | None = None
    parse_mode: str | None = None
    photo: bytes | None = None
    document: bytes | None = None
    document_name: str | None = None
    caption: str | None = None
    """As the bot sent it, like `text`."""
    deleted: bool = False
    event: str = "sent"
    """"sent" for a new message, "edited" for an edit of an earlier one."""
    parsed: Parsed | None = None
    """The text or caption as Telegram stores it and the user reads it: after entity parsing."""

    @property
    def content(self) -> str:
        return self.text if self.text is not None else (self.caption or "")

    @property
    def plain(self) -> str:
        """What the user reads: the text or caption without markup."""
        return self.parsed.text if self.parsed is not None else self.content

    @property
    def buttons(self) -> list[JSON]:
        if not self.reply_markup:
            return []
        rows = self.reply_markup.get("inline_keyboard") or []
        return [button for row in rows for button in row]

    @property
    def button_texts(self) -> list[str]:
        return [b["text"] for b in self.buttons]


def snapshot(message: SentMessage, event: str) -> SentMessage:
    """A copy for the inbox, so later edits do not rewrite what the user saw then."""
    return replace(message, deleted=False, event=event)
