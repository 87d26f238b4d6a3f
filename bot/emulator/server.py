"""The emulator's HTTP server and state."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import random
import secrets
import time
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import httpx
import tornado.httpserver
import tornado.netutil
import tornado.web

from bot.messaging.telegram_html import HtmlError, Parsed, parse_html, utf16_length

if TYPE_CHECKING:
    from bot.emulator.users import EmulatedUser

JSON = dict[str, Any]

MESSAGE_LIMIT = 4096
CAPTION_LIMIT = 1024
"""Both in UTF-16 code units of the text after entity parsing, as Telegram counts."""
CALLBACK_DATA_LIMIT = 64


class EmulatorError(AssertionError):
    """A test drove the emulator into something Telegram would not allow."""


UNANSWERED_LIMIT = 120.0
"""Seconds an unanswered request is held at most, if the client never gives up."""


class _Unanswered(Exception):
    """The request gets no answer: the handler holds it until the client gives up."""


class ApiError(Exception):
    def __init__(self, code: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.retry_after = retry_after


@dataclass(slots=True)
class FaultPlan:
    """Faults injected into the bot's calls (not into getUpdates unless `include_polling`)."""

    rate_429: float = 0.0
    rate_5xx: float = 0.0
    rate_slow: float = 0.0
    slow_seconds: float = 2.0
    retry_after: int = 1
    include_polling: bool = False
    seed: int = 0
    _random: random.Random = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._random = random.Random(self.seed)  # noqa: S311 - fault injection, not security

    def draw(self) -> str | None:
        roll = self._random.random()
        for kind, rate in (
            ("429", self.rate_429),
            ("5xx", self.rate_5xx),
            ("slow", self.rate_slow),
        ):
            if roll < rate:
                return kind
            roll -= rate
        return None


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


@dataclass(slots=True)
class _Webhook:
    url: str
    secret_token: str | None
    max_connections: int


