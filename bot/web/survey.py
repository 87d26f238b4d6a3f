"""The citizen survey on the web, for visitors without Telegram: the poster's QR opens
`/s/{payload}` with exactly the chat's deep-link payload (a unit's `u_CODE` or a visit token).

One question per page, each a plain HTML form posting one answer: a page is one tap of the
chat, handed to the same use case (`bot.usecases.survey`), so every rule (single-use tokens,
cooldown, going back, the one complaint, anti-gaming flags) is the chat's and the page needs no
JavaScript. After each answer the browser is sent to the next question (post, redirect, get):
a reload shows the question again instead of posting the answer twice.

The citizen is a browser: a signed random cookie stands for them (`kinerja.weblinks`), keyed
into the same kind of identity hash as a Telegram account. Each form carries a token derived
from that cookie, which another site cannot know (CSRF).
"""

from __future__ import annotations

import asyncio
from typing import TypeVar

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from bot.files.photos import clean_photo
from bot.render.questions import question_view
from bot.services import Services, Viewer, browser_viewer
from bot.usecases import survey
from bot.usecases.survey import AskConsent, Finished, Question, Refused, SurveyOutcome
from bot.web import deletion, tickets
from bot.web.citizens import (
    BROWSER_COOKIE,
    Form,
    browser_of,
    citizen_page,
    language_of,
    max_photo_bytes,
    posted,
    with_citizen_cookies,
)
from bot.web.state import bot_username, deliver_after, services_of
from kinerja.survey import (
    MAX_COMPLAINT_CHARS,
    MAX_WAITING_MINUTES,
    SKIP,
    AnswerProblem,
    Note,
    Refusal,
    Step,
)
from kinerja.survey_flow import BACK, questions
from kinerja.tokens import PAYLOAD_ALPHABET, deep_link, unit_payload
from kinerja.types import Channel, Language
from kinerja.weblinks import form_token, ticket_key

_NOT_FOUND_REFUSALS = (Refusal.UNKNOWN_LINK, Refusal.UNKNOWN_UNIT)
_E = TypeVar("_E", Note, AnswerProblem)


def routes() -> list[BaseRoute]:
    return [
        # Before /s/{payload}: "hapus" is no deep-link payload (those start u_ or t_).
        *deletion.routes(),
        Route("/s/{payload}", landing, methods=["GET"]),
        Route("/s/{payload}/setuju", agree, methods=["POST"]),
        Route("/s/{payload}/q", show_question, methods=["GET"]),
        Route("/s/{payload}/q", answer, methods=["POST"]),
        Route("/s/{payload}/selesai/{response_id:int}", thanks, methods=["GET"]),
        *tickets.routes(),
    ]


def _payload(request: Request) -> str | None:
    payload: str = request.path_params["payload"]
    return payload if PAYLOAD_ALPHABET.match(payload) else None


def _not_found(request: Request, language: Language) -> Response:
    return citizen_page(request, "survey/message.html", language, status=404, kind="not_found")


async def landing(request: Request) -> Response:
    """The poster's page: "Buka di Telegram" first, then the consent to answer here."""
    services = services_of(request)
    language = language_of(request, services)
    payload = _payload(request)
    if payload is None:
        return _not_found(request, language)
    browser, new = browser_of(request, services)
    viewer = browser_viewer(services.secret, browser, language)
    opened = await survey.open_survey_link(services, viewer, payload)
    if isinstance(opened, Question):
        response: Response = _to_question(payload, note=opened.note)
    elif isinstance(opened, Refused):
        response = _refused(request, language, opened)
    else:
        response = _consent_page(request, services, viewer, payload, opened)
    return with_citizen_cookies(request, services, response, browser if new else None)


def _consent_page(
    request: Request, services: Services, viewer: Viewer, payload: str, ask: AskConsent
) -> Response:
    username = bot_username(request)
    unit = ask.unit
    return citizen_page(
        request,
        "survey/consent.html",
        viewer.language,
        unit_name=unit.unit.name,
        telegram_url=deep_link(username, payload) if username else None,
        consent=viewer.texts.web_consent_notice(
            services.settings.retention_days,
            ask.token_payload is not None,
            len(questions(unit.unit.survey)),
        ),
        action=f"/s/{payload}/setuju",
        form_token=form_token(services.secret, _browser_id(viewer)),
    )


