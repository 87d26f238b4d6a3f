"""ASN: registration by invitation, /lapor, /riwayat and /cuti."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, filters

from bot.handlers.guard import requires
from bot.handlers.messages import (
    acknowledge,
    alert,
    edit,
    parse_tap,
    reply,
    retire_keyboard,
    set_chat_menu,
)
from bot.render import Rendered
from bot.render import callback_data as cd
from bot.render import staff as views
from bot.runtime.context import KinerjaContext
from bot.usecases import history, reports, staff
from bot.usecases.history import History
from bot.usecases.reports import Ending, ReportScreen
from kinerja.roles import Command
from kinerja.staff import InviteRefusal, LeaveProblem, ReportRefusal, parse_day

# ------------------------------------------------------------------------------ invitations


async def open_invitation(update: Update, context: KinerjaContext) -> None:
    payload = context.args[0] if context.args else ""
    texts = context.viewer.texts
    outcome = await staff.open_invitation(context.services, context.viewer, payload)
    if isinstance(outcome, staff.InvitePrompt):
        await reply(
            update,
            views.invite_prompt(texts, outcome.invitation_id, outcome.person, outcome.unit_name),
        )
    else:
        await reply(update, Rendered(texts.invite_refusal(outcome)))


async def answer_invitation(update: Update, context: KinerjaContext) -> None:
    query = update.callback_query
    assert query is not None  # noqa: S101 - CallbackQueryHandler guarantees it
    texts = context.viewer.texts
    parsed = await parse_tap(update, context, cd.parse_invite)
    if parsed is None:
        return
    outcome = await staff.answer_invitation(context.services, context.viewer, *parsed)
    if outcome is InviteRefusal.UNKNOWN:  # forged, replayed or cancelled: the message untouched
        await query.answer(texts.stale_button())  # the button is stale, not the link unknown
        return
    await acknowledge(update)
    if isinstance(outcome, staff.Registered):
        person = outcome.person
        await edit(update, Rendered(texts.registered(person.full_name, person.role)))
        dashboard = context.services.settings.dashboard_url()
        await set_chat_menu(context.bot, query.from_user.id, texts, person.role, dashboard)
    else:
        await edit(update, Rendered(texts.invite_refusal(outcome)))


# ------------------------------------------------------------------------------ /lapor


async def show_report(
    update: Update,
    context: KinerjaContext,
    screen: ReportScreen | ReportRefusal,
    *,
    in_place: bool,
) -> None:
    texts = context.viewer.texts
    if isinstance(screen, ReportRefusal):
        if update.callback_query is not None:
            await alert(update.callback_query, texts.report_refusal(screen))
        else:
            await reply(update, Rendered(texts.report_refusal(screen)))
        return
    rendered = views.report_screen(texts, screen)
    if in_place:
        await edit(update, rendered)
        return
    if update.effective_chat is not None:
        await retire_keyboard(context, update.effective_chat.id, screen.message_id)
    message = await reply(update, rendered)
    await reports.remember_report_message(context.services, context.viewer, message.message_id)


@requires(Command.REPORT)
async def start_report(update: Update, context: KinerjaContext) -> None:
    await show_report(
        update,
        context,
        await reports.begin_report(context.services, context.viewer),
        in_place=False,
    )


async def tap_report(update: Update, context: KinerjaContext) -> None:
    query = update.callback_query
    assert query is not None  # noqa: S101
    tap = cd.parse_report(query.data or "")
    services, viewer = context.services, context.viewer
    if tap is None:
        await query.answer(viewer.texts.stale_button())
        return
    if tap.action in (cd.ReportAction.FINISH, cd.ReportAction.CANCEL):
        ending = Ending.FINISH if tap.action is cd.ReportAction.FINISH else Ending.CANCEL
        closed = await reports.close_report(services, viewer, ending)
        if closed is None:
            await alert(query, viewer.texts.report_refusal(ReportRefusal.STALE))
            return
        await acknowledge(update)
        await edit(update, views.report_closed(viewer.texts, closed))
        return
    if tap.action is cd.ReportAction.START:
        await acknowledge(update)
        await show_report(
            update, context, await reports.begin_report(services, viewer), in_place=False
        )
        return
    screen: ReportScreen | ReportRefusal
    if tap.action is cd.ReportAction.METRIC:
        screen = await reports.choose_metric(services, viewer, int(tap.argument))
    elif tap.day is not None:  # ReportAction.DAY
        screen = await reports.begin_report(services, viewer, tap.day)
    elif tap.action is cd.ReportAction.SKIP:
        screen = await reports.skip_step(services, viewer, reports.Step(tap.argument))
    else:
        screen = await reports.confirm_report(services, viewer)
    if isinstance(screen, ReportScreen):
        await acknowledge(update)
    await show_report(update, context, screen, in_place=True)


# ------------------------------------------------------------------------------ /riwayat, /cuti


async def _history(update: Update, context: KinerjaContext, days: int, *, in_place: bool) -> None:
    found = await history.my_history(context.services, context.viewer, days)
    texts = context.viewer.texts
    if not isinstance(found, History):
        await reply(update, Rendered(texts.report_refusal(found)))
        return
    rendered = views.history(texts, found)
    if in_place:
        await edit(update, rendered)
    else:
        await reply(update, rendered)


@requires(Command.HISTORY)
async def show_history(update: Update, context: KinerjaContext) -> None:
    await _history(update, context, 7, in_place=False)


async def switch_history(update: Update, context: KinerjaContext) -> None:
    query = update.callback_query
    assert query is not None  # noqa: S101
    days = await parse_tap(update, context, cd.parse_history)
    if days is None:
        return
    await acknowledge(update)
    await _history(update, context, days, in_place=True)


@requires(Command.LEAVE)
async def mark_leave(update: Update, context: KinerjaContext) -> None:
    texts = context.viewer.texts
    days = [parse_day(arg) for arg in (context.args or [])[:2]]
    if not days or any(d is None for d in days):
        await reply(update, Rendered(texts.leave_usage()))
        return
    first, last = days[0], days[-1]
    assert first is not None  # noqa: S101 - checked above
    assert last is not None  # noqa: S101
    marked = await history.mark_leave(context.services, context.viewer, first, last)
    if isinstance(marked, LeaveProblem):
        await reply(update, Rendered(texts.leave_refusal(marked)))
    elif isinstance(marked, ReportRefusal):
        await reply(update, Rendered(texts.report_refusal(marked)))
    else:
        await reply(update, Rendered(texts.leave_marked(marked, first, last)))


def handlers() -> list[BaseHandler[Update, KinerjaContext, object]]:
    private = filters.ChatType.PRIVATE
    return [
        CommandHandler(
            Command.START,
            open_invitation,
            filters=private & filters.Regex(r"^/start i_"),
            has_args=1,
        ),
        CommandHandler(Command.REPORT, start_report, filters=private),
        CommandHandler(Command.HISTORY, show_history, filters=private),
        CommandHandler(Command.LEAVE, mark_leave, filters=private),
        CallbackQueryHandler(answer_invitation, pattern=cd.pattern(cd.Prefix.INVITE)),
        CallbackQueryHandler(tap_report, pattern=cd.pattern(cd.Prefix.REPORT)),
        CallbackQueryHandler(switch_history, pattern=cd.pattern(cd.Prefix.HISTORY)),
    ]