class BotApiEmulator:
    """One bot, many private chats. Start it, point the bot's base URL at `url`."""

    def __init__(
        self,
        token: str = "123456:TEST-TOKEN",  # noqa: S107 - a fake token for a local fake server
        *,
        bot_username: str = "kinerja_test_bot",
        latency: float = 0.0,
        faults: FaultPlan | None = None,
        max_messages_per_second: float | None = None,
    ) -> None:
        self.token = token
        self.bot_id = int(token.split(":", 1)[0])
        self.bot_username = bot_username
        self.latency = latency
        self.faults = faults or FaultPlan()
        self.max_messages_per_second = max_messages_per_second
        self.calls: list[tuple[str, JSON]] = []
        self.commands: dict[tuple[str, str], list[JSON]] = {}
        self.callback_answers: dict[str, JSON] = {}
        self.too_many_requests = 0
        self.held_requests = 0
        """Requests left unanswered because their user is `held`."""
        self._updates: list[JSON] = []
        self._update_ids = itertools.count(1)
        self._new_update = asyncio.Condition()
        self._message_ids: dict[int, itertools.count[int]] = defaultdict(lambda: itertools.count(1))
        self._messages: dict[tuple[int, int], SentMessage] = {}
        self._by_chat: dict[int, list[SentMessage]] = defaultdict(list)
        self._inbox: dict[int, asyncio.Queue[SentMessage]] = defaultdict(asyncio.Queue)
        self._files: dict[str, bytes] = {}
        self._webhook: _Webhook | None = None
        self._webhook_tasks: set[asyncio.Task[None]] = set()
        self._webhook_client: httpx.AsyncClient | None = None
        self._sent_times: list[float] = []
        self._server: tornado.httpserver.HTTPServer | None = None
        self._closing = False
        self.port = 0
        self.users: dict[int, EmulatedUser] = {}
        self.sent_updates: dict[int, JSON] = {}
        """Every update the users sent, by id (a driver compares these with the database)."""

    # ------------------------------------------------------------------ lifecycle

    @property
    def url(self) -> str:
        """Root of the Bot API, for TELEGRAM_API_URL."""
        return f"http://127.0.0.1:{self.port}"

    async def start(self, port: int = 0) -> None:
        app = tornado.web.Application(
            [
                (r"/bot([^/]+)/(\w+)", _MethodHandler, {"emulator": self}),
                (r"/file/bot([^/]+)/(.+)", _FileHandler, {"emulator": self}),
                (r"/_emulator/send", _DriverSendHandler, {"emulator": self}),
                (r"/_emulator/chats/(-?\d+)", _DriverChatHandler, {"emulator": self}),
            ]
        )
        sockets = tornado.netutil.bind_sockets(port, "127.0.0.1")
        self.port = sockets[0].getsockname()[1]
        self._server = tornado.httpserver.HTTPServer(app, max_body_size=60 * 1024 * 1024)
        self._server.add_sockets(sockets)
        self._webhook_client = httpx.AsyncClient(timeout=10)

    async def stop(self) -> None:
        self._closing = True
        async with self._new_update:
            self._new_update.notify_all()  # long polls return now instead of being cut off
        for task in list(self._webhook_tasks):
            task.cancel()
        for task in list(self._webhook_tasks):
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if self._server is not None:
            self._server.stop()
            await self._server.close_all_connections()
        if self._webhook_client is not None:
            await self._webhook_client.aclose()

    async def __aenter__(self) -> BotApiEmulator:
        await self.start()
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.stop()

    # ------------------------------------------------------------------ driver side

    def user(
        self, user_id: int, first_name: str = "Warga", *, language_code: str | None = "id"
    ) -> EmulatedUser:
        from bot.emulator.users import EmulatedUser

        user = EmulatedUser(self, user_id, first_name, language_code)
        self.users[user_id] = user
        return user

    async def push_update(self, payload: JSON) -> int:
        """Queue one update (without its id) for the bot; returns the update id."""
        update = {"update_id": next(self._update_ids), **payload}
        self.sent_updates[update["update_id"]] = update
        if self._webhook is not None:
            task = asyncio.get_running_loop().create_task(self._deliver(update))
            self._webhook_tasks.add(task)
            task.add_done_callback(self._webhook_tasks.discard)
        else:
            async with self._new_update:
                self._updates.append(update)
                self._new_update.notify_all()
        return int(update["update_id"])

    async def redeliver(self, update_id: int) -> None:
        """Send an update again with its own id, as Telegram does when its receipt was never
        confirmed (the bot crashed before the next offset or before answering the webhook)."""
        update = self.sent_updates[update_id]
        async with self._new_update:
            self._updates.append(update)
            self._new_update.notify_all()

    def next_message_id(self, chat_id: int) -> int:
        return next(self._message_ids[chat_id])

    def message(self, chat_id: int, message_id: int) -> SentMessage | None:
        return self._messages.get((chat_id, message_id))

    def messages_in(self, chat_id: int) -> list[SentMessage]:
        return [m for m in self._by_chat.get(chat_id, []) if not m.deleted]

    def inbox(self, chat_id: int) -> asyncio.Queue[SentMessage]:
        return self._inbox[chat_id]

    def store_file(self, data: bytes) -> str:
        file_id = "F" + secrets.token_urlsafe(12)
        self._files[file_id] = data
        return file_id

    def file_bytes(self, file_id: str) -> bytes:
        return self._files[file_id]

    @property
    def pending_updates(self) -> int:
        return len(self._updates) + len(self._webhook_tasks)

    # ------------------------------------------------------------------ webhook delivery

    async def _deliver(self, update: JSON) -> None:
        """POST until the bot answers 2xx, as Telegram retries a failing webhook."""
        assert self._webhook is not None  # noqa: S101 - set before delivery starts
        assert self._webhook_client is not None  # noqa: S101
        headers = {"Content-Type": "application/json"}
        if self._webhook.secret_token:
            headers["X-Telegram-Bot-Api-Secret-Token"] = self._webhook.secret_token
        delay = 0.05
        while True:
            with contextlib.suppress(httpx.HTTPError):
                response = await self._webhook_client.post(
                    self._webhook.url, content=json.dumps(update), headers=headers
                )
                if response.status_code < 300:
                    return
            await asyncio.sleep(delay)
            delay = min(delay * 2, 2.0)

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
        if self._webhook is not None:
            raise ApiError(409, "Conflict: can't use getUpdates method while webhook is active")
        offset = _int(params, "offset", 0)
        limit = _int(params, "limit", 100)
        timeout = float(params.get("timeout") or 0)
        async with self._new_update:
            if offset:
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
            if not self._updates and timeout > 0 and not self._closing:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._new_update.wait(), timeout)
            return self._updates[:limit]

    def _api_setwebhook(self, params: JSON) -> bool:
        url = _str(params, "url")
        if not url:
            self._webhook = None
            return True
        if params.get("drop_pending_updates") in (True, "true", "True"):
            self._updates.clear()
        self._webhook = _Webhook(
            url=url,
            secret_token=params.get("secret_token"),
            max_connections=_int(params, "max_connections", 40),
        )
        pending, self._updates = self._updates, []
        for update in pending:
            task = asyncio.get_running_loop().create_task(self._deliver(update))
            self._webhook_tasks.add(task)
            task.add_done_callback(self._webhook_tasks.discard)
        return True

    def _api_deletewebhook(self, params: JSON) -> bool:
        self._webhook = None
        if params.get("drop_pending_updates") in (True, "true", "True"):
            self._updates.clear()
        return True

    def _api_getwebhookinfo(self, _: JSON) -> JSON:
        return {
            "url": self._webhook.url if self._webhook else "",
            "has_custom_certificate": False,
            "pending_update_count": self.pending_updates,
            "max_connections": self._webhook.max_connections if self._webhook else 40,
        }

    def _api_setmycommands(self, params: JSON) -> bool:
        scope = _json(params, "scope") or {"type": "default"}
        key = (str(scope.get("type")), str(params.get("language_code") or ""))
        self.commands[key] = list(_json(params, "commands") or [])
        return True

    def _api_getmycommands(self, params: JSON) -> list[JSON]:
        scope = _json(params, "scope") or {"type": "default"}
        return self.commands.get(
            (str(scope.get("type")), str(params.get("language_code") or "")), []
        )

    def _api_deletemycommands(self, params: JSON) -> bool:
        scope = _json(params, "scope") or {"type": "default"}
        self.commands.pop((str(scope.get("type")), str(params.get("language_code") or "")), None)
        return True

    def _api_sendchataction(self, params: JSON) -> bool:
        self._chat_id(params)
        return True

    def _api_sendmessage(self, params: JSON) -> JSON:
        text = _str(params, "text")
        return self._record_new(params, text=text, parsed=_message_text(params, text))

    def _upload(self, params: JSON, field: str) -> bytes:
        """An uploaded file, or the file_id of one Telegram already has."""
        value = params.get(field)
        data = value if isinstance(value, bytes) else self._files.get(str(value))
        if data is None:
            raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")
        return data

    def _api_sendphoto(self, params: JSON) -> JSON:
        parsed = _caption(params)
        return self._record_new(params, photo=self._upload(params, "photo"), parsed=parsed)

    def _api_senddocument(self, params: JSON) -> JSON:
        parsed = _caption(params)
        document = self._upload(params, "document")
        return self._record_new(
            params, document=document, name=params.get("_document_name"), parsed=parsed
        )

    def _api_editmessagetext(self, params: JSON) -> JSON:
        message = self._existing(params)
        text = _str(params, "text")
        parsed = _message_text(params, text)
        markup = self._markup(params)
        if message.parsed == parsed and message.reply_markup == markup:
            raise ApiError(400, "Bad Request: message is not modified")
        message.text = text
        message.parsed = parsed
        message.reply_markup = markup
        message.parse_mode = params.get("parse_mode")
        return self._publish_edit(message)

    def _api_editmessagereplymarkup(self, params: JSON) -> JSON:
        message = self._existing(params)
        markup = self._markup(params)
        if message.reply_markup == markup:
            raise ApiError(400, "Bad Request: message is not modified")
        message.reply_markup = markup
        return self._publish_edit(message)

    def _api_deletemessage(self, params: JSON) -> bool:
        message = self._existing(params)
        message.deleted = True
        return True

    def _api_answercallbackquery(self, params: JSON) -> bool:
        query_id = _str(params, "callback_query_id")
        if query_id in self.callback_answers:
            raise ApiError(400, "Bad Request: query is too old and response timeout expired")
        self.callback_answers[query_id] = params
        return True

    def _api_getfile(self, params: JSON) -> JSON:
        file_id = _str(params, "file_id")
        if file_id not in self._files:
            raise ApiError(400, "Bad Request: invalid file_id")
        return {
            "file_id": file_id,
            "file_unique_id": file_id[::-1],
            "file_size": len(self._files[file_id]),
            "file_path": f"files/{file_id}",
        }

    # ------------------------------------------------------------------ helpers

    def _chat_id(self, params: JSON) -> int:
        chat_id = params.get("chat_id")
        try:
            return int(str(chat_id))
        except ValueError:
            raise ApiError(400, "Bad Request: chat not found") from None

    def _markup(self, params: JSON) -> JSON | None:
        markup = _json(params, "reply_markup")
        if markup and "inline_keyboard" in markup:
            for row in markup["inline_keyboard"]:
                for button in row:
                    data = button.get("callback_data")
                    if data is not None and not 1 <= len(data.encode()) <= CALLBACK_DATA_LIMIT:
                        raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
        return markup if isinstance(markup, dict) else None

    def _existing(self, params: JSON) -> SentMessage:
        key = (self._chat_id(params), _int(params, "message_id", 0))
        message = self._messages.get(key)
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
        chat_id = self._chat_id(params)
        if chat_id not in self.users:
            raise ApiError(400, "Bad Request: chat not found")
        if self.users[chat_id].blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        if self.users[chat_id].unreachable > 0:
            self.users[chat_id].unreachable -= 1
            raise ApiError(502, "Bad Gateway")
        if self.users[chat_id].held:
            self.held_requests += 1
            raise _Unanswered
        caption = params.get("caption")
        self._throttle()
        message = SentMessage(
            chat_id=chat_id,
            message_id=self.next_message_id(chat_id),
            text=text,
            reply_markup=self._markup(params),
            parse_mode=params.get("parse_mode"),
            photo=photo,
            document=document,
            document_name=str(name) if name else None,
            caption=str(caption) if caption is not None else None,
            parsed=parsed,
        )
        self._messages[(chat_id, message.message_id)] = message
        self._by_chat[chat_id].append(message)  # message ids only grow
        self._inbox[chat_id].put_nowait(_snapshot(message, "sent"))
        answer = self._message_json(message)
        if self.users[chat_id].late_answers > 0:
            self.users[chat_id].late_answers -= 1
            raise _Unanswered  # delivered, but the bot never learns it
        return answer

    def _publish_edit(self, message: SentMessage) -> JSON:
        self._inbox[message.chat_id].put_nowait(_snapshot(message, "edited"))
        return self._message_json(message)

    def _message_json(self, message: SentMessage) -> JSON:
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
            file_id = self.store_file(message.photo)
            payload["photo"] = [
                {"file_id": file_id, "file_unique_id": file_id[::-1], "width": 800, "height": 600}
            ]
        if message.document is not None:
            file_id = self.store_file(message.document)
            payload["document"] = {"file_id": file_id, "file_unique_id": file_id[::-1]}
        if message.reply_markup:
            payload["reply_markup"] = message.reply_markup
        return payload


