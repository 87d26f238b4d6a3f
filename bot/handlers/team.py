"""Supervisors: today's reports of their staff, verification and feedback (umpan balik)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, filters

from bot.handlers.guard import requires
from bot.handlers.messages import acknowledge, alert, edit, parse_tap, reply
from bot.render import Rendered
from bot.render import callback_data as cd
from bot.render import staff as views
from bot.runtime.context import KinerjaContext
from bot.usecases import team
from bot.usecases.team import TeamDay
from kinerja.roles import Command
from kinerja.types import Report


@requires(Command.TEAM_REPORTS)
async def show_team(update: Update, context: KinerjaContext) -> None:
    unit = context.args[0] if context.args else None
    day = await team.team_day(context.services, context.viewer, unit)
    texts = context.viewer.texts
    if isinstance(day, TeamDay):
        await reply(update, views.team_day(texts, day))
    else:
        await reply(update, Rendered(texts.report_refusal(day)))


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
    ]
