"""The sending budget: every new message within Telegram's 30/s, replies to honest people first,
bulk sends next, replies to a flooding chat only when there is room to spare."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any

import pytest
from telegram import Message
from telegram.ext import ExtBot

from bot.emulator import BotApiEmulator
from bot.messaging.ratelimit import (
    Lane,
    MessageBudget,
    ReplyShed,
    RetryingRateLimiter,
    bulk_sending,
)


def _ahead(per_second: int) -> int:
    """Bulk sends that may arrive before the last reply though counted as let go after it was
    queued: a bucket's worth (a third of a second) granted but not yet on its way, and one."""
    return per_second // 3 + 1


def _reply_queued(bot: ExtBot[None]) -> list[int]:
    """Filled, as each reply asks the budget for room, with how many bulk sends the budget had
    let go by then: those are the replies' own lateness (a slow machine's), not the budget's."""
    limiter: object = bot.rate_limiter  # typed as PTB's base class of another parameter
    assert isinstance(limiter, RetryingRateLimiter)
    budget, marks, granted = limiter.budget, [], [0]
    take = budget.take

    async def noted(lane: Lane, cost: int = 1) -> None:
        if lane is Lane.REPLY:
            marks.append(granted[0])
        await take(lane, cost)
        granted[0] += lane is Lane.BULK

    budget.take = noted  # type: ignore[method-assign]
    return marks


def _bulk_ahead_of_replies(arrivals: list[str], queued: list[int]) -> int:
    """Bulk sends that arrived before the last reply although counted as let go after it was
    queued."""
    last_reply = max(i for i, text in enumerate(arrivals) if text == "balasan")
    return arrivals[:last_reply].count("massal") - max(queued)


def _bot(
    emulator: BotApiEmulator,
    per_second: float,
    flooding: Callable[[int], bool] = lambda _: False,
    shed: list[int] | None = None,
) -> ExtBot[None]:
    """A bot whose sheds, if `shed` is given, are counted into it."""
    counted = [] if shed is None else shed
    limiter = RetryingRateLimiter(
        max_retries=0,  # a 429 would fail the send: none may come
        messages_per_second=per_second,
        flooding=flooding,
        on_shed=lambda: counted.append(1),
    )
    return ExtBot(emulator.token, base_url=f"{emulator.url}/bot", rate_limiter=limiter)  # type: ignore[arg-type]


def _arrivals(emulator: BotApiEmulator) -> list[str]:
    """The texts of the messages sent, in the order they reached the emulator."""
    return [str(params.get("text")) for method, params in emulator.calls if method == "sendMessage"]


def _sends(bot: ExtBot[None], chats: list[int], text: str) -> list[Coroutine[Any, Any, Message]]:
    return [bot.send_message(chat, text) for chat in chats]


async def _bulk(bot: ExtBot[None], chats: list[int]) -> list[Message]:
    with bulk_sending():
        return await asyncio.gather(*_sends(bot, chats, "massal"))


async def _bulk_under_way(emulator: BotApiEmulator, first_chat: int) -> None:
    """Once the first bulk message has arrived (the rest wait for the budget)."""
    await asyncio.wait_for(emulator.inbox(first_chat).get(), 5)


async def test_bulk_sends_never_exceed_thirty_in_any_second() -> None:
    async with BotApiEmulator(max_messages_per_second=30) as emulator:
        chats = [emulator.user(9_000 + i).id for i in range(75)]
        async with _bot(emulator, 29) as bot:
            # All at once, as a Monday fan-out would; PTB's default bucket bursts here.
            await _bulk(bot, chats)
        assert emulator.too_many_requests == 0
        assert all(len(emulator.messages_in(chat)) == 1 for chat in chats)


async def test_replies_are_within_the_budget_but_ahead_of_bulk() -> None:
    """Telegram here takes 10 messages a second, and so does the budget: replies that went
    around it would be answered 429. A bulk run already waiting does not hold them back."""
    async with BotApiEmulator(max_messages_per_second=10) as emulator:
        bulk = [emulator.user(9_100 + i).id for i in range(30)]
        talking = [emulator.user(9_200 + i).id for i in range(10)]
        async with _bot(emulator, 10) as bot, asyncio.TaskGroup() as run:
            queued = _reply_queued(bot)
            run.create_task(_bulk(bot, bulk))
            await _bulk_under_way(emulator, bulk[0])
            await asyncio.gather(*_sends(bot, talking, "balasan"))
        arrivals = _arrivals(emulator)
        assert emulator.too_many_requests == 0
        # The replies queued behind nothing: at most a burst of bulk sends already on its way.
        assert _bulk_ahead_of_replies(arrivals, queued) <= _ahead(10)
        assert arrivals.count("massal") == len(bulk)


