"""One sender's pace: a burst, then the refill rate; one notice a minute; people never dropped."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from kinerja.pace import Pace, PaceRule, Verdict, admit, bursting, flooding, forgettable

RULE = PaceRule(per_second=3.0, burst=5)
"""As shipped (bot.settings)."""


def _run(times: list[float], rule: PaceRule = RULE) -> tuple[list[Verdict], Pace | None]:
    pace: Pace | None = None
    verdicts = []
    for now in times:
        pace, verdict = admit(pace, now, rule)
        verdicts.append(verdict)
    return verdicts, pace


def test_a_burst_is_admitted_then_the_rest_is_dropped_with_one_notice() -> None:
    verdicts, pace = _run([100.0] * 50)
    assert verdicts[:5] == [Verdict.ADMIT] * 5
    assert verdicts[5] is Verdict.DROP_AND_NOTICE
    assert verdicts[6:] == [Verdict.DROP] * 44
    assert flooding(pace, 100.0, RULE)


def test_the_bucket_refills_at_the_rate() -> None:
    verdicts, pace = _run([0.0] * 6)
    assert verdicts[-1] is Verdict.DROP_AND_NOTICE
    _, verdict = admit(pace, 0.2, RULE)  # 0.6 of a token: still nothing
    assert verdict is Verdict.DROP
    pace, verdict = admit(pace, 0.34, RULE)  # a third of a second: one token
    assert verdict is Verdict.ADMIT


def test_the_notice_comes_once_per_minute_however_long_the_flood() -> None:
    times = [i * 0.01 for i in range(20_000)]  # 100 updates a second for 200 seconds
    verdicts, _ = _run(times)
    notices = [t for t, v in zip(times, verdicts, strict=True) if v is Verdict.DROP_AND_NOTICE]
    assert len(notices) == 4  # once the burst is gone, then every 60 s
    assert all(b - a >= 60 for a, b in itertools.pairwise(notices))


@given(st.lists(st.floats(min_value=1 / 3, max_value=30.0), min_size=1, max_size=200))
def test_a_person_at_most_three_taps_a_second_is_never_dropped(gaps: list[float]) -> None:
    """A citizen reading each question before tapping (a third of a second at the very least)."""
    times = [sum(gaps[: i + 1]) for i in range(len(gaps))]
    verdicts, _ = _run(times)
    assert set(verdicts) == {Verdict.ADMIT}


@given(st.lists(st.floats(min_value=0.0, max_value=2.0), min_size=1, max_size=5))
def test_five_at_once_after_a_pause_are_admitted(offsets: list[float]) -> None:
    """A few photos, a few quick messages: up to the burst within two seconds."""
    times = sorted(60.0 + o for o in offsets)
    verdicts, _ = _run([0.0, *times])
    assert set(verdicts[1:]) == {Verdict.ADMIT}


def test_no_limit_admits_everything() -> None:
    verdicts, _ = _run([0.0] * 1000, PaceRule(per_second=0, burst=1))
    assert set(verdicts) == {Verdict.ADMIT}


def test_a_flooder_counts_as_flooding_for_a_minute_after_the_last_drop() -> None:
    _, pace = _run([0.0] * 12)
    assert flooding(pace, 59.9, RULE)
    assert not flooding(pace, 60.0, RULE)
    assert not flooding(None, 0.0, RULE)


def test_a_quick_person_is_not_flooding_and_a_flooder_is_at_once() -> None:
    """Two taps at once, or a tap every half second, is a person; the first drop is not."""
    _, two = _run([0.0, 0.0])
    assert not flooding(two, 0.0, RULE)
    _, taps = _run([i * 0.5 for i in range(30)])
    assert not flooding(taps, 14.5, RULE)
    _, flood = _run([0.0] * (RULE.burst + 1))
    assert flooding(flood, 0.0, RULE)


def test_a_burst_is_the_whole_burst_at_once_or_half_of_it_during_a_flood() -> None:
    _, three = _run([0.0] * 3)
    assert not bursting(three, 0.0, RULE, flood_on=False)  # a person's three quick messages
    assert bursting(three, 0.0, RULE, flood_on=True)
    assert not bursting(three, 0.2, RULE, flood_on=True)  # half a token back
    _, five = _run([0.0] * 5)
    assert bursting(five, 0.0, RULE, flood_on=False)
    _, taps = _run([i * 0.4 for i in range(40)])  # a tap every 0.4 s
    assert not bursting(taps, 15.6, RULE, flood_on=True)
    assert not bursting(None, 0.0, RULE, flood_on=True)


def test_a_sender_is_forgettable_only_when_forgetting_changes_nothing() -> None:
    quiet, _ = admit(None, 0.0, RULE)
    assert not forgettable(quiet, 0.1, RULE)  # a token short: the next burst would differ
    assert forgettable(quiet, 0.34, RULE)
    _, dropped = _run([0.0] * 6)
    assert dropped is not None
    assert not forgettable(dropped, 10.0, RULE)  # full again, but still flooding
    assert forgettable(dropped, 60.0, RULE)


def test_a_backlog_judged_by_when_it_was_sent_lets_no_more_in() -> None:
    """Fifty messages sent within one second, handled over ten: judged at their own date, the
    burst gets in and no more, however slowly the bot works through them."""
    verdicts, _ = _run([100.0] * 50)
    assert verdicts.count(Verdict.ADMIT) == RULE.burst


def test_time_never_runs_backwards_for_one_sender() -> None:
    """A tap judged at 105 (now), then a message the sender wrote at 104: the four seconds
    between are not counted twice."""
    pace, _ = admit(None, 100.0, RULE)
    for _ in range(4):
        pace, _ = admit(pace, 100.0, RULE)  # the bucket empty
    pace, verdict = admit(pace, 105.0, RULE)
    assert verdict is Verdict.ADMIT  # five seconds: full again, one taken
    pace, _ = admit(pace, 104.0, RULE)
    assert pace.at == 105.0
    assert pace.tokens == RULE.burst - 2