def _browser_id(viewer: Viewer) -> str:
    assert viewer.browser_id is not None  # noqa: S101 - web viewers have one
    return viewer.browser_id


async def _survey_post(request: Request) -> tuple[str, Services, Viewer, Form] | Response:
    """A post to a survey's page: its payload, and the form `posted` accepted."""
    payload = _payload(request)
    sent = await posted(request)
    if isinstance(sent, Response):
        return sent
    services, viewer, form = sent
    if payload is None:
        return _not_found(request, viewer.language)
    return payload, services, viewer, form


async def agree(request: Request) -> Response:
    sent = await _survey_post(request)
    if isinstance(sent, Response):
        return sent
    payload, services, viewer, form = sent
    if form.fields.get("answer") != "yes":
        return citizen_page(request, "survey/message.html", viewer.language, kind="declined")
    opened = await survey.open_survey_link(services, viewer, payload)
    if isinstance(opened, Refused):
        return _refused(request, viewer.language, opened)
    if isinstance(opened, Question):
        return _to_question(payload, note=opened.note)
    started = await survey.consent(services, viewer, opened.unit.id, opened.token_payload)
    return _outcome(request, payload, viewer, started)


async def show_question(request: Request) -> Response:
    services = services_of(request)
    language = language_of(request, services)
    payload = _payload(request)
    if payload is None or BROWSER_COOKIE not in request.cookies:
        return _not_found(request, language) if payload is None else _to_landing(payload)
    browser, _ = browser_of(request, services)
    viewer = browser_viewer(services.secret, browser, language)
    asked = await survey.open_question(services, viewer)
    if isinstance(asked, Refused):
        return _to_landing(payload)
    note = _enum_param(request, "note", Note)
    problem = _enum_param(request, "problem", AnswerProblem)
    asked = Question(asked.response, asked.step, note, problem)
    view = question_view(viewer.texts, asked, Channel.WEB)
    return citizen_page(
        request,
        "survey/question.html",
        language,
        view=view,
        step=asked.step.value,
        response_id=asked.response.id,
        choose_one=request.query_params.get("choose") == "1",
        unreadable=request.query_params.get("unreadable") == "1",
        action=f"/s/{payload}/q",
        form_token=form_token(services.secret, browser),
        skip_value=SKIP,
        back_value=BACK,
        max_minutes=MAX_WAITING_MINUTES,
        max_complaint=MAX_COMPLAINT_CHARS,
    )


async def answer(request: Request) -> Response:
    """One answer: a choice, a typed number or complaint, "Kembali" or "Lewati"."""
    sent = await _survey_post(request)
    if isinstance(sent, Response):
        return sent
    payload, services, viewer, form = sent
    try:
        step = Step(form.fields.get("step", ""))
        response_id = int(form.fields.get("response", ""))
    except ValueError:
        return _to_question(payload)
    if step is Step.PHOTO and form.photo is not None:
        photo = await _clean(request, form.photo, max_photo_bytes(services))
        if photo is None:
            return _to_question(payload, problem=None, unreadable=True)
        outcome: SurveyOutcome | None = await survey.receive_photo(
            services, viewer, "", len(form.photo), content=photo
        )
    else:
        outcome = await _answer(services, viewer, step, response_id, form.fields)
    if outcome is None:
        return _to_question(payload, choose=True)
    return _outcome(request, payload, viewer, outcome)


async def _answer(
    services: Services, viewer: Viewer, step: Step, response_id: int, fields: dict[str, str]
) -> SurveyOutcome | None:
    """The use case this form's answer goes to; None when the form held no answer."""
    action = fields.get("action", "")
    choice = fields.get("choice", "")
    typed = fields.get("typed", "").strip()
    if action in (BACK, SKIP):
        return await survey.answer_button(services, viewer, response_id, step, action)
    if step in (Step.WAITING, Step.COMPLAINT) and typed:
        return await survey.receive_text(services, viewer, typed, None, at=step)
    if choice:
        return await survey.answer_button(services, viewer, response_id, step, choice)
    return None