async def test_a_flood_is_shed_while_honest_replies_and_bulk_all_go() -> None:
    """A summary run, a flood of replies to spammers and honest replies, all at once."""
    async with BotApiEmulator(max_messages_per_second=30) as emulator:
        bulk = [emulator.user(9_300 + i).id for i in range(80)]
        honest = [emulator.user(9_400 + i).id for i in range(20)]
        flooders = {emulator.user(9_500 + i).id for i in range(10)}
        shed: list[int] = []
        async with (
            _bot(emulator, 29, flooding=flooders.__contains__, shed=shed) as bot,
            asyncio.TaskGroup() as run,
        ):
            queued = _reply_queued(bot)
            run.create_task(_bulk(bot, bulk))
            await _bulk_under_way(emulator, bulk[0])
            flood = [bot.send_message(chat, "banjir") for chat in flooders for _ in range(20)]
            outcomes = await asyncio.gather(
                *_sends(bot, honest, "balasan"), *flood, return_exceptions=True
            )
        arrivals = _arrivals(emulator)
        assert emulator.too_many_requests == 0
        assert all(isinstance(outcome, Message) for outcome in outcomes[: len(honest)])
        assert all(len(emulator.messages_in(chat)) == 1 for chat in honest + bulk)
        assert _bulk_ahead_of_replies(arrivals, queued) <= _ahead(29)
        # Someone was waiting for the budget nearly all along: the flood had no room to spare
        # (a few may take a moment between two bulk sends when nobody waits).
        flood_outcomes = outcomes[len(honest) :]
        assert sum(isinstance(outcome, ReplyShed) for outcome in flood_outcomes) == len(shed)
        assert len(shed) >= 180
        assert arrivals.count("banjir") + len(shed) == 200


async def test_a_flood_takes_only_the_room_there_is_this_moment_and_never_waits() -> None:
    async with BotApiEmulator(max_messages_per_second=30) as emulator:
        spammer = emulator.user(9_600).id
        shed: list[int] = []
        async with _bot(emulator, 29, flooding=lambda chat: chat == spammer, shed=shed) as bot:
            outcomes = await asyncio.gather(
                *_sends(bot, [spammer] * 100, "banjir"), return_exceptions=True
            )
            # Nobody else needed the budget: what it had at once went (its burst of a third of
            # a second's messages), the rest were shed rather than wait, so the flooder's own
            # updates are never held up by their replies.
            delivered = sum(isinstance(outcome, Message) for outcome in outcomes)
            # (more tokens come back while a busy machine builds the 100 calls; waiting would
            # have let the whole second's 29 through)
            assert 29 // 3 <= delivered < 29
            assert len(shed) == 100 - delivered
            await asyncio.sleep(1.2)  # a second after their answers, the budget has room again
            await bot.send_message(spammer, "banjir")
        assert len(emulator.messages_in(spammer)) == delivered + 1
        assert emulator.too_many_requests == 0


async def test_a_floods_waiting_replies_give_way_as_soon_as_others_must_wait() -> None:
    async with BotApiEmulator(max_messages_per_second=30) as emulator:
        spammer = emulator.user(9_650).id
        bulk = [emulator.user(9_660 + i).id for i in range(30)]
        shed: list[int] = []
        async with _bot(emulator, 29, flooding=lambda chat: chat == spammer, shed=shed) as bot:
            flood = asyncio.gather(*_sends(bot, [spammer] * 29, "banjir"), return_exceptions=True)
            await asyncio.wait_for(emulator.inbox(spammer).get(), 5)  # the flood is going out
            await _bulk(bot, bulk)
            outcomes = await flood
        delivered = sum(isinstance(outcome, Message) for outcome in outcomes)
        # A burst went at once; the rest, still waiting when the bulk run came, gave way.
        assert delivered + len(shed) == 29
        assert len(shed) >= 15
        assert all(len(emulator.messages_in(chat)) == 1 for chat in bulk)
        assert emulator.too_many_requests == 0


