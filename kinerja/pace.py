"""How fast one sender may go: a token bucket per sender, and when to tell them to slow down.

A bot's address is public, so spam accounts and a citizen who keeps tapping are normal. Each
sender has a bucket of `burst` updates, refilled at `per_second`; an update that finds the
bucket empty is dropped. A person answering a survey (a tap every second or so, an album of a
few photos at once) never empties it; an account sending a thousand messages does at once.
The dropped sender is told, at most once per `notice_every` seconds, and counts as flooding
(its replies are the first to be shed when the bot is over Telegram's sending budget) until
`flooding_for` seconds after its last dropped update.

Times are Unix seconds. Each update is judged at the moment it was *sent* where Telegram says
(a message's date), and at the moment it is judged otherwise (a tap carries no time): a backlog
handled late must not look like a sender who slowed down, or the slower the bot works through
a flood, the more of it gets in.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


@dataclass(frozen=True, slots=True)
class PaceRule:
    per_second: float
    """Updates a sender may send per second, sustained; 0 turns the limit off."""
    burst: int
    """Updates a sender may send at once after a pause."""
    notice_every: float = 60.0
    flooding_for: float = 60.0

    @property
    def limited(self) -> bool:
        return self.per_second > 0


@dataclass(frozen=True, slots=True)
class Pace:
    """One sender's bucket as of `at`."""

    tokens: float
    at: float
    dropped_at: float | None = None
    noticed_at: float | None = None


class Verdict(Enum):
    ADMIT = "admit"
    DROP = "drop"
    DROP_AND_NOTICE = "drop and notice"
    """Dropped, and the sender is to be told (the first drop in `notice_every` seconds)."""


def _refilled(pace: Pace | None, now: float, rule: PaceRule) -> Pace:
    """As of `now`, or as of the bucket's own time when `now` is earlier (a message sent
    before a tap that was judged first): time never runs backwards for one sender."""
    if pace is None:
        return Pace(float(rule.burst), now)
    at = max(pace.at, now)
    tokens = min(float(rule.burst), pace.tokens + (at - pace.at) * rule.per_second)
    return Pace(tokens, at, pace.dropped_at, pace.noticed_at)


def admit(pace: Pace | None, now: float, rule: PaceRule) -> tuple[Pace, Verdict]:
    """The sender's next update at `now`: its bucket afterwards, and what to do with it."""
    if not rule.limited:
        return pace or Pace(float(rule.burst), now), Verdict.ADMIT
    current = _refilled(pace, now, rule)
    at = current.at
    if current.tokens >= 1:
        return Pace(current.tokens - 1, at, current.dropped_at, current.noticed_at), Verdict.ADMIT
    noticed = current.noticed_at
    if noticed is None or at - noticed >= rule.notice_every:
        return Pace(current.tokens, at, at, at), Verdict.DROP_AND_NOTICE
    return Pace(current.tokens, at, at, noticed), Verdict.DROP


def flooding(pace: Pace | None, now: float, rule: PaceRule) -> bool:
    """Had an update dropped within the last `flooding_for` seconds: whose replies go last,
    and are the first shed when the bot has more to send than Telegram allows. A person,
    even one who taps twice or sends two photos at once, is not."""
    return (
        pace is not None
        and pace.dropped_at is not None
        and now - pace.dropped_at < rule.flooding_for
    )


def bursting(pace: Pace | None, now: float, rule: PaceRule, *, flood_on: bool) -> bool:
    """Sending in a burst right now, before any drop: the whole burst used within the time
    one update takes to come back, or, while a flood is on (`flood_on`: someone was over the
    pace lately), more than half of it. A flood before its first drop, or rarely a person:
    its replies never wait, so a flood's first answers hold nothing up."""
    if pace is None or not rule.limited:
        return False
    tokens = _refilled(pace, now, rule).tokens
    return tokens < (rule.burst / 2 if flood_on else 1)


def forgettable(pace: Pace, now: float, rule: PaceRule) -> bool:
    """Nothing about this sender is worth remembering any more: the bucket is full again, no
    notice would be held back and the sender no longer counts as flooding. Forgetting it then
    changes no verdict, which keeps the memory to the senders of the last minute or so."""
    full = _refilled(pace, now, rule).tokens >= rule.burst
    quiet = pace.noticed_at is None or now - pace.noticed_at >= rule.notice_every
    return full and quiet and not flooding(pace, now, rule)
