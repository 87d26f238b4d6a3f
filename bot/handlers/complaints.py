"""Supervisors act on complaint alerts: take one on, or close it with a follow-up note."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot.handlers.messages import acknowledge, alert, parse_tap
from bot.render import callback_data as cd
from bot.runtime.context import KinerjaContext
from bot.usecases import complaints
from kinerja.complaints import Complaint


async def act_on_complaint(update: Update, context: KinerjaContext) -> None:
    query = update.callback_query
    assert query is not None  # noqa: S101 - CallbackQueryHandler guarantees it
    texts = context.viewer.texts
    tap = await parse_tap(update, context, cd.parse_complaint)
    if tap is None:
        return
    if tap.action is cd.ComplaintAction.TAKE:
        taken = await complaints.take_complaint(context.services, context.viewer, tap.complaint_id)
        if isinstance(taken, Complaint):
            await query.answer(texts.complaint_taken(taken.ticket), show_alert=True)
        else:
            await alert(query, texts.complaint_refusal(taken))
        return
    closing = await complaints.begin_closing(context.services, context.viewer, tap.complaint_id)
    if isinstance(closing, Complaint):
        await acknowledge(update)
        await context.bot.send_message(query.from_user.id, texts.ask_follow_up(closing.ticket))
    else:
        await alert(query, texts.complaint_refusal(closing))


def handlers() -> list[BaseHandler[Update, KinerjaContext, object]]:
    return [CallbackQueryHandler(act_on_complaint, pattern=cd.pattern(cd.Prefix.COMPLAINT))]