def _snapshot(message: SentMessage, event: str) -> SentMessage:
    """A copy for the inbox, so later edits do not rewrite what the user saw then."""
    return SentMessage(
        chat_id=message.chat_id,
        message_id=message.message_id,
        text=message.text,
        reply_markup=message.reply_markup,
        parse_mode=message.parse_mode,
        photo=message.photo,
        document=message.document,
        document_name=message.document_name,
        caption=message.caption,
        event=event,
        parsed=message.parsed,
    )


def _parsed(params: JSON, text: str) -> Parsed:
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


def _message_text(params: JSON, text: str) -> Parsed:
    parsed = _parsed(params, text)
    if not parsed.text.strip():
        raise ApiError(400, "Bad Request: message text is empty")
    if utf16_length(parsed.text) > MESSAGE_LIMIT:
        raise ApiError(400, "Bad Request: message is too long")
    return parsed


def _caption(params: JSON) -> Parsed | None:
    caption = params.get("caption")
    if caption is None:
        return None
    parsed = _parsed(params, str(caption))
    if utf16_length(parsed.text) > CAPTION_LIMIT:
        raise ApiError(400, "Bad Request: message caption is too long")
    return parsed


def _str(params: Mapping[str, Any], key: str) -> str:
    value = params.get(key)
    return "" if value is None else str(value)


