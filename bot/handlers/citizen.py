"""The citizen's survey: deep links, consent, answers, complaints, status and deletion."""

from __future__ import annotations

import asyncio

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.handlers.guard import requires
from bot.handlers.messages import (
    acknowledge,
    alert,
    clear_chat_menu,
    edit,
    parse_tap,
    reply,
    retire_keyboard,
)
from bot.messaging.outbox import deliver_outbox
from bot.render import Rendered, plain_text
from bot.render import callback_data as cd
from bot.render import citizen as views
from bot.render import complaints as complaint_views
from bot.runtime.context import KinerjaContext
from bot.usecases import complaints, privacy, survey
from bot.usecases.survey import AskConsent, Finished, Question, Refused
from kinerja.complaints import Complaint
from kinerja.roles import Command
from kinerja.survey import Refusal

_TOAST_ONLY = frozenset({Refusal.UNKNOWN_UNIT, Refusal.STALE})
"""Refusals of a forged or outdated button: a short notice, the message itself untouched."""


async def show_survey(
    update: Update,
    context: KinerjaContext,
    outcome: AskConsent | Question | Finished | Refused,
    *,
    in_place: bool,
) -> None:
    """Edit the survey message in place, or send a new one after typed input."""
    texts = context.viewer.texts
    if isinstance(outcome, AskConsent):
        rendered = views.consent(texts, outcome, context.services.settings.retention_days)
    elif isinstance(outcome, Question):
        rendered = views.question(texts, outcome)
    elif isinstance(outcome, Finished):
        rendered = views.finished(texts, outcome)
    else:
        rendered = views.refused(texts, outcome)
    fresh = not in_place or (isinstance(outcome, Question) and views.needs_new_message(outcome))
    if not fresh:
        await edit(update, rendered)
    else:
        if isinstance(outcome, Question | Finished) and update.effective_chat is not None:
            await retire_keyboard(context, update.effective_chat.id, outcome.response.message_id)
        message = await reply(update, rendered)
        if isinstance(outcome, Question):
            await survey.remember_message(context.services, outcome.response.id, message.message_id)
    if isinstance(outcome, Question | Finished) and outcome.outbox_ids:
        await deliver_outbox(context.bot, context.services, outcome.outbox_ids)


# ------------------------------------------------------------------------------ entry


async def open_link(update: Update, context: KinerjaContext) -> None:
    payload = context.args[0] if context.args else ""
    outcome = await survey.open_survey_link(context.services, context.viewer, payload)
    await show_survey(update, context, outcome, in_place=False)


async def answer_consent(update: Update, context: KinerjaContext) -> None:
    query = update.callback_query
    assert query is not None  # noqa: S101
    choice = await parse_tap(update, context, cd.parse_consent)
    if choice is None:
        return
    if not choice.agreed:
        await acknowledge(update)
        await edit(update, Rendered(context.viewer.texts.consent_declined()))
        return
    outcome = await survey.consent(
        context.services, context.viewer, choice.unit_id, choice.token_payload
    )
    if isinstance(outcome, Refused) and outcome.reason in _TOAST_ONLY:
        await query.answer(plain_text(views.refused(context.viewer.texts, outcome).text))
        return
    await acknowledge(update)
    await show_survey(update, context, outcome, in_place=True)
    if isinstance(outcome, Question) and query.message is not None:
        await survey.remember_message(
            context.services, outcome.response.id, query.message.message_id
        )


async def use_poster_flow(update: Update, context: KinerjaContext) -> None:
    query = update.callback_query
    assert query is not None  # noqa: S101
    unit_id = await parse_tap(update, context, cd.parse_poster)
    if unit_id is None:
        return
    await acknowledge(update)
    await show_survey(
        update,
        context,
        await survey.poster_flow(context.services, context.viewer, unit_id),
        in_place=True,
    )


# ------------------------------------------------------------------------------ answers


async def answer_button(update: Update, context: KinerjaContext) -> None:
    query = update.callback_query
    assert query is not None  # noqa: S101
    tap = await parse_tap(update, context, cd.parse_survey)
    if tap is None:
        return
    outcome = await survey.answer_button(
        context.services, context.viewer, tap.response_id, tap.step, tap.value
    )
    if isinstance(outcome, Refused) and outcome.reason is Refusal.STALE:
        await query.answer(context.viewer.texts.stale_button())
        return
    # Two Bot API calls with no order between them: one round trip instead of two.
    await asyncio.gather(acknowledge(update), show_survey(update, context, outcome, in_place=True))


