"""What every route finds on the app's state: the bot's `Services` and its `Application`."""

from __future__ import annotations

from starlette.requests import Request

from bot.app import KinerjaApplication
from bot.services import Services


def services_of(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


def application_of(request: Request) -> KinerjaApplication:
    application: KinerjaApplication = request.app.state.application
    return application
