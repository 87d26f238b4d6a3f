"""The wire: the Bot API's HTTP routes (`/bot<token>/<method>`, `/file/bot<token>/<path>`) and
the driver's (`/_emulator/...`), which let another process act as a user."""

from __future__ import annotations

import asyncio
import contextlib
import json

import tornado.web

from bot.emulator.errors import ApiError, Unanswered
from bot.emulator.messages import JSON
from bot.emulator.methods import BotApi

UNANSWERED_LIMIT = 120.0
"""Seconds an unanswered request is held at most, if the client never gives up."""


def application(emulator: BotApi) -> tornado.web.Application:
    return tornado.web.Application(
        [
            (r"/bot([^/]+)/(\w+)", _MethodHandler, {"emulator": emulator}),
            (r"/file/bot([^/]+)/(.+)", _FileHandler, {"emulator": emulator}),
            (r"/_emulator/send", _DriverSendHandler, {"emulator": emulator}),
            (r"/_emulator/chats/(-?\d+)", _DriverChatHandler, {"emulator": emulator}),
        ]
    )


class _EmulatorHandler(tornado.web.RequestHandler):
    emulator: BotApi

    def initialize(self, emulator: BotApi) -> None:
        self.emulator = emulator

    def _reply(self, status: int, payload: JSON) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        _ = self.finish(json.dumps(payload))


class _MethodHandler(_EmulatorHandler):
    def initialize(self, emulator: BotApi) -> None:
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
        except Unanswered:
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
        data = self.emulator.store.file(path.rsplit("/", 1)[-1])
        if token != self.emulator.token or data is None:
            self.set_status(404)
            _ = self.finish()
            return
        self.set_header("Content-Type", "application/octet-stream")
        _ = self.finish(data)


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
