"""Sending, editing and retiring messages: the few Telegram calls every flow shares."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from telegram import (
    Bot,
    BotCommandScopeChat,
    CallbackQuery,
    MenuButtonDefault,
    MenuButtonWebApp,
    Message,
    Update,
    WebAppInfo,
)
from telegram.error import BadRequest, TelegramError

from bot.messaging.ratelimit import ReplyShed, note_shed
from bot.render import Rendered, plain_text
from bot.render.keyboards import command_menu
from bot.runtime.context import KinerjaContext
from bot.texts import Texts
from bot.texts.markup import Html
from kinerja.roles import may_open_dashboard
from kinerja.types import Role

log = logging.getLogger("kinerja.updates")


async def send_quietly(sending: Awaitable[object], what: str, update_id: int) -> None:
    """A message worth sending but not worth a failure (a hint, the too-fast notice): shed, it
    is noted as shed; refused or lost, in one line that names nobody."""
    try:
        await sending
    except ReplyShed:
        note_shed(update_id)
    except TelegramError as error:
        log.info("%s for update %d not sent: %s", what, update_id, type(error).__name__)


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


async def set_chat_menu(
    bot: Bot, chat_id: int, texts: Texts, role: Role, dashboard: str | None = None
) -> None:
    """The chat's own command menu: the role's commands in the person's language. Set when a
    staff member registers, after /bahasa and when their app's language changes; it comes
    before the public menu in every language (`bot.app`). With a `dashboard` URL, a
    supervisor's menu button opens the Mini App, labelled in their language. The menu is a
    convenience: a failure is logged and what the update did stands."""
    try:
        await bot.set_my_commands(command_menu(texts, role), scope=BotCommandScopeChat(chat_id))
    except TelegramError as error:
        log.warning("command menu not set: %s", error)
    if dashboard is not None and may_open_dashboard(role):
        await set_dashboard_button(bot, chat_id, texts, dashboard)
    elif dashboard is not None:  # no longer a supervisor: the button would open a refusal
        try:
            await bot.set_chat_menu_button(chat_id, MenuButtonDefault())
        except TelegramError as error:
            log.warning("menu button not reset: %s", error)


async def set_dashboard_button(bot: Bot, chat_id: int, texts: Texts, dashboard: str) -> None:
    """The menu button beside the chat's input field opens the dashboard (Bot API
    setChatMenuButton with a MenuButtonWebApp); a failure is logged, as the menu's."""
    button = MenuButtonWebApp(texts.dashboard_menu_button(), WebAppInfo(dashboard))
    try:
        await bot.set_chat_menu_button(chat_id, button)
    except TelegramError as error:
        log.warning("dashboard menu button not set: %s", error)


async def clear_chat_menu(bot: Bot, chat_id: int) -> None:
    """Back to the public menu, in the language of the person's app (after /hapus forgot a
    citizen's /bahasa)."""
    await bot.delete_my_commands(scope=BotCommandScopeChat(chat_id))


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
