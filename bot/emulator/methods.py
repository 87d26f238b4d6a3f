"""The Bot API methods the bot calls, answered from the emulator's state as Telegram would."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

from bot.emulator.commands import CommandsKey, commands_key, menu_button, shown_in_private_chat
from bot.emulator.entities import caption_text, message_text
from bot.emulator.errors import ApiError, Unanswered
from bot.emulator.faults import FaultPlan
from bot.emulator.messages import JSON, SentMessage
from bot.emulator.params import chat_param, int_param, json_param, markup_param, str_param
from bot.emulator.store import ChatStore
from bot.emulator.updates import UpdateFeed, Webhook
from bot.emulator.users import EmulatedUser
from bot.messaging.telegram_html import Parsed


class BotApi:
    """One bot, many private chats: the Bot API side (`_api_<method>`, dispatched by name) and
    the driver side (users, their updates, what reached each chat) over the same state."""

    def __init__(
        self,
        token: str = "123456:TEST-TOKEN",  # noqa: S107 - a fake token for a local fake server
        *,
        bot_username: str = "kinerja_test_bot",
        latency: float = 0.0,
        faults: FaultPlan | None = None,
        max_messages_per_second: float | None = None,
        first_update_id: int | None = None,
    ) -> None:
        """`first_update_id`: where the update ids start (by default above any earlier
        emulator's, see `updates.first_update_id`); tests give one to replay Telegram's
        random restart of the ids."""
        self.token = token
        self.bot_id = int(token.split(":", 1)[0])
        self.bot_username = bot_username
        self.latency = latency
        self.faults = faults or FaultPlan()
        self.max_messages_per_second = max_messages_per_second
        self.calls: list[tuple[str, JSON]] = []
        self.commands: dict[CommandsKey, list[JSON]] = {}
        """Command lists by scope and language (`bot.emulator.commands.CommandsKey`)."""
        self.menu_buttons: dict[int | None, JSON] = {}
        """setChatMenuButton's buttons by chat (None: every private chat without its own)."""
        self.callback_answers: dict[str, JSON] = {}
        self.too_many_requests = 0
        self.held_requests = 0
        """Requests left unanswered because their user is `held`."""
        self.store = ChatStore()
        self.feed = UpdateFeed(first_update_id)
        self._sent_times: list[float] = []
        self.users: dict[int, EmulatedUser] = {}

    # ------------------------------------------------------------------ driver side

    def user(
        self, user_id: int, first_name: str = "Warga", *, language_code: str | None = "id"
    ) -> EmulatedUser:
        user = EmulatedUser(self, user_id, first_name, language_code)
        self.users[user_id] = user
        return user

    async def push_update(self, payload: JSON) -> int:
        """Queue one update (without its id) for the bot; returns the update id."""
        return await self.feed.push(payload)

    async def redeliver(self, update_id: int) -> None:
        """Send an update again with its own id, as Telegram does when its receipt was never
        confirmed (the bot crashed before the next offset or before answering the webhook)."""
        await self.feed.redeliver(update_id)

    def callback_answer(self, update_id: int) -> JSON | None:
        """The bot's answer to the button tap sent as `update_id` (its pop-up text, if any),
        once it came."""
        query = self.feed.sent.get(update_id, {}).get("callback_query")
        return None if query is None else self.callback_answers.get(query["id"])

    def next_message_id(self, chat_id: int) -> int:
        return self.store.next_message_id(chat_id)

    def message(self, chat_id: int, message_id: int) -> SentMessage | None:
        return self.store.message(chat_id, message_id)

    def messages_in(self, chat_id: int) -> list[SentMessage]:
        return self.store.messages_in(chat_id)

    def inbox(self, chat_id: int) -> asyncio.Queue[SentMessage]:
        return self.store.inbox(chat_id)

    def store_file(self, data: bytes, kind: str = "document") -> str:
        return self.store.store_file(data, kind)

    def menu(self, chat_id: int, language_code: str | None = None) -> list[JSON]:
        """The command menu the user's app shows in this private chat, for an app in
        `language_code` (the user's own, when not given)."""
        if language_code is None and chat_id in self.users:
            language_code = self.users[chat_id].language_code
        return shown_in_private_chat(self.commands, chat_id, language_code)

    @property
    def pending_updates(self) -> int:
        return self.feed.pending

    # ------------------------------------------------------------------ Bot API methods

    async def call(self, method: str, params: JSON) -> Any:
        self.calls.append((method, params))
        handler: Callable[[JSON], Any] | None = getattr(self, f"_api_{method.lower()}", None)
        if handler is None:
            raise ApiError(404, "Not Found: method not found")
        polling = method.lower() == "getupdates"
        if self.latency and not polling:
            await asyncio.sleep(self.latency)
        if not polling or self.faults.include_polling:
            fault = self.faults.draw()
            if fault == "429":
                raise ApiError(
                    429,
                    f"Too Many Requests: retry after {self.faults.retry_after}",
                    retry_after=self.faults.retry_after,
                )
            if fault == "5xx":
                raise ApiError(502, "Bad Gateway")
            if fault == "slow":
                await asyncio.sleep(self.faults.slow_seconds)
        result = handler(params)
        if asyncio.iscoroutine(result):
            result = await result
        return result

    def _bot_user(self) -> JSON:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": "Kinerja",
            "username": self.bot_username,
            "can_join_groups": False,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    def _api_getme(self, _: JSON) -> JSON:
        return self._bot_user()

    def _api_logout(self, _: JSON) -> bool:
        return True

    def _api_close(self, _: JSON) -> bool:
        return True

    async def _api_getupdates(self, params: JSON) -> list[JSON]:
        return await self.feed.get_updates(
            offset=int_param(params, "offset", 0),
            limit=int_param(params, "limit", 100),
            wait=float(params.get("timeout") or 0),
        )

    def _api_setwebhook(self, params: JSON) -> bool:
        url = str_param(params, "url")
        if not url:
            self.feed.webhook = None
            return True
        webhook = Webhook(
            url=url,
            secret_token=params.get("secret_token"),
            max_connections=int_param(params, "max_connections", 40),
        )
        self.feed.set_webhook(webhook, drop_pending=_flag(params, "drop_pending_updates"))
        return True

    def _api_deletewebhook(self, params: JSON) -> bool:
        self.feed.delete_webhook(drop_pending=_flag(params, "drop_pending_updates"))
        return True

    def _api_getwebhookinfo(self, _: JSON) -> JSON:
        webhook = self.feed.webhook
        return {
            "url": webhook.url if webhook else "",
            "has_custom_certificate": False,
            "pending_update_count": self.pending_updates,
            "max_connections": webhook.max_connections if webhook else 40,
        }

    def _api_setmycommands(self, params: JSON) -> bool:
        key = commands_key(params)
        self.commands[key] = list(json_param(params, "commands") or [])
        return True

    def _api_getmycommands(self, params: JSON) -> list[JSON]:
        return self.commands.get(commands_key(params), [])

    def _api_deletemycommands(self, params: JSON) -> bool:
        self.commands.pop(commands_key(params), None)
        return True

    def _api_setchatmenubutton(self, params: JSON) -> bool:
        chat = None if params.get("chat_id") in (None, "") else chat_param(params)
        if chat is not None and chat not in self.users:
            raise ApiError(400, "Bad Request: chat not found")
        self.menu_buttons[chat] = menu_button(params)
        return True

    def _api_getchatmenubutton(self, params: JSON) -> JSON:
        chat = None if params.get("chat_id") in (None, "") else chat_param(params)
        default = self.menu_buttons.get(None, {"type": "default"})
        return self.menu_buttons.get(chat, default) if chat is not None else default

    def _api_sendchataction(self, params: JSON) -> bool:
        chat_param(params)
        return True

    def _api_sendmessage(self, params: JSON) -> JSON:
        text = str_param(params, "text")
        return self._record_new(params, text=text, parsed=message_text(params, text))

    def _upload(self, params: JSON, field: str) -> bytes:
        """An uploaded file, or the file_id of one Telegram already has, sent by the method of
        its kind: a photo's file id cannot go out by sendDocument, nor a document's by
        sendPhoto."""
        value = params.get(field)
        if isinstance(value, bytes):
            return value
        data = self.store.file(str(value))
        if data is None:
            raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")
        if self.store.file_kind(str(value)) != field:
            raise ApiError(400, "Bad Request: type of file mismatch")
        return data

    def _api_sendphoto(self, params: JSON) -> JSON:
        parsed = caption_text(params)
        return self._record_new(params, photo=self._upload(params, "photo"), parsed=parsed)

    def _api_senddocument(self, params: JSON) -> JSON:
        parsed = caption_text(params)
        document = self._upload(params, "document")
        return self._record_new(
            params, document=document, name=params.get("_document_name"), parsed=parsed
        )

    def _api_editmessagetext(self, params: JSON) -> JSON:
        message = self._existing(params)
        text = str_param(params, "text")
        parsed = message_text(params, text)
        markup = markup_param(params)
        if message.parsed == parsed and message.reply_markup == markup:
            raise ApiError(400, "Bad Request: message is not modified")
        message.text = text
        message.parsed = parsed
        message.reply_markup = markup
        message.parse_mode = params.get("parse_mode")
        return self._publish_edit(message)

    def _api_editmessagereplymarkup(self, params: JSON) -> JSON:
        message = self._existing(params)
        markup = markup_param(params)
        if message.reply_markup == markup:
            raise ApiError(400, "Bad Request: message is not modified")
        message.reply_markup = markup
        return self._publish_edit(message)

    def _api_deletemessage(self, params: JSON) -> bool:
        message = self._existing(params)
        message.deleted = True
        return True

    def _api_answercallbackquery(self, params: JSON) -> bool:
        query_id = str_param(params, "callback_query_id")
        if query_id in self.callback_answers:
            raise ApiError(400, "Bad Request: query is too old and response timeout expired")
        self.callback_answers[query_id] = params
        return True

    def _api_getfile(self, params: JSON) -> JSON:
        file_id = str_param(params, "file_id")
        data = self.store.file(file_id)
        if data is None:
            raise ApiError(400, "Bad Request: invalid file_id")
        return {
            "file_id": file_id,
            "file_unique_id": file_id[::-1],
            "file_size": len(data),
            "file_path": f"files/{file_id}",
        }

    # ------------------------------------------------------------------ sending and editing

    def _existing(self, params: JSON) -> SentMessage:
        message = self.store.message(chat_param(params), int_param(params, "message_id", 0))
        if message is None or message.deleted:
            raise ApiError(400, "Bad Request: message to edit not found")
        return message

    def _throttle(self) -> None:
        if self.max_messages_per_second is None:
            return
        now = time.monotonic()
        self._sent_times = [t for t in self._sent_times if now - t < 1.0]
        if len(self._sent_times) >= self.max_messages_per_second:
            self.too_many_requests += 1
            raise ApiError(429, "Too Many Requests: retry after 1", retry_after=1)
        self._sent_times.append(now)

    def _record_new(
        self,
        params: JSON,
        *,
        text: str | None = None,
        photo: bytes | None = None,
        document: bytes | None = None,
        name: Any = None,
        parsed: Parsed | None = None,
    ) -> JSON:
        """A new message, unless the user's situation (blocked, unreachable, held) stops it."""
        chat_id = chat_param(params)
        user = self.users.get(chat_id)
        if user is None:
            raise ApiError(400, "Bad Request: chat not found")
        if user.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        if user.unreachable > 0:
            user.unreachable -= 1
            raise ApiError(502, "Bad Gateway")
        if user.held:
            self.held_requests += 1
            raise Unanswered
        caption = params.get("caption")
        self._throttle()
        message = SentMessage(
            chat_id=chat_id,
            message_id=self.store.next_message_id(chat_id),
            text=text,
            reply_markup=markup_param(params),
            parse_mode=params.get("parse_mode"),
            photo=photo,
            document=document,
            document_name=str(name) if name else None,
            caption=str(caption) if caption is not None else None,
            parsed=parsed,
        )
        self.store.add(message)
        answer = self.message_json(message)
        if user.late_answers > 0:
            user.late_answers -= 1
            raise Unanswered  # delivered, but the bot never learns it
        return answer

    def _publish_edit(self, message: SentMessage) -> JSON:
        self.store.publish_edit(message)
        return self.message_json(message)

    def message_json(self, message: SentMessage) -> JSON:
        """The message as the Bot API shows it, to the bot in answers and in callback queries."""
        user = self.users[message.chat_id]
        payload: JSON = {
            "message_id": message.message_id,
            "from": self._bot_user(),
            "chat": user.chat_json(),
            "date": int(time.time()),
        }
        entities = [e.as_json() for e in message.parsed.entities] if message.parsed else []
        if message.text is not None:
            payload["text"] = message.plain
            if entities:
                payload["entities"] = entities
        if message.caption is not None:
            payload["caption"] = message.plain
            if entities:
                payload["caption_entities"] = entities
        if message.photo is not None:
            file_id = self.store.store_file(message.photo, "photo")
            payload["photo"] = [
                {"file_id": file_id, "file_unique_id": file_id[::-1], "width": 800, "height": 600}
            ]
        if message.document is not None:
            file_id = self.store.store_file(message.document, "document")
            payload["document"] = {"file_id": file_id, "file_unique_id": file_id[::-1]}
        if message.reply_markup:
            payload["reply_markup"] = message.reply_markup
        return payload


def _flag(params: JSON, key: str) -> bool:
    return params.get(key) in (True, "true", "True")
