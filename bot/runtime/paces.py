"""Every sender's pace (`kinerja.pace`), remembered for the last minute or so."""

from __future__ import annotations

import time
from collections.abc import Callable

from kinerja import pace
from kinerja.pace import Pace, PaceRule, Verdict


class SenderPaces:
    """The pace of every sender heard from lately, in this process's memory.

    Kept in memory on purpose: it is a judgement about the last seconds, a restart may forget it,
    and several processes each keep their own (a flood spread over N processes gets N times the
    allowance, still bounded). Senders with nothing worth remembering are swept out once a
    `sweep_every`, so memory follows the senders of the last minute, not all senders ever.
    """

    def __init__(
        self,
        rule: PaceRule,
        clock: Callable[[], float] = time.time,
        sweep_every: float = 60.0,
    ) -> None:
        self.rule = rule
        self._clock = clock
        self._paces: dict[int, Pace] = {}
        self._sweep_every = sweep_every
        self._swept_at = clock()
        self._dropped_at: float | None = None
        """The last time any sender was over the pace: a flood is going on for a minute."""

    @classmethod
    def unlimited(cls) -> SenderPaces:
        return cls(PaceRule(per_second=0, burst=1))

    def admit(self, sender: int, sent_at: float | None = None) -> Verdict:
        """The sender's update, judged when it was sent where Telegram says (`sent_at`, a
        date in whole Unix seconds), else now.

        A date says the message was sent within the second after it, and it was sent before
        now: the earlier of these two latest moments is taken, so that the refill counted
        later never includes time that had not yet passed when it was sent."""
        if not self.rule.limited:
            return Verdict.ADMIT
        now = self._clock()
        at = now if sent_at is None else min(sent_at + 1, now)
        self._paces[sender], verdict = pace.admit(self._paces.get(sender), at, self.rule)
        if verdict is not Verdict.ADMIT:
            self._dropped_at = now
        if now - self._swept_at >= self._sweep_every:
            self._sweep(now)
        return verdict

    def flooding(self, sender: int) -> bool:
        return pace.flooding(self._paces.get(sender), self._clock(), self.rule)

    def bursting(self, sender: int) -> bool:
        now = self._clock()
        flood_on = self._dropped_at is not None and now - self._dropped_at < self.rule.flooding_for
        return pace.bursting(self._paces.get(sender), now, self.rule, flood_on=flood_on)

    def __len__(self) -> int:
        return len(self._paces)

    def _sweep(self, now: float) -> None:
        self._swept_at = now
        for sender in [s for s, p in self._paces.items() if pace.forgettable(p, now, self.rule)]:
            del self._paces[sender]
