"""/lapor, /riwayat and /cuti for ASN; /laporan, verification and feedback for supervisors;
and the daily reminder."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from bot.files.calendar import working_calendar
from bot.services import Services, Viewer
from bot.usecases.alerts import recipient_language
from db.repositories.audit import AuditRepository
from db.repositories.catalog import CatalogRepository
from db.repositories.messaging import OutboxRepository, PendingInputRepository
from db.repositories.reports import Draft, ReportRepository
from db.repositories.staff import StaffRepository
from db.repositories.units import UnitRepository
from kinerja.calendar import WorkingCalendar, missed_streak
from kinerja.capaian import Capaian, capaian
from kinerja.indicators import asn_metric_realisation, ratio_realisation
from kinerja.periods import period_containing
from kinerja.roles import oversees
from kinerja.staff import (
    LeaveProblem,
    ReportRefusal,
    ReportValue,
    ValueProblem,
    leave_problem,
    parse_report_value,
    reportable_days,
)
from kinerja.survey import AnswerProblem, clean_free_text
from kinerja.types import Indicator, IndicatorSource, Metric, Person, Report, Role
from kinerja.units import ancestors, subtree_codes

FEEDBACK_INPUT = "report_feedback"


class Step(enum.StrEnum):
    METRIC = "metric"
    VALUE = "value"
    NOTE = "note"
    EVIDENCE = "evidence"
    CONFIRM = "confirm"


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


def _today(services: Services, now: datetime) -> date:
    return now.astimezone(services.settings.zone).date()


async def _unit_id(session: AsyncSession, person: Person) -> int | None:
    unit = await UnitRepository(session).by_code(person.unit_code)
    return None if unit is None else unit.id


def _reporter(viewer: Viewer) -> Person | None:
    person = viewer.person
    return person if person is not None and person.role is not Role.CITIZEN else None


# ------------------------------------------------------------------------------ /lapor


async def _menu(
    services: Services,
    session: AsyncSession,
    person: Person,
    day: date,
    now: datetime,
    saved: Report | None = None,
) -> ReportScreen | ReportRefusal:
    unit_id = await _unit_id(session, person)
    if unit_id is None:
        return ReportRefusal.NOT_STAFF
    reports = ReportRepository(session)
    metrics = await reports.metrics_for_unit(unit_id)
    if not metrics:
        return ReportRefusal.NO_METRICS
    days = _reportable(services, now)
    other = next((d for d in days if d != day), None)
    done = {
        r.metric.code: r for r in await reports.between(person_ids=[person.id], first=day, last=day)
    }
    return ReportScreen(
        step=Step.METRIC,
        day=day,
        other_day=other,
        metrics=tuple(MetricChoice(mid, m, done.get(m.code)) for mid, m in metrics),
        saved=saved,
    )


async def begin_report(
    services: Services, viewer: Viewer, day: date | None = None
) -> ReportScreen | ReportRefusal:
    person = _reporter(viewer)
    if person is None:
        return ReportRefusal.NOT_STAFF
    now = services.clock()
    days = _reportable(services, now)
    if day is None:
        day = days[0]
    elif day not in days:
        return ReportRefusal.DAY_CLOSED
    async with services.database.transaction() as tx:
        session = tx.session
        screen = await _menu(services, session, person, day, now)
        if isinstance(screen, ReportScreen):
            await ReportRepository(session).save_draft(
                viewer.telegram_user_id,
                now,
                person_id=person.id,
                report_date=day,
                metric_id=None,
                step=Step.METRIC.value,
                value=None,
                denominator=None,
                note=None,
                evidence_file_id=None,
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
    person = _reporter(viewer)
    if person is None:
        return ReportRefusal.NOT_STAFF
    now = services.clock()
    async with services.database.transaction() as tx:
        session = tx.session
        reports = ReportRepository(session)
        draft = await reports.draft(viewer.telegram_user_id)
        unit_id = await _unit_id(session, person)
        if draft is None or unit_id is None or draft.person_id != person.id:
            return ReportRefusal.STALE
        allowed = {mid for mid, _ in await reports.metrics_for_unit(unit_id)}
        if metric_id not in allowed:  # a forged button, or a metric of another unit
            return ReportRefusal.STALE
        await reports.update_draft(
            viewer.telegram_user_id,
            now,
            metric_id=metric_id,
            step=Step.VALUE.value,
            value=None,
            denominator=None,
            note=None,
            evidence_file_id=None,
        )
        draft = await reports.draft(viewer.telegram_user_id)
        assert draft is not None  # noqa: S101 - updated just above
        existing = await reports.existing(person.id, metric_id, draft.report_date)
        return _screen(draft, Step.VALUE, existing=existing)


async def receive_report_text(services: Services, viewer: Viewer, text: str) -> ReportScreen | None:
    """None when no /lapor is waiting for typed text."""
    now = services.clock()
    async with services.database.transaction() as tx:
        session = tx.session
        reports = ReportRepository(session)
        draft = await reports.draft(viewer.telegram_user_id)
        if draft is None or draft.metric is None:
            return None
        if draft.step == Step.VALUE:
            parsed = parse_report_value(draft.metric, text)
            if isinstance(parsed, ValueProblem):
                return _screen(draft, Step.VALUE, problem=parsed)
            await reports.update_draft(
                viewer.telegram_user_id,
                now,
                value=parsed.value,
                denominator=parsed.denominator,
                step=Step.NOTE.value,
            )
            return await _reload_screen(reports, viewer, Step.NOTE)
        if draft.step == Step.NOTE:
            note = clean_free_text(text)
            if isinstance(note, AnswerProblem):
                return _screen(draft, Step.NOTE, problem=note)
            await reports.update_draft(
                viewer.telegram_user_id, now, note=note, step=Step.EVIDENCE.value
            )
            return await _reload_screen(reports, viewer, Step.EVIDENCE)
        return _screen(
            draft, Step(draft.step), need_button=True, existing=await _existing(reports, draft)
        )


async def receive_report_photo(
    services: Services, viewer: Viewer, file_id: str
) -> ReportScreen | None:
    now = services.clock()
    async with services.database.transaction() as tx:
        session = tx.session
        reports = ReportRepository(session)
        draft = await reports.draft(viewer.telegram_user_id)
        if draft is None or draft.metric is None:
            return None
        if draft.step not in (Step.NOTE, Step.EVIDENCE):
            return _screen(draft, Step(draft.step), need_button=True)
        await reports.update_draft(
            viewer.telegram_user_id, now, evidence_file_id=file_id, step=Step.CONFIRM.value
        )
        return await _reload_screen(reports, viewer, Step.CONFIRM)


async def skip_step(services: Services, viewer: Viewer, step: Step) -> ReportScreen | ReportRefusal:
    """ "Tanpa catatan" / "Tanpa bukti": the optional steps."""
    now = services.clock()
    following = {Step.NOTE: Step.EVIDENCE, Step.EVIDENCE: Step.CONFIRM}
    async with services.database.transaction() as tx:
        session = tx.session
        reports = ReportRepository(session)
        draft = await reports.draft(viewer.telegram_user_id)
        if draft is None or draft.step != step or step not in following:
            return ReportRefusal.STALE
        await reports.update_draft(viewer.telegram_user_id, now, step=following[step].value)
        return await _reload_screen(reports, viewer, following[step])


async def _existing(reports: ReportRepository, draft: Draft) -> Report | None:
    if draft.metric_id is None:
        return None
    return await reports.existing(draft.person_id, draft.metric_id, draft.report_date)


async def _reload_screen(reports: ReportRepository, viewer: Viewer, step: Step) -> ReportScreen:
    draft = await reports.draft(viewer.telegram_user_id)
    assert draft is not None  # noqa: S101 - the caller just wrote it
    return _screen(draft, step, existing=await _existing(reports, draft))


async def confirm_report(services: Services, viewer: Viewer) -> ReportScreen | ReportRefusal:
    """Save (or replace, keeping the old value in the audit log), then the menu again."""
    person = _reporter(viewer)
    if person is None:
        return ReportRefusal.NOT_STAFF
    now = services.clock()
    async with services.database.transaction() as tx:
        session = tx.session
        reports = ReportRepository(session)
        draft = await reports.draft(viewer.telegram_user_id)
        if (
            draft is None
            or draft.step != Step.CONFIRM
            or draft.metric_id is None
            or draft.value is None
        ):
            return ReportRefusal.STALE
        days = _reportable(services, now)
        if draft.report_date not in days:
            await reports.drop_draft(viewer.telegram_user_id)
            return ReportRefusal.DAY_CLOSED
        unit_id = await _unit_id(session, person)
        assert unit_id is not None  # noqa: S101 - the draft was made for this unit
        previous = await reports.existing(person.id, draft.metric_id, draft.report_date)
        await reports.save(
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
            await AuditRepository(session).record(
                now,
                f"person:{person.id}",
                "report_replaced",
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
        saved = await reports.existing(person.id, draft.metric_id, draft.report_date)
        await reports.update_draft(
            viewer.telegram_user_id,
            now,
            step=Step.METRIC.value,
            metric_id=None,
            value=None,
            denominator=None,
            note=None,
            evidence_file_id=None,
        )
        return await _menu(services, session, person, draft.report_date, now, saved=saved)


async def finish_report(services: Services, viewer: Viewer) -> bool:
    """/batal or "Selesai": the draft goes; saved reports stay."""
    async with services.database.transaction() as tx:
        session = tx.session
        return await ReportRepository(session).drop_draft(viewer.telegram_user_id)


async def remember_report_message(services: Services, viewer: Viewer, message_id: int) -> None:
    async with services.database.transaction() as tx:
        session = tx.session
        await ReportRepository(session).remember_message(
            viewer.telegram_user_id, message_id, services.clock()
        )


# ------------------------------------------------------------------------------ /riwayat


@dataclass(frozen=True, slots=True)
class OwnProgress:
    indicator: Indicator
    realisation: Decimal | None
    result: Capaian | None


@dataclass(frozen=True, slots=True)
class History:
    first: date
    last: date
    reports: tuple[Report, ...]
    progress: tuple[OwnProgress, ...]


def _applies(
    indicator: Indicator, unit_code: str, lineage: Sequence[str], kinds: dict[str, str]
) -> bool:
    if indicator.unit_code is not None:
        return indicator.unit_code in lineage
    return any(kinds.get(code) == indicator.unit_kind for code in lineage)


async def my_history(services: Services, viewer: Viewer, days: int) -> History | ReportRefusal:
    person = _reporter(viewer)
    if person is None:
        return ReportRefusal.NOT_STAFF
    now = services.clock()
    today = _today(services, now)
    first = today - timedelta(days=days - 1)
    calendar = calendar_of(services, today)
    async with services.database.snapshot() as tx:
        session = tx.session
        reports = ReportRepository(session)
        recent = await reports.between(person_ids=[person.id], first=first, last=today)
        catalog = await CatalogRepository(session).load()
        by_code = {u.code: u for u in catalog.units}
        lineage = [person.unit_code, *ancestors(person.unit_code, by_code)]
        kinds = {u.code: u.kind.value for u in catalog.units}
        progress: list[OwnProgress] = []
        for indicator in catalog.indicators:
            if indicator.source not in (IndicatorSource.ASN_METRIC, IndicatorSource.ASN_RATIO):
                continue
            if not _applies(indicator, person.unit_code, lineage, kinds):
                continue
            period = period_containing(indicator.period, today)
            mine = [
                r
                for r in await reports.between(
                    person_ids=[person.id], first=period.start, last=today
                )
                if r.metric.code == indicator.metric_code
            ]
            leave = (
                await StaffRepository(session).leave_days([person.id], period.start, today)
            ).get(person.id, set())
            if indicator.source is IndicatorSource.ASN_RATIO:
                exact = ratio_realisation((r.value, r.denominator or Decimal(0)) for r in mine)
            else:
                assert indicator.aggregation is not None  # noqa: S101 - the catalogue demands it
                exact = asn_metric_realisation(
                    indicator.aggregation,
                    (r.value for r in mine),
                    len(calendar.working_days(period.start, today, leave)),
                    1 if mine else 0,
                )
            if exact is None or not mine:
                progress.append(OwnProgress(indicator, None, None))
                continue
            result = capaian(exact, indicator.target, indicator.polarity, indicator.cap_percent)
            realised = Decimal(exact.numerator) / Decimal(exact.denominator)
            progress.append(OwnProgress(indicator, realised.quantize(Decimal("0.01")), result))
    return History(first, today, tuple(recent), tuple(progress))


# ------------------------------------------------------------------------------ /cuti


async def mark_leave(
    services: Services, viewer: Viewer, first: date, last: date
) -> int | ReportRefusal | LeaveProblem:
    """Own leave only; returns how many working days it covers."""
    person = _reporter(viewer)
    if person is None:
        return ReportRefusal.NOT_STAFF
    now = services.clock()
    problem = leave_problem(first, last, _today(services, now))
    if problem is not None:
        return problem
    calendar = calendar_of(services, first)
    days = calendar.working_days(first, last)
    async with services.database.transaction() as tx:
        session = tx.session
        await StaffRepository(session).add_leave(person.id, days, now)
    return len(days)


# ------------------------------------------------------------------------------ supervisors


@dataclass(frozen=True, slots=True)
class Missing:
    person: Person
    streak: int


@dataclass(frozen=True, slots=True)
class TeamDay:
    unit_code: str
    unit_name: str
    day: date
    working_day: bool
    reports: tuple[Report, ...]
    missing: tuple[Missing, ...]
    on_leave: tuple[Person, ...] = field(default=())


async def scope_of(
    session: AsyncSession, viewer: Viewer, unit_code: str | None
) -> tuple[str, str, list[int]] | ReportRefusal:
    """The unit asked for (default: the supervisor's own) and the ids of its subtree."""
    person = viewer.person
    if person is None:
        return ReportRefusal.NOT_STAFF
    code = (unit_code or person.unit_code).upper()
    units = UnitRepository(session)
    unit = await units.by_code(code)
    if unit is None or not oversees(
        person.role, person.unit_code, await units.lineage_codes(unit.id)
    ):
        return ReportRefusal.NOT_IN_SCOPE
    catalog = await CatalogRepository(session).load()
    ids = []
    for sub in subtree_codes(code, catalog.units):
        record = await units.by_code(sub)
        if record is not None:
            ids.append(record.id)
    return code, unit.unit.name, ids


async def scoped_unit(
    services: Services, viewer: Viewer, unit_code: str | None = None, unit_id: int | None = None
) -> str | ReportRefusal:
    """The code of the unit asked for (by code or id; default the viewer's own), if the viewer
    oversees it."""
    async with services.database.snapshot() as tx:
        session = tx.session
        if unit_id is not None:
            unit = await UnitRepository(session).by_id(unit_id)
            if unit is None:
                return ReportRefusal.NOT_IN_SCOPE
            unit_code = unit.unit.code
        scope = await scope_of(session, viewer, unit_code)
    return scope if isinstance(scope, ReportRefusal) else scope[0]


async def team_day(
    services: Services, viewer: Viewer, unit_code: str | None
) -> TeamDay | ReportRefusal:
    now = services.clock()
    today = _today(services, now)
    calendar = calendar_of(services, today)
    async with services.database.snapshot() as tx:
        session = tx.session
        scope = await scope_of(session, viewer, unit_code)
        if isinstance(scope, ReportRefusal):
            return scope
        code, name, ids = scope
        staff = StaffRepository(session)
        rows = await staff.staff(ids, roles=[Role.ASN], active_only=True)
        asn = [row.person for row in rows]
        started = {
            row.person.id: row.registered_at.astimezone(services.settings.zone).date()
            for row in rows
            if row.registered_at is not None
        }
        reports = ReportRepository(session)
        todays = await reports.between(unit_ids=ids, first=today, last=today)
        since = today - timedelta(days=90)
        person_ids = [p.id for p in asn]
        reported = await reports.reported_days(person_ids, since, today)
        leave = await staff.leave_days(person_ids, since, today)
    missing: list[Missing] = []
    on_leave: list[Person] = []
    for person in asn:
        own_leave = leave.get(person.id, set())
        if today in own_leave:
            on_leave.append(person)
            continue
        if person.id not in started:
            continue  # invited but not registered yet: nothing to report with
        streak = missed_streak(
            calendar, today, reported.get(person.id, set()), own_leave, since=started[person.id]
        )
        if streak:
            missing.append(Missing(person, streak))
    missing.sort(key=lambda m: (-m.streak, m.person.full_name))
    return TeamDay(
        code,
        name,
        today,
        calendar.is_working_day(today),
        tuple(todays),
        tuple(missing),
        tuple(on_leave),
    )


async def _report_in_scope(
    session: AsyncSession, viewer: Viewer, report_id: int
) -> Report | ReportRefusal:
    person = viewer.person
    reports = ReportRepository(session)
    unit_id = await reports.unit_id_of(report_id)
    if person is None or unit_id is None:
        return ReportRefusal.STALE
    lineage = await UnitRepository(session).lineage_codes(unit_id)
    if not oversees(person.role, person.unit_code, lineage):
        return ReportRefusal.STALE  # another supervisor's staff: as if it did not exist
    report = await reports.by_id(report_id)
    return report if report is not None else ReportRefusal.STALE


async def report_detail(
    services: Services, viewer: Viewer, report_id: int
) -> Report | ReportRefusal:
    async with services.database.snapshot() as tx:
        session = tx.session
        return await _report_in_scope(session, viewer, report_id)


async def verify_report(
    services: Services, viewer: Viewer, report_id: int
) -> Report | ReportRefusal:
    now = services.clock()
    async with services.database.transaction() as tx:
        session = tx.session
        report = await _report_in_scope(session, viewer, report_id)
        if isinstance(report, ReportRefusal):
            return report
        assert viewer.person is not None  # noqa: S101 - in scope means a person
        await ReportRepository(session).verify(report_id, viewer.person.id, now)
        await AuditRepository(session).record(
            now, f"person:{viewer.person.id}", "report_verified", str(report_id)
        )
        verified = await ReportRepository(session).by_id(report_id)
        assert verified is not None  # noqa: S101
        return verified


async def begin_feedback(
    services: Services, viewer: Viewer, report_id: int
) -> Report | ReportRefusal:
    now = services.clock()
    async with services.database.transaction() as tx:
        session = tx.session
        report = await _report_in_scope(session, viewer, report_id)
        if isinstance(report, Report):
            await PendingInputRepository(session).expect(
                viewer.telegram_user_id, FEEDBACK_INPUT, report_id, now
            )
        return report


@dataclass(frozen=True, slots=True)
class FeedbackSent:
    report: Report
    outbox_ids: tuple[int, ...]


async def receive_feedback(
    services: Services, viewer: Viewer, text: str
) -> FeedbackSent | ReportRefusal | AnswerProblem | None:
    """The supervisor's typed umpan balik; None when none is awaited."""
    now = services.clock()
    async with services.database.transaction() as tx:
        session = tx.session
        pending_inputs = PendingInputRepository(session)
        pending = await pending_inputs.get(viewer.telegram_user_id)
        if pending is None or pending.kind != FEEDBACK_INPUT:
            return None
        note = clean_free_text(text)
        if isinstance(note, AnswerProblem):
            return note
        await pending_inputs.clear(viewer.telegram_user_id)
        report = await _report_in_scope(session, viewer, pending.ref_id)
        if isinstance(report, ReportRefusal):
            return report
        assert viewer.person is not None  # noqa: S101
        reports = ReportRepository(session)
        await reports.give_feedback(report.id, note, viewer.person.id, now)
        await AuditRepository(session).record(
            now, f"person:{viewer.person.id}", "report_feedback", str(report.id)
        )
        outbox_ids: tuple[int, ...] = ()
        staff_member = await StaffRepository(session).active_person(report.person_id)
        if staff_member is not None and staff_member.telegram_user_id is not None:
            language = await recipient_language(services, session, staff_member.telegram_user_id)
            outbox_ids = (
                await OutboxRepository(session).add(
                    staff_member.telegram_user_id,
                    "report_feedback",
                    {
                        "language": language.value,
                        "metric": report.metric.code,
                        "metric_name": report.metric.name,
                        "metric_name_en": report.metric.name_en,
                        "day": report.day.isoformat(),
                        "from": viewer.person.full_name,
                        "feedback": note,
                    },
                    now,
                    person_id=staff_member.id,
                ),
            )
        updated = await reports.by_id(report.id)
        assert updated is not None  # noqa: S101
        return FeedbackSent(updated, outbox_ids)


# ------------------------------------------------------------------------------ reminders


async def queue_reminders(services: Services) -> tuple[int, ...]:
    """Once per working day at the reminder time: ASN who have not reported, not on leave.

    Each (person, day) is claimed in the database, so a restart or a second instance never
    reminds twice; a bot that was down at the reminder time catches up when it starts.
    """
    now = services.clock()
    local = now.astimezone(services.settings.zone)
    today = local.date()
    if local.time() < services.settings.reminder_time:
        return ()
    calendar = calendar_of(services, today)
    if not calendar.is_working_day(today):
        return ()
    ids: list[int] = []
    async with services.database.transaction() as tx:
        session = tx.session
        staff = StaffRepository(session)
        asn = [
            row.person
            for row in await staff.staff(roles=[Role.ASN], active_only=True)
            if row.person.telegram_user_id is not None
        ]
        person_ids = [p.id for p in asn]
        reported = await ReportRepository(session).reported_days(person_ids, today, today)
        leave = await staff.leave_days(person_ids, today, today)
        outbox = OutboxRepository(session)
        for person in asn:
            if person.id in reported or today in leave.get(person.id, set()):
                continue
            if not await staff.claim_reminder(person.id, today, now):
                continue
            assert person.telegram_user_id is not None  # noqa: S101 - filtered above
            language = await recipient_language(services, session, person.telegram_user_id)
            ids.append(
                await outbox.add(
                    person.telegram_user_id,
                    "reminder",
                    {"language": language.value, "name": person.full_name},
                    now,
                    person_id=person.id,
                )
            )
    return tuple(ids)
