"""Typed access to what handlers need, instead of `bot_data["x"]` plus `cast`."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from telegram.ext import Application, CallbackContext, ExtBot

from bot.services import Services, Viewer
from kinerja.awaiting import Awaited


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
        self.awaited: Awaited | None = None
        """What the chat waits for, when the update is a typed text or photo (read on arrival)."""

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
