"""The sending limit: bulk sends are spaced under Telegram's 30/s, replies are not held back."""

from __future__ import annotations

import asyncio
import time

from telegram.ext import ExtBot

from bot.emulator import BotApiEmulator
from bot.messaging.ratelimit import RetryingRateLimiter, bulk_sending


def _bot(emulator: BotApiEmulator, per_second: float) -> ExtBot[None]:
    limiter = RetryingRateLimiter(max_retries=0, messages_per_second=per_second)
    return ExtBot(emulator.token, base_url=f"{emulator.url}/bot", rate_limiter=limiter)  # type: ignore[arg-type]


async def test_bulk_sends_never_exceed_thirty_in_any_second() -> None:
    async with BotApiEmulator(max_messages_per_second=30) as emulator:
        chats = [emulator.user(9_000 + i).id for i in range(75)]
        async with _bot(emulator, 29) as bot:
            with bulk_sending():
                # All at once, as a Monday fan-out would; PTB's default bucket bursts here.
                await asyncio.gather(*(bot.send_message(chat, "ringkasan") for chat in chats))
        assert emulator.too_many_requests == 0
        assert all(len(emulator.messages_in(chat)) == 1 for chat in chats)


async def test_replies_are_not_held_back_by_the_bulk_limit() -> None:
    async with BotApiEmulator() as emulator:
        chats = [emulator.user(9_100 + i).id for i in range(10)]
        async with _bot(emulator, 1) as bot:
            started = time.monotonic()
            await asyncio.gather(*(bot.send_message(chat, "balasan") for chat in chats))
            replies = time.monotonic() - started
            started = time.monotonic()
            with bulk_sending():
                await asyncio.gather(*(bot.send_message(chat, "massal") for chat in chats[:3]))
            bulk = time.monotonic() - started
        # At one message a second, ten limited sends would take nine seconds.
        assert replies < 4.5
        assert bulk >= 1.9
