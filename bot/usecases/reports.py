"""/lapor: an ASN's daily report, one metric at a time, kept as a draft between messages so a
restart loses nothing that was accepted. What each input means is `kinerja.reporting`'s call."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from bot.files.calendar import working_calendar
from bot.services import Services, Viewer
from db.repositories.reports import Draft
from db.transaction import Transaction
from kinerja.audit import AuditAction, person_actor
from kinerja.calendar import WorkingCalendar
from kinerja.reporting import (
    Advance,
    Stay,
    may_end,
    other_day,
    pick_day,
    read_photo,
    read_text,
    ready_to_save,
    skip_to,
)
from kinerja.reporting import Ending as Ending  # how a /lapor ends, named by handlers
from kinerja.reporting import Step as Step  # the step of a screen, named by handlers and render
from kinerja.staff import ReportRefusal, ReportValue, ValueProblem, reportable_days
from kinerja.survey import AnswerProblem
from kinerja.types import Metric, Person, Report, Role


@dataclass(frozen=True, slots=True)
class MetricChoice:
    id: int
    metric: Metric
    reported: Report | None


@dataclass(frozen=True, slots=True)
class ReportScreen:
    """What the ASN sees at one step of /lapor."""

    step: Step
    day: date
    other_day: date | None
    """Yesterday while it may still be reported (or today when yesterday is chosen)."""
    metrics: tuple[MetricChoice, ...] = ()
    metric: Metric | None = None
    value: ReportValue | None = None
    note: str | None = None
    has_evidence: bool = False
    existing: Report | None = None
    """The report this one will replace, shown before confirming."""
    saved: Report | None = None
    problem: ValueProblem | AnswerProblem | None = None
    need_button: bool = False
    message_id: int | None = None


def calendar_of(services: Services, around: date) -> WorkingCalendar:
    path: Path | None = services.settings.holidays_file
    return working_calendar(path, range(around.year - 1, around.year + 2))


def _reportable(services: Services, now: datetime) -> tuple[date, ...]:
    settings = services.settings
    return reportable_days(now.astimezone(settings.zone), settings.report_yesterday_until)


async def _unit_id(tx: Transaction, person: Person) -> int | None:
    unit = await tx.units.by_code(person.unit_code)
    return None if unit is None else unit.id


def reporter(viewer: Viewer) -> Person | None:
    """The viewer as a member of staff who reports (anyone but a citizen)."""
    person = viewer.person
    return person if person is not None and person.role is not Role.CITIZEN else None


async def _menu(
    services: Services,
    tx: Transaction,
    person: Person,
    day: date,
    now: datetime,
    saved: Report | None = None,
) -> ReportScreen | ReportRefusal:
    unit_id = await _unit_id(tx, person)
    if unit_id is None:
        return ReportRefusal.NOT_STAFF
    metrics = await tx.reports.metrics_for_unit(unit_id)
    if not metrics:
        return ReportRefusal.NO_METRICS
    done = {
        r.metric.code: r
        for r in await tx.reports.between(person_ids=[person.id], first=day, last=day)
    }
    return ReportScreen(
        step=Step.METRIC,
        day=day,
        other_day=other_day(_reportable(services, now), day),
        metrics=tuple(MetricChoice(mid, m, done.get(m.code)) for mid, m in metrics),
        saved=saved,
    )


_NO_ENTRY: dict[str, object] = {
    "value": None,
    "denominator": None,
    "note": None,
    "evidence_file_id": None,
}
"""The draft columns a metric's entry fills: cleared whenever a (new) metric is chosen."""


async def begin_report(
    services: Services, viewer: Viewer, day: date | None = None
) -> ReportScreen | ReportRefusal:
    person = reporter(viewer)
    if person is None:
        return ReportRefusal.NOT_STAFF
    now = services.clock()
    chosen = pick_day(_reportable(services, now), day)
    if chosen is None:
        return ReportRefusal.DAY_CLOSED
    async with services.database.transaction() as tx:
        screen = await _menu(services, tx, person, chosen, now)
        if isinstance(screen, ReportScreen):
            await tx.reports.save_draft(
                viewer.telegram_user_id,
                now,
                person_id=person.id,
                report_date=chosen,
                metric_id=None,
                step=Step.METRIC.value,
                **_NO_ENTRY,
            )
        return screen


