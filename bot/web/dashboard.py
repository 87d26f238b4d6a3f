"""The supervisors' dashboard, a Telegram Mini App at /app.

How one gets in: /app loads Telegram's script and ours (`static/dashboard.js`, no inline
script, so the CSP stays strict); ours posts `Telegram.WebApp.initData` to /app/session, which
checks Telegram's signature (`kinerja.miniapp`) and, for a supervisor, sets a session cookie and
redirects to the IKU page. Every other /app page needs that cookie.

CSRF: the only POST is /app/session, and its proof is the signed initData itself, which a
third-party page cannot make; a foreign Origin is refused besides (login CSRF). The cookie is
HttpOnly and SameSite=Strict, so no other site's request carries it, and every other page only
reads. Scope: a unit outside the supervisor's subtree is 404 on every page, as if it did not
exist, exactly as `/rekap` refuses it.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from bot.services import Services, Viewer
from bot.texts import texts_for
from bot.texts.dashboard import Page
from bot.usecases import dashboard as usecases
from bot.usecases.summary import SummaryRequest
from bot.web import dashboard_views as views
from bot.web.citizens import read_form
from bot.web.state import services_of
from bot.web.templating import SECURITY_HEADERS, page
from kinerja.miniapp import DOWNLOAD_PURPOSE, MAX_INIT_DATA, InitDataProblem
from kinerja.periods import PeriodRefusal
from kinerja.staff import ReportRefusal
from kinerja.types import Language

COOKIE = "kinerja_dasbor"
PERIOD_WORDS = re.compile(r"[A-Za-z0-9 -]{1,40}")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TELEGRAM_WEB = "https://web.telegram.org"
"""Telegram Web shows a Mini App in a frame of this origin; the apps use a webview."""


def _csp(services: Services) -> str:
    """The pages' policy, with Telegram's script (wherever settings put it) as the one script
    from elsewhere."""
    script = urlsplit(services.settings.webapp_script_url)
    origin = f"{script.scheme}://{script.netloc}" if script.netloc else ""
    return (
        f"default-src 'none'; script-src 'self' {origin}; style-src 'self'; "
        "img-src 'self' data:; form-action 'self'; base-uri 'none'; "
        f"frame-ancestors {TELEGRAM_WEB}"
    ).replace("  ", " ")


def _page(
    request: Request,
    template: str,
    language: Language,
    *,
    status: int = 200,
    **context: Any,
) -> Response:
    services = services_of(request)
    response = page(
        request,
        f"dashboard/{template}",
        language,
        status=status,
        csp=_csp(services),
        script_url=services.settings.webapp_script_url,
        **context,
    )
    # Telegram Web frames the Mini App: the CSP's frame-ancestors says by whom.
    del response.headers["X-Frame-Options"]
    # Under no-referrer a browser sends "Origin: null" with the session's POST, and the origin
    # check below could not tell the Mini App from anyone; other sites still get no referrer.
    response.headers["Referrer-Policy"] = "same-origin"
    return response


def _landing(unit: object, period: object) -> str:
    """The IKU page the Mini App was opened for (the summary's button names its unit and
    period); only our own path, and only values of the shapes the pages take."""
    asked = {}
    if isinstance(unit, str) and unit.isdigit() and len(unit) <= 12:
        asked["unit"] = unit
    if isinstance(period, str) and PERIOD_WORDS.fullmatch(period):
        asked["period"] = period
    return f"/app/{Page.IKU}" + (f"?{urlencode(asked)}" if asked else "")


async def bootstrap(request: Request) -> Response:
    language = services_of(request).settings.default_language
    query = request.query_params
    landing = urlsplit(_landing(query.get("unit"), query.get("period")))
    asked = dict(parse_qsl(landing.query))
    return _page(
        request, "bootstrap.html", language, unit=asked.get("unit"), period=asked.get("period")
    )


async def open_session(request: Request) -> Response:
    services = services_of(request)
    settings = services.settings
    origin = request.headers.get("origin")
    if origin is not None and urlsplit(origin).netloc != _own_host(request):
        language = settings.default_language
        return _refusal(
            request, language, usecases.SessionRefused(InitDataProblem.FORGED, language)
        )
    form = await read_form(request, 0, max_field=MAX_INIT_DATA)
    fields = form.fields
    opened = await usecases.open_session(services, fields.get("init_data", ""))
    if isinstance(opened, usecases.SessionRefused):
        return _refusal(request, opened.language, opened)
    response = RedirectResponse(_landing(fields.get("unit"), fields.get("period")), status_code=303)
    response.headers.update(SECURITY_HEADERS)
    # Telegram Web shows the app in a frame of web.telegram.org: a cookie reaches a frame of
    # another site only as SameSite=None (Secure, and Partitioned so that it is this frame's
    # alone). The pages only read; the one post is proven by the signed initData.
    framed = settings.public_is_https
    response.set_cookie(
        COOKIE,
        opened.token,
        max_age=opened.max_age,
        path="/app",
        secure=framed or request.url.scheme == "https",
        httponly=True,
        samesite="none" if framed else "strict",
    )
    if framed:
        _partitioned(response)
    return response


def _partitioned(response: Response) -> None:
    """The session cookie marked `Partitioned` (CHIPS): Python's cookie module learns the
    attribute only in 3.14, so it is appended to the header as sent."""
    response.raw_headers = [
        (name, value + b"; Partitioned" if name == b"set-cookie" else value)
        for name, value in response.raw_headers
    ]


def _own_host(request: Request) -> str:
    """The host a browser names in `Origin`: the public address's (a proxy may pass on a
    `Host` of its own upstream), else the request's."""
    public = services_of(request).settings.public_url
    return urlsplit(public).netloc if public else request.headers.get("host", "")


