"""What a citizen types or sends during a survey: minutes of waiting, a complaint, its photo."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime

from bot.services import Services, Viewer
from bot.usecases.alerts import alert_supervisors
from bot.usecases.survey.answers import save_answer
from bot.usecases.survey.complaint import write_complaint
from bot.usecases.survey.entry import expire_if_abandoned
from bot.usecases.survey.outcomes import Question, Refused, SurveyOutcome, with_alerts
from db.transaction import Transaction
from kinerja.complaints import web_photo_ref
from kinerja.messages import ComplaintPhoto
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
    services: Services, viewer: Viewer, text: str, chat_id: int | None, at: Step | None = None
) -> SurveyOutcome:
    """Typed text during a survey: minutes of waiting, a complaint, or a nudge to the buttons.

    `chat_id` is where a complaint's answer goes (None on the web: its ticket page shows it).
    A form posts the step it was shown at (`at`): text typed on a page the survey has moved
    past changes nothing, and the current question is shown instead."""

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
            written = await write_complaint(services, tx, viewer, response, cleaned, chat_id, now)
            if written is None:
                return Question(response, step, Note.COMPLAINT_ANSWERED)
            tap = record_complaint(response, written.ticket, written.status)
            outcome = await save_answer(services, tx, viewer, tap, now)
            return with_alerts(outcome, written.outbox_ids, written.note)
        return Question(response, step, Note.NEED_BUTTON)

    return await _in_open_survey(services, viewer, answer, at)


async def receive_photo(
    services: Services,
    viewer: Viewer,
    file_id: str,
    file_size: int | None,
    *,
    content: bytes | None = None,
) -> SurveyOutcome:
    """The complaint's photo: Telegram's `file_id`, or on the web the photo's `content` (kept
    with the complaint until it is erased; `file_id` is then not used). `file_size` is the size
    the citizen sent, which the limit judges."""

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
            stored = file_id if content is None else web_photo_ref(complaint.id)
            await tx.complaints.update(complaint.id, photo_file_id=stored, photo_content=content)
            alerts = await alert_supervisors(
                services,
                tx,
                response.unit_id,
                ComplaintPhoto(complaint.ticket, stored),
                cooldown=None,
                now=now,
            )
        outcome = await save_answer(services, tx, viewer, record_photo(response), now)
        return with_alerts(outcome, alerts, Note.PHOTO_RECORDED)

    return await _in_open_survey(services, viewer, answer, Step.PHOTO if content else None)


async def _in_open_survey(
    services: Services,
    viewer: Viewer,
    answer: Callable[[Transaction, SurveyResponse, Step, datetime], Awaitable[SurveyOutcome]],
    at: Step | None = None,
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
        step = current_step(response)
        if at is not None and at is not step:
            return Question(response, step, Note.PAGE_MOVED)
        return await answer(tx, response, step, now)