def _screen(draft: Draft, step: Step, **extra: object) -> ReportScreen:
    value = None
    if draft.value is not None:
        value = ReportValue(draft.value, draft.denominator)
    values: dict[str, object] = {
        "step": step,
        "day": draft.report_date,
        "other_day": None,
        "metric": draft.metric,
        "value": value,
        "note": draft.note,
        "has_evidence": draft.evidence_file_id is not None,
        "message_id": draft.message_id,
    }
    values.update(extra)
    return ReportScreen(**values)  # type: ignore[arg-type]


async def choose_metric(
    services: Services, viewer: Viewer, metric_id: int
) -> ReportScreen | ReportRefusal:
    person = reporter(viewer)
    if person is None:
        return ReportRefusal.NOT_STAFF
    now = services.clock()
    async with services.database.transaction() as tx:
        draft = await tx.reports.draft(viewer.telegram_user_id)
        unit_id = await _unit_id(tx, person)
        if draft is None or unit_id is None or draft.person_id != person.id:
            return ReportRefusal.STALE
        allowed = {mid for mid, _ in await tx.reports.metrics_for_unit(unit_id)}
        if metric_id not in allowed:  # a forged button, or a metric of another unit
            return ReportRefusal.STALE
        draft = await tx.reports.update_draft(
            viewer.telegram_user_id,
            now,
            metric_id=metric_id,
            step=Step.VALUE.value,
            **_NO_ENTRY,
        )
        existing = await tx.reports.existing(person.id, metric_id, draft.report_date)
        return _screen(draft, Step.VALUE, existing=existing)


def _changes(advance: Advance) -> dict[str, object]:
    """The draft columns an accepted input sets; the others keep what they hold."""
    changes: dict[str, object] = {"step": advance.step.value}
    if advance.value is not None:
        changes.update(value=advance.value.value, denominator=advance.value.denominator)
    if advance.note is not None:
        changes["note"] = advance.note
    if advance.evidence_file_id is not None:
        changes["evidence_file_id"] = advance.evidence_file_id
    return changes


async def receive_report_text(services: Services, viewer: Viewer, text: str) -> ReportScreen | None:
    """None when no /lapor is waiting for typed text."""
    now = services.clock()
    async with services.database.transaction() as tx:
        draft = await tx.reports.draft(viewer.telegram_user_id)
        if draft is None or draft.metric is None:
            return None
        step = Step(draft.step)
        decision = read_text(step, draft.metric, text)
        if isinstance(decision, Stay):
            if decision.problem is not None:
                return _screen(draft, step, problem=decision.problem)
            return _screen(draft, step, need_button=True, existing=await _existing(tx, draft))
        draft = await tx.reports.update_draft(viewer.telegram_user_id, now, **_changes(decision))
        return await _updated_screen(tx, draft, decision.step)


async def receive_report_photo(
    services: Services, viewer: Viewer, file_id: str
) -> ReportScreen | None:
    now = services.clock()
    async with services.database.transaction() as tx:
        draft = await tx.reports.draft(viewer.telegram_user_id)
        if draft is None or draft.metric is None:
            return None
        step = Step(draft.step)
        decision = read_photo(step, file_id)
        if isinstance(decision, Stay):
            return _screen(draft, step, need_button=True)
        draft = await tx.reports.update_draft(viewer.telegram_user_id, now, **_changes(decision))
        return await _updated_screen(tx, draft, decision.step)


async def skip_step(services: Services, viewer: Viewer, step: Step) -> ReportScreen | ReportRefusal:
    """ "Tanpa catatan" / "Tanpa bukti": the optional steps."""
    now = services.clock()
    async with services.database.transaction() as tx:
        draft = await tx.reports.draft(viewer.telegram_user_id)
        following = None if draft is None else skip_to(Step(draft.step), step)
        if following is None:
            return ReportRefusal.STALE
        draft = await tx.reports.update_draft(viewer.telegram_user_id, now, step=following.value)
        return await _updated_screen(tx, draft, following)