def _refusal(
    request: Request, language: Language, refused: usecases.SessionRefused | None
) -> Response:
    texts = texts_for(language)
    message = (
        texts.dashboard_refused(refused.problem)
        if refused is not None
        else texts.dashboard_session_over()
    )
    return _page(request, "refused.html", language, status=403, message=message)


def _not_found(request: Request, language: Language) -> Response:
    message = texts_for(language).dashboard_not_found()
    return _page(request, "refused.html", language, status=404, message=message)


Handler = Callable[[Request, Viewer, SummaryRequest], Awaitable[Response]]


def _guarded(
    handler: Handler, *, download: bool = False
) -> Callable[[Request], Awaitable[Response]]:
    """A session, then a unit in the viewer's subtree and a period `/rekap` takes; the page
    only after all three. A `download` also takes the link's pass instead of the cookie."""

    async def endpoint(request: Request) -> Response:
        services = services_of(request)
        token = request.cookies.get(COOKIE)
        viewer = await usecases.session_viewer(services, token)
        given = request.query_params.get("pass")
        if viewer is None and download and given is not None:
            viewer = await usecases.session_viewer(services, given, DOWNLOAD_PURPOSE)
        if viewer is None:
            language = usecases.session_language(services, token)
            return _refusal(request, language, None)
        unit = request.query_params.get("unit")
        if unit is not None and not (unit.isdigit() and len(unit) <= 12):
            return _not_found(request, viewer.language)
        asked = await usecases.dashboard_request(
            services,
            viewer,
            None if unit is None else int(unit),
            request.query_params.get("period"),
        )
        if isinstance(asked, ReportRefusal):
            return _not_found(request, viewer.language)
        if isinstance(asked, PeriodRefusal):
            message = viewer.texts.dashboard_period_refused(asked.words)
            return _page(request, "refused.html", viewer.language, status=400, message=message)
        return await handler(request, viewer, asked)

    return endpoint


def _frame(
    request: Request, viewer: Viewer, asked: SummaryRequest, current: Page, unit_id: int
) -> dict[str, Any]:
    """What every tab shows around its table: the tabs, the period picker, the download."""
    services = services_of(request)
    texts = viewer.texts
    return {
        "tabs": views.tabs(texts, current, unit_id, asked.period),
        "periods": usecases.period_choices(services),
        "period": asked.period,
        "unit_id": unit_id,
        "current": current.value,
        "download": f"/app/ekspor.xlsx?unit={unit_id}&period={asked.period.key}"
        f"&pass={usecases.download_pass(services, viewer)}",
    }


async def _summary_of(request: Request, asked: SummaryRequest) -> tuple[usecases.SummaryPage, int]:
    """The summary the IKU and IKM tabs show, and the id of its unit."""
    data = await usecases.summary_page(services_of(request), asked)
    return data, data.unit_ids[data.summary.main.unit.code]


