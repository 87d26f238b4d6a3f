"""The survey floor: kinerja's citizen survey on bare PTB, kept in a dict, no database.

`python -m bench.survey_floor URL TOKEN [--webhook SECRET]`; stops on SIGTERM.

What a bare bot needs to run the same survey, and no more: the deep link's `/start` answered
with the consent and its two buttons, the consent tap with the first question, each tap with
answerCallbackQuery and an edit to the next question, typed minutes of waiting with a new
message (the old one's keyboard retired), through to the thanks. The messages are kinerja's
own: the survey moves by `kinerja.survey_flow.apply_tap` on an in-memory `SurveyResponse` and
is drawn by `bot.render.citizen`, so texts, keyboards and callback data have the same shape and
size, and the rules and rendering cost the floor what they cost kinerja. What the floor leaves
out is what kinerja adds around them: the database and its ledger, the sender's pace, the
handler groups and guards, the log line of each update.

It is built as kinerja's `bot.app` builds its Application (the same HTTP pool, 16; the same
`FairUpdateProcessor` with 64 slots, so different users run in parallel and each user's
updates in order) and receives updates the same way: polling that keeps fetching while updates
are in hand and confirms only what is handled (kinerja's `DurablePoller` without its ledger),
or a webhook served by the same uvicorn server, answered once the update is handled. Importing
kinerja's renderer imports SQLAlchemy too (the use cases' modules); no engine is ever made, but
the floor's RSS is not a bare PTB bot's (`bench/echo_bot.py` is that).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import functools
import hmac
import json
import signal
import time
import warnings
from collections.abc import AsyncIterator, Mapping
from datetime import UTC, datetime
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from telegram import Bot, CallbackQuery, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, NetworkError, TimedOut
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    MessageHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from bot.files.catalogue import EXAMPLE, read_catalog
from bot.render import Rendered
from bot.render import callback_data as cd
from bot.render import citizen as views
from bot.runtime.processing import FairUpdateProcessor, sender_of
from bot.settings import Settings
from bot.texts import Texts, texts_for
from bot.usecases.survey import AskConsent, Finished, Question, Refused
from bot.web.server import WebServer
from kinerja.survey import (
    AnswerProblem,
    Note,
    Refusal,
    Status,
    Step,
    SurveyResponse,
    parse_waiting_minutes,
    survey_plan,
)
from kinerja.survey_flow import Tap, apply_tap, current_step, record_waiting
from kinerja.tokens import UnitEntry, parse_start_payload
from kinerja.types import Language, UnitRecord

# `Poller` calls getUpdates through `do_api_request` on purpose (unparsed), as kinerja's.
warnings.filterwarnings("ignore", message=r"Please use 'Bot\.getUpdates'", category=PTBUserWarning)

ALLOWED_UPDATES = ["message", "callback_query"]
WEBHOOK_PATH = "/telegram"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 - its name, not a secret

Outcome = AskConsent | Question | Finished | Refused
Context = ContextTypes.DEFAULT_TYPE


def _default(field: str) -> Any:
    """kinerja's default for a setting, read from its settings class (no environment read)."""
    return Settings.model_fields[field].default


def catalogue_units() -> dict[str, UnitRecord]:
    """The example catalogue's units by code, numbered in catalogue order as `bench` stores
    them, so the consent's callback data carries an id of the same size as kinerja's."""
    units = read_catalog(EXAMPLE).units
    return {unit.code: UnitRecord(i, unit) for i, unit in enumerate(units, start=1)}


