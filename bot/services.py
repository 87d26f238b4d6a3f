"""What a use case needs from the outside world, and who is asking: no Telegram here, so the
same use cases serve the chat, the CLI, the scheduler and the web."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from bot.runtime.metrics import Metrics
from bot.runtime.paces import SenderPaces
from bot.settings import Settings
from bot.texts import Texts, texts_for
from db.engine import Database
from kinerja.identity import browser_cooldown_marker, browser_identity_hash, cooldown_marker
from kinerja.types import Channel, Language, Person, Role

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class Services:
    """Everything a use case needs from the outside world, built once by the app factory."""

    settings: Settings
    database: Database
    clock: Clock
    secret: bytes
    metrics: Metrics = field(default_factory=Metrics)
    handled: list[tuple[int, datetime, datetime]] = field(default_factory=list)
    """Updates handled since the runner last wrote them to the ledger."""
    ledger_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    """Held while `handled` is written, so concurrent writers take turns and batch."""
    drawing: asyncio.Lock = field(default_factory=asyncio.Lock)
    """Held while a chart is drawn in a worker thread: matplotlib does not promise thread
    safety, and the chat's summaries and the dashboard draw in the same process."""
    paces: SenderPaces = field(default_factory=SenderPaces.unlimited)
    """Every sender's pace: the running bot's follows the settings; the CLI has no senders."""

    def today(self) -> date:
        """The local day now, in the configured zone: the day reports, periods and the
        working calendar are about."""
        return self.clock().astimezone(self.settings.zone).date()


@dataclass(frozen=True, slots=True)
class Viewer:
    """Who sent this update, resolved once per update before any handler runs."""

    telegram_user_id: int
    first_name: str
    identity_hash: str
    role: Role
    language: Language
    person: Person | None
    browser_id: str | None = None
    """Set for a citizen on the web survey, who has no Telegram account (`telegram_user_id`
    is then 0): the random id of their browser's cookie, which their identity and cooldown
    are keyed from."""

    @property
    def texts(self) -> Texts:
        return texts_for(self.language)

    @property
    def channel(self) -> Channel:
        return Channel.TELEGRAM if self.browser_id is None else Channel.WEB

    def cooldown_marker(self, secret: bytes, unit_id: int) -> str:
        """ "This respondent rated this unit recently", per channel: an account, or a browser."""
        if self.browser_id is None:
            return cooldown_marker(secret, self.telegram_user_id, unit_id)
        return browser_cooldown_marker(secret, self.browser_id, unit_id)


def browser_viewer(secret: bytes, browser_id: str, language: Language) -> Viewer:
    """A citizen on the web survey: anonymous, identified only by the browser's cookie."""
    return Viewer(
        telegram_user_id=0,
        first_name="",
        identity_hash=browser_identity_hash(secret, browser_id),
        role=Role.CITIZEN,
        language=language,
        person=None,
        browser_id=browser_id,
    )