async def iku(request: Request, viewer: Viewer, asked: SummaryRequest) -> Response:
    data, unit_id = await _summary_of(request, asked)
    summary, texts = data.summary, viewer.texts
    return _page(
        request,
        "iku.html",
        viewer.language,
        **_frame(request, viewer, asked, Page.IKU, unit_id),
        unit_name=summary.main.unit.name,
        rows=views.iku_rows(texts, summary.main),
        satisfaction=views.satisfaction_text(texts, summary.main),
        children=views.unit_rows(texts, summary.children, data.unit_ids, Page.IKU, asked.period),
        complaints=texts.dashboard_complaint_counts(
            summary.complaints.received, summary.complaints.closed, summary.complaints.overdue
        ),
    )


async def ikm(request: Request, viewer: Viewer, asked: SummaryRequest) -> Response:
    data, unit_id = await _summary_of(request, asked)
    summary, texts = data.summary, viewer.texts
    return _page(
        request,
        "ikm.html",
        viewer.language,
        **_frame(request, viewer, asked, Page.IKM, unit_id),
        unit_name=summary.main.unit.name,
        chart=views.page_url("chart.svg", unit_id, asked.period),
        satisfaction=views.satisfaction_text(texts, summary.main),
        children=views.unit_rows(texts, summary.children, data.unit_ids, Page.IKM, asked.period),
    )


async def chart(request: Request, viewer: Viewer, asked: SummaryRequest) -> Response:
    svg = await usecases.chart_svg(services_of(request), viewer.texts, asked)
    response = Response(svg, media_type="image/svg+xml")
    response.headers.update(SECURITY_HEADERS)
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response


async def elements(request: Request, viewer: Viewer, asked: SummaryRequest) -> Response:
    data = await usecases.elements_page(services_of(request), asked)
    summary, texts, unit_ids = data.page.summary, viewer.texts, data.page.unit_ids
    unit_id = unit_ids[summary.main.unit.code]
    return _page(
        request,
        "elements.html",
        viewer.language,
        **_frame(request, viewer, asked, Page.ELEMENTS, unit_id),
        unit_name=summary.main.unit.name,
        rows=views.element_rows(texts, data),
        missing=texts.dashboard_missing_elements(data.missing) if data.missing else None,
        satisfaction=views.satisfaction_text(texts, summary.main),
        children=views.unit_rows(texts, summary.children, unit_ids, Page.ELEMENTS, asked.period),
    )


async def complaints(request: Request, viewer: Viewer, asked: SummaryRequest) -> Response:
    services = services_of(request)
    data = await usecases.complaints_page(services, viewer, asked)
    unit_id = data.unit_id
    return _page(
        request,
        "complaints.html",
        viewer.language,
        **_frame(request, viewer, asked, Page.COMPLAINTS, unit_id),
        unit_name=data.unit_name,
        rows=views.complaint_rows(viewer.texts, data, services.settings.zone),
    )


async def compliance(request: Request, viewer: Viewer, asked: SummaryRequest) -> Response:
    data = await usecases.compliance_page(services_of(request), viewer, asked)
    unit_id = data.unit_id
    team = data.team
    return _page(
        request,
        "compliance.html",
        viewer.language,
        **_frame(request, viewer, asked, Page.COMPLIANCE, unit_id),
        unit_name=data.unit_name,
        counts=viewer.texts.dashboard_compliance_counts(team.asn, team.expected, team.reported),
        rows=views.compliance_rows(data),
        everyone=all(r.missing == 0 for r in views.compliance_rows(data)),
    )


async def workbook(request: Request, viewer: Viewer, asked: SummaryRequest) -> Response:
    data = await usecases.dashboard_workbook(services_of(request), viewer, asked)
    name = f"kinerja-{asked.unit_code}-{asked.period.key}.xlsx"
    response = Response(data, media_type=XLSX)
    response.headers.update(SECURITY_HEADERS)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def routes() -> list[BaseRoute]:
    return [
        Route("/app", bootstrap, methods=["GET"]),
        Route("/app/session", open_session, methods=["POST"]),
        Route(f"/app/{Page.IKU}", _guarded(iku), methods=["GET"]),
        Route(f"/app/{Page.IKM}", _guarded(ikm), methods=["GET"]),
        Route(f"/app/{Page.ELEMENTS}", _guarded(elements), methods=["GET"]),
        Route(f"/app/{Page.COMPLAINTS}", _guarded(complaints), methods=["GET"]),
        Route(f"/app/{Page.COMPLIANCE}", _guarded(compliance), methods=["GET"]),
        Route("/app/chart.svg", _guarded(chart), methods=["GET"]),
        Route("/app/ekspor.xlsx", _guarded(workbook, download=True), methods=["GET"]),
    ]