async def test_edits_and_button_answers_do_not_wait_for_the_budget() -> None:
    """Telegram's limit is on messages; an edit behind a summary run would stall a survey."""
    async with BotApiEmulator(max_messages_per_second=30) as emulator:
        chats = [emulator.user(9_700 + i).id for i in range(60)]
        async with _bot(emulator, 29) as bot:
            first = await bot.send_message(chats[0], "pertanyaan")
            await emulator.inbox(chats[0]).get()
            async with asyncio.TaskGroup() as run:
                run.create_task(_bulk(bot, chats))
                await _bulk_under_way(emulator, chats[0])
                for step in range(10):
                    await bot.edit_message_text(f"pertanyaan {step}", chats[0], first.message_id)
                still_to_go = len(chats) - _arrivals(emulator).count("massal")
        assert still_to_go >= 30  # ten edits went by while most of the run waited
        assert emulator.too_many_requests == 0


async def test_a_burst_goes_when_there_is_room_and_is_shed_rather_than_wait() -> None:
    budget = MessageBudget(30)  # a bucket of ten
    await budget.take(Lane.BURST)  # room: it goes
    for _ in range(9):
        await budget.take(Lane.REPLY)
    waiting_reply = asyncio.ensure_future(budget.take(Lane.REPLY))  # the bucket is empty
    await asyncio.sleep(0)
    with pytest.raises(ReplyShed):  # a reply waits: the burst is shed, not queued
        await budget.take(Lane.BURST)
    await waiting_reply


async def test_a_hint_waits_behind_replies_and_bulk_behind_a_hint() -> None:
    """The answer to a text no flow waits for goes after replies that came later, before bulk."""
    budget = MessageBudget(30)  # a bucket of ten
    for _ in range(10):
        await budget.take(Lane.REPLY)
    served: list[Lane] = []

    async def take(lane: Lane) -> None:
        await budget.take(lane)
        served.append(lane)

    waiting = [asyncio.ensure_future(take(lane)) for lane in (Lane.BULK, Lane.HINT, Lane.REPLY)]
    await asyncio.gather(*waiting)
    assert served == [Lane.REPLY, Lane.HINT, Lane.BULK]


async def test_hints_beyond_a_seconds_worth_are_shed_not_queued() -> None:
    """A wave of texts no flow waits for (many new accounts at once) waits for at most a second
    of the budget; the rest of its hints are shed, so the queue and its memory stay bounded."""
    budget = MessageBudget(3)  # a bucket of one, three a second
    await budget.take(Lane.REPLY)
    waiting = [asyncio.ensure_future(budget.take(Lane.HINT)) for _ in range(3)]
    await asyncio.sleep(0)
    with pytest.raises(ReplyShed):
        await budget.take(Lane.HINT)
    await asyncio.wait_for(asyncio.shield(waiting[0]), 2)  # the waiting ones still go
    for hint in waiting:
        hint.cancel()


async def test_hints_fill_at_most_half_the_window() -> None:
    """A wave of hints leaves half of each second to the replies that move someone on."""
    budget = MessageBudget(6)  # six a second, a bucket of two: hints get three
    for _ in range(3):
        await budget.take(Lane.HINT)
    fourth = asyncio.ensure_future(budget.take(Lane.HINT))
    await asyncio.wait_for(budget.take(Lane.REPLY), 1)  # the other half has room
    await asyncio.sleep(0.3)
    assert not fourth.done()
    for _ in range(4):
        budget.give_back()  # the window empties a second after the answers
    await asyncio.wait_for(fourth, 2)


async def test_a_hint_held_by_its_half_of_the_window_lets_bulk_use_the_other() -> None:
    budget = MessageBudget(6)  # six a second, a bucket of two: hints while under three
    for _ in range(3):
        await budget.take(Lane.REPLY)
    hint = asyncio.ensure_future(budget.take(Lane.HINT))
    await asyncio.wait_for(budget.take(Lane.BULK), 1)  # behind the hint, yet it goes
    await asyncio.sleep(0.2)  # a token again
    await budget.take(Lane.BURST)  # a double tap mid-survey is not shed for a hint
    assert not hint.done()
    for _ in range(5):
        budget.give_back()
    await asyncio.wait_for(hint, 2)
