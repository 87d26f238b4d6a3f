"""A supervisor's team: the scope they oversee, a day's reports and who did not report
(/laporan, any day up to today), and a report's evidence, verification and feedback (umpan
balik)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from bot.services import Services, Viewer
from bot.usecases.compliance import compliance_between
from bot.usecases.identity import recipient_language
from bot.usecases.pending import FEEDBACK_INPUT, take_awaited_note
from bot.usecases.reports import calendar_of
from db.transaction import Transaction
from kinerja.audit import AuditAction, person_actor
from kinerja.compliance import DayCompliance, day_compliance
from kinerja.messages import ReportFeedback
from kinerja.reporting import STREAK_LOOKBACK_DAYS, DayProblem, neighbour_days, read_team_query
from kinerja.roles import oversees
from kinerja.staff import ReportRefusal
from kinerja.survey import AnswerProblem
from kinerja.types import Report
from kinerja.units import subtree_codes


@dataclass(frozen=True, slots=True)
class TeamDay:
    unit_id: int
    unit_code: str
    unit_name: str
    day: date
    working_day: bool
    reports: tuple[Report, ...]
    compliance: DayCompliance
    previous: date | None = None
    """The day the "previous" button leads to; None for none."""
    next: date | None = None
    """The day the "next" button leads to; None on today."""


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


async def asked_team_day(
    services: Services, viewer: Viewer, args: Sequence[str]
) -> TeamDay | ReportRefusal | DayProblem:
    """/laporan [day] [unit], in either order; today and the viewer's own unit by default."""
    query = read_team_query(args, services.today())
    if isinstance(query, DayProblem):
        return query
    return await team_day(services, viewer, query.day, unit_code=query.unit_code)


async def team_day(
    services: Services,
    viewer: Viewer,
    day: date,
    *,
    unit_code: str | None = None,
    unit_id: int | None = None,
) -> TeamDay | ReportRefusal | DayProblem:
    """One day of a unit's team (by code or id; default the viewer's own): its reports, who did
    not report by `kinerja.compliance`, and the days before and after worth showing."""
    today = services.today()
    if day > today:
        return DayProblem.FUTURE
    calendar = calendar_of(services, day)
    since = day - timedelta(days=STREAK_LOOKBACK_DAYS)
    async with services.database.snapshot() as tx:
        if unit_id is not None:
            unit = await tx.units.by_id(unit_id)
            if unit is None:
                return ReportRefusal.NOT_IN_SCOPE
            unit_code = unit.unit.code
        scope = await scope_of(tx, viewer, unit_code)
        if isinstance(scope, ReportRefusal):
            return scope
        code, name, ids = scope
        reports = await tx.reports.between(unit_ids=ids, first=day, last=day)
        rows = await compliance_between(services, tx, ids, since, day)
        # The next working day comes within two weeks, even after Idulfitri's long break.
        report_days = await tx.reports.days_with_reports(
            ids, since, min(today, day + timedelta(days=14))
        )
        record = await tx.units.by_code(code)
    assert record is not None  # noqa: S101 - scope_of found it in this snapshot
    previous, following = neighbour_days(day, today, calendar, report_days)
    return TeamDay(
        record.id,
        code,
        name,
        day,
        calendar.is_working_day(day),
        tuple(reports),
        day_compliance(rows, day),
        previous,
        following,
    )


@dataclass(frozen=True, slots=True)
class Evidence:
    report: Report
    file_id: str


async def report_evidence(
    services: Services, viewer: Viewer, report_id: int
) -> Evidence | ReportRefusal | None:
    """The bukti dukung of a report the viewer oversees; None when it has none (any more).
    Handing it out is audited, as verification is."""
    now = services.clock()
    async with services.database.transaction() as tx:
        report = await _report_in_scope(tx, viewer, report_id)
        if isinstance(report, ReportRefusal):
            return report
        file_id = await tx.reports.evidence_file_id(report_id)
        if file_id is None:
            return None
        assert viewer.person is not None  # noqa: S101 - in scope means a person
        await tx.audit.record(
            now, person_actor(viewer.person.id), AuditAction.REPORT_EVIDENCE_VIEWED, str(report_id)
        )
    return Evidence(report, file_id)


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
