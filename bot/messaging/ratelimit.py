"""Telegram's limits, and retries of what is safe to retry.

Every new message this process sends (a reply, a summary, a reminder, an alert) draws from one
budget of `messages_per_second`, in lanes: replies to people who are not flooding first, then
hints (the answer to a text no flow waits for), then bulk sends, and replies to a chat that is
flooding now only with what nobody else needs (else they are shed). Edits, button answers and
settings are not messages and stay outside it.

PTB's AIORateLimiter still keeps to 20/min per group and honours RetryAfter (with
`max_retries`, which defaults to 0). This adds backoff retries for transient errors that
certainly sent nothing (5xx answers, failed connects, a full connection pool). It never retries
a BadRequest (a NetworkError subclass whose retry cannot succeed), a Forbidden, or a call that
may have reached Telegram (a read timeout, a connection lost after the request): Telegram has
no idempotency key, so retrying it could show a message twice (bot/messaging/sending.py decides
which is which).
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import enum
import logging
import math
from collections import deque
from collections.abc import Callable, Coroutine, Iterator
from typing import Any

from telegram.error import BadRequest, Forbidden, InvalidToken, NetworkError, TelegramError
from telegram.ext import AIORateLimiter

from bot.messaging.sending import may_have_arrived
from bot.settings import Settings

JSONDict = dict[str, Any]
Callback = Callable[..., Coroutine[Any, Any, bool | JSONDict | list[JSONDict]]]

_LANE: contextvars.ContextVar[Lane | None] = contextvars.ContextVar("kinerja_lane", default=None)

_errors = logging.getLogger("kinerja.errors")

WINDOW = 1.0
"""Telegram counts messages per second."""


class Lane(enum.IntEnum):
    """Who goes first when the budget is short: the lowest value."""

    REPLY = 0
    HINT = 1
    """The answer to a text that no flow waits for ("type /help"): it helps, but it moves
    nobody's survey or report on, so under a flood's first wave it goes behind those that do,
    and only while the window is under half full."""
    BULK = 2
    SHED = 3
    """A reply to a chat that is flooding: it takes only what nobody else wants."""
    BURST = 4
    """A reply to a chat sending in a burst right now, not (yet) over its pace: it goes ahead
    of bulk sends and hints, never ahead of a reply someone waits for, and never waits itself
    (a person's double tap mid-survey is answered while hints wait)."""


@contextlib.contextmanager
def _sending_as(lane: Lane) -> Iterator[None]:
    token = _LANE.set(lane)
    try:
        yield
    finally:
        _LANE.reset(token)


def bulk_sending() -> contextlib.AbstractContextManager[None]:
    """Sends made in here (summaries, reminders, alerts to others) wait behind replies to the
    people who are talking to the bot, so a Monday summary run never slows a conversation; they
    still go whenever replies leave room."""
    return _sending_as(Lane.BULK)


def hint_sending() -> contextlib.AbstractContextManager[None]:
    """Replies made in here wait behind the replies that move a flow on (Lane.HINT)."""
    return _sending_as(Lane.HINT)


class ReplyShed(TelegramError):
    """A reply not sent on purpose: to a flooding chat or a burst, or a hint in a wave of them,
    when the budget had no room for it.

    Not a NetworkError, so no retry touches it; the error handler lets it pass quietly."""

    def __init__(self, message: str = "reply shed: no room to send") -> None:
        super().__init__(message)


def note_shed(update_id: int | None) -> None:
    """A reply shed (and counted by the limiter): nothing failed, and an apology would be one
    more message to a flooder."""
    _errors.debug("reply to update %s shed", update_id)


Turn = tuple[asyncio.Future[None], int]


class MessageBudget:
    """Telegram's ~30 new messages a second, shared by every sender of this process.

    A message may go when the bucket (a third of a second's messages, refilled at `rate`) has
    a token for it, so a few replies at once go at once and more are evenly spaced, and when
    fewer than `rate` messages are in flight or were answered within the last second.
    Telegram sees a message between its sending and its answer, so the second rule holds
    within any one second of Telegram's clock however a busy event loop or a full connection
    pool bunches the messages on their way.

    Waiters go REPLY first, then HINT, then BULK, each lane in arrival order; a hint held back
    by its half of the window lets bulk sends use the other half. SHED and BURST never wait:
    SHED goes only when nobody waits and the budget has room this very moment, BURST when no
    reply waits; both are shed otherwise, so a flood's replies neither hold back anyone else's
    nor hold up the flooder's own updates (which the poll's confirmation waits for).
    """

    def __init__(self, per_second: float) -> None:
        self._rate = per_second
        self.capacity = max(1, math.floor(per_second))
        self._burst = max(1, self.capacity // 3)
        self._hint_room = self.capacity - self.capacity // 2
        """A hint goes only while the window is under half full: a wave of new accounts' texts
        leaves the other half to the replies that move someone on (21 hints and 10 citizens'
        replies are more than a second's 29)."""
        self._tokens = float(self._burst)
        self._at = -math.inf  # the event loop's clock: full at the start
        self._used = 0
        self._waiting: dict[Lane, deque[Turn]] = {
            lane: deque() for lane in (Lane.REPLY, Lane.HINT, Lane.BULK)
        }
        """The lanes that wait, in the order they are served."""
        self._timer: asyncio.TimerHandle | None = None

    async def take(self, lane: Lane, cost: int = 1) -> None:
        """Returns when `cost` messages may go, or raises ReplyShed (SHED, BURST, and HINT when
        a second's worth of hints waits already). Every take that returns is followed by one
        `give_back` once the call is answered."""
        cost = min(cost, self.capacity)
        if lane is Lane.HINT and len(self._pending(Lane.HINT)) >= self._hint_room:
            raise ReplyShed  # a second's worth of hints waits already: a wave of them
        if lane in (Lane.SHED, Lane.BURST):
            if not self._take_now(cost, lane, (Lane.REPLY,) if lane is Lane.BURST else None):
                raise ReplyShed
            return
        turn: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiting[lane].append((turn, cost))
        self._serve()
        try:
            await turn
        except asyncio.CancelledError:
            if turn.done() and not turn.cancelled() and turn.exception() is None:
                self._release(cost)  # granted just as its sender was cancelled: unused
            raise

    def give_back(self, cost: int = 1) -> None:
        """The call was answered: its messages leave the window a second from now."""
        cost = min(cost, self.capacity)
        asyncio.get_running_loop().call_later(WINDOW, self._release, cost)

    def _take_now(self, cost: int, lane: Lane, unless: tuple[Lane, ...] | None) -> bool:
        """Granted at once if nobody waits (in `unless` only, when given) and there is room."""
        waiting = self._waiting if unless is None else unless
        if any(self._pending(other) for other in waiting):
            return False
        return self._grant(cost, lane)

    def _refill(self) -> None:
        now = asyncio.get_running_loop().time()
        self._tokens = min(self._burst, self._tokens + (now - self._at) * self._rate)
        self._at = now

    def _has_tokens(self, cost: int) -> bool:
        return self._tokens >= min(cost, self._burst)  # an album beyond the burst leaves a debt

    def _window_has_room(self, cost: int, lane: Lane) -> bool:
        if lane is Lane.HINT and self._used + min(cost, self._hint_room) > self._hint_room:
            return False
        return self._used + cost <= self.capacity

    def _grant(self, cost: int, lane: Lane) -> bool:
        """Take `cost` if the bucket and the window (for a hint, its half) have room now."""
        self._refill()
        if not (self._has_tokens(cost) and self._window_has_room(cost, lane)):
            return False
        self._consume(cost)
        return True

    def _consume(self, cost: int) -> None:
        self._used += cost
        self._tokens -= cost

    def _pending(self, lane: Lane) -> deque[Turn]:
        queue = self._waiting[lane]
        while queue and queue[0][0].done():  # its sender was cancelled while waiting
            queue.popleft()
        return queue

    def _release(self, cost: int) -> None:
        self._used -= cost
        self._serve()

    def _serve(self) -> None:
        """Let the first waiters go while the budget allows; else come back when it may."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        while (lane := self._next_to_go()) is not None:
            turn, cost = self._waiting[lane].popleft()
            self._consume(cost)  # `_next_to_go` found the room
            turn.set_result(None)

    def _next_to_go(self) -> Lane | None:
        """The first lane whose first waiter may go now. A hint held back only by its half of
        the window lets the lanes after it try; short of tokens, everyone waits for them."""
        self._refill()
        for lane in self._waiting:
            queue = self._pending(lane)
            if not queue:
                continue
            cost = queue[0][1]
            if not self._has_tokens(cost):
                loop = asyncio.get_running_loop()
                wait = (min(cost, self._burst) - self._tokens) / self._rate
                self._timer = loop.call_at(loop.time() + wait, self._serve)
                return None
            if self._window_has_room(cost, lane):
                return lane
            if lane is not Lane.HINT:
                return None  # the window is full: the next release serves again
        return None


def new_messages(endpoint: str, data: JSONDict) -> int:
    """How many new messages a Bot API call sends (an album counts each item): 0 for edits,
    button answers, chat actions and settings, which Telegram does not count as messages."""
    if endpoint == "sendMediaGroup":
        return max(1, len(data.get("media") or ()))
    if endpoint in ("copyMessages", "forwardMessages"):
        return max(1, len(data.get("message_ids") or ()))
    if endpoint in ("copyMessage", "forwardMessage"):
        return 1
    return int(endpoint.startswith("send") and endpoint != "sendChatAction")


def _nobody(_: int) -> bool:
    return False


def _uncounted() -> None:
    pass


class RetryingRateLimiter(AIORateLimiter):
    """`flooding` and `bursting` (chat id -> now) are the per-user pace's answers; `on_shed` counts
    each reply shed. Both may be set after construction, once the application has them."""

    def __init__(
        self,
        *,
        max_retries: int,
        messages_per_second: float = 29.0,
        transient_retries: int = 4,
        first_delay: float = 0.2,
        flooding: Callable[[int], bool] = _nobody,
        bursting: Callable[[int], bool] = _nobody,
        on_shed: Callable[[], None] = _uncounted,
    ) -> None:
        # The overall limit is the budget's, for new messages only; AIORateLimiter's would
        # count edits and button answers too.
        super().__init__(overall_max_rate=0, max_retries=max_retries)
        self.budget = MessageBudget(messages_per_second)
        self.flooding = flooding
        self.bursting = bursting
        self.on_shed = on_shed
        self._transient_retries = transient_retries
        self._first_delay = first_delay

    def _lane(self, data: JSONDict) -> Lane:
        chosen = _LANE.get()
        if chosen is Lane.BULK:
            return Lane.BULK
        chat_id = data.get("chat_id")  # our private chats' ids are ints, as the callers pass
        if isinstance(chat_id, int) and self.flooding(chat_id):
            return Lane.SHED
        if isinstance(chat_id, int) and self.bursting(chat_id):
            return Lane.BURST
        return Lane.REPLY if chosen is None else chosen

    def _budgeted(self, callback: Callback, lane: Lane, cost: int) -> Callback:
        """The call, with each attempt (a retry too) drawing from the budget."""

        async def call(*args: Any, **kwargs: Any) -> bool | JSONDict | list[JSONDict]:
            try:
                await self.budget.take(lane, cost)
            except ReplyShed:
                self.on_shed()
                raise
            try:
                return await callback(*args, **kwargs)
            finally:
                self.budget.give_back(cost)

        return call

    async def process_request(
        self,
        callback: Callback,
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | JSONDict | list[JSONDict]:
        cost = new_messages(endpoint, data)
        if cost:
            callback = self._budgeted(callback, self._lane(data), cost)
        delay = self._first_delay
        for attempt in range(self._transient_retries + 1):
            try:
                return await super().process_request(
                    callback, args, kwargs, endpoint, data, rate_limit_args
                )
            except (BadRequest, Forbidden, InvalidToken):
                raise
            except NetworkError as error:
                if (
                    endpoint == "getUpdates"
                    or attempt == self._transient_retries
                    or may_have_arrived(error)
                ):
                    raise
                await asyncio.sleep(delay)
                delay *= 2
        raise AssertionError("unreachable")  # pragma: no cover


def rate_limiter(settings: Settings) -> RetryingRateLimiter | None:
    """The limiter every bot of ours sends through (the running bot and the CLI's)."""
    if not settings.rate_limit:
        return None
    # max_retries defaults to 0, which would drop a message after one RetryAfter.
    return RetryingRateLimiter(
        max_retries=settings.send_retries, messages_per_second=settings.messages_per_second
    )
