"""The citizen survey: from a deep link to a stored, flagged, alerted response."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.services import Services, Viewer
from bot.usecases.alerts import alert_supervisors
from db.repositories.complaints import ComplaintRepository
from db.repositories.messaging import VisitTokenLedger
from db.repositories.survey import SurveyCooldownRepository, SurveyRepository
from db.repositories.units import UnitRepository
from kinerja.complaints import is_serious, ticket_number
from kinerja.identity import cooldown_marker
from kinerja.skm import ELEMENT_CODES
from kinerja.survey import (
    PROFILE_CHOICES,
    SKIP,
    AnswerProblem,
    GamingRules,
    Note,
    Refusal,
    Status,
    Step,
    SurveyResponse,
    can_skip,
    clean_free_text,
    cooldown_end,
    gaming_flags,
    low_scored_elements,
    parse_score,
    parse_waiting_minutes,
    survey_plan,
    waiting_minutes_of_range,
)
from kinerja.tokens import (
    TokenEntry,
    TokenProblem,
    TokenRejected,
    UnitEntry,
    VisitToken,
    parse_start_payload,
    read_visit_token,
)
from kinerja.types import UnitRecord

BACK = "back"


_TOKEN_REFUSALS = {
    TokenProblem.FORGED: Refusal.VISIT_FORGED,
    TokenProblem.EXPIRED: Refusal.VISIT_EXPIRED,
    TokenProblem.USED: Refusal.VISIT_USED,
}


@dataclass(frozen=True, slots=True)
class Refused:
    reason: Refusal
    unit: UnitRecord | None = None
    """Set when the unit is known, so its poster flow can be offered instead."""


@dataclass(frozen=True, slots=True)
class AskConsent:
    unit: UnitRecord
    token_payload: str | None


@dataclass(frozen=True, slots=True)
class Question:
    response: SurveyResponse
    step: Step
    note: Note | None = None
    problem: AnswerProblem | None = None
    outbox_ids: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Finished:
    response: SurveyResponse
    ticket: str | None
    serious: bool
    outbox_ids: tuple[int, ...] = field(default=())


SurveyOutcome = Question | Finished | Refused


def _resume(response: SurveyResponse) -> Question:
    return Question(response, response.step or survey_plan(response.options)[0], Note.RESUMED)


def _rules(services: Services) -> GamingRules:
    settings = services.settings
    return GamingRules(
        fast_seconds=settings.fast_survey_seconds,
        service_start=settings.service_start,
        service_end=settings.service_end,
    )


def _cooldown_marker(services: Services, viewer: Viewer, unit_id: int) -> str:
    return cooldown_marker(services.secret, viewer.telegram_user_id, unit_id)


async def _cooling(
    services: Services, session: AsyncSession, viewer: Viewer, unit_id: int, now: datetime
) -> bool:
    """Rated this unit recently? Read from the marker, which survives /hapus, not from the
    responses, which /hapus unlinks: deleting one's data must not reopen the survey."""
    marker = _cooldown_marker(services, viewer, unit_id)
    return await SurveyCooldownRepository(session).is_cooling(marker, now)


def _is_stale(services: Services, response: SurveyResponse, now: datetime) -> bool:
    return now - response.updated_at > timedelta(hours=services.settings.survey_expiry_hours)


async def _token_unit(
    units: UnitRepository, token: VisitToken | TokenRejected
) -> UnitRecord | None:
    return None if token.unit_id is None else await units.by_id(token.unit_id)


def _read_token(services: Services, payload: str, now: datetime) -> VisitToken | TokenRejected:
    return read_visit_token(
        services.secret, payload, now, timedelta(hours=services.settings.visit_token_hours)
    )


# ------------------------------------------------------------------------------ entry


