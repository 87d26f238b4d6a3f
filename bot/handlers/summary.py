"""Supervisors on demand: /rekap, /ekspor, drill-down into a unit, the Excel button."""

from __future__ import annotations

from telegram import InputFile, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, filters

from bot.handlers.guard import requires
from bot.handlers.messages import acknowledge, alert, reply
from bot.messaging.delivery import send_summary
from bot.render import Rendered
from bot.render import callback_data as cd
from bot.render.summary import unit_detail_messages
from bot.runtime.context import KinerjaContext
from bot.usecases.summary import (
    Figures,
    figures_for,
    summary_for,
    summary_request,
    tapped_request,
)
from bot.usecases.workbooks import summary_workbook
from kinerja.audit import person_actor
from kinerja.periods import PeriodRefusal
from kinerja.roles import Command
from kinerja.staff import ReportRefusal

MAX_ARGUMENTS = 4
"""A period of two words, a unit code, and one word too many to be refused by name."""


async def _request(
    update: Update, context: KinerjaContext, command: Command
) -> tuple[Figures, str] | None:
    """The figures of the period and the unit a command asks for (`[PERIOD] [UNIT]`, see
    `kinerja.periods.parse_period_request`), or None after telling the user why not."""
    texts = context.viewer.texts
    args = list(context.args or [])
    if len(args) > MAX_ARGUMENTS:
        await reply(update, Rendered(texts.rekap_usage()))
        return None
    request = await summary_request(context.services, context.viewer, args)
    if isinstance(request, PeriodRefusal):
        await reply(update, Rendered(texts.period_refusal(command.value, request)))
        return None
    if isinstance(request, ReportRefusal):
        await reply(update, Rendered(texts.report_refusal(request)))
        return None
    return await figures_for(context.services, request.period), request.unit_code


@requires(Command.SUMMARY)
async def show_summary(update: Update, context: KinerjaContext) -> None:
    request = await _request(update, context, Command.SUMMARY)
    if request is None:
        return
    await _send(update, context, *request)


async def _send(update: Update, context: KinerjaContext, figures: Figures, code: str) -> None:
    summary = await summary_for(context.services, figures, code)
    assert update.effective_chat is not None  # noqa: S101 - a command or a tap has a chat
    await send_summary(
        context.bot,
        context.services,
        update.effective_chat.id,
        context.viewer.texts,
        summary,
        figures,
    )


async def _send_workbook(
    context: KinerjaContext, chat_id: int, figures: Figures, code: str
) -> None:
    person = context.viewer.person
    assert person is not None  # noqa: S101 - @requires(Command.EXPORT) lets only staff in
    data = await summary_workbook(context.services, figures, code, actor=person_actor(person.id))
    key = figures.now.period.key
    await context.bot.send_document(
        chat_id,
        InputFile(data, filename=f"kinerja-{code}-{key}.xlsx"),
        caption=context.viewer.texts.export_caption(key),
    )


@requires(Command.EXPORT)
async def export_workbook(update: Update, context: KinerjaContext) -> None:
    request = await _request(update, context, Command.EXPORT)
    if request is None:
        return
    assert update.effective_chat is not None  # noqa: S101
    await _send_workbook(context, update.effective_chat.id, *request)


async def _tapped(
    update: Update, context: KinerjaContext, prefix: cd.Prefix
) -> tuple[Figures, str] | None:
    query = update.callback_query
    assert query is not None  # noqa: S101 - CallbackQueryHandler guarantees it
    texts = context.viewer.texts
    parsed = cd.parse_unit_period(query.data or "", prefix)
    if parsed is None:
        await query.answer(texts.stale_button())
        return None
    request = await tapped_request(context.services, context.viewer, *parsed)
    if isinstance(request, PeriodRefusal):  # no button offers a period not begun
        await query.answer(texts.stale_button())
        return None
    if isinstance(request, ReportRefusal):
        await alert(query, texts.report_refusal(request))
        return None
    await acknowledge(update)
    return await figures_for(context.services, request.period), request.unit_code


@requires(Command.SUMMARY)
async def drill_down(update: Update, context: KinerjaContext) -> None:
    tapped = await _tapped(update, context, cd.Prefix.DRILL)
    if tapped is None:
        return
    figures, code = tapped
    summary = await summary_for(context.services, figures, code)
    for text in unit_detail_messages(context.viewer.texts, summary, summary.main):
        assert update.effective_chat is not None  # noqa: S101
        await context.bot.send_message(update.effective_chat.id, text)


@requires(Command.SUMMARY)
async def browse_periods(update: Update, context: KinerjaContext) -> None:
    """◀ / ▶ under a summary: the summary of the period before or after, sent anew."""
    tapped = await _tapped(update, context, cd.Prefix.BROWSE)
    if tapped is not None:
        await _send(update, context, *tapped)


@requires(Command.EXPORT)
async def workbook_button(update: Update, context: KinerjaContext) -> None:
    tapped = await _tapped(update, context, cd.Prefix.WORKBOOK)
    if tapped is None:
        return
    assert update.effective_chat is not None  # noqa: S101
    await _send_workbook(context, update.effective_chat.id, *tapped)


def handlers() -> list[BaseHandler[Update, KinerjaContext, object]]:
    private = filters.ChatType.PRIVATE
    return [
        CommandHandler(Command.SUMMARY, show_summary, filters=private),
        CommandHandler(Command.EXPORT, export_workbook, filters=private),
        CallbackQueryHandler(drill_down, pattern=cd.pattern(cd.Prefix.DRILL)),
        CallbackQueryHandler(workbook_button, pattern=cd.pattern(cd.Prefix.WORKBOOK)),
        CallbackQueryHandler(browse_periods, pattern=cd.pattern(cd.Prefix.BROWSE)),
    ]