@dataclasses.dataclass(slots=True)
class SurveyFloor:
    """Every citizen's survey, in memory: what kinerja keeps in its database."""

    units: Mapping[str, UnitRecord]
    texts: Texts = dataclasses.field(default_factory=lambda: texts_for(Language.ID))
    retention_days: int = dataclasses.field(default_factory=lambda: _default("retention_days"))
    surveys: dict[int, SurveyResponse] = dataclasses.field(default_factory=dict)
    """The latest survey of each user, by Telegram user id."""
    last_id: int = 0
    completed: int = 0

    # ------------------------------------------------------------------ the survey, in memory

    def _open(self, user_id: int, unit: UnitRecord) -> SurveyResponse | None:
        """The user's survey of `unit` in progress, if any."""
        current = self.surveys.get(user_id)
        if (
            current is None
            or current.unit_id != unit.id
            or current.status is not Status.IN_PROGRESS
        ):
            return None
        return current

    def _create(self, user_id: int, unit: UnitRecord) -> SurveyResponse:
        self.last_id += 1
        now = datetime.now(UTC)
        options = unit.unit.survey
        response = SurveyResponse(
            id=self.last_id,
            unit_id=unit.id,
            unit_code=unit.unit.code,
            unit_name=unit.unit.name,
            options=options,
            status=Status.IN_PROGRESS,
            step=survey_plan(options)[0],
            scores={},
            skipped=frozenset(),
            overall=None,
            waiting_minutes=None,
            complaint_ticket=None,
            complaint_done=False,
            photo_done=False,
            important_element=None,
            profile={},
            verified=False,
            started_at=now,
            updated_at=now,
            message_id=None,
        )
        self.surveys[user_id] = response
        return response

    def _saved(self, user_id: int, tap: Tap) -> Question | Finished:
        """An accepted answer kept, with the step asked next, or the survey completed."""
        assert tap.change is not None
        response = dataclasses.replace(tap.response, updated_at=datetime.now(UTC))
        if tap.change.step is None:
            response = dataclasses.replace(response, status=Status.COMPLETED)
            self.surveys[user_id] = response
            self.completed += 1
            return Finished(response, None, False)
        self.surveys[user_id] = response
        return Question(response, tap.change.step)

    def _remember(self, user_id: int, response_id: int, message_id: int) -> None:
        current = self.surveys.get(user_id)
        if current is not None and current.id == response_id:
            self.surveys[user_id] = dataclasses.replace(current, message_id=message_id)

    # ------------------------------------------------------------------ showing it

    def _rendered(self, outcome: Outcome) -> Rendered:
        if isinstance(outcome, AskConsent):
            return views.consent(self.texts, outcome, self.retention_days)
        if isinstance(outcome, Question):
            return views.question(self.texts, outcome)
        if isinstance(outcome, Finished):
            return views.finished(self.texts, outcome)
        return views.refused(self.texts, outcome)

    async def _show(
        self, update: Update, context: Context, outcome: Outcome, in_place: bool
    ) -> None:
        """As kinerja's `show_survey`: edit in place, or (after typed input) retire the old
        message's keyboard and send the survey anew."""
        rendered = self._rendered(outcome)
        fresh = not in_place or (isinstance(outcome, Question) and views.needs_new_message(outcome))
        if not fresh:
            query = update.callback_query
            assert query is not None
            with contextlib.suppress(BadRequest):
                await query.edit_message_text(
                    rendered.text, reply_markup=rendered.keyboard, disable_web_page_preview=True
                )
            return
        message = update.effective_message
        assert message is not None
        if isinstance(outcome, Question | Finished) and outcome.response.message_id is not None:
            with contextlib.suppress(BadRequest):
                await context.bot.edit_message_reply_markup(
                    message.chat_id, outcome.response.message_id, reply_markup=None
                )
        sent = await message.reply_text(
            rendered.text, reply_markup=rendered.keyboard, disable_web_page_preview=True
        )
        if isinstance(outcome, Question):
            self._remember(message.chat_id, outcome.response.id, sent.message_id)

    async def _stale(self, query: CallbackQuery) -> None:
        await query.answer(self.texts.stale_button())

    # ------------------------------------------------------------------ handlers

    async def open_link(self, update: Update, context: Context) -> None:
        """`/start u_CODE`: the consent, or the survey in progress shown again."""
        user = update.effective_user
        assert user is not None
        entry = parse_start_payload(context.args[0] if context.args else "")
        unit = self.units.get(entry.unit_code) if isinstance(entry, UnitEntry) else None
        outcome: Outcome
        if unit is None:
            outcome = Refused(Refusal.UNKNOWN_LINK)
        elif (current := self._open(user.id, unit)) is not None:
            outcome = Question(current, current_step(current), Note.RESUMED)
        else:
            outcome = AskConsent(unit, None)
        await self._show(update, context, outcome, in_place=False)

    async def answer_consent(self, update: Update, context: Context) -> None:
        query = update.callback_query
        assert query is not None
        choice = cd.parse_consent(query.data or "")
        unit = next((u for u in self.units.values() if choice and u.id == choice.unit_id), None)
        if choice is None or unit is None:
            await self._stale(query)
            return
        if not choice.agreed:
            await query.answer()
            with contextlib.suppress(BadRequest):
                await query.edit_message_text(self.texts.consent_declined())
            return
        current = self._open(query.from_user.id, unit)
        if current is not None:
            outcome = Question(current, current_step(current), Note.RESUMED)
        else:
            response = self._create(query.from_user.id, unit)
            outcome = Question(response, current_step(response))
        with contextlib.suppress(BadRequest):
            await query.answer()
        await self._show(update, context, outcome, in_place=True)
        if query.message is not None:
            self._remember(query.from_user.id, outcome.response.id, query.message.message_id)

    async def answer_button(self, update: Update, context: Context) -> None:
        query = update.callback_query
        assert query is not None
        tap = cd.parse_survey(query.data or "")
        user_id = query.from_user.id
        response = self.surveys.get(user_id)
        if tap is None or response is None or response.id != tap.response_id:
            await self._stale(query)
            return
        applied = apply_tap(response, tap.step, tap.value)
        if isinstance(applied, Refusal):
            await self._stale(query)
            return
        outcome: Question | Finished
        if applied.change is None:  # a tap repeated: the survey as it stands
            if response.status is Status.COMPLETED:
                outcome = Finished(response, None, False)
            else:
                outcome = Question(response, current_step(response))
        else:
            outcome = self._saved(user_id, applied)

        async def acknowledge() -> None:
            with contextlib.suppress(BadRequest):
                await query.answer()

        # As kinerja: the two calls have no order between them, one round trip instead of two.
        await asyncio.gather(acknowledge(), self._show(update, context, outcome, in_place=True))

    async def receive_text(self, update: Update, context: Context) -> None:
        """Typed minutes of waiting; anything else typed during the survey: a nudge to the
        buttons, with the question again."""
        message = update.effective_message
        assert message is not None
        assert message.text is not None
        response = self.surveys.get(message.chat_id)
        if response is None or response.status is not Status.IN_PROGRESS:
            await message.reply_text(self.texts.not_understood())
            return
        step = current_step(response)
        outcome: Question | Finished
        if step is Step.WAITING:
            minutes = parse_waiting_minutes(message.text)
            if isinstance(minutes, AnswerProblem):
                outcome = Question(response, step, problem=minutes)
            else:
                outcome = self._saved(message.chat_id, record_waiting(response, minutes))
        else:
            outcome = Question(response, step, Note.NEED_BUTTON)
        await self._show(update, context, outcome, in_place=False)

    def handlers(self) -> list[Any]:
        private = filters.ChatType.PRIVATE
        return [
            CommandHandler(
                "start",
                self.open_link,
                filters=private & filters.Regex(r"^/start [ut]_"),
                has_args=1,
            ),
            CallbackQueryHandler(self.answer_consent, pattern=cd.pattern(cd.Prefix.CONSENT)),
            CallbackQueryHandler(self.answer_button, pattern=cd.pattern(cd.Prefix.SURVEY)),
            MessageHandler(private & filters.TEXT & ~filters.COMMAND, self.receive_text),
        ]