async def open_survey_link(
    services: Services, viewer: Viewer, payload: str
) -> AskConsent | Question | Refused:
    """A deep link was opened. Nothing is stored before the citizen consents."""
    entry = parse_start_payload(payload)
    now = services.clock()
    async with services.database.snapshot() as tx:
        session = tx.session
        units = UnitRepository(session)
        token_payload: str | None = None
        if isinstance(entry, UnitEntry):
            unit = await units.by_code(entry.unit_code)
        elif isinstance(entry, TokenEntry):
            token = _read_token(services, entry.payload, now)
            unit = await _token_unit(units, token)
            if isinstance(token, TokenRejected):
                return Refused(_TOKEN_REFUSALS[token.problem], unit)
            if await VisitTokenLedger(session).is_used(token.digest):
                return Refused(Refusal.VISIT_USED, unit)
            token_payload = entry.payload
        else:
            return Refused(Refusal.UNKNOWN_LINK)
        if unit is None:
            return Refused(Refusal.UNKNOWN_UNIT)
        surveys = SurveyRepository(session)
        current = await surveys.in_progress_for(viewer.identity_hash)
        if (
            current is not None
            and current.unit_id == unit.id
            and not _is_stale(services, current, now)
        ):
            return Question(current, current.step or survey_plan(current.options)[0], Note.RESUMED)
        if await _cooling(services, session, viewer, unit.id, now):
            return Refused(Refusal.ALREADY_ANSWERED, unit)
        return AskConsent(unit, token_payload)


async def poster_flow(
    services: Services, viewer: Viewer, unit_id: int
) -> AskConsent | Question | Refused:
    """The unverified way in, offered when a ticket's token cannot be used."""
    async with services.database.snapshot() as tx:
        session = tx.session
        unit = await UnitRepository(session).by_id(unit_id)
    if unit is None:
        return Refused(Refusal.UNKNOWN_UNIT)
    return await open_survey_link(services, viewer, f"u_{unit.unit.code}")


async def consent(
    services: Services, viewer: Viewer, unit_id: int, token_payload: str | None
) -> Question | Refused:
    """The citizen agreed: the response exists from here on, and the token is spent."""
    now = services.clock()
    async with services.database.transaction() as tx:
        session = tx.session
        units = UnitRepository(session)
        unit = await units.by_id(unit_id)
        if unit is None:
            return Refused(Refusal.UNKNOWN_UNIT)
        surveys = SurveyRepository(session)
        current = await surveys.in_progress_for(viewer.identity_hash)
        if current is not None:
            if current.unit_id == unit.id and not _is_stale(services, current, now):
                return Question(
                    current, current.step or survey_plan(current.options)[0], Note.RESUMED
                )
            await surveys.update(current.id, now, status=Status.EXPIRED)
        if await _cooling(services, session, viewer, unit.id, now):
            return Refused(Refusal.ALREADY_ANSWERED, unit)
        digest = None
        if token_payload is not None:
            token = _read_token(services, token_payload, now)
            if isinstance(token, TokenRejected):
                return Refused(_TOKEN_REFUSALS[token.problem], unit)
            if token.unit_id != unit.id:
                return Refused(Refusal.VISIT_FORGED, unit)
            if not await VisitTokenLedger(session).claim(token.digest, unit.id, now):
                return Refused(Refusal.VISIT_USED, unit)
            digest = token.digest
        plan = survey_plan(unit.unit.survey)
        response_id = await surveys.create(
            unit_id=unit.id,
            respondent_hash=viewer.identity_hash,
            template=unit.unit.survey.template,
            verified=digest is not None,
            visit_token_digest=digest,
            first_step=plan[0],
            now=now,
            retain_until=now + timedelta(days=services.settings.retention_days),
        )
        response = await surveys.get(response_id)
        assert response is not None  # noqa: S101 - created in this transaction
        return Question(response, plan[0])


# ------------------------------------------------------------------------------ answers


async def answer_button(
    services: Services, viewer: Viewer, response_id: int, step: Step, value: str
) -> SurveyOutcome:
    """A tap on a survey button: an answer, a skip, or "Kembali"."""
    now = services.clock()
    async with services.database.transaction() as tx:
        session = tx.session
        surveys = SurveyRepository(session)
        response = await surveys.get(response_id, respondent_hash=viewer.identity_hash, lock=True)
        if (
            response is not None
            and response.status is Status.COMPLETED
            and _already_applied(response, step, value)
        ):
            # The final tap, redelivered after a crash that lost its reply: thank again.
            complaint = await ComplaintRepository(session).for_response(response.id)
            return Finished(
                response,
                complaint.ticket if complaint else None,
                complaint.serious if complaint else False,
            )
        refusal = await _check_open(services, surveys, response, now)
        if refusal is not None:
            return refusal
        assert response is not None  # noqa: S101 - _check_open refuses a missing one
        if response.step is not step:
            if _already_applied(response, step, value):
                # A redelivered tap whose answer was stored but whose reply was lost.
                current = response.step or survey_plan(response.options)[0]
                return Question(response, current)
            return Refused(Refusal.STALE)
        if value == BACK:
            previous = response.progress.previous(step)
            if previous is None:
                return Refused(Refusal.STALE)
            return Question(await surveys.update(response.id, now, step=previous.value), previous)
        applied = await _apply_button(surveys, response, step, value)
        if applied is None:
            return Refused(Refusal.STALE)
        return await _advance(
            services, session, viewer, applied.response, step, now, applied.columns
        )


