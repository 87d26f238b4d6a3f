"""Supervisors act on complaint alerts: take one on, or close it with a follow-up note."""

from __future__ import annotations

import contextlib

from telegram import CallbackQuery, Update
from telegram.error import BadRequest
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot.handlers.messages import acknowledge, parse_tap
from bot.render import callback_data as cd
from bot.render import complaints as views
from bot.runtime.context import KinerjaContext
from bot.texts import Texts
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
            await _offer_moves_left(query, texts, taken)
        else:
            await _decline(query, texts, taken)
        return
    closing = await complaints.begin_closing(context.services, context.viewer, tap.complaint_id)
    if isinstance(closing, Complaint):
        await acknowledge(update)
        await context.bot.send_message(query.from_user.id, texts.ask_follow_up(closing.ticket))
    else:
        await _decline(query, texts, closing)


async def _decline(query: CallbackQuery, texts: Texts, declined: complaints.Declined) -> None:
    """The refusal as a pop-up; for a supervisor of the unit the alert's buttons then show what
    is left to do (a stale "Tangani" goes, a closed or withdrawn complaint keeps none)."""
    complaint = declined.complaint
    await query.answer(views.declined(texts, declined.refusal, complaint), show_alert=True)
    if complaint is not None:
        await _offer_moves_left(query, texts, complaint)


async def _offer_moves_left(query: CallbackQuery, texts: Texts, complaint: Complaint) -> None:
    keyboard = views.complaint_keyboard(texts, complaint.id, complaint.status)
    with contextlib.suppress(BadRequest):  # already showing these buttons
        await query.edit_message_reply_markup(reply_markup=keyboard)


def handlers() -> list[BaseHandler[Update, KinerjaContext, object]]:
    return [CallbackQueryHandler(act_on_complaint, pattern=cd.pattern(cd.Prefix.COMPLAINT))]
