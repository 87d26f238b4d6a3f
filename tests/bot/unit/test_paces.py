"""The senders' paces in memory: a burst counts only during a flood; idle senders are forgotten."""

from __future__ import annotations

from bot.runtime.paces import SenderPaces
from kinerja.pace import PaceRule, Verdict

RULE = PaceRule(per_second=3.0, burst=5)


class Clock:
    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


def test_three_quick_messages_are_a_burst_only_while_someone_floods() -> None:
    clock = Clock()
    paces = SenderPaces(RULE, clock)
    for _ in range(3):
        assert paces.admit(1) is Verdict.ADMIT
    assert not paces.bursting(1)  # no flood: a person's three quick messages are not
    assert [paces.admit(2) for _ in range(6)][-1] is Verdict.DROP_AND_NOTICE
    assert paces.flooding(2)
    assert paces.bursting(1)  # a flood is on: a burst's replies never wait
    clock.now += 60
    assert not paces.bursting(1)
    assert not paces.flooding(2)


def test_a_message_is_judged_no_later_than_now_and_within_its_second() -> None:
    clock = Clock()
    paces = SenderPaces(RULE, clock)
    for _ in range(5):
        paces.admit(1, sent_at=clock.now - 10)  # a backlog, dated ten seconds ago
    assert paces.admit(1, sent_at=clock.now - 10) is Verdict.DROP_AND_NOTICE
    assert paces.admit(1, sent_at=clock.now + 5) is Verdict.ADMIT  # a clock ahead: now


def test_idle_senders_are_swept_out() -> None:
    clock = Clock()
    paces = SenderPaces(RULE, clock, sweep_every=60)
    for sender in range(1_000):
        paces.admit(sender)
    assert len(paces) == 1_000
    clock.now += 61
    paces.admit(5_000)
    assert len(paces) == 1
