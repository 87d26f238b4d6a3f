"""What every route finds on the app's state: the bot's `Services` and its `Application`."""

from __future__ import annotations

from starlette.background import BackgroundTask
from starlette.requests import Request

from bot.app import KinerjaApplication
from bot.messaging.outbox import deliver_outbox
from bot.services import Services


def services_of(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


def application_of(request: Request) -> KinerjaApplication | None:
    """None when the web app runs without the bot (`build_web_only_app`)."""
    application: KinerjaApplication | None = request.app.state.application
    return application


def bot_username(request: Request) -> str | None:
    """The bot's @username once it has started (getMe); None without the bot."""
    application = application_of(request)
    if application is None:
        return None
    try:
        username: str = application.bot.username
    except RuntimeError:  # not initialised yet
        return None
    return username


def deliver_after(
    request: Request, services: Services, outbox_ids: tuple[int, ...]
) -> BackgroundTask | None:
    """The alerts an answer wrote, sent once the page is answered; without the bot they wait
    in the outbox, which the bot's delivery job sends when it runs."""
    application = application_of(request)
    if not outbox_ids or application is None:
        return None
    return BackgroundTask(deliver_outbox, application.bot, services, outbox_ids)
