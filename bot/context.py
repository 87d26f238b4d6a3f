"""Typed access to what handlers need, instead of `bot_data["x"]` plus `cast`."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from telegram.ext import Application, CallbackContext, ExtBot

from bot.metrics import Metrics
from bot.settings import Settings
from bot.texts import Texts, texts_for
from db.engine import Database
from kinerja.types import Language, Person, Role

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


@dataclass(frozen=True, slots=True)
class Viewer:
    """Who sent this update, resolved once per update before any handler runs."""

    telegram_user_id: int
    first_name: str
    identity_hash: str
    role: Role
    language: Language
    person: Person | None

    @property
    def texts(self) -> Texts:
        return texts_for(self.language)


class BotData:
    services: Services


class KinerjaContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], BotData]):
    """Creating it does no I/O (PTB PR #4718); the first handler fills in the viewer."""

    def __init__(
        self,
        application: Application[Any, Any, Any, Any, Any, Any],
        chat_id: int | None = None,
        user_id: int | None = None,
    ) -> None:
        super().__init__(application=application, chat_id=chat_id, user_id=user_id)
        self._viewer: Viewer | None = None
        self.started = 0.0
        """When this update arrived (monotonic seconds), for its latency."""
        self.started_at: datetime | None = None

    @property
    def services(self) -> Services:
        return self.bot_data.services

    @property
    def viewer(self) -> Viewer:
        if self._viewer is None:
            raise RuntimeError("no viewer: the update has no user or identify_viewer did not run")
        return self._viewer

    @viewer.setter
    def viewer(self, viewer: Viewer) -> None:
        self._viewer = viewer

    @property
    def has_viewer(self) -> bool:
        return self._viewer is not None
