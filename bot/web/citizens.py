"""Who a web citizen is, and in which language they read: the signed browser cookie, the
language asked for (`?lang=`, kept in a cookie), else the browser's Accept-Language, else the
default; and the form posts they send, read within bounds."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import Response

from bot.services import Services
from kinerja.language import language_from_accept, language_from_code
from kinerja.types import Language
from kinerja.weblinks import browser_cookie, browser_id_of

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
    """Sets a new browser's cookie, and the language a `?lang=` chose."""
    secure = services.settings.public_is_https
    if new_browser is not None:
        response.set_cookie(
            BROWSER_COOKIE,
            browser_cookie(services.secret, new_browser),
            max_age=BROWSER_DAYS * 86400,
            httponly=True,
            secure=secure,
            samesite="lax",
        )
    chosen = language_from_code(request.query_params.get("lang"))
    if chosen is not None:
        response.set_cookie(
            LANGUAGE_COOKIE,
            chosen.value,
            max_age=BROWSER_DAYS * 86400,
            httponly=True,
            secure=secure,
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
