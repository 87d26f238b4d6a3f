"""Who a web citizen is, and in which language they read: the signed browser cookie, the
language asked for (`?lang=`, kept in a cookie), else the browser's Accept-Language, else the
default; and the form posts they send, read within bounds."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from bot.services import Services, Viewer, browser_viewer
from bot.web.state import services_of
from bot.web.templating import page
from kinerja.language import language_from_accept, language_from_code
from kinerja.survey import Note
from kinerja.types import Language
from kinerja.weblinks import browser_cookie, browser_id_of, is_form_token

BROWSER_COOKIE = "kinerja_browser"
LANGUAGE_COOKIE = "kinerja_lang"
BROWSER_DAYS = 180
"""How long a browser stays the same respondent: longer than any cooldown or survey."""
MAX_FIELD_BYTES = 8 * 1024
"""A complaint is at most a few thousand characters (`kinerja.survey.clean_free_text`)."""


def browser_of(request: Request, services: Services) -> tuple[str, bool]:
    """The browser's id from its cookie, or a new one (True) to be set on the response."""
    known = browser_id_of(services.secret, request.cookies.get(BROWSER_COOKIE))
    if known is not None:
        return known, False
    return secrets.token_urlsafe(16), True


def language_of(request: Request, services: Services) -> Language:
    return (
        language_from_code(request.query_params.get("lang"))
        or language_from_code(request.cookies.get(LANGUAGE_COOKIE))
        or language_from_accept(request.headers.get("accept-language"))
        or services.settings.default_language
    )


def with_citizen_cookies(
    request: Request, services: Services, response: Response, new_browser: str | None
) -> Response:
    """Sets a new browser's cookie."""
    if new_browser is not None:
        response.set_cookie(
            BROWSER_COOKIE,
            browser_cookie(services.secret, new_browser),
            max_age=BROWSER_DAYS * 86400,
            httponly=True,
            secure=services.settings.public_is_https,
            samesite="lax",
        )
    return response


def citizen_page(
    request: Request, template: str, language: Language, *, status: int = 200, **context: Any
) -> Response:
    """A survey or ticket page: a link to the other language that keeps the page's own query
    (a ticket's key), and the language a `?lang=` chose kept for the pages that follow."""
    other = Language.EN if language is Language.ID else Language.ID
    query = urlencode({**request.query_params, "lang": other.value})
    response = page(
        request,
        template,
        language,
        status=status,
        switch_url=f"{request.url.path}?{query}",
        other_lang=other.value,
        **context,
    )
    chosen = language_from_code(request.query_params.get("lang"))
    if chosen is not None:
        response.set_cookie(
            LANGUAGE_COOKIE,
            chosen.value,
            max_age=BROWSER_DAYS * 86400,
            httponly=True,
            secure=services_of(request).settings.public_is_https,
            samesite="lax",
        )
    return response


@dataclass(frozen=True, slots=True)
class Form:
    fields: dict[str, str]
    photo: bytes | None = None
    """The uploaded photo's bytes, as sent (`bot.files.photos` makes them safe)."""
    too_large: bool = False
    """The post announced more than a photo may be: it was not read."""


async def read_form(
    request: Request, max_photo_bytes: int, *, max_field: int = MAX_FIELD_BYTES
) -> Form:
    """A form post's text fields and its one photo. A body announcing more than a photo and
    the fields is not read at all (browsers announce the length of every upload); a text field
    over `MAX_FIELD_BYTES` is cut there, and the page's own rules then judge what remains."""
    length = request.headers.get("content-length", "")
    if not length.isdigit() or int(length) > max_photo_bytes + 4 * max_field + 16 * 1024:
        return Form({}, too_large=length.isdigit())
    files = 1 if max_photo_bytes else 0
    async with request.form(max_files=files, max_fields=16, max_part_size=max_field) as form:
        fields: dict[str, str] = {}
        photo = None
        for name, value in form.multi_items():
            if isinstance(value, UploadFile):
                if name == "photo" and value.filename:
                    photo = await value.read(max_photo_bytes + 1)
            else:
                fields[name] = value[:max_field]
        return Form(fields, photo)


async def posted(request: Request) -> tuple[Services, Viewer, Form] | Response:
    """A form post from a page of ours: the browser's cookie and the form's token, or the page
    saying what went wrong (nothing stored)."""
    services = services_of(request)
    language = language_of(request, services)
    if BROWSER_COOKIE not in request.cookies:
        return citizen_page(request, "survey/message.html", language, status=400, kind="cookies")
    browser, new = browser_of(request, services)
    form = await read_form(request, max_photo_bytes(services))
    if form.too_large and not new:  # nothing read: the question again, saying why
        payload = request.path_params.get("payload", "")
        return RedirectResponse(
            f"/s/{payload}/q?note={Note.PHOTO_TOO_LARGE.value}", status_code=303
        )
    if new or not is_form_token(services.secret, browser, form.fields.get("form_token")):
        return citizen_page(
            request,
            "survey/message.html",
            language,
            status=403,
            kind="expired",
            restart=f"/s/{request.path_params.get('payload', '')}",
        )
    return services, browser_viewer(services.secret, browser, language), form


def max_photo_bytes(services: Services) -> int:
    return services.settings.max_photo_mb * 1024 * 1024
