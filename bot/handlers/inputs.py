"""Typed text, photos and /batal, routed to the one flow that is waiting for them.

What the chat waits for is read once, with the update's arrival (`identity.begin_update`, for
the updates `TYPED` takes), and only that flow runs its write transaction; the order among
flows is `kinerja.awaiting`'s. Whatever no flow waits for is not understood, at the cost of
that one read.
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
from bot.usecases.survey import Refused, SurveyOutcome
from kinerja.awaiting import Awaited, InputFlow, photo_flow, text_flow
from kinerja.roles import Command
from kinerja.survey import AnswerProblem, Refusal

_PRIVATE = filters.ChatType.PRIVATE
TEXT = _PRIVATE & filters.TEXT & ~filters.COMMAND
PHOTO = _PRIVATE & filters.PHOTO
TYPED = TEXT | PHOTO
"""The updates these handlers take: their arrival reads what the chat waits for as well."""


def _awaited(context: KinerjaContext) -> Awaited:
    """Read on arrival for every update `TYPED` takes (`ledger.begin`)."""
    assert context.awaited is not None  # noqa: S101 - TYPED is what begin_update is told
    return context.awaited


async def receive_text(update: Update, context: KinerjaContext) -> None:
    message = update.effective_message
    assert message is not None  # noqa: S101 - filters.TEXT
    assert message.text is not None  # noqa: S101
    services, viewer, text = context.services, context.viewer, message.text
    match text_flow(_awaited(context)):
        case InputFlow.FOLLOW_UP:
            answered = await _follow_up(update, context, text)
        case InputFlow.FEEDBACK:
            answered = await _feedback(update, context, text)
        case InputFlow.REPORT:
            screen = await reports.receive_report_text(services, viewer, text)
            answered = await _report(update, context, screen)
        case InputFlow.SURVEY:
            outcome = await survey.receive_text(services, viewer, text, message.chat_id)
            answered = await _survey(update, context, outcome)
        case None:
            answered = False
    if not answered:
        await common.not_understood(update, context)


async def receive_photo(update: Update, context: KinerjaContext) -> None:
    message = update.effective_message
    assert message is not None  # noqa: S101 - filters.PHOTO
    assert message.photo  # noqa: S101
    largest = message.photo[-1]
    services, viewer = context.services, context.viewer
    match photo_flow(_awaited(context)):
        case InputFlow.REPORT:
            screen = await reports.receive_report_photo(services, viewer, largest.file_id)
            answered = await _report(update, context, screen)
        case InputFlow.SURVEY:
            outcome = await survey.receive_photo(
                services, viewer, largest.file_id, largest.file_size
            )
            answered = await _survey(update, context, outcome)
        case _:  # nothing, or a note: notes are typed
            answered = False
    if not answered:
        await common.not_understood(update, context)


# Each flow below was found waiting on arrival; False when its own transaction finds
# it no longer is (a job expired the survey in between): the text is then not understood.


async def _follow_up(update: Update, context: KinerjaContext, text: str) -> bool:
    texts, services = context.viewer.texts, context.services
    closed = await complaints.receive_follow_up(services, context.viewer, text)
    if closed is None:
        return False
    if isinstance(closed, complaints.Closed):
        sent = closed.complaint.citizen_chat_id is not None
        await reply(update, Rendered(texts.complaint_closed(closed.complaint.ticket, sent)))
        await deliver_outbox(context.bot, services, closed.outbox_ids)
    else:
        await reply(update, Rendered(texts.complaint_refusal(closed)))
    return True


async def _feedback(update: Update, context: KinerjaContext, text: str) -> bool:
    texts, services = context.viewer.texts, context.services
    sent = await team.receive_feedback(services, context.viewer, text)
    if sent is None:
        return False
    if isinstance(sent, team.FeedbackSent):
        await reply(update, Rendered(texts.feedback_sent(sent.report.person_name)))
        await deliver_outbox(context.bot, services, sent.outbox_ids)
    elif isinstance(sent, AnswerProblem):
        await reply(update, Rendered(texts.answer_problem(sent)))
    else:
        await reply(update, Rendered(texts.report_refusal(sent)))
    return True


async def _report(
    update: Update, context: KinerjaContext, screen: reports.ReportScreen | None
) -> bool:
    if screen is None:
        return False
    await staff.show_report(update, context, screen, in_place=False)
    return True


async def _survey(update: Update, context: KinerjaContext, outcome: SurveyOutcome) -> bool:
    if isinstance(outcome, Refused) and outcome.reason is Refusal.NO_SURVEY:
        return False
    await show_survey(update, context, outcome, in_place=False)
    return True


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
    return [
        CommandHandler(Command.CANCEL, cancel, filters=_PRIVATE),
        MessageHandler(TEXT, receive_text),
        MessageHandler(PHOTO, receive_photo),
    ]
