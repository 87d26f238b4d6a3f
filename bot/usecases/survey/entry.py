"""Starting, resuming and leaving a survey, and the cooldown that keeps one account from rating
a unit twice: from a deep link to a stored response."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from bot.services import Services, Viewer
from bot.usecases.survey.outcomes import AskConsent, Finished, Question, Refused
from db.repositories.units import UnitRepository
from db.transaction import Transaction
from kinerja.survey import Note, Refusal, Status, SurveyResponse, survey_plan
from kinerja.survey_flow import current_step
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

_TOKEN_REFUSALS = {
    TokenProblem.FORGED: Refusal.VISIT_FORGED,
    TokenProblem.EXPIRED: Refusal.VISIT_EXPIRED,
    TokenProblem.USED: Refusal.VISIT_USED,
}


def survey_cooldown_marker(services: Services, viewer: Viewer, unit_id: int) -> str:
    return viewer.cooldown_marker(services.secret, unit_id)


async def _cooling(
    services: Services, tx: Transaction, viewer: Viewer, unit_id: int, now: datetime
) -> bool:
    """Rated this unit recently? Read from the marker, which survives /hapus, not from the
    responses, which /hapus unlinks: deleting one's data must not reopen the survey."""
    marker = survey_cooldown_marker(services, viewer, unit_id)
    return await tx.survey_cooldowns.is_cooling(marker, now)


def _is_stale(services: Services, response: SurveyResponse, now: datetime) -> bool:
    return now - response.updated_at > timedelta(hours=services.settings.survey_expiry_hours)


async def expire_if_abandoned(
    services: Services, tx: Transaction, response: SurveyResponse, now: datetime
) -> Refused | None:
    """A response in progress but untouched for longer than the survey expiry is expired here,
    and the input that found it refused; None for any other response."""
    if response.status is not Status.IN_PROGRESS or not _is_stale(services, response, now):
        return None
    await tx.survey.write(response.id, now, status=Status.EXPIRED)
    return Refused(Refusal.EXPIRED)


async def _token_unit(
    units: UnitRepository, token: VisitToken | TokenRejected
) -> UnitRecord | None:
    return None if token.unit_id is None else await units.by_id(token.unit_id)


def _read_token(services: Services, payload: str, now: datetime) -> VisitToken | TokenRejected:
    return read_visit_token(
        services.secret, payload, now, timedelta(hours=services.settings.visit_token_hours)
    )


async def open_survey_link(
    services: Services, viewer: Viewer, payload: str
) -> AskConsent | Question | Refused:
    """A deep link was opened. Nothing is stored before the citizen consents."""
    entry = parse_start_payload(payload)
    now = services.clock()
    async with services.database.snapshot() as tx:
        token_payload: str | None = None
        if isinstance(entry, UnitEntry):
            unit = await tx.units.by_code(entry.unit_code)
        elif isinstance(entry, TokenEntry):
            token = _read_token(services, entry.payload, now)
            unit = await _token_unit(tx.units, token)
            if isinstance(token, TokenRejected):
                return Refused(_TOKEN_REFUSALS[token.problem], unit)
            if await tx.visit_tokens.is_used(token.digest):
                return Refused(Refusal.VISIT_USED, unit)
            token_payload = entry.payload
        else:
            return Refused(Refusal.UNKNOWN_LINK)
        if unit is None:
            return Refused(Refusal.UNKNOWN_UNIT)
        current = await tx.survey.in_progress_for(viewer.identity_hash, lock=False)
        if (
            current is not None
            and current.unit_id == unit.id
            and not _is_stale(services, current, now)
        ):
            return Question(current, current_step(current), Note.RESUMED)
        if await _cooling(services, tx, viewer, unit.id, now):
            return Refused(Refusal.ALREADY_ANSWERED, unit)
        return AskConsent(unit, token_payload)


async def poster_flow(
    services: Services, viewer: Viewer, unit_id: int
) -> AskConsent | Question | Refused:
    """The unverified way in, offered when a ticket's token cannot be used."""
    async with services.database.snapshot() as tx:
        unit = await tx.units.by_id(unit_id)
    if unit is None:
        return Refused(Refusal.UNKNOWN_UNIT)
    return await open_survey_link(services, viewer, f"u_{unit.unit.code}")


