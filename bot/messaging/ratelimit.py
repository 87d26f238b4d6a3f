"""Telegram's limits, and retries of what is safe to retry.

PTB's AIORateLimiter keeps within a rate of messages to chats (spaced evenly here) and 20/min
per group, and honours RetryAfter (with `max_retries`, which defaults to 0). This adds backoff
retries for transient errors that certainly sent nothing (5xx answers, failed connects, a full
connection pool). It never retries a BadRequest (a NetworkError subclass whose retry cannot
succeed), a Forbidden, or a call that may have reached Telegram (a read timeout, a connection
lost after the request): Telegram has no idempotency key, so retrying it could show a message
twice (bot/messaging/sending.py decides which is which).
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
from collections.abc import Callable, Coroutine, Iterator
from typing import Any

from telegram.error import BadRequest, Forbidden, InvalidToken, NetworkError
from telegram.ext import AIORateLimiter

from bot.messaging.sending import may_have_arrived
from bot.settings import Settings

JSONDict = dict[str, Any]

_BULK: contextvars.ContextVar[bool] = contextvars.ContextVar("kinerja_bulk", default=False)


@contextlib.contextmanager
def bulk_sending() -> Iterator[None]:
    """Sends made in here (summaries, reminders, alerts to others) count toward the overall
    messages-per-second limit. Replies to the person who just wrote are not held back by it:
    Telegram's limit is on bulk notifications, and holding replies would let a Monday summary
    run or a report rush slow every conversation."""
    token = _BULK.set(True)
    try:
        yield
    finally:
        _BULK.reset(token)


class RetryingRateLimiter(AIORateLimiter):
    def __init__(
        self,
        *,
        max_retries: int,
        messages_per_second: float = 29.0,
        transient_retries: int = 4,
        first_delay: float = 0.2,
    ) -> None:
        # A bucket of one, refilled `messages_per_second` times a second: evenly spaced sends
        # never exceed the limit in any one-second window. PTB's default bucket of 30 lets a
        # burst of 30 go at once and then 30 more within the same second, which Telegram
        # answers with 429.
        super().__init__(
            overall_max_rate=1,
            overall_time_period=1 / messages_per_second,
            max_retries=max_retries,
        )
        self._transient_retries = transient_retries
        self._first_delay = first_delay

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | JSONDict | list[JSONDict]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | JSONDict | list[JSONDict]:
        if not _BULK.get():
            # Without a chat id AIORateLimiter applies no overall limit; RetryAfter still holds.
            data = {k: v for k, v in data.items() if k != "chat_id"}
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
