"""Access control in one place: handlers declare the command they serve, the guard checks."""

from __future__ import annotations

import functools
from collections.abc import Callable, Coroutine
from typing import Any

from telegram import Update

from bot.render import plain_text
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
                await update.callback_query.answer(
                    plain_text(viewer.texts.not_allowed()), show_alert=True
                )
            elif update.effective_message is not None:
                await update.effective_message.reply_html(viewer.texts.not_allowed())
            return None

        return guarded

    return decorate