# ---------------------------------------------------------------------- the Application


def build(url: str, token: str, floor: SurveyFloor) -> Application[Any, Any, Any, Any, Any, Any]:
    """As `bot.app.build_application` builds kinerja's, without its database and services."""
    application = (
        ApplicationBuilder()
        .token(token)
        .base_url(f"{url}/bot")
        .defaults(Defaults(parse_mode=ParseMode.HTML))
        .concurrent_updates(FairUpdateProcessor(_default("concurrent_updates")))
        .connection_pool_size(_default("http_pool_size"))
        .pool_timeout(10.0)
        .updater(None)
        .build()
    )
    application.add_handlers(floor.handlers())
    return application


async def handle(
    application: Application[Any, Any, Any, Any, Any, Any], data: dict[str, Any]
) -> None:
    """One update as Telegram sent it: parsed, then in its sender's turn and a shared slot,
    as kinerja's `bot.runtime.dispatch.handle` (without the pace and the ledger)."""
    processor = application.update_processor
    assert isinstance(processor, FairUpdateProcessor)
    update = Update.de_json(data, application.bot)
    await processor.in_turn(sender_of(data), update, lambda: application.process_update(update))


BUSY_INTERVAL = 0.01
"""As `DurablePoller`'s `busy_interval`: while updates are in hand, a look at most this often."""
IDLE_POLL = 0.02
"""As `DurablePoller`'s `idle_poll`: with updates in hand and none new, a look this often."""


