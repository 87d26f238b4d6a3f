"""A web complaint's page, `/t/{ticket}?k={key}`: its status and the answer, and the rating of
that answer, as the chat's `/status` and rating buttons give them. The key in the link is what
proves the citizen (they have no account), so it also guards the rating form: another site
cannot post one without it."""

from __future__ import annotations

import contextlib

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from bot.texts import Texts, texts_for
from bot.texts.markup import Html
from bot.usecases.complaints import Rated, rate_by_link, ticket_by_link
from bot.web.citizens import citizen_page, language_of, read_form
from bot.web.state import deliver_after, services_of
from kinerja.complaints import LAPOR_URL, Complaint, ComplaintRefusal, RatingOutcome, awaits_rating
from kinerja.skm import MAX_SCORE, MIN_SCORE


def routes() -> list[BaseRoute]:
    return [
        Route("/t/{ticket}", ticket_page, methods=["GET"]),
        Route("/t/{ticket}/nilai", rate, methods=["POST"]),
    ]


async def ticket_page(request: Request) -> Response:
    services = services_of(request)
    language = language_of(request, services)
    key = request.query_params.get("k")
    complaint = await ticket_by_link(services, request.path_params["ticket"], key)
    if complaint is None:
        return citizen_page(request, "survey/message.html", language, status=404, kind="not_found")
    texts = texts_for(language)
    rating = awaits_rating(complaint.status, complaint.handling_rating)
    return citizen_page(
        request,
        "survey/ticket.html",
        language,
        ticket=complaint.ticket,
        status_text=texts.ticket_status(
            complaint.ticket, complaint.status, complaint.created_at, complaint.follow_up
        ),
        ratings=[
            (score, texts.rating_label(score)) for score in range(MAX_SCORE, MIN_SCORE - 1, -1)
        ]
        if rating
        else [],
        action=f"/t/{complaint.ticket}/nilai",
        key=key,
        reopen_count=complaint.reopen_count,
        said=_said(texts, request.query_params.get("said"), complaint),
        lapor=LAPOR_URL if request.query_params.get("said") == RatingOutcome.REOPEN_LIMIT else None,
    )


def _said(texts: Texts, said: str | None, complaint: Complaint) -> Html | None:
    """What the rating just posted did, as the chat says it after a tap."""
    if said is None:
        return None
    with contextlib.suppress(ValueError):
        outcome = RatingOutcome(said)
        if outcome is RatingOutcome.REOPENED:
            return texts.web_complaint_reopened(complaint.ticket)
        if outcome is RatingOutcome.REOPEN_LIMIT:
            return texts.reopen_limit_to_citizen(complaint.ticket, complaint.reopen_count)
        return texts.rating_thanks()
    with contextlib.suppress(ValueError):
        return texts.complaint_refusal(ComplaintRefusal(said))
    return None


async def rate(request: Request) -> Response:
    services = services_of(request)
    language = language_of(request, services)
    ticket = request.path_params["ticket"]
    form = await read_form(request, 0)
    fields = form.fields
    key = fields.get("k")
    try:
        rating, reopen_count = int(fields.get("rating", "")), int(fields.get("reopen", ""))
    except ValueError:
        rating, reopen_count = 0, -1
    rated = await rate_by_link(services, ticket, key, rating, reopen_count)
    if rated is ComplaintRefusal.NOT_FOUND:
        return citizen_page(request, "survey/message.html", language, status=404, kind="not_found")
    said = rated.outcome.value if isinstance(rated, Rated) else rated.value
    task = deliver_after(request, services, rated.outbox_ids if isinstance(rated, Rated) else ())
    target = f"/t/{ticket}?k={key}&said={said}"
    return RedirectResponse(target, status_code=303, background=task)
