"""Sending, editing and retiring messages: the few Telegram calls every flow shares."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TypeVar

from telegram import CallbackQuery, Message, Update
from telegram.error import BadRequest

from bot.render import Rendered, plain_text
from bot.runtime.context import KinerjaContext
from bot.texts.markup import Html


async def reply(update: Update, rendered: Rendered) -> Message:
    assert update.effective_message is not None  # noqa: S101 - message handlers guarantee it
    return await update.effective_message.reply_text(
        rendered.text,
        reply_markup=rendered.keyboard,
        disable_web_page_preview=True,
    )


async def alert(query: CallbackQuery, text: Html) -> None:
    """A pop-up the tapper must dismiss: a refusal, shown over the chat, that changes nothing."""
    await query.answer(plain_text(text), show_alert=True)


async def acknowledge(update: Update) -> None:
    """Stop the button's spinner. A tap redelivered after a restart may already have been
    acknowledged ("query is too old"): the reply that follows is what matters, so go on."""
    query = update.callback_query
    assert query is not None  # noqa: S101 - callback handlers guarantee it
    with contextlib.suppress(BadRequest):
        await query.answer()


async def edit(update: Update, rendered: Rendered) -> None:
    query = update.callback_query
    assert query is not None  # noqa: S101 - callback handlers guarantee it
    with contextlib.suppress(BadRequest):  # "message is not modified" after a double tap
        await query.edit_message_text(
            rendered.text,
            reply_markup=rendered.keyboard,
            disable_web_page_preview=True,
        )


async def retire_keyboard(context: KinerjaContext, chat_id: int, message_id: int | None) -> None:
    """Only the newest survey message keeps buttons, so an old one cannot be answered."""
    if message_id is None:
        return
    with contextlib.suppress(BadRequest):
        await context.bot.edit_message_reply_markup(chat_id, message_id, reply_markup=None)


T = TypeVar("T")


async def parse_tap(
    update: Update, context: KinerjaContext, parse: Callable[[str], T | None]
) -> T | None:
    """The button's data, parsed; anything a real button could not send is answered as a stale
    button and yields None (nothing changes)."""
    query = update.callback_query
    assert query is not None  # noqa: S101 - only callback handlers call this
    parsed = parse(query.data or "")
    if parsed is None:
        await query.answer(context.viewer.texts.stale_button())
    return parsed
