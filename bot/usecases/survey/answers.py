"""Answers: a tap on a survey button, how any accepted answer is stored, and the end of the
survey (its gaming flags, cooldown and low-score alerts)."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta

from bot.services import Services, Viewer
from bot.usecases.alerts import alert_supervisors
from bot.usecases.survey.complaint import withdraw_complaint
from bot.usecases.survey.entry import expire_if_abandoned, survey_cooldown_marker
from bot.usecases.survey.outcomes import Finished, Question, Refused, SurveyOutcome
from db.transaction import Transaction
from kinerja.messages import LowScoreAlert
from kinerja.survey import (
    GamingRules,
    Note,
    Refusal,
    Status,
    Step,
    SurveyResponse,
    cooldown_end,
    gaming_flags,
    low_scored_elements,
)
from kinerja.survey_flow import Change, Tap, apply_tap, current_step


async def answer_button(
    services: Services, viewer: Viewer, response_id: int, step: Step, value: str
) -> SurveyOutcome:
    """A tap on a survey button: an answer, a skip, or "Kembali"."""
    now = services.clock()
    async with services.database.transaction() as tx:
        response = await tx.survey.get(response_id, respondent_hash=viewer.identity_hash, lock=True)
        if response is None:
            return Refused(Refusal.STALE)
        expired = await expire_if_abandoned(services, tx, response, now)
        if expired is not None:
            return expired
        tap = apply_tap(response, step, value)
        if isinstance(tap, Refusal):
            return Refused(tap)
        if tap.change is None:  # redelivered after a crash lost its reply: show it again
            if response.status is Status.COMPLETED:
                return await _thanks(tx, response)
            return Question(response, current_step(response))
        return await save_answer(services, tx, viewer, tap, now)


async def save_answer(
    services: Services, tx: Transaction, viewer: Viewer, tap: Tap, now: datetime
) -> Question | Finished:
    """Stores an accepted answer with the step asked next, or completes the survey."""
    assert tap.change is not None  # noqa: S101 - a redelivery stores nothing
    change = tap.change
    rid = tap.response.id
    alerts: tuple[int, ...] = ()
    if change.withdraw_complaint:
        alerts = await withdraw_complaint(services, tx, tap.response, now)
    if change.score is not None:
        await tx.survey.set_score(rid, *change.score)
    if change.cleared_score is not None:
        await tx.survey.clear_score(rid, change.cleared_score)
    columns = _columns(change)
    if columns:
        await tx.survey.write(rid, now, **columns)
    note = Note.COMPLAINT_WITHDRAWN if change.withdraw_complaint else None
    if change.step is None:
        finished = await _complete(services, tx, viewer, tap.response, now)
        return dataclasses.replace(finished, note=note, outbox_ids=alerts + finished.outbox_ids)
    response = dataclasses.replace(tap.response, updated_at=now)
    return Question(response, change.step, note, outbox_ids=alerts)


def _columns(change: Change) -> dict[str, object]:
    """The response's columns that `change` writes."""
    columns: dict[str, object] = {}
    if change.step is not None:
        columns["step"] = change.step.value
    if change.skipped is not None:
        columns["skipped"] = ",".join(sorted(change.skipped))
    if change.overall is not None:
        columns["overall_score"] = change.overall
    if change.waiting_minutes is not None:
        columns["waiting_minutes"] = change.waiting_minutes
    if change.important_element is not None:
        columns["important_element"] = change.important_element
    if change.profile is not None:
        profile_step, choice = change.profile
        columns[profile_step.value] = choice
    if change.complaint_done:
        columns["complaint_done"] = True
    if change.photo_done:
        columns["photo_done"] = True
    if change.withdraw_complaint:
        columns["photo_done"] = False  # a complaint written again asks for its photo again
    return columns


async def _thanks(tx: Transaction, response: SurveyResponse) -> Finished:
    complaint = await tx.complaints.for_response(response.id)
    return Finished(
        response,
        complaint.ticket if complaint else None,
        complaint.serious if complaint else False,
    )


def _rules(services: Services) -> GamingRules:
    settings = services.settings
    return GamingRules(
        fast_seconds=settings.fast_survey_seconds,
        service_start=settings.service_start,
        service_end=settings.service_end,
    )


async def _is_unit_staff(tx: Transaction, viewer: Viewer, unit_id: int) -> bool:
    """Registered staff of the unit, or of a unit above or below it."""
    if viewer.person is None:
        return False
    staff_unit = await tx.units.by_code(viewer.person.unit_code)
    if staff_unit is None:
        return False
    return staff_unit.id in await tx.units.lineage_ids(unit_id) or (
        unit_id in await tx.units.lineage_ids(staff_unit.id)
    )


async def _complete(
    services: Services, tx: Transaction, viewer: Viewer, response: SurveyResponse, now: datetime
) -> Finished:
    rules = _rules(services)
    zone = services.settings.zone
    window = timedelta(minutes=rules.burst_window_minutes)
    others = await tx.survey.completed_times_in_window(
        response.unit_id, now - window, now, response.id
    )
    outside = [
        t
        for t in others
        if not rules.service_start <= t.astimezone(zone).time() <= rules.service_end
    ]
    flags = gaming_flags(
        response.scores,
        response.started_at,
        now,
        now.astimezone(zone).time(),
        len(outside),
        await _is_unit_staff(tx, viewer, response.unit_id),
        rules,
    )
    completed = await tx.survey.update(
        response.id,
        now,
        status=Status.COMPLETED,
        completed_at=now,
        step="",
        flags=",".join(flags),
    )
    await tx.survey_cooldowns.hold(
        survey_cooldown_marker(services, viewer, response.unit_id),
        cooldown_end(now, zone, services.settings.survey_cooldown_hours),
    )
    outbox_ids: tuple[int, ...] = ()
    low = low_scored_elements(response.scores)
    if low:
        outbox_ids = await alert_supervisors(
            services,
            tx,
            response.unit_id,
            LowScoreAlert(response.unit_name, low),
            cooldown=timedelta(minutes=services.settings.low_score_alert_minutes),
            now=now,
        )
    finished = await _thanks(tx, completed)
    return dataclasses.replace(finished, outbox_ids=outbox_ids)
