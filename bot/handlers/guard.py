"""Access control in one place: handlers declare the command they serve, the guard checks."""

from __future__ import annotations

import functools
from collections.abc import Callable, Coroutine
from typing import Any

from telegram import Update

from bot.handlers.messages import alert, reply
from bot.render import Rendered
from bot.runtime.context import KinerjaContext
from kinerja.roles import Command, may_use

Handler = Callable[[Update, KinerjaContext], Coroutine[Any, Any, object]]


def requires(command: Command) -> Callable[[Handler], Handler]:
    def decorate(handler: Handler) -> Handler:
        @functools.wraps(handler)
        async def guarded(update: Update, context: KinerjaContext) -> object:
            viewer = context.viewer
            if may_use(viewer.role, command):
                return await handler(update, context)
            if update.callback_query is not None:
                await alert(update.callback_query, viewer.texts.not_allowed())
            elif update.effective_message is not None:
                await reply(update, Rendered(viewer.texts.not_allowed()))
            return None

        return guarded

    return decorate
