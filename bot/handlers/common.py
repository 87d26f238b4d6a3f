"""What every user can do: greet, help, language, cancel, and the polite fallbacks."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.handlers.messages import acknowledge, edit, reply, send_quietly, set_chat_menu
from bot.messaging.ratelimit import hint_sending
from bot.render import Rendered, callback_data, keyboards
from bot.runtime.context import KinerjaContext
from bot.runtime.processing import fair_processor
from bot.usecases.identity import choose_language
from kinerja.roles import Command, commands_for


async def greet(update: Update, context: KinerjaContext) -> None:
    viewer = context.viewer
    person_name = viewer.person.full_name if viewer.person else None
    assert update.effective_message is not None  # noqa: S101 - CommandHandler guarantees it
    await update.effective_message.reply_html(
        viewer.texts.welcome(viewer.first_name, viewer.role, person_name)
    )


async def show_help(update: Update, context: KinerjaContext) -> None:
    viewer = context.viewer
    assert update.effective_message is not None  # noqa: S101
    await update.effective_message.reply_html(
        viewer.texts.help(viewer.role, commands_for(viewer.role))
    )


async def ask_language(update: Update, context: KinerjaContext) -> None:
    assert update.effective_message is not None  # noqa: S101
    await reply(update, Rendered(context.viewer.texts.choose_language(), keyboards.languages()))


async def set_language(update: Update, context: KinerjaContext) -> None:
    query = update.callback_query
    assert query is not None  # noqa: S101 - CallbackQueryHandler guarantees it
    language = callback_data.parse_language(query.data or "")
    if language is None:
        await query.answer(context.viewer.texts.stale_button())
        return
    viewer = context.viewer = await choose_language(context.services, context.viewer, language)
    await acknowledge(update)
    await edit(update, Rendered(viewer.texts.language_changed()))
    dashboard = context.services.settings.dashboard_url()
    await set_chat_menu(context.bot, viewer.telegram_user_id, viewer.texts, viewer.role, dashboard)


async def not_understood(update: Update, context: KinerjaContext) -> None:
    """A hint, sent after the update is handled: waiting for room to send, it holds neither
    a slot nor the poll's offset (a flood's first wave of such texts held the offset, and every
    update behind it, until its hints went). So a reply to the sender's next update may
    arrive before it."""
    if update.effective_message is not None and context.has_viewer:
        rendered = Rendered(context.viewer.texts.not_understood())
        fair_processor(context.application.update_processor).in_background(_hint(update, rendered))


async def _hint(update: Update, rendered: Rendered) -> None:
    with hint_sending():  # behind the replies that move someone's flow on
        await send_quietly(reply(update, rendered), "a hint", update.update_id)


async def stale_button(update: Update, context: KinerjaContext) -> None:
    if update.callback_query is not None and context.has_viewer:
        await update.callback_query.answer(context.viewer.texts.stale_button())


def handlers() -> list[BaseHandler[Update, KinerjaContext, object]]:
    private = filters.ChatType.PRIVATE
    return [
        CommandHandler(Command.START, greet, filters=private),
        CommandHandler(Command.HELP, show_help, filters=private),
        CommandHandler(Command.LANGUAGE, ask_language, filters=private),
        CallbackQueryHandler(
            set_language, pattern=callback_data.pattern(callback_data.Prefix.LANGUAGE)
        ),
    ]


def fallbacks() -> list[BaseHandler[Update, KinerjaContext, object]]:
    """Last in the chain: anything no flow understood gets a polite answer, never silence."""
    return [
        MessageHandler(filters.ChatType.PRIVATE, not_understood),
        CallbackQueryHandler(stale_button),
    ]
