"""Different users run concurrently; one user's updates keep their order."""

from __future__ import annotations

import asyncio
import random

from telegram import Chat, Message, Update, User

from bot.runtime.processing import PerUserUpdateProcessor


def _update(update_id: int, user_id: int) -> Update:
    user = User(user_id, "U", is_bot=False)
    chat = Chat(user_id, "private")
    message = Message(update_id, None, chat, from_user=user, text=str(update_id))  # type: ignore[arg-type]
    return Update(update_id, message=message)


async def test_each_users_updates_run_in_order_and_users_overlap() -> None:
    processor = PerUserUpdateProcessor(64)
    order: dict[int, list[int]] = {}
    running = 0
    most_running = 0
    rng = random.Random(7)

    async def handle(update_id: int, user_id: int) -> None:
        nonlocal running, most_running
        running += 1
        most_running = max(most_running, running)
        await asyncio.sleep(rng.random() / 500)  # uneven work, as real handlers have
        order.setdefault(user_id, []).append(update_id)
        running -= 1

    tasks = []
    for update_id in range(200):
        user_id = update_id % 10
        coroutine = handle(update_id, user_id)
        tasks.append(
            asyncio.ensure_future(processor.process_update(_update(update_id, user_id), coroutine))
        )
    await asyncio.gather(*tasks)

    for user_id, seen in order.items():
        assert seen == sorted(seen), f"user {user_id} was reordered"
    assert most_running > 1, "different users never ran at the same time"
    assert processor._locks == {}, "idle users' locks must be released"


async def test_updates_without_a_user_are_processed() -> None:
    processor = PerUserUpdateProcessor(4)
    done: list[int] = []

    async def handle() -> None:
        done.append(1)

    await processor.process_update(Update(1), handle())
    assert done == [1]
