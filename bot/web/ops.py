"""Telegram's and the operator's routes: the webhook, /healthz, /metrics.

The web listener is reachable from the internet, so the webhook decides from the headers alone
whether to read a body at all (the secret, the announced size), holds at most
`MAX_UPDATE_BYTES` of one, and answers Telegram only after the update was handled
(`dispatch.handle_all`). /metrics is served there only behind a bearer token, and not at all
when a private listener (`build_ops_app`, KINERJA_METRICS_PORT) serves it.
"""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Awaitable, Callable

from pydantic import SecretStr
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from bot.app import KinerjaApplication
from bot.runtime.dispatch import JSONDict, handle_all
from bot.services import Services

log = logging.getLogger("kinerja.runner")

MAX_UPDATE_BYTES = 1024 * 1024
"""Telegram's updates are a few KiB (a message holds at most 4,096 characters); a body beyond
1 MiB is no update, and the cap bounds what one request can make the process hold."""

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 - its name, not a secret
METRICS_TYPE = "text/plain; version=0.0.4; charset=utf-8"
"""Prometheus's text exposition format."""

Endpoint = Callable[[Request], Awaitable[Response]]


def routes(application: KinerjaApplication, *, webhook: bool) -> list[BaseRoute]:
    """The public listener's: /healthz always; the webhook in webhook mode; /metrics behind the
    bearer token, when one is set and no private listener serves them."""
    services = application.bot_data.services
    settings = services.settings
    token = _value(settings.metrics_token)
    found: list[BaseRoute] = [_health_route(services)]
    if settings.metrics_port is None and token is not None:
        found.append(_metrics_route(services, token))
    if webhook:
        path = f"/{settings.webhook_path.strip('/')}"
        endpoint = _webhook_endpoint(application, _value(settings.webhook_secret))
        found.append(Route(path, endpoint, methods=["POST"]))
    return found


def health_routes(services: Services) -> list[BaseRoute]:
    """The web app without the bot (`kinerja run` without a token): /healthz only."""
    return [_health_route(services)]


def build_ops_app(application: KinerjaApplication) -> Starlette:
    """The private listener (KINERJA_METRICS_PORT): /healthz and /metrics, private by its
    address, and still behind the bearer token when one is set."""
    services = application.bot_data.services
    token = _value(services.settings.metrics_token)
    return Starlette(routes=[_health_route(services), _metrics_route(services, token)])


def _value(secret: SecretStr | None) -> str | None:
    return secret.get_secret_value() if secret is not None else None


def _same(given: str, expected: str) -> bool:
    """Constant time, and a header with non-ASCII characters is just different (compare_digest
    refuses such strings with TypeError)."""
    return hmac.compare_digest(given.encode(), expected.encode())


def _unread(status: int) -> Response:
    """An answer from the headers alone. `Connection: close` makes uvicorn close the connection
    once it is sent, rather than read (and throw away) the rest of the body to keep it alive."""
    return Response(status_code=status, headers={"Connection": "close"})


def _update_data(body: bytes) -> JSONDict | None:
    """The update in a webhook body, as sent; None for a body that can never become one."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or type(data.get("update_id")) is not int:
        return None
    return data


async def _capped_body(request: Request) -> bytes | None:
    """The body, read only now (after the header checks) and no further than the cap; None
    when it goes beyond it (sent chunked, or longer than announced)."""
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_UPDATE_BYTES:
            return None
    return bytes(body)


def _webhook_endpoint(application: KinerjaApplication, secret: str | None) -> Endpoint:
    async def receive_update(request: Request) -> Response:
        """Telegram's POST. 200 only once the update was handled; a body that can never be one
        is answered 200 too, as Telegram sends again whatever gets no 2xx, forever."""
        given = request.headers.get(SECRET_HEADER, "")
        if secret is None or not _same(given, secret):
            return _unread(403)  # not read, not parsed, not processed
        length = request.headers.get("Content-Length", "")
        if length.isascii() and length.isdigit() and int(length) > MAX_UPDATE_BYTES:
            return _unread(413)
        body = await _capped_body(request)
        if body is None:
            return _unread(413)
        update = _update_data(body)
        if update is None:
            log.warning("a webhook body that is no update (%d bytes) was dropped", len(body))
            return Response(status_code=200)
        await handle_all(application, [update])
        return Response(status_code=200)

    return receive_update


def _health_route(services: Services) -> Route:
    async def health(_: Request) -> Response:
        """For a load balancer or a supervisor: 503 while the database does not answer."""
        healthy = await services.database.ping()
        body = {"database": "ok" if healthy else "unavailable"}
        return JSONResponse(body, status_code=200 if healthy else 503)

    return Route("/healthz", health, methods=["GET"])


def _metrics_route(services: Services, token: str | None) -> Route:
    """`token` None: this listener is private by its address."""

    async def metrics(request: Request) -> Response:
        given = request.headers.get("Authorization", "")
        if token is not None and not _same(given, f"Bearer {token}"):
            return Response(status_code=401, headers={"WWW-Authenticate": "Bearer"})
        return Response(services.metrics.exposition(), media_type=METRICS_TYPE)

    return Route("/metrics", metrics, methods=["GET"])
