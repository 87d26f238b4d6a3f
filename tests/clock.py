"""The one fake clock of the tests: it reads what the test set and moves only when told."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

NOW = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)
"""Wednesday 25 November 2026, 10:00 WIB: a working day in week 2026-W48."""


class FakeClock:
    """A `bot.services.Clock` the test moves by hand; nothing sleeps."""

    def __init__(self, now: datetime = NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> datetime:
        """Move on by `delta`; returns the new time."""
        self.now += delta
        return self.now
