"""Trouble on Telegram's side, injected on purpose: 429s, 5xxs and slow answers."""

from __future__ import annotations

import random
from dataclasses import dataclass, field


@dataclass(slots=True)
class FaultPlan:
    """Faults injected into the bot's calls (not into getUpdates unless `include_polling`)."""

    rate_429: float = 0.0
    rate_5xx: float = 0.0
    rate_slow: float = 0.0
    slow_seconds: float = 2.0
    retry_after: int = 1
    include_polling: bool = False
    seed: int = 0
    _random: random.Random = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._random = random.Random(self.seed)  # noqa: S311 - fault injection, not security

    def draw(self) -> str | None:
        roll = self._random.random()
        for kind, rate in (
            ("429", self.rate_429),
            ("5xx", self.rate_5xx),
            ("slow", self.rate_slow),
        ):
            if roll < rate:
                return kind
            roll -= rate
        return None