def _already_applied(response: SurveyResponse, step: Step, value: str) -> bool:
    """Whether this exact tap is already reflected in what is stored."""
    if value == BACK:
        return False
    if value == SKIP:
        flags = {Step.COMPLAINT: response.complaint_done, Step.PHOTO: response.photo_done}
        return flags.get(step, step.value in response.skipped)
    if step is Step.WAITING:
        return response.waiting_minutes == waiting_minutes_of_range(value)
    return response.current_answer(step) == value


@dataclasses.dataclass(frozen=True, slots=True)
class _Applied:
    """A tapped answer: the response as it now stands, and the columns still to be written
    (with the next step, in one statement)."""

    response: SurveyResponse
    columns: dict[str, object]


async def _apply_button(
    surveys: SurveyRepository, response: SurveyResponse, step: Step, value: str
) -> _Applied | None:
    """One tapped answer; None for anything a real button of this step cannot send.

    The new state is built here rather than read back: this runs on every tap."""
    rid = response.id
    change = dataclasses.replace
    if value == SKIP:
        if not can_skip(step, response.options):
            return None
        if step is Step.COMPLAINT:
            return _Applied(change(response, complaint_done=True), {"complaint_done": True})
        if step is Step.PHOTO:
            return _Applied(change(response, photo_done=True), {"photo_done": True})
        skipped = response.skipped | {step.value}
        scores = dict(response.scores)
        if step.is_element and scores.pop(step.value, None) is not None:
            await surveys.clear_score(rid, step.value)
        return _Applied(
            change(response, skipped=skipped, scores=scores),
            {"skipped": ",".join(sorted(skipped))},
        )
    unskipped = response.skipped - {step.value}
    unskip: dict[str, object] = (
        {"skipped": ",".join(sorted(unskipped))} if step.value in response.skipped else {}
    )
    if step.is_element or step is Step.OVERALL:
        score = parse_score(value)
        if isinstance(score, AnswerProblem):
            return None
        if step is Step.OVERALL:
            return _Applied(change(response, overall=score), {"overall_score": score})
        await surveys.set_score(rid, step.value, score)
        scores = {**response.scores, step.value: score}
        return _Applied(change(response, scores=scores, skipped=unskipped), unskip)
    if step is Step.WAITING:
        minutes = waiting_minutes_of_range(value)
        if isinstance(minutes, AnswerProblem):
            return None
        return _Applied(change(response, waiting_minutes=minutes), {"waiting_minutes": minutes})
    if step is Step.IMPORTANCE:
        if value not in ELEMENT_CODES:
            return None
        return _Applied(
            change(response, important_element=value, skipped=unskipped),
            {"important_element": value, **unskip},
        )
    if step in PROFILE_CHOICES:
        if value not in PROFILE_CHOICES[step]:
            return None
        return _Applied(
            change(response, profile={**response.profile, step.value: value}, skipped=unskipped),
            {step.value: value, **unskip},
        )
    return None  # complaint text and photo are typed or sent, never tapped


