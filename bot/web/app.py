"""The one ASGI app: its routes come from the module of each audience (`ops` for Telegram and
the operator, `survey` for citizens, `dashboard` for supervisors); each route finds the bot's
`Services` on the app's state (`bot.web.state`)."""

from __future__ import annotations

import asyncio

from starlette.applications import Starlette
from starlette.routing import BaseRoute, Mount
from starlette.staticfiles import StaticFiles

from bot.app import KinerjaApplication
from bot.services import Services
from bot.web import dashboard, ops, survey
from bot.web.templating import STATIC


def build_web_app(application: KinerjaApplication, *, webhook: bool) -> Starlette:
    """Every page, and the webhook when the bot runs in webhook mode."""
    return _app(application.bot_data.services, application, webhook=webhook)


def build_web_only_app(services: Services) -> Starlette:
    """The web survey and ticket pages without the bot (no token yet): answers are stored
    as always; the supervisors' alerts wait in the outbox until the bot runs."""
    return _app(services, None, webhook=False)


def _app(services: Services, application: KinerjaApplication | None, *, webhook: bool) -> Starlette:
    routes: list[BaseRoute] = [
        *(ops.routes(application, webhook=webhook) if application else ops.health_routes(services)),
        *survey.routes(),
        # The Mini App lives in Telegram: without the bot there is no initData to trust.
        *(dashboard.routes() if application else []),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    app = Starlette(routes=routes)
    app.state.services = services
    app.state.application = application
    app.state.photo_turn = asyncio.Semaphore(1)  # web photos are decoded one at a time
    return app
