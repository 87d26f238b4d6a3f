"""Different users run concurrently; one user's updates keep their order; a user's waiting
updates hold no shared slot."""

from __future__ import annotations

import asyncio
import random

from telegram import Chat, Message, Update, User

from bot.runtime.processing import FairUpdateProcessor


def _update(update_id: int, user_id: int) -> Update:
    user = User(user_id, "U", is_bot=False)
    chat = Chat(user_id, "private")
    message = Message(update_id, None, chat, from_user=user, text=str(update_id))  # type: ignore[arg-type]
    return Update(update_id, message=message)


async def test_each_users_updates_run_in_order_and_users_overlap() -> None:
    processor = FairUpdateProcessor(64)
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

    def work(update_id: int, user_id: int) -> asyncio.Future[None]:
        return asyncio.ensure_future(
            processor.in_turn(
                user_id, _update(update_id, user_id), lambda: handle(update_id, user_id)
            )
        )

    tasks = [work(update_id, update_id % 10) for update_id in range(200)]
    await asyncio.gather(*tasks)

    for user_id, seen in order.items():
        assert seen == sorted(seen), f"user {user_id} was reordered"
    assert most_running > 1, "different users never ran at the same time"
    assert processor._turns == {}, "idle users' turns must be forgotten"
    assert processor.current_concurrent_updates == 0


async def test_a_users_queue_holds_one_slot_and_others_go_at_once() -> None:
    """Four slots, a thousand updates of one user queued: another user is still served first
    in line, and never more than one of the busy user's updates takes a slot."""
    processor = FairUpdateProcessor(4)
    release = asyncio.Event()
    busy_running = 0
    most_busy = 0
    served: list[str] = []

    async def busy() -> None:
        nonlocal busy_running, most_busy
        busy_running += 1
        most_busy = max(most_busy, busy_running)
        await release.wait()
        busy_running -= 1

    async def honest() -> None:
        served.append("honest")

    queued = [asyncio.ensure_future(processor.in_turn(1, _update(i, 1), busy)) for i in range(1000)]
    await asyncio.sleep(0.01)
    assert processor.current_concurrent_updates == 1000  # in hand, though waiting
    await asyncio.wait_for(processor.in_turn(2, _update(5000, 2), honest), 1)
    assert served == ["honest"]
    release.set()
    await asyncio.gather(*queued)
    assert most_busy == 1


async def test_work_in_the_background_is_counted_in_hand_and_awaited_at_shutdown() -> None:
    processor = FairUpdateProcessor(1)
    release = asyncio.Event()
    holding = asyncio.ensure_future(processor.in_turn(1, _update(1, 1), release.wait))
    await asyncio.sleep(0.01)
    noted: list[int] = []

    async def note() -> None:
        await asyncio.sleep(0.05)
        noted.append(2)

    processor.in_background(note())  # the one slot is taken: not needed
    assert processor.current_concurrent_updates == 2  # at once, before the task starts
    await asyncio.sleep(0.01)
    assert processor.current_concurrent_updates == 2
    release.set()
    await holding
    await asyncio.wait_for(processor.shutdown(), 1)
    assert noted == [2]
    assert processor.current_concurrent_updates == 0


async def test_updates_without_a_user_are_processed() -> None:
    processor = FairUpdateProcessor(4)
    done: list[int] = []

    async def handle() -> None:
        done.append(1)

    await processor.in_turn(None, Update(1), handle)
    assert done == [1]
