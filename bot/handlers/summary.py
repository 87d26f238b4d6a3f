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
from bot.usecases.summary import Figures, figures_for, summary_for
from bot.usecases.team import scoped_unit
from bot.usecases.workbooks import summary_workbook
from kinerja.audit import person_actor
from kinerja.periods import current_period, period_kind_of
from kinerja.roles import Command
from kinerja.staff import ReportRefusal
from kinerja.types import PeriodKind


def _arguments(args: list[str]) -> tuple[PeriodKind, str | None] | None:
    """`[minggu|bulan|triwulan] [UNIT]` in either order."""
    kind = PeriodKind.WEEK
    unit: str | None = None
    for arg in args[:2]:
        word = period_kind_of(arg)
        if word is not None:
            kind = word
        elif unit is None:
            unit = arg.upper()
        else:
            return None
    return kind, unit


async def _request(update: Update, context: KinerjaContext) -> tuple[Figures, str] | None:
    """The figures of the period and the unit a command asks for, or None after telling the
    user why not."""
    texts = context.viewer.texts
    parsed = _arguments(list(context.args or []))
    if parsed is None:
        await reply(update, Rendered(texts.rekap_usage()))
        return None
    kind, unit = parsed
    code = await scoped_unit(context.services, context.viewer, unit)
    if isinstance(code, ReportRefusal):
        await reply(update, Rendered(texts.report_refusal(code)))
        return None
    services = context.services
    period = current_period(kind, services.clock(), services.settings.zone)
    return await figures_for(services, period), code


@requires(Command.SUMMARY)
async def show_summary(update: Update, context: KinerjaContext) -> None:
    request = await _request(update, context)
    if request is None:
        return
    figures, code = request
    summary = await summary_for(context.services, figures, code)
    assert update.effective_chat is not None  # noqa: S101 - a command has a chat
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
    request = await _request(update, context)
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
    unit_id, period = parsed
    code = await scoped_unit(context.services, context.viewer, unit_id=unit_id)
    if isinstance(code, ReportRefusal):
        await alert(query, texts.report_refusal(code))
        return None
    await acknowledge(update)
    return await figures_for(context.services, period), code


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
    ]
