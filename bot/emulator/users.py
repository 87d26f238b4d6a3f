"""The driver: emulated people who talk to the bot the way the Telegram app would."""

from __future__ import annotations

import asyncio
import itertools
import secrets
import time
from typing import Any, Protocol

from bot.emulator.errors import EmulatorError
from bot.emulator.messages import JSON, SentMessage

_query_ids = itertools.count(1)


class Telegram(Protocol):
    """What a user needs from the emulator: the chats as Telegram keeps them, and a way to send.

    `BotApiEmulator` is one; naming the need here instead of importing it keeps this module
    free of the server, which creates the users."""

    def next_message_id(self, chat_id: int) -> int: ...

    def message(self, chat_id: int, message_id: int) -> SentMessage | None: ...

    def messages_in(self, chat_id: int) -> list[SentMessage]: ...

    def inbox(self, chat_id: int) -> asyncio.Queue[SentMessage]: ...

    def store_file(self, data: bytes, kind: str = "document") -> str: ...

    def message_json(self, message: SentMessage) -> JSON: ...

    async def push_update(self, payload: JSON) -> int: ...


class EmulatedUser:
    def __init__(
        self,
        emulator: Telegram,
        user_id: int,
        first_name: str,
        language_code: str | None,
    ) -> None:
        self.emulator = emulator
        self.id = user_id
        self.first_name = first_name
        self.language_code = language_code
        self.blocked = False
        """When true, the bot's messages to this user fail with 403, as after blocking a bot."""
        self.unreachable = 0
        """The bot's next this-many messages to this user fail with 502 (Telegram trouble)."""
        self.late_answers = 0
        """The bot's next this-many messages to this user arrive, but their answer never comes:
        the bot's request times out although the user has the message, the ambiguous outcome
        Telegram gives no way to resolve."""
        self.held = False
        """While true, the bot's messages to this user neither arrive nor get an answer (a
        stalled connection); each request ends when the bot gives up on it."""

    def user_json(self) -> dict[str, Any]:
        payload: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.language_code:
            payload["language_code"] = self.language_code
        return payload

    def chat_json(self) -> dict[str, Any]:
        return {"id": self.id, "type": "private", "first_name": self.first_name}

    def _message(self, **content: Any) -> dict[str, Any]:
        return {
            "message_id": self.emulator.next_message_id(self.id),
            "from": self.user_json(),
            "chat": self.chat_json(),
            "date": int(time.time()),
            **content,
        }

    # ------------------------------------------------------------------ acting

    async def send(self, text: str) -> int:
        content: dict[str, Any] = {"text": text}
        if text.startswith("/"):
            command = text.split()[0]
            content["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return await self.emulator.push_update({"message": self._message(**content)})

    async def start(self, payload: str | None = None) -> int:
        """Open the bot, or a `t.me/<bot>?start=<payload>` deep link."""
        return await self.send("/start" if payload is None else f"/start {payload}")

    async def press(self, message: SentMessage | int, button: str) -> int:
        """Tap a button, by its text or its callback data, on a message the bot sent."""
        message_id = message if isinstance(message, int) else message.message_id
        current = self.emulator.message(self.id, message_id)
        if current is None or current.deleted:
            raise EmulatorError(f"the bot never sent message {message_id} to {self.id}")
        for candidate in current.buttons:
            if button in (candidate["text"], candidate.get("callback_data")):
                if "callback_data" not in candidate:
                    raise EmulatorError(f"button {button!r} is a link, not a callback")
                return await self.press_data(message_id, candidate["callback_data"])
        raise EmulatorError(
            f"message {message_id} has no button {button!r}; it has {current.button_texts}"
        )

    async def press_data(self, message_id: int, data: str) -> int:
        """Send a callback query with any data: for replays and forgeries in tests."""
        current = self.emulator.message(self.id, message_id)
        message_json: dict[str, Any]
        if current is None:
            message_json = {"message_id": message_id, "chat": self.chat_json(), "date": 0}
        else:
            message_json = self.emulator.message_json(current)
        query = {
            "id": f"{self.id}-{next(_query_ids)}",
            "from": self.user_json(),
            "message": message_json,
            "chat_instance": str(self.id),
            "data": data,
        }
        return await self.emulator.push_update({"callback_query": query})

    async def send_photo(self, data: bytes, caption: str | None = None) -> int:
        file_id = self.emulator.store_file(data, "photo")
        content: dict[str, Any] = {
            "photo": [
                {
                    "file_id": file_id,
                    "file_unique_id": secrets.token_hex(4),
                    "width": 1280,
                    "height": 960,
                    "file_size": len(data),
                }
            ]
        }
        if caption is not None:
            content["caption"] = caption
        return await self.emulator.push_update({"message": self._message(**content)})

    async def send_sticker(self) -> int:
        sticker = {
            "file_id": self.emulator.store_file(b"sticker", "sticker"),
            "file_unique_id": "s1",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
        }
        return await self.emulator.push_update({"message": self._message(sticker=sticker)})

    async def send_voice(self, seconds: int = 3) -> int:
        voice = {
            "file_id": self.emulator.store_file(b"ogg", "voice"),
            "file_unique_id": "v1",
            "duration": seconds,
        }
        return await self.emulator.push_update({"message": self._message(voice=voice)})

    async def send_document(self, data: bytes, file_name: str) -> int:
        document = {
            "file_id": self.emulator.store_file(data),
            "file_unique_id": "d1",
            "file_name": file_name,
            "file_size": len(data),
        }
        return await self.emulator.push_update({"message": self._message(document=document)})

    # ------------------------------------------------------------------ observing

    async def next_message(self, within: float = 5.0) -> SentMessage:
        """The bot's next new or edited message in this chat."""
        try:
            return await asyncio.wait_for(self.emulator.inbox(self.id).get(), within)
        except TimeoutError:
            raise EmulatorError(f"no message from the bot to {self.id} within {within} s") from None

    async def next_new_message(self, within: float = 5.0) -> SentMessage:
        """The bot's next new message, passing over edits of earlier ones."""
        while True:
            message = await self.next_message(within)
            if message.event == "sent":
                return message

    async def expect_silence(self, within: float = 0.3) -> None:
        try:
            message = await asyncio.wait_for(self.emulator.inbox(self.id).get(), within)
        except TimeoutError:
            return
        raise EmulatorError(f"expected no message, got {message.content!r}")

    def drain(self) -> list[SentMessage]:
        inbox = self.emulator.inbox(self.id)
        drained: list[SentMessage] = []
        while not inbox.empty():
            drained.append(inbox.get_nowait())
        return drained

    @property
    def last_message(self) -> SentMessage:
        messages = self.emulator.messages_in(self.id)
        if not messages:
            raise EmulatorError(f"the bot has sent nothing to {self.id}")
        return messages[-1]