async def _existing(tx: Transaction, draft: Draft) -> Report | None:
    if draft.metric_id is None:
        return None
    return await tx.reports.existing(draft.person_id, draft.metric_id, draft.report_date)


async def _updated_screen(tx: Transaction, draft: Draft, step: Step) -> ReportScreen:
    return _screen(draft, step, existing=await _existing(tx, draft))


async def confirm_report(services: Services, viewer: Viewer) -> ReportScreen | ReportRefusal:
    """Save (or replace, keeping the old value in the audit log), then the menu again."""
    person = reporter(viewer)
    if person is None:
        return ReportRefusal.NOT_STAFF
    now = services.clock()
    async with services.database.transaction() as tx:
        draft = await tx.reports.draft(viewer.telegram_user_id)
        if draft is None or not ready_to_save(
            Step(draft.step), draft.metric_id is not None, draft.value
        ):
            return ReportRefusal.STALE
        assert draft.metric_id is not None  # noqa: S101 - ready_to_save checked it
        assert draft.value is not None  # noqa: S101 - likewise
        if draft.report_date not in _reportable(services, now):
            await tx.reports.drop_draft(viewer.telegram_user_id)
            return ReportRefusal.DAY_CLOSED
        unit_id = await _unit_id(tx, person)
        assert unit_id is not None  # noqa: S101 - the draft was made for this unit
        previous = await tx.reports.existing(person.id, draft.metric_id, draft.report_date)
        await tx.reports.save(
            person_id=person.id,
            unit_id=unit_id,
            metric_id=draft.metric_id,
            day=draft.report_date,
            value=draft.value,
            denominator=draft.denominator,
            note=draft.note,
            evidence_file_id=draft.evidence_file_id,
            now=now,
        )
        if previous is not None:
            await tx.audit.record(
                now,
                person_actor(person.id),
                AuditAction.REPORT_REPLACED,
                str(previous.id),
                {
                    "metric": previous.metric.code,
                    "day": previous.day.isoformat(),
                    "previous_value": str(previous.value),
                    "previous_denominator": None
                    if previous.denominator is None
                    else str(previous.denominator),
                    "new_value": str(draft.value),
                },
            )
        saved = await tx.reports.existing(person.id, draft.metric_id, draft.report_date)
        await tx.reports.update_draft(
            viewer.telegram_user_id,
            now,
            step=Step.METRIC.value,
            metric_id=None,
            **_NO_ENTRY,
        )
        return await _menu(services, tx, person, draft.report_date, now, saved=saved)


@dataclass(frozen=True, slots=True)
class ReportClosed:
    """How a /lapor ended and what of its day is saved, so the answer can say exactly that."""

    ending: Ending
    day: date
    saved: tuple[Report, ...]
    """The reports of the day as they stand now, after the ending."""
    dropped: Metric | None = None
    """The metric whose entry was under way and is now dropped unsaved."""
    kept: Report | None = None
    """The dropped entry's earlier report of the day, which stays as it was (not replaced)."""
    message_id: int | None = None
    """The /lapor message, whose buttons are now out of date."""


async def close_report(services: Services, viewer: Viewer, ending: Ending) -> ReportClosed | None:
    """ "Selesai", "Batal" or /batal: the draft goes, saved reports stay. None when there is no
    /lapor to end (or a "Selesai" from an old message while an entry is under way)."""
    async with services.database.transaction() as tx:
        draft = await tx.reports.draft(viewer.telegram_user_id)
        if draft is None or not may_end(Step(draft.step), ending):
            return None
        await tx.reports.drop_draft(viewer.telegram_user_id)
        kept = await _existing(tx, draft)
        saved = await tx.reports.between(
            person_ids=[draft.person_id], first=draft.report_date, last=draft.report_date
        )
        return ReportClosed(
            ending=ending,
            day=draft.report_date,
            saved=tuple(saved),
            dropped=draft.metric,
            kept=kept,
            message_id=draft.message_id,
        )


async def remember_report_message(services: Services, viewer: Viewer, message_id: int) -> None:
    async with services.database.transaction() as tx:
        await tx.reports.remember_message(viewer.telegram_user_id, message_id, services.clock())
