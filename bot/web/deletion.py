"""Deleting one's data from the web survey (UU 27/2022), as /hapus does in the chat: the same
use case, for the browser's identity."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from bot.texts import texts_for
from bot.usecases.privacy import delete_my_data
from bot.web.citizens import (
    browser_of,
    citizen_page,
    language_of,
    posted,
    with_citizen_cookies,
)
from bot.web.state import services_of
from kinerja.weblinks import form_token


def routes() -> list[BaseRoute]:
    # Before /s/{payload}: "hapus" is no deep-link payload (those start u_ or t_).
    return [
        Route("/s/hapus", ask_deletion, methods=["GET"]),
        Route("/s/hapus", delete, methods=["POST"]),
    ]


async def ask_deletion(request: Request) -> Response:
    """The right to deletion (UU 27/2022), as /hapus gives it in the chat."""
    services = services_of(request)
    language = language_of(request, services)
    browser, new = browser_of(request, services)
    response = citizen_page(
        request,
        "survey/delete.html",
        language,
        confirm=texts_for(language).web_delete_confirm(services.settings.survey_cooldown_hours),
        form_token=form_token(services.secret, browser),
    )
    return with_citizen_cookies(request, services, response, browser if new else None)


async def delete(request: Request) -> Response:
    sent = await posted(request)
    if isinstance(sent, Response):
        return sent
    services, viewer, _ = sent
    deleted = await delete_my_data(services, viewer)
    done = viewer.texts.web_delete_done(deleted.responses_unlinked, deleted.complaints_redacted)
    return citizen_page(request, "survey/delete.html", viewer.language, done=done)