def _int(params: Mapping[str, Any], key: str, default: int) -> int:
    value = params.get(key)
    if value in (None, ""):
        return default
    try:
        return int(str(value))
    except ValueError:
        raise ApiError(400, f"Bad Request: {key} must be an integer") from None


def _json(params: Mapping[str, Any], key: str) -> Any:
    """Structured parameters arrive JSON-encoded in form and multipart bodies."""
    value = params.get(key)
    if isinstance(value, str):
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            raise ApiError(400, f"Bad Request: can't parse {key} JSON object") from None
    return value


# ---------------------------------------------------------------------- HTTP handlers


class _EmulatorHandler(tornado.web.RequestHandler):
    emulator: BotApiEmulator

    def initialize(self, emulator: BotApiEmulator) -> None:
        self.emulator = emulator

    def _reply(self, status: int, payload: JSON) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        _ = self.finish(json.dumps(payload))


class _MethodHandler(_EmulatorHandler):
    def initialize(self, emulator: BotApiEmulator) -> None:
        super().initialize(emulator)
        self._client_gone = asyncio.Event()

    def on_connection_close(self) -> None:
        self._client_gone.set()

    async def get(self, token: str, method: str) -> None:
        await self.post(token, method)

    async def post(self, token: str, method: str) -> None:
        if token != self.emulator.token:
            self._reply(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
            return
        try:
            params = self._params()
            result = await self.emulator.call(method, params)
        except ApiError as error:
            payload: JSON = {
                "ok": False,
                "error_code": error.code,
                "description": error.description,
            }
            if error.retry_after is not None:
                payload["parameters"] = {"retry_after": error.retry_after}
            self._reply(error.code if error.code >= 400 else 400, payload)
            return
        except _Unanswered:
            # Held until the client's read timeout closes the connection; nothing is written.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._client_gone.wait(), UNANSWERED_LIMIT)
            self._reply(504, {"ok": False, "error_code": 504, "description": "Gateway Timeout"})
            return
        self._reply(200, {"ok": True, "result": result})

    def _params(self) -> JSON:
        params: JSON = {}
        content_type = self.request.headers.get("Content-Type", "")
        if content_type.startswith("application/json") and self.request.body:
            try:
                params.update(json.loads(self.request.body))
            except json.JSONDecodeError:
                raise ApiError(400, "Bad Request: invalid JSON") from None
        for key, values in self.request.query_arguments.items():
            params[key] = values[-1].decode()
        for key, values in self.request.body_arguments.items():
            params[key] = values[-1].decode()
        for key, files in self.request.files.items():
            params[key] = files[0].body
            if key == "document":
                params["_document_name"] = files[0].filename
        for key, value in list(params.items()):
            if isinstance(value, str) and value.startswith("attach://"):
                attached = self.request.files.get(value.removeprefix("attach://"))
                if attached:
                    params[key] = attached[0].body
        return params


class _FileHandler(_EmulatorHandler):
    def get(self, token: str, path: str) -> None:
        file_id = path.rsplit("/", 1)[-1]
        if token != self.emulator.token or file_id not in self.emulator._files:
            self.set_status(404)
            _ = self.finish()
            return
        self.set_header("Content-Type", "application/octet-stream")
        _ = self.finish(self.emulator._files[file_id])


class _DriverSendHandler(_EmulatorHandler):
    """Lets another process (a terminal chat, a manual check) act as a user."""

    async def post(self) -> None:
        body = json.loads(self.request.body or b"{}")
        user_id = int(body["user_id"])
        user = self.emulator.users.get(user_id) or self.emulator.user(
            user_id, body.get("first_name", "Warga"), language_code=body.get("language_code", "id")
        )
        if "callback_data" in body:
            await user.press_data(int(body["message_id"]), str(body["callback_data"]))
        else:
            await user.send(str(body["text"]))
        self._reply(200, {"ok": True})


class _DriverChatHandler(_EmulatorHandler):
    def get(self, chat_id: str) -> None:
        messages = self.emulator.messages_in(int(chat_id))
        self._reply(
            200,
            {
                "ok": True,
                "result": [
                    {"message_id": m.message_id, "text": m.plain, "buttons": m.buttons}
                    for m in messages
                ],
            },
        )
