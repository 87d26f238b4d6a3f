"""A supervisor's team: the scope they oversee, today's reports and who is missing (/laporan),
and verifying a report or giving feedback (umpan balik) on it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from bot.services import Services, Viewer
from bot.usecases.identity import recipient_language
from bot.usecases.pending import take_awaited_note
from bot.usecases.reports import calendar_of
from db.transaction import Transaction
from kinerja.audit import AuditAction, person_actor
from kinerja.messages import ReportFeedback
from kinerja.reporting import STREAK_LOOKBACK_DAYS, Missing, absentees
from kinerja.roles import oversees
from kinerja.staff import ReportRefusal
from kinerja.survey import AnswerProblem
from kinerja.types import Person, Report, Role
from kinerja.units import subtree_codes

FEEDBACK_INPUT = "report_feedback"


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
    tx: Transaction, viewer: Viewer, unit_code: str | None
) -> tuple[str, str, list[int]] | ReportRefusal:
    """The unit asked for (default: the supervisor's own) and the ids of its subtree."""
    person = viewer.person
    if person is None:
        return ReportRefusal.NOT_STAFF
    code = (unit_code or person.unit_code).upper()
    unit = await tx.units.by_code(code)
    if unit is None or not oversees(
        person.role, person.unit_code, await tx.units.lineage_codes(unit.id)
    ):
        return ReportRefusal.NOT_IN_SCOPE
    catalog = await tx.catalog.load()
    return code, unit.unit.name, await tx.units.ids_of(subtree_codes(code, catalog.units))


async def scoped_unit(
    services: Services, viewer: Viewer, unit_code: str | None = None, unit_id: int | None = None
) -> str | ReportRefusal:
    """The code of the unit asked for (by code or id; default the viewer's own), if the viewer
    oversees it."""
    async with services.database.snapshot() as tx:
        if unit_id is not None:
            unit = await tx.units.by_id(unit_id)
            if unit is None:
                return ReportRefusal.NOT_IN_SCOPE
            unit_code = unit.unit.code
        scope = await scope_of(tx, viewer, unit_code)
    return scope if isinstance(scope, ReportRefusal) else scope[0]


async def team_day(
    services: Services, viewer: Viewer, unit_code: str | None
) -> TeamDay | ReportRefusal:
    now = services.clock()
    today = now.astimezone(services.settings.zone).date()
    calendar = calendar_of(services, today)
    async with services.database.snapshot() as tx:
        scope = await scope_of(tx, viewer, unit_code)
        if isinstance(scope, ReportRefusal):
            return scope
        code, name, ids = scope
        rows = await tx.staff.staff(ids, roles=[Role.ASN], active_only=True)
        asn = [row.person for row in rows]
        started = {
            row.person.id: row.registered_at.astimezone(services.settings.zone).date()
            for row in rows
            if row.registered_at is not None
        }
        todays = await tx.reports.between(unit_ids=ids, first=today, last=today)
        since = today - timedelta(days=STREAK_LOOKBACK_DAYS)
        person_ids = [p.id for p in asn]
        reported = await tx.reports.reported_days(person_ids, since, today)
        leave = await tx.staff.leave_days(person_ids, since, today)
    missing, on_leave = absentees(asn, started, reported, leave, calendar, today)
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
    tx: Transaction, viewer: Viewer, report_id: int
) -> Report | ReportRefusal:
    person = viewer.person
    unit_id = await tx.reports.unit_id_of(report_id)
    if person is None or unit_id is None:
        return ReportRefusal.REPORT_NOT_FOUND
    lineage = await tx.units.lineage_codes(unit_id)
    if not oversees(person.role, person.unit_code, lineage):
        return ReportRefusal.REPORT_NOT_FOUND  # another supervisor's staff: as if it did not exist
    report = await tx.reports.by_id(report_id)
    return report if report is not None else ReportRefusal.REPORT_NOT_FOUND


async def report_detail(
    services: Services, viewer: Viewer, report_id: int
) -> Report | ReportRefusal:
    async with services.database.snapshot() as tx:
        return await _report_in_scope(tx, viewer, report_id)


async def verify_report(
    services: Services, viewer: Viewer, report_id: int
) -> Report | ReportRefusal:
    now = services.clock()
    async with services.database.transaction() as tx:
        report = await _report_in_scope(tx, viewer, report_id)
        if isinstance(report, ReportRefusal):
            return report
        assert viewer.person is not None  # noqa: S101 - in scope means a person
        verified = await tx.reports.verify(report_id, viewer.person.id, now)
        await tx.audit.record(
            now, person_actor(viewer.person.id), AuditAction.REPORT_VERIFIED, str(report_id)
        )
        return verified


async def begin_feedback(
    services: Services, viewer: Viewer, report_id: int
) -> Report | ReportRefusal:
    now = services.clock()
    async with services.database.transaction() as tx:
        report = await _report_in_scope(tx, viewer, report_id)
        if isinstance(report, Report):
            await tx.pending.expect(viewer.telegram_user_id, FEEDBACK_INPUT, report_id, now)
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
        awaited = await take_awaited_note(tx, viewer, FEEDBACK_INPUT, text)
        if awaited is None or isinstance(awaited, AnswerProblem):
            return awaited
        report_id, note = awaited
        report = await _report_in_scope(tx, viewer, report_id)
        if isinstance(report, ReportRefusal):
            return report
        assert viewer.person is not None  # noqa: S101
        updated = await tx.reports.give_feedback(report.id, note, viewer.person.id, now)
        await tx.audit.record(
            now, person_actor(viewer.person.id), AuditAction.REPORT_FEEDBACK, str(report.id)
        )
        outbox_ids: tuple[int, ...] = ()
        staff_member = await tx.staff.active_person(report.person_id)
        if staff_member is not None and staff_member.telegram_user_id is not None:
            language = await recipient_language(services, tx, staff_member.telegram_user_id)
            outbox_ids = (
                await tx.outbox.add(
                    staff_member.telegram_user_id,
                    ReportFeedback(
                        metric=report.metric.code,
                        metric_name=report.metric.name,
                        metric_name_en=report.metric.name_en,
                        day=report.day,
                        sender=viewer.person.full_name,
                        feedback=note,
                        language=language,
                    ),
                    now,
                    person_id=staff_member.id,
                ),
            )
        return FeedbackSent(updated, outbox_ids)
