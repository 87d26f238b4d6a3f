"""The error handler: log first, then apologise in the user's language."""

from __future__ import annotations

import contextlib
import logging

from telegram import Update
from telegram.error import TelegramError

from bot.handlers.messages import alert
from bot.messaging.ratelimit import ReplyShed, note_shed
from bot.runtime.context import KinerjaContext
from bot.texts import texts_for
from kinerja.language import language_from_code, reading_language

log = logging.getLogger("kinerja.errors")


async def on_error(update: object, context: KinerjaContext) -> None:
    update_id = update.update_id if isinstance(update, Update) else None
    if isinstance(context.error, ReplyShed):
        note_shed(update_id)
        return
    log.error("handler failed on update %s", update_id, exc_info=context.error)
    context.services.metrics.handler_errors.inc()
    if not isinstance(update, Update):
        return
    if context.has_viewer:
        texts = context.viewer.texts
    else:
        code = update.effective_user.language_code if update.effective_user else None
        default = context.services.settings.default_language
        texts = texts_for(reading_language(None, language_from_code(code), default))
    with contextlib.suppress(TelegramError):  # the apology must not raise a second error
        if update.callback_query is not None:
            await alert(update.callback_query, texts.error_apology())
        elif update.effective_chat is not None and update.effective_chat.type == "private":
            await context.bot.send_message(update.effective_chat.id, texts.error_apology())
    ops_chat = context.services.settings.ops_chat_id
    if ops_chat is not None:
        ops_texts = texts_for(context.services.settings.default_language)
        with contextlib.suppress(TelegramError):
            await context.bot.send_message(
                ops_chat,
                ops_texts.ops_handler_failed(type(context.error).__name__, update_id),
            )
