"""The chats' state: every message the bot sent, each chat's inbox, and the files Telegram holds."""

from __future__ import annotations

import asyncio
import itertools
import secrets
from collections import defaultdict

from bot.emulator.messages import SentMessage, snapshot


class ChatStore:
    """Message ids count per chat and serve both sides, as in Telegram's private chats."""

    def __init__(self) -> None:
        self._message_ids: dict[int, itertools.count[int]] = defaultdict(lambda: itertools.count(1))
        self._messages: dict[tuple[int, int], SentMessage] = {}
        self._by_chat: dict[int, list[SentMessage]] = defaultdict(list)
        self._inbox: dict[int, asyncio.Queue[SentMessage]] = defaultdict(asyncio.Queue)
        self._files: dict[str, tuple[bytes, str]] = {}

    def next_message_id(self, chat_id: int) -> int:
        return next(self._message_ids[chat_id])

    def message(self, chat_id: int, message_id: int) -> SentMessage | None:
        return self._messages.get((chat_id, message_id))

    def messages_in(self, chat_id: int) -> list[SentMessage]:
        return [m for m in self._by_chat.get(chat_id, []) if not m.deleted]

    def inbox(self, chat_id: int) -> asyncio.Queue[SentMessage]:
        return self._inbox[chat_id]

    def add(self, message: SentMessage) -> None:
        """Keep a new message from the bot and put it in its chat's inbox."""
        self._messages[(message.chat_id, message.message_id)] = message
        self._by_chat[message.chat_id].append(message)  # message ids only grow
        self._inbox[message.chat_id].put_nowait(snapshot(message, "sent"))

    def publish_edit(self, message: SentMessage) -> None:
        self._inbox[message.chat_id].put_nowait(snapshot(message, "edited"))

    def store_file(self, data: bytes, kind: str = "document") -> str:
        """Keep a file and the kind Telegram knows it as ("photo", "document", "sticker",
        "voice"): a file id is sent again only by the method of its kind."""
        file_id = "F" + secrets.token_urlsafe(12)
        self._files[file_id] = (data, kind)
        return file_id

    def file(self, file_id: str) -> bytes | None:
        found = self._files.get(file_id)
        return None if found is None else found[0]

    def file_kind(self, file_id: str) -> str | None:
        found = self._files.get(file_id)
        return None if found is None else found[1]
