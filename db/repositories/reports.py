from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db import models
from db.repositories.dml import rowcount
from db.repositories.units import UnitRepository
from db.repositories.upsert import upsert
from kinerja.types import Metric, Report


def metric_of(row: models.Metric) -> Metric:
    return Metric(
        code=row.code,
        name=row.name,
        name_en=row.name_en,
        unit_of_measure=row.unit_of_measure,
        unit_of_measure_en=row.unit_of_measure_en,
        type=row.type,
        minimum=row.minimum,
        maximum=row.maximum,
    )


@dataclass(frozen=True, slots=True)
class Draft:
    """A /lapor in progress."""

    person_id: int
    report_date: date
    metric_id: int | None
    metric: Metric | None
    step: str
    value: Decimal | None
    denominator: Decimal | None
    note: str | None
    evidence_file_id: str | None
    message_id: int | None


_REPORT_COLUMNS = (models.AsnReport, models.Person, models.OrgUnit, models.Metric)


def _report(row: Any) -> Report:
    report, person, unit, metric = row
    return Report(
        id=report.id,
        person_id=person.id,
        person_name=person.full_name,
        nip=person.nip,
        unit_code=unit.code,
        unit_name=unit.name,
        metric=metric_of(metric),
        day=report.report_date,
        value=report.value,
        denominator=report.denominator,
        note=report.note,
        has_evidence=report.evidence_file_id is not None,
        verified=report.verified_at is not None,
        feedback=report.feedback,
    )


def _with_joins(statement: Any) -> Any:
    return (
        statement.join(models.Person, models.Person.id == models.AsnReport.person_id)
        .join(models.OrgUnit, models.OrgUnit.id == models.AsnReport.unit_id)
        .join(models.Metric, models.Metric.id == models.AsnReport.metric_id)
    )


class ReportRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def metrics_for_unit(self, unit_id: int) -> list[tuple[int, Metric]]:
        """Metrics of the unit and of every unit above it, in catalogue order."""
        lineage = await UnitRepository(self._session).lineage_ids(unit_id)
        rows = await self._session.scalars(
            select(models.Metric)
            .join(models.UnitMetric, models.UnitMetric.metric_id == models.Metric.id)
            .where(models.UnitMetric.unit_id.in_(lineage), models.Metric.active.is_(True))
            .order_by(models.Metric.id)
            .distinct()
        )
        return [(row.id, metric_of(row)) for row in rows]

    # -- drafts -----------------------------------------------------------------------

    async def draft(self, telegram_user_id: int) -> Draft | None:
        row = (
            await self._session.execute(
                select(models.ReportDraft, models.Metric)
                .outerjoin(models.Metric, models.Metric.id == models.ReportDraft.metric_id)
                .where(models.ReportDraft.telegram_user_id == telegram_user_id)
            )
        ).first()
        if row is None:
            return None
        d, metric = row
        return Draft(
            d.person_id,
            d.report_date,
            d.metric_id,
            metric_of(metric) if d.metric_id is not None else None,
            d.step,
            d.value,
            d.denominator,
            d.note,
            d.evidence_file_id,
            d.message_id,
        )

    async def save_draft(self, telegram_user_id: int, now: datetime, **values: object) -> None:
        await upsert(
            self._session,
            models.table_of(models.ReportDraft),
            {"telegram_user_id": telegram_user_id, "updated_at": now, **values},
            conflict=["telegram_user_id"],
            update=["updated_at", *values],
        )

    async def _set_draft(self, telegram_user_id: int, now: datetime, **values: object) -> None:
        await self._session.execute(
            update(models.ReportDraft)
            .where(models.ReportDraft.telegram_user_id == telegram_user_id)
            .values(updated_at=now, **values)
        )

    async def update_draft(self, telegram_user_id: int, now: datetime, **values: object) -> Draft:
        """The draft as it is after the change, read in the same transaction."""
        await self._set_draft(telegram_user_id, now, **values)
        updated = await self.draft(telegram_user_id)
        if updated is None:
            raise LookupError(f"no draft for account {telegram_user_id}")
        return updated

    async def remember_message(self, telegram_user_id: int, message_id: int, now: datetime) -> None:
        """The /lapor message now shown. Called after sending: the draft may be gone by then
        (finished meanwhile), and then there is nothing to remember."""
        await self._set_draft(telegram_user_id, now, message_id=message_id)

    async def drop_draft(self, telegram_user_id: int) -> bool:
        result = await self._session.execute(
            delete(models.ReportDraft).where(
                models.ReportDraft.telegram_user_id == telegram_user_id
            )
        )
        return bool(rowcount(result))

    # -- reports ----------------------------------------------------------------------

    async def existing(self, person_id: int, metric_id: int, day: date) -> Report | None:
        row = (
            await self._session.execute(
                _with_joins(select(*_REPORT_COLUMNS)).where(
                    models.AsnReport.person_id == person_id,
                    models.AsnReport.metric_id == metric_id,
                    models.AsnReport.report_date == day,
                )
            )
        ).first()
        return None if row is None else _report(row)

    async def save(
        self,
        *,
        person_id: int,
        unit_id: int,
        metric_id: int,
        day: date,
        value: Decimal,
        denominator: Decimal | None,
        note: str | None,
        evidence_file_id: str | None,
        now: datetime,
    ) -> None:
        """Insert or replace the report of (person, metric, day) in one atomic statement."""
        await upsert(
            self._session,
            models.table_of(models.AsnReport),
            {
                "person_id": person_id,
                "unit_id": unit_id,
                "metric_id": metric_id,
                "report_date": day,
                "value": value,
                "denominator": denominator,
                "note": note,
                "evidence_file_id": evidence_file_id,
                "created_at": now,
                "updated_at": now,
                "verified_by_id": None,
                "verified_at": None,
            },
            conflict=["person_id", "metric_id", "report_date"],
            update=[
                "value",
                "denominator",
                "note",
                "evidence_file_id",
                "updated_at",
                "verified_by_id",
                "verified_at",
            ],
        )

    async def between(
        self,
        *,
        person_ids: Sequence[int] | None = None,
        unit_ids: Sequence[int] | None = None,
        first: date,
        last: date,
    ) -> list[Report]:
        statement = _with_joins(select(*_REPORT_COLUMNS)).where(
            models.AsnReport.report_date >= first, models.AsnReport.report_date <= last
        )
        if person_ids is not None:
            statement = statement.where(models.AsnReport.person_id.in_(person_ids))
        if unit_ids is not None:
            statement = statement.where(models.AsnReport.unit_id.in_(unit_ids))
        statement = statement.order_by(
            models.AsnReport.report_date.desc(), models.Person.full_name, models.Metric.id
        )
        return [_report(row) for row in await self._session.execute(statement)]

    async def by_id(self, report_id: int) -> Report | None:
        row = (
            await self._session.execute(
                _with_joins(select(*_REPORT_COLUMNS)).where(models.AsnReport.id == report_id)
            )
        ).first()
        return None if row is None else _report(row)

    async def unit_id_of(self, report_id: int) -> int | None:
        return await self._session.scalar(
            select(models.AsnReport.unit_id).where(models.AsnReport.id == report_id)
        )

    async def evidence_file_id(self, report_id: int) -> str | None:
        """The Telegram file id of the report's bukti dukung; None without one (or after the
        retention period dropped it)."""
        return await self._session.scalar(
            select(models.AsnReport.evidence_file_id).where(models.AsnReport.id == report_id)
        )

    async def days_with_reports(
        self, unit_ids: Sequence[int], first: date, last: date
    ) -> set[date]:
        rows = await self._session.scalars(
            select(models.AsnReport.report_date)
            .where(
                models.AsnReport.unit_id.in_(unit_ids),
                models.AsnReport.report_date >= first,
                models.AsnReport.report_date <= last,
            )
            .distinct()
        )
        return set(rows)

    async def reported_days(
        self, person_ids: Sequence[int], first: date, last: date
    ) -> dict[int, set[date]]:
        rows = await self._session.execute(
            select(models.AsnReport.person_id, models.AsnReport.report_date)
            .where(
                models.AsnReport.person_id.in_(person_ids),
                models.AsnReport.report_date >= first,
                models.AsnReport.report_date <= last,
            )
            .distinct()
        )
        found: dict[int, set[date]] = {}
        for person_id, day in rows:
            found.setdefault(person_id, set()).add(day)
        return found

    async def _update(self, report_id: int, **values: object) -> Report:
        """The report as it is after the change, read in the same transaction."""
        await self._session.execute(
            update(models.AsnReport).where(models.AsnReport.id == report_id).values(**values)
        )
        updated = await self.by_id(report_id)
        if updated is None:
            raise LookupError(f"report {report_id}")
        return updated

    async def verify(self, report_id: int, by_person_id: int, now: datetime) -> Report:
        return await self._update(report_id, verified_by_id=by_person_id, verified_at=now)

    async def give_feedback(
        self, report_id: int, text: str, by_person_id: int, now: datetime
    ) -> Report:
        return await self._update(
            report_id, feedback=text, feedback_by_id=by_person_id, feedback_at=now
        )

    async def stream(
        self, unit_ids: Sequence[int], first: date, last: date
    ) -> AsyncIterator[Report]:
        statement = (
            _with_joins(select(*_REPORT_COLUMNS))
            .where(
                models.AsnReport.unit_id.in_(unit_ids),
                models.AsnReport.report_date >= first,
                models.AsnReport.report_date <= last,
            )
            .order_by(models.AsnReport.report_date, models.Person.nip, models.Metric.id)
            .execution_options(yield_per=2000)
        )
        async for row in await self._session.stream(statement):
            yield _report(row)
