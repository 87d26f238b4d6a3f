"""Supervisors: a day's reports of their staff (/laporan), a report's evidence, verification
and feedback (umpan balik)."""

from __future__ import annotations

import logging

from telegram import CallbackQuery, Update
from telegram.error import BadRequest
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, filters

from bot.handlers.guard import requires
from bot.handlers.messages import acknowledge, alert, edit, parse_tap, reply
from bot.render import Rendered
from bot.render import callback_data as cd
from bot.render import staff as views
from bot.runtime.context import KinerjaContext
from bot.texts import Texts
from bot.usecases import team
from bot.usecases.team import Evidence, TeamDay
from kinerja.reporting import DayProblem
from kinerja.roles import Command
from kinerja.staff import ReportRefusal
from kinerja.types import Report

log = logging.getLogger("kinerja.team")

TYPE_MISMATCH = "type of file mismatch"
"""Telegram's answer when a file id is sent by the method of another kind of file."""


def _day_refusal(texts: Texts, refusal: DayProblem | ReportRefusal) -> Rendered:
    if isinstance(refusal, DayProblem):
        return Rendered(texts.team_day_problem(refusal))
    return Rendered(texts.report_refusal(refusal))


@requires(Command.TEAM_REPORTS)
async def show_team(update: Update, context: KinerjaContext) -> None:
    day = await team.asked_team_day(context.services, context.viewer, context.args or [])
    texts = context.viewer.texts
    if isinstance(day, TeamDay):
        await reply(update, views.team_day(texts, day))
    else:
        await reply(update, _day_refusal(texts, day))


@requires(Command.TEAM_REPORTS)
async def tap_team_day(update: Update, context: KinerjaContext) -> None:
    """◀ / ▶ on a /laporan message: the same message shows the other day."""
    query = update.callback_query
    assert query is not None  # noqa: S101 - CallbackQueryHandler guarantees it
    parsed = await parse_tap(update, context, cd.parse_team_day)
    if parsed is None:
        return
    unit_id, day = parsed
    found = await team.team_day(context.services, context.viewer, day, unit_id=unit_id)
    texts = context.viewer.texts
    if not isinstance(found, TeamDay):
        await alert(query, _day_refusal(texts, found).text)
        return
    await acknowledge(update)
    await edit(update, views.team_day(texts, found))


async def _send_evidence(
    query: CallbackQuery, context: KinerjaContext, evidence: Evidence, texts: Texts
) -> None:
    """The file as Telegram holds it: a photo (what /lapor accepts), else a document."""
    chat_id = query.from_user.id
    caption = views.evidence_caption(texts, evidence.report)
    try:
        try:
            await context.bot.send_photo(chat_id, evidence.file_id, caption=caption)
        except BadRequest as refused:
            if TYPE_MISMATCH not in refused.message.lower():
                raise
            await context.bot.send_document(chat_id, evidence.file_id, caption=caption)
    except BadRequest as refused:  # a file id Telegram no longer knows
        log.warning("evidence of report %s not sent: %s", evidence.report.id, refused.message)
        await context.bot.send_message(chat_id, texts.evidence_gone())


@requires(Command.TEAM_REPORTS)
async def tap_team(update: Update, context: KinerjaContext) -> None:
    query = update.callback_query
    assert query is not None  # noqa: S101 - CallbackQueryHandler guarantees it
    texts = context.viewer.texts
    parsed = await parse_tap(update, context, cd.parse_team)
    if parsed is None:
        return
    action, report_id = parsed
    services, viewer = context.services, context.viewer
    if action is cd.TeamAction.EVIDENCE:
        evidence = await team.report_evidence(services, viewer, report_id)
        if evidence is None:
            await alert(query, texts.evidence_gone())
        elif isinstance(evidence, Evidence):
            await acknowledge(update)
            await _send_evidence(query, context, evidence, texts)
        else:
            await alert(query, texts.report_refusal(evidence))
        return
    if action is cd.TeamAction.DETAIL:
        found = await team.report_detail(services, viewer, report_id)
    elif action is cd.TeamAction.VERIFY:
        found = await team.verify_report(services, viewer, report_id)
    else:
        found = await team.begin_feedback(services, viewer, report_id)
    if not isinstance(found, Report):
        await alert(query, texts.report_refusal(found))
        return
    if action is cd.TeamAction.DETAIL:
        await acknowledge(update)
        await reply(update, views.report_detail(texts, found))
    elif action is cd.TeamAction.VERIFY:
        await query.answer(texts.report_verified(found.person_name))
        await edit(update, views.report_detail(texts, found))
    else:
        await acknowledge(update)
        await reply(update, Rendered(texts.ask_feedback(found.person_name, found.metric)))


def handlers() -> list[BaseHandler[Update, KinerjaContext, object]]:
    return [
        CommandHandler(Command.TEAM_REPORTS, show_team, filters=filters.ChatType.PRIVATE),
        CallbackQueryHandler(tap_team, pattern=cd.pattern(cd.Prefix.TEAM)),
        CallbackQueryHandler(tap_team_day, pattern=cd.pattern(cd.Prefix.TEAM_DAY)),
    ]