async def _clean(request: Request, photo: bytes, limit: int) -> bytes | None:
    """Decoding and encoding a photo takes a core for a moment: off the event loop, one at a
    time. A photo over the limit is passed on as it is, for the use case to refuse by size."""
    if len(photo) > limit:
        return photo
    async with request.app.state.photo_turn:
        return await asyncio.to_thread(clean_photo, photo)


def _outcome(request: Request, payload: str, viewer: Viewer, outcome: SurveyOutcome) -> Response:
    services = services_of(request)
    if isinstance(outcome, Refused) and outcome.reason is Refusal.STALE:
        return _to_question(payload)  # an older page (or a forged field): where it stands now
    if isinstance(outcome, Refused):
        return _refused(request, viewer.language, outcome)
    task = deliver_after(request, services, outcome.outbox_ids)
    if isinstance(outcome, Finished):
        target = f"/s/{payload}/selesai/{outcome.response.id}"
        if outcome.note is not None:
            target += f"?note={outcome.note.value}"
        return RedirectResponse(target, status_code=303, background=task)
    redirect = _to_question(payload, note=outcome.note, problem=outcome.problem)
    redirect.background = task
    return redirect


async def thanks(request: Request) -> Response:
    services = services_of(request)
    language = language_of(request, services)
    browser, new = browser_of(request, services)
    if new:
        return _not_found(request, language)
    viewer = browser_viewer(services.secret, browser, language)
    done = await survey.finished_survey(services, viewer, request.path_params["response_id"])
    if isinstance(done, Refused):
        return _not_found(request, language)
    note = _enum_param(request, "note", Note)
    ticket_url = None
    if done.ticket is not None:
        ticket_url = _absolute(
            request, services, f"/t/{done.ticket}?k={ticket_key(services.secret, done.ticket)}"
        )
    return citizen_page(
        request,
        "survey/thanks.html",
        language,
        note=viewer.texts.survey_note(note, done.ticket) if note is not None else None,
        thanks=viewer.texts.web_thanks(done.ticket),
        ticket_url=ticket_url,
        lapor=viewer.texts.lapor_offer(done.ticket, done.response.unit_name)
        if done.serious and done.ticket
        else None,
    )


def _absolute(request: Request, services: Services, path: str) -> str:
    base = services.settings.public_url or str(request.base_url).rstrip("/")
    return base + path


def _refused(request: Request, language: Language, refusal: Refused) -> Response:
    unit, offered = refusal.unit, refusal.poster_unit
    poster = None if offered is None else f"/s/{unit_payload(offered.unit.code)}"
    status = 404 if refusal.reason in _NOT_FOUND_REFUSALS else 200
    return citizen_page(
        request,
        "survey/refused.html",
        language,
        status=status,
        refusal=refusal.reason,
        unit_name=unit.unit.name if unit else None,
        poster=poster,
    )


def _to_question(
    payload: str,
    *,
    note: Note | None = None,
    problem: AnswerProblem | None = None,
    choose: bool = False,
    unreadable: bool = False,
) -> RedirectResponse:
    query = [f"note={note.value}"] if note is not None else []
    if unreadable:
        query.append("unreadable=1")
    if problem is not None:
        query.append(f"problem={problem.value}")
    if choose:
        query.append("choose=1")
    suffix = "?" + "&".join(query) if query else ""
    return RedirectResponse(f"/s/{payload}/q{suffix}", status_code=303)


def _to_landing(payload: str) -> RedirectResponse:
    return RedirectResponse(f"/s/{payload}", status_code=303)


def _enum_param(request: Request, name: str, kind: type[_E]) -> _E | None:
    """A note or problem named in the redirect to the next question; anything else is none."""
    value = request.query_params.get(name)
    try:
        return None if value is None else kind(value)
    except ValueError:
        return None