async def consent(
    services: Services, viewer: Viewer, unit_id: int, token_payload: str | None
) -> Question | Refused:
    """The citizen agreed: the response exists from here on, and the token is spent."""
    now = services.clock()
    async with services.database.transaction() as tx:
        unit = await tx.units.by_id(unit_id)
        if unit is None:
            return Refused(Refusal.UNKNOWN_UNIT)
        current = await tx.survey.in_progress_for(viewer.identity_hash)
        if current is not None:
            if current.unit_id == unit.id and not _is_stale(services, current, now):
                return Question(current, current_step(current), Note.RESUMED)
            await tx.survey.write(current.id, now, status=Status.EXPIRED)
        if await _cooling(services, tx, viewer, unit.id, now):
            return Refused(Refusal.ALREADY_ANSWERED, unit)
        digest = None
        if token_payload is not None:
            token = _read_token(services, token_payload, now)
            if isinstance(token, TokenRejected):
                return Refused(_TOKEN_REFUSALS[token.problem], unit)
            if token.unit_id != unit.id:
                return Refused(Refusal.VISIT_FORGED, unit)
            if not await tx.visit_tokens.claim(token.digest, unit.id, now):
                return Refused(Refusal.VISIT_USED, unit)
            digest = token.digest
        plan = survey_plan(unit.unit.survey)
        response_id = await tx.survey.create(
            unit_id=unit.id,
            respondent_hash=viewer.identity_hash,
            template=unit.unit.survey.template,
            verified=digest is not None,
            visit_token_digest=digest,
            first_step=plan[0],
            channel=viewer.channel,
            now=now,
            retain_until=now + timedelta(days=services.settings.retention_days),
        )
        response = await tx.survey.get(response_id)
        assert response is not None  # noqa: S101 - created in this transaction
        return Question(response, plan[0])


async def open_question(services: Services, viewer: Viewer) -> Question | Refused:
    """The question the citizen's survey in progress waits at (the web page shows it)."""
    async with services.database.snapshot() as tx:
        response = await tx.survey.in_progress_for(viewer.identity_hash, lock=False)
    if response is None:
        return Refused(Refusal.NO_SURVEY)
    return Question(response, current_step(response))


async def current_question(services: Services, viewer: Viewer) -> Question | Refused:
    """Something the survey cannot use arrived (a sticker, a voice note): ask again."""
    asked = await open_question(services, viewer)
    return asked if isinstance(asked, Refused) else replace(asked, note=Note.NEED_BUTTON)


async def finished_survey(
    services: Services, viewer: Viewer, response_id: int
) -> Finished | Refused:
    """The thanks of the citizen's own completed survey, shown again (the web's last page)."""
    async with services.database.snapshot() as tx:
        response = await tx.survey.get(response_id, respondent_hash=viewer.identity_hash)
        if response is None or response.status is not Status.COMPLETED:
            return Refused(Refusal.NO_SURVEY)
        complaint = await tx.complaints.for_response(response.id)
    ticket = complaint.ticket if complaint else None
    return Finished(response, ticket, complaint.serious if complaint else False)


async def remember_message(services: Services, response_id: int, message_id: int) -> None:
    """The survey message now shown; called after sending, never inside the sending."""
    async with services.database.transaction() as tx:
        await tx.survey.write(response_id, services.clock(), message_id=message_id)


async def cancel_survey(services: Services, viewer: Viewer) -> SurveyResponse | None:
    """/batal: the answers given stay as a cancelled (partial) response, out of the IKM."""
    now = services.clock()
    async with services.database.transaction() as tx:
        response = await tx.survey.in_progress_for(viewer.identity_hash)
        if response is not None:
            await tx.survey.write(response.id, now, status=Status.CANCELLED)
        return response


async def expire_abandoned_surveys(services: Services) -> int:
    now = services.clock()
    async with services.database.transaction() as tx:
        return await tx.survey.expire_stale(
            now - timedelta(hours=services.settings.survey_expiry_hours), now
        )
