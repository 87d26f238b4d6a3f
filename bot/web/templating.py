"""Jinja2 with autoescaping on for every template: a value from a citizen (a complaint, a unit
name) is shown as text, never as markup."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import HTMLResponse

from bot.texts import texts_for
from bot.texts.markup import Html
from kinerja.types import Language

_ROOT = Path(__file__).parent
TEMPLATES = Environment(
    loader=FileSystemLoader(_ROOT / "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
    enable_async=False,
)
STATIC = _ROOT / "static"


def _markup(text: Html) -> Markup:
    """A catalogue's `Html` (its values already escaped, its tags Telegram's <b>, <i>, <code>,
    <a>, which are HTML too) as markup; anything else is escaped as usual."""
    return Markup(text)  # noqa: S704 - the catalogue escaped every value it interpolated


TEMPLATES.filters["markup"] = _markup

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}
"""Every page: no third-party asset is allowed by the CSP each page adds, nothing is cached
(pages carry a CSRF token and answers), a link's secret never leaks as a referrer."""

PAGE_CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)


def page(
    request: Request,
    template: str,
    language: Language,
    *,
    status: int = 200,
    csp: str = PAGE_CSP,
    headers: dict[str, str] | None = None,
    **context: Any,
) -> HTMLResponse:
    """`template` rendered in `language` (its texts are `t`), with the security headers."""
    body = TEMPLATES.get_template(template).render(
        request=request, t=texts_for(language), lang=language.value, **context
    )
    response = HTMLResponse(body, status_code=status)
    response.headers.update(SECURITY_HEADERS)
    response.headers["Content-Security-Policy"] = csp
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response
