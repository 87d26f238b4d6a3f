"""What a citizen types or sends during a survey: minutes of waiting, a complaint, its photo."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from bot.services import Services, Viewer
from bot.usecases.alerts import alert_supervisors
from bot.usecases.survey.answers import save_answer
from bot.usecases.survey.entry import expire_if_abandoned
from bot.usecases.survey.outcomes import Finished, Question, Refused, SurveyOutcome
from db.transaction import Transaction
from kinerja.complaints import is_serious, ticket_number
from kinerja.messages import ComplaintAlert, ComplaintPhoto
from kinerja.survey import (
    AnswerProblem,
    Note,
    Refusal,
    Step,
    SurveyResponse,
    clean_free_text,
    parse_waiting_minutes,
)
from kinerja.survey_flow import current_step, record_complaint, record_photo, record_waiting


async def receive_text(
    services: Services, viewer: Viewer, text: str, chat_id: int
) -> SurveyOutcome:
    """Typed text during a survey: minutes of waiting, a complaint, or a nudge to the buttons."""

    async def answer(
        tx: Transaction, response: SurveyResponse, step: Step, now: datetime
    ) -> SurveyOutcome:
        if step is Step.WAITING:
            minutes = parse_waiting_minutes(text)
            if isinstance(minutes, AnswerProblem):
                return Question(response, step, problem=minutes)
            return await save_answer(services, tx, viewer, record_waiting(response, minutes), now)
        if step is Step.COMPLAINT:
            cleaned = clean_free_text(text)
            if isinstance(cleaned, AnswerProblem):
                return Question(response, step, problem=cleaned)
            ticket, alerts = await _file_complaint(
                services, tx, viewer, response, cleaned, chat_id, now
            )
            outcome = await save_answer(
                services, tx, viewer, record_complaint(response, ticket), now
            )
            return _with_alerts(outcome, alerts, Note.COMPLAINT_RECORDED)
        return Question(response, step, Note.NEED_BUTTON)

    return await _in_open_survey(services, viewer, answer)


async def receive_photo(
    services: Services, viewer: Viewer, file_id: str, file_size: int | None
) -> SurveyOutcome:
    async def answer(
        tx: Transaction, response: SurveyResponse, step: Step, now: datetime
    ) -> SurveyOutcome:
        if step is not Step.PHOTO:
            return Question(response, step, Note.NEED_BUTTON)
        if file_size is not None and file_size > services.settings.max_photo_mb * 1024 * 1024:
            return Question(response, step, Note.PHOTO_TOO_LARGE)
        complaint = await tx.complaints.for_response(response.id)
        alerts: tuple[int, ...] = ()
        if complaint is not None:
            await tx.complaints.update(complaint.id, photo_file_id=file_id)
            alerts = await alert_supervisors(
                services,
                tx,
                response.unit_id,
                ComplaintPhoto(complaint.ticket, file_id),
                cooldown=None,
                now=now,
            )
        outcome = await save_answer(services, tx, viewer, record_photo(response), now)
        return _with_alerts(outcome, alerts, Note.PHOTO_RECORDED)

    return await _in_open_survey(services, viewer, answer)


def _with_alerts(
    outcome: Question | Finished, alerts: tuple[int, ...], note: Note
) -> Question | Finished:
    """The outcome of the answer, with the alerts written before it and the note saying that
    what was sent is recorded."""
    if isinstance(outcome, Question):
        return Question(
            outcome.response, outcome.step, note, outbox_ids=alerts + outcome.outbox_ids
        )
    return Finished(outcome.response, outcome.ticket, outcome.serious, alerts + outcome.outbox_ids)


async def _in_open_survey(
    services: Services,
    viewer: Viewer,
    answer: Callable[[Transaction, SurveyResponse, Step, datetime], Awaitable[SurveyOutcome]],
) -> SurveyOutcome:
    """Typed input and photos: in one transaction, the citizen's open survey and the step it
    waits at, then the input's own rule."""
    now = services.clock()
    async with services.database.transaction() as tx:
        response = await tx.survey.in_progress_for(viewer.identity_hash)
        if response is None:
            return Refused(Refusal.NO_SURVEY)
        expired = await expire_if_abandoned(services, tx, response, now)
        if expired is not None:
            return expired
        return await answer(tx, response, current_step(response), now)


async def _file_complaint(
    services: Services,
    tx: Transaction,
    viewer: Viewer,
    response: SurveyResponse,
    text: str,
    chat_id: int,
    now: datetime,
) -> tuple[str, tuple[int, ...]]:
    """The complaint's ticket, and the alerts to the unit's supervisors."""
    prefix = await tx.units.ticket_prefix(response.unit_id)
    year = now.astimezone(services.settings.zone).year
    ticket = ticket_number(prefix, year, await tx.complaints.next_sequence(prefix, year))
    serious = is_serious(text)
    complaint_id = await tx.complaints.create(
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
    alerts = await alert_supervisors(
        services,
        tx,
        response.unit_id,
        ComplaintAlert(complaint_id, ticket, response.unit_name, text, serious),
        cooldown=None,
        now=now,
    )
    return ticket, alerts
