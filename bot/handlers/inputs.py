"""Typed text, photos and /batal, routed to the one flow that is waiting for them.

Order matters: a supervisor's pending note first (it was asked for explicitly), then an ASN's
report in progress, then a citizen's survey; whatever is left is not understood.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler, MessageHandler, filters

from bot.handlers import common, staff
from bot.handlers.citizen import show_survey
from bot.handlers.messages import reply, retire_keyboard
from bot.messaging.outbox import deliver_outbox
from bot.render import Rendered
from bot.render.staff import input_cancelled, report_closed
from bot.runtime.context import KinerjaContext
from bot.usecases import cancelling, complaints, reports, survey, team
from bot.usecases.survey import Refused
from kinerja.roles import Command
from kinerja.survey import AnswerProblem, Refusal


async def receive_text(update: Update, context: KinerjaContext) -> None:
    message = update.effective_message
    assert message is not None  # noqa: S101 - filters.TEXT
    assert message.text is not None  # noqa: S101
    texts = context.viewer.texts
    services, viewer = context.services, context.viewer

    closed = await complaints.receive_follow_up(services, viewer, message.text)
    if closed is not None:
        if isinstance(closed, complaints.Closed):
            await reply(update, Rendered(texts.complaint_closed(closed.complaint.ticket)))
            await deliver_outbox(context.bot, services, closed.outbox_ids)
        else:
            await reply(update, Rendered(texts.complaint_refusal(closed)))
        return

    sent = await team.receive_feedback(services, viewer, message.text)
    if sent is not None:
        if isinstance(sent, team.FeedbackSent):
            await reply(update, Rendered(texts.feedback_sent(sent.report.person_name)))
            await deliver_outbox(context.bot, services, sent.outbox_ids)
        elif isinstance(sent, AnswerProblem):
            await reply(update, Rendered(texts.answer_problem(sent)))
        else:
            await reply(update, Rendered(texts.report_refusal(sent)))
        return

    screen = await reports.receive_report_text(services, viewer, message.text)
    if screen is not None:
        await staff.show_report(update, context, screen, in_place=False)
        return

    outcome = await survey.receive_text(services, viewer, message.text, message.chat_id)
    if isinstance(outcome, Refused) and outcome.reason is Refusal.NO_SURVEY:
        await common.not_understood(update, context)
        return
    await show_survey(update, context, outcome, in_place=False)


async def receive_photo(update: Update, context: KinerjaContext) -> None:
    message = update.effective_message
    assert message is not None  # noqa: S101 - filters.PHOTO
    assert message.photo  # noqa: S101
    largest = message.photo[-1]
    screen = await reports.receive_report_photo(context.services, context.viewer, largest.file_id)
    if screen is not None:
        await staff.show_report(update, context, screen, in_place=False)
        return
    outcome = await survey.receive_photo(
        context.services, context.viewer, largest.file_id, largest.file_size
    )
    if isinstance(outcome, Refused) and outcome.reason is Refusal.NO_SURVEY:
        await common.not_understood(update, context)
        return
    await show_survey(update, context, outcome, in_place=False)


async def cancel(update: Update, context: KinerjaContext) -> None:
    texts = context.viewer.texts
    awaited = await cancelling.cancel_awaited_input(context.services, context.viewer)
    if awaited is not None:
        await reply(update, input_cancelled(texts, awaited))
        return
    closed = await reports.close_report(context.services, context.viewer, reports.Ending.CANCEL)
    if closed is not None:
        if update.effective_chat is not None:
            await retire_keyboard(context, update.effective_chat.id, closed.message_id)
        await reply(update, report_closed(texts, closed))
        return
    cancelled = await survey.cancel_survey(context.services, context.viewer)
    if cancelled is None:
        await reply(update, Rendered(texts.nothing_to_cancel()))
        return
    if update.effective_chat is not None:
        await retire_keyboard(context, update.effective_chat.id, cancelled.message_id)
    await reply(update, Rendered(texts.survey_cancelled(cancelled.complaint_ticket)))


def handlers() -> list[BaseHandler[Update, KinerjaContext, object]]:
    private = filters.ChatType.PRIVATE
    return [
        CommandHandler(Command.CANCEL, cancel, filters=private),
        MessageHandler(private & filters.TEXT & ~filters.COMMAND, receive_text),
        MessageHandler(private & filters.PHOTO, receive_photo),
    ]