async def receive_text(
    services: Services, viewer: Viewer, text: str, chat_id: int
) -> SurveyOutcome:
    """Typed text during a survey: minutes of waiting, a complaint, or a nudge to the buttons."""
    now = services.clock()
    async with services.database.transaction() as tx:
        session = tx.session
        surveys = SurveyRepository(session)
        current = await _current(services, surveys, viewer, now)
        if isinstance(current, Refused):
            return current
        response, step = current
        if step is Step.WAITING:
            minutes = parse_waiting_minutes(text)
            if isinstance(minutes, AnswerProblem):
                return Question(response, step, problem=minutes)
            answered = await surveys.update(response.id, now, waiting_minutes=minutes)
            return await _advance(services, session, viewer, answered, step, now)
        if step is Step.COMPLAINT:
            cleaned = clean_free_text(text)
            if isinstance(cleaned, AnswerProblem):
                return Question(response, step, problem=cleaned)
            outbox_ids = await _file_complaint(
                services, session, viewer, response, cleaned, chat_id, now
            )
            answered = await surveys.update(response.id, now, complaint_done=True)
            outcome = await _advance(services, session, viewer, answered, step, now)
            if isinstance(outcome, Question):
                return Question(
                    outcome.response,
                    outcome.step,
                    Note.COMPLAINT_RECORDED,
                    outbox_ids=outbox_ids + outcome.outbox_ids,
                )
            return Finished(
                outcome.response,
                outcome.ticket,
                outcome.serious,
                outbox_ids + outcome.outbox_ids,
            )
        return Question(response, step, Note.NEED_BUTTON)


async def receive_photo(
    services: Services, viewer: Viewer, file_id: str, file_size: int | None
) -> SurveyOutcome:
    now = services.clock()
    async with services.database.transaction() as tx:
        session = tx.session
        surveys = SurveyRepository(session)
        current = await _current(services, surveys, viewer, now)
        if isinstance(current, Refused):
            return current
        response, step = current
        if step is not Step.PHOTO:
            return Question(response, step, Note.NEED_BUTTON)
        if file_size is not None and file_size > services.settings.max_photo_mb * 1024 * 1024:
            return Question(response, step, Note.PHOTO_TOO_LARGE)
        complaints = ComplaintRepository(session)
        complaint = await complaints.for_response(response.id)
        alerts: tuple[int, ...] = ()
        if complaint is not None:
            await complaints.update(complaint.id, photo_file_id=file_id)
            alerts = await alert_supervisors(
                services,
                session,
                response.unit_id,
                "complaint_photo",
                {"ticket": complaint.ticket, "file_id": file_id},
                cooldown=None,
                now=now,
            )
        answered = await surveys.update(response.id, now, photo_done=True)
        outcome = await _advance(services, session, viewer, answered, step, now)
        if isinstance(outcome, Question):
            return Question(
                outcome.response,
                outcome.step,
                Note.PHOTO_RECORDED,
                outbox_ids=alerts + outcome.outbox_ids,
            )
        return Finished(
            outcome.response, outcome.ticket, outcome.serious, alerts + outcome.outbox_ids
        )


async def current_question(services: Services, viewer: Viewer) -> Question | Refused:
    """Something the survey cannot use arrived (a sticker, a voice note): ask again."""
    async with services.database.snapshot() as tx:
        session = tx.session
        response = await SurveyRepository(session).in_progress_for(viewer.identity_hash)
    if response is None:
        return Refused(Refusal.NO_SURVEY)
    return Question(response, response.step or survey_plan(response.options)[0], Note.NEED_BUTTON)


async def remember_message(services: Services, response_id: int, message_id: int) -> None:
    """The survey message now shown; called after sending, never inside the sending."""
    async with services.database.transaction() as tx:
        session = tx.session
        await SurveyRepository(session).update(response_id, services.clock(), message_id=message_id)


async def cancel_survey(services: Services, viewer: Viewer) -> SurveyResponse | None:
    """/batal: the answers given stay as a cancelled (partial) response, out of the IKM."""
    now = services.clock()
    async with services.database.transaction() as tx:
        session = tx.session
        surveys = SurveyRepository(session)
        response = await surveys.in_progress_for(viewer.identity_hash)
        if response is not None:
            await surveys.update(response.id, now, status=Status.CANCELLED)
        return response


async def expire_abandoned_surveys(services: Services) -> int:
    now = services.clock()
    async with services.database.transaction() as tx:
        session = tx.session
        return await SurveyRepository(session).expire_stale(
            now - timedelta(hours=services.settings.survey_expiry_hours), now
        )


# ------------------------------------------------------------------------------ internals


async def _current(
    services: Services, surveys: SurveyRepository, viewer: Viewer, now: datetime
) -> tuple[SurveyResponse, Step] | Refused:
    """The citizen's open survey and the step it waits at, for typed input and photos."""
    response = await surveys.in_progress_for(viewer.identity_hash)
    if response is None:
        return Refused(Refusal.NO_SURVEY)
    refusal = await _check_open(services, surveys, response, now)
    if refusal is not None:
        return refusal
    return response, response.step or survey_plan(response.options)[0]


