"""The one factory that builds the PTB `Application`; `kinerja run` and the tests both call it."""

from __future__ import annotations

import logging
from typing import Any

from telegram import BotCommandScopeDefault
from telegram.ext import (
    Application,
    ApplicationBuilder,
    ContextTypes,
)

from bot.files.calendar import HolidayFileError
from bot.handlers import citizen, common, complaints, inputs, ledger, staff, summary, team
from bot.handlers.messages import set_dashboard_button
from bot.messaging.ratelimit import rate_limiter
from bot.messaging.sending import TELEGRAM_DEFAULTS
from bot.render.keyboards import command_menu
from bot.runtime import jobs
from bot.runtime.context import BotData, KinerjaContext
from bot.runtime.errors import on_error
from bot.runtime.http import GatedRequest
from bot.runtime.paces import SenderPaces
from bot.runtime.processing import FairUpdateProcessor
from bot.services import Clock, Services, system_clock
from bot.settings import Settings
from bot.texts import texts_for
from bot.usecases.dashboard import dashboard_holders
from bot.usecases.reports import calendar_of
from db.engine import Database
from kinerja.types import Language, Role

log = logging.getLogger("kinerja.app")

KinerjaApplication = Application[Any, KinerjaContext, Any, Any, BotData, Any]

# Groups run in order for each update; within a group the first matching handler wins.
FLOW_GROUP = 0


async def _publish_commands(application: KinerjaApplication) -> None:
    """The public command menu per language; staff get their own menus when they register."""
    for language in Language:
        commands = command_menu(texts_for(language), Role.CITIZEN)
        code = (
            None
            if language is application.bot_data.services.settings.default_language
            else language.value
        )
        await application.bot.set_my_commands(
            commands, scope=BotCommandScopeDefault(), language_code=code
        )


async def _publish_dashboard_buttons(application: KinerjaApplication) -> None:
    """Every supervisor's menu button opens the dashboard, when it is reachable (an https
    public URL); those who become supervisors later get theirs as they register."""
    services = application.bot_data.services
    url = services.settings.dashboard_url()
    if url is None:
        return
    for chat_id, language in await dashboard_holders(services):
        await set_dashboard_button(application.bot, chat_id, texts_for(language), url)


async def _post_init(application: KinerjaApplication) -> None:
    await _publish_commands(application)
    await _publish_dashboard_buttons(application)
    _warm_calendar(application.bot_data.services)


def _warm_calendar(services: Services) -> None:
    """Read the holiday file and load the `holidays` package's country data now (~60 ms),
    not in the first report or job, which would hold every update meanwhile."""
    try:
        calendar_of(services, services.today())
    except HolidayFileError as error:  # reported again where a report needs it
        log.warning("the holiday file cannot be read: %s", error)


async def _post_shutdown(application: KinerjaApplication) -> None:
    await application.bot_data.services.database.dispose()


def build_application(
    settings: Settings,
    database: Database,
    *,
    clock: Clock = system_clock,
    schedule_jobs: bool = True,
) -> KinerjaApplication:
    """Wire settings and dependencies into a ready-to-run Application.

    The database is owned by the application from here on: it is disposed at shutdown. Without
    `schedule_jobs` the caller runs the jobs itself (the demo, at their simulated moments).
    """
    api = settings.telegram_api_url
    builder = (
        ApplicationBuilder()
        .token(settings.require_token())
        .base_url(f"{api}/bot")
        .base_file_url(f"{api}/file/bot")
        .context_types(ContextTypes(context=KinerjaContext, bot_data=BotData))
        .defaults(TELEGRAM_DEFAULTS)
        # Different users in parallel, each user's updates in order.
        .concurrent_updates(FairUpdateProcessor(settings.concurrent_updates))
        # A small pool: a large one costs CPU under concurrency (measured best near 16).
        .request(GatedRequest(settings.http_pool_size))
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
        # No PTB Updater: our runner confirms updates only after they are handled.
        .updater(None)
    )
    limiter = rate_limiter(settings)
    if limiter is not None:
        builder = builder.rate_limiter(limiter)  # type: ignore[arg-type]
    application: KinerjaApplication = builder.build()
    application.bot_data.services = services = Services(
        settings=settings,
        database=database,
        clock=clock,
        secret=settings.secret_bytes(),
        paces=SenderPaces(settings.pace_rule),
    )
    if limiter is not None:
        # Replies to a chat over its pace are the first shed when the budget runs short.
        limiter.flooding = services.paces.flooding
        limiter.bursting = services.paces.bursting
        limiter.on_shed = services.metrics.replies_shed.inc

    # The ledger first: a redelivered update stops here, and who is talking is known. Then
    # the flows.
    application.add_handler(ledger.first(), group=ledger.FIRST_GROUP)
    # Flows first, so a conversation claims its own input; fallbacks last answer the rest.
    # Deep links (survey, invitation) before the plain /start; every flow's buttons and
    # commands; then typed input, routed to whichever flow waits for it; fallbacks last.
    application.add_handlers(citizen.handlers(), group=FLOW_GROUP)
    application.add_handlers(staff.handlers(), group=FLOW_GROUP)
    application.add_handlers(team.handlers(), group=FLOW_GROUP)
    application.add_handlers(summary.handlers(), group=FLOW_GROUP)
    application.add_handlers(complaints.handlers(), group=FLOW_GROUP)
    application.add_handlers(inputs.handlers(), group=FLOW_GROUP)
    application.add_handlers(common.handlers(), group=FLOW_GROUP)
    application.add_handlers(common.fallbacks(), group=FLOW_GROUP)
    application.add_handler(ledger.last(), group=ledger.LAST_GROUP)
    application.add_error_handler(on_error)
    if schedule_jobs and application.job_queue is not None:
        jobs.schedule(application.job_queue, settings)
    return application