async def receive_unsupported(update: Update, context: KinerjaContext) -> None:
    """Stickers, voice notes, documents, locations…: a polite word, then the question again."""
    await reply(update, Rendered(context.viewer.texts.unsupported_message()))
    outcome = await survey.current_question(context.services, context.viewer)
    if isinstance(outcome, Question):
        await show_survey(update, context, outcome, in_place=False)


# ------------------------------------------------------------------------------ tickets, privacy


@requires(Command.TICKET_STATUS)
async def show_ticket_status(update: Update, context: KinerjaContext) -> None:
    texts = context.viewer.texts
    if not context.args:
        await reply(update, Rendered(texts.status_usage()))
        return
    found = await complaints.ticket_status(context.services, context.viewer, context.args[0])
    if isinstance(found, Complaint):
        await reply(update, complaint_views.ticket_status(texts, found))
    else:
        await reply(update, Rendered(texts.complaint_refusal(found)))


async def rate_handling(update: Update, context: KinerjaContext) -> None:
    query = update.callback_query
    assert query is not None  # noqa: S101
    texts = context.viewer.texts
    parsed = await parse_tap(update, context, cd.parse_rating)
    if parsed is None:
        return
    rated = await complaints.rate_handling(
        context.services, context.viewer, parsed.complaint_id, parsed.score, parsed.reopen_count
    )
    if isinstance(rated, complaints.Rated):
        await acknowledge(update)
        await edit(update, complaint_views.rated(texts, rated.complaint, rated.outcome))
        await deliver_outbox(context.bot, context.services, rated.outbox_ids)
    else:
        await alert(query, texts.complaint_refusal(rated))


@requires(Command.DELETE_MY_DATA)
async def ask_delete(update: Update, context: KinerjaContext) -> None:
    texts = context.viewer.texts
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(texts.delete_yes(), callback_data=cd.delete(True)),
                InlineKeyboardButton(texts.delete_no(), callback_data=cd.delete(False)),
            ]
        ]
    )
    cooldown = context.services.settings.survey_cooldown_hours
    await reply(update, Rendered(texts.delete_confirm(cooldown), keyboard))


async def confirm_delete(update: Update, context: KinerjaContext) -> None:
    query = update.callback_query
    assert query is not None  # noqa: S101
    texts = context.viewer.texts
    confirmed = await parse_tap(update, context, cd.parse_delete)
    if confirmed is None:
        return
    await acknowledge(update)
    if not confirmed:
        await edit(update, Rendered(texts.delete_kept()))
        return
    deleted = await privacy.delete_my_data(context.services, context.viewer)
    await edit(
        update, Rendered(texts.delete_done(deleted.responses_unlinked, deleted.complaints_redacted))
    )
    if deleted.menu_reset:
        await clear_chat_menu(context.bot, context.viewer.telegram_user_id)


def handlers() -> list[BaseHandler[Update, KinerjaContext, object]]:
    private = filters.ChatType.PRIVATE
    unsupported = private & (
        filters.Sticker.ALL
        | filters.VOICE
        | filters.AUDIO
        | filters.Document.ALL
        | filters.VIDEO
        | filters.VIDEO_NOTE
        | filters.ANIMATION
        | filters.LOCATION
        | filters.CONTACT
        | filters.POLL
        | filters.Dice.ALL
    )
    return [
        # A deep link (`/start u_PKM-PAUH-UMUM` or a ticket token) before the plain greeting.
        CommandHandler(
            Command.START, open_link, filters=private & filters.Regex(r"^/start [ut]_"), has_args=1
        ),
        CommandHandler(Command.TICKET_STATUS, show_ticket_status, filters=private),
        CommandHandler(Command.DELETE_MY_DATA, ask_delete, filters=private),
        CallbackQueryHandler(answer_consent, pattern=cd.pattern(cd.Prefix.CONSENT)),
        CallbackQueryHandler(use_poster_flow, pattern=cd.pattern(cd.Prefix.POSTER)),
        CallbackQueryHandler(answer_button, pattern=cd.pattern(cd.Prefix.SURVEY)),
        CallbackQueryHandler(rate_handling, pattern=cd.pattern(cd.Prefix.RATING)),
        CallbackQueryHandler(confirm_delete, pattern=cd.pattern(cd.Prefix.DELETE)),
        MessageHandler(unsupported, receive_unsupported),
    ]