async def _check_open(
    services: Services, surveys: SurveyRepository, response: SurveyResponse | None, now: datetime
) -> Refused | None:
    if response is None or response.status is not Status.IN_PROGRESS:
        return Refused(Refusal.STALE)
    if _is_stale(services, response, now):
        await surveys.update(response.id, now, status=Status.EXPIRED)
        return Refused(Refusal.EXPIRED)
    return None


async def _advance(
    services: Services,
    session: AsyncSession,
    viewer: Viewer,
    response: SurveyResponse,
    answered: Step,
    now: datetime,
    columns: dict[str, object] | None = None,
) -> Question | Finished:
    """The next question (its step written with `columns`), or the end of the survey."""
    surveys = SurveyRepository(session)
    following = response.progress.next_after(answered)
    if following is not None:
        moved = await surveys.update(response.id, now, step=following.value, **(columns or {}))
        return Question(moved, following)
    if columns:
        await surveys.update(response.id, now, **columns)
    return await _complete(services, session, viewer, response, now)


async def _complete(
    services: Services,
    session: AsyncSession,
    viewer: Viewer,
    response: SurveyResponse,
    now: datetime,
) -> Finished:
    surveys = SurveyRepository(session)
    units = UnitRepository(session)
    rules = _rules(services)
    zone = services.settings.zone
    window = timedelta(minutes=rules.burst_window_minutes)
    others = await surveys.completed_times_in_window(
        response.unit_id, now - window, now, response.id
    )
    outside = [
        t
        for t in others
        if not rules.service_start <= t.astimezone(zone).time() <= rules.service_end
    ]
    is_staff = False
    if viewer.person is not None:
        staff_unit = await units.by_code(viewer.person.unit_code)
        if staff_unit is not None:
            is_staff = staff_unit.id in await units.lineage_ids(response.unit_id) or (
                response.unit_id in await units.lineage_ids(staff_unit.id)
            )
    flags = gaming_flags(
        response.scores,
        response.started_at,
        now,
        now.astimezone(zone).time(),
        len(outside),
        is_staff,
        rules,
    )
    completed = await surveys.update(
        response.id,
        now,
        status=Status.COMPLETED,
        completed_at=now,
        step="",
        flags=",".join(flags),
    )
    await SurveyCooldownRepository(session).hold(
        _cooldown_marker(services, viewer, response.unit_id),
        cooldown_end(now, zone, services.settings.survey_cooldown_hours),
    )
    outbox_ids: tuple[int, ...] = ()
    low = low_scored_elements(response.scores)
    if low:
        outbox_ids = await alert_supervisors(
            services,
            session,
            response.unit_id,
            "low_score",
            {"unit_name": response.unit_name, "elements": list(low)},
            cooldown=timedelta(minutes=services.settings.low_score_alert_minutes),
            now=now,
        )
    complaint = await ComplaintRepository(session).for_response(response.id)
    return Finished(
        completed,
        complaint.ticket if complaint else None,
        complaint.serious if complaint else False,
        outbox_ids,
    )


async def _file_complaint(
    services: Services,
    session: AsyncSession,
    viewer: Viewer,
    response: SurveyResponse,
    text: str,
    chat_id: int,
    now: datetime,
) -> tuple[int, ...]:
    complaints = ComplaintRepository(session)
    prefix = await UnitRepository(session).ticket_prefix(response.unit_id)
    year = now.astimezone(services.settings.zone).year
    ticket = ticket_number(prefix, year, await complaints.next_sequence(prefix, year))
    serious = is_serious(text)
    complaint_id = await complaints.create(
        ticket=ticket,
        unit_id=response.unit_id,
        response_id=response.id,
        text=text,
        serious=serious,
        reporter_hash=viewer.identity_hash,
        citizen_chat_id=chat_id,
        citizen_language=viewer.language,
        now=now,
        retain_until=now + timedelta(days=services.settings.retention_days),
    )
    return await alert_supervisors(
        services,
        session,
        response.unit_id,
        "complaint",
        {
            "complaint_id": complaint_id,
            "ticket": ticket,
            "unit_name": response.unit_name,
            "text": text,
            "serious": serious,
        },
        cooldown=None,
        now=now,
    )