class Poller:
    """kinerja's `DurablePoller` without the ledger: getUpdates keeps fetching while updates
    are in hand, and the offset moves only to the oldest update still in hand."""

    def __init__(
        self, application: Application[Any, Any, Any, Any, Any, Any], timeout: int = 10
    ) -> None:
        self._application = application
        self._timeout = timeout
        self._in_hand: dict[int, asyncio.Task[None]] = {}
        self._seen: set[int] = set()
        self._progress = asyncio.Event()
        self._stopping = False
        self._task: asyncio.Task[None] | None = None
        self._fetched_at = 0.0

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run())

    def _offset(self) -> int | None:
        if self._in_hand:
            return min(self._in_hand)
        return max(self._seen) + 1 if self._seen else None

    def _finished(self, update_id: int, _: asyncio.Task[None]) -> None:
        del self._in_hand[update_id]
        self._progress.set()

    async def _run(self) -> None:
        bot: Bot = self._application.bot
        while not self._stopping:
            offset = self._offset()
            if offset is not None:
                self._seen = {i for i in self._seen if i >= offset}
            timeout = 0 if self._in_hand else self._timeout
            pause = self._fetched_at + BUSY_INTERVAL - time.monotonic()
            if self._in_hand and pause > 0:
                await asyncio.sleep(pause)
            self._fetched_at = time.monotonic()
            try:
                updates = await bot.do_api_request(
                    "getUpdates",
                    api_kwargs={
                        "offset": offset,
                        "timeout": timeout,
                        "allowed_updates": ALLOWED_UPDATES,
                    },
                    read_timeout=timeout + 5.0,
                )
            except (TimedOut, NetworkError):
                await asyncio.sleep(0.5)
                continue
            fresh = [u for u in updates if u["update_id"] not in self._seen]
            for data in fresh:
                update_id = data["update_id"]
                self._seen.add(update_id)
                task = asyncio.get_running_loop().create_task(handle(self._application, data))
                self._in_hand[update_id] = task
                task.add_done_callback(functools.partial(self._finished, update_id))
            if not fresh:
                self._progress.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._progress.wait(), IDLE_POLL)
            else:
                await asyncio.sleep(0)

    async def stop(self) -> None:
        self._stopping = True
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        await asyncio.gather(*self._in_hand.values(), return_exceptions=True)


def webhook_app(application: Application[Any, Any, Any, Any, Any, Any], secret: str) -> Starlette:
    """The webhook, answered 200 once the update is handled (as kinerja's `bot.web.ops`)."""

    async def receive_update(request: Request) -> Response:
        if not hmac.compare_digest(
            request.headers.get(SECRET_HEADER, "").encode(), secret.encode()
        ):
            return Response(status_code=403)
        data = json.loads(await request.body())
        await handle(application, data)
        return Response(status_code=200)

    return Starlette(routes=[Route(WEBHOOK_PATH, receive_update, methods=["POST"])])


@contextlib.asynccontextmanager
async def running(url: str, token: str, webhook_secret: str | None) -> AsyncIterator[SurveyFloor]:
    """The floor answering: polling, or (with a secret) a webhook on a free port of its own.
    On leaving, the updates in hand finish first."""
    floor = SurveyFloor(catalogue_units())
    application = build(url, token, floor)
    async with application:
        await application.start()
        poller: Poller | None = None
        server: WebServer | None = None
        if webhook_secret is not None:
            # Bound before the webhook is set, so any free port does (kinerja is given one).
            server = WebServer(webhook_app(application, webhook_secret), "127.0.0.1", 0)
            await server.start()
            await application.bot.set_webhook(
                f"http://127.0.0.1:{server.port}{WEBHOOK_PATH}",
                allowed_updates=ALLOWED_UPDATES,
                secret_token=webhook_secret,
            )
        else:
            await application.bot.delete_webhook()
            poller = Poller(application)
            poller.start()
        try:
            yield floor
        finally:
            if poller is not None:
                await poller.stop()
            if server is not None:
                await server.stop()
            await application.stop()


async def main(url: str, token: str, webhook_secret: str | None) -> None:
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stopping.set)
    async with running(url, token, webhook_secret) as floor:
        await stopping.wait()
    # `bench.throughput` reads this line from the log: the surveys completed, in memory.
    print(f"surveys completed: {floor.completed}", flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m bench.survey_floor")
    parser.add_argument("url")
    parser.add_argument("token")
    parser.add_argument("--webhook", metavar="SECRET", help="serve a webhook, not poll")
    args = parser.parse_args()
    asyncio.run(main(args.url, args.token, args.webhook))
