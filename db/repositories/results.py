"""Period aggregates (a few GROUP BY queries) and the stored indicator results."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import and_, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db import models
from db.repositories.survey import counted_in_ikm
from db.repositories.upsert import insert_for
from kinerja.engine import MetricTotals, Outcome, UnitData
from kinerja.survey import Status
from kinerja.types import SurveyTemplate


@dataclass(frozen=True, slots=True)
class StoredResult:
    indicator_code: str
    unit_code: str
    period_key: str
    realisation: Decimal | None
    n: int
    capaian_raw: Decimal | None
    capaian_capped: Decimal | None
    category: str | None
    grade: str | None
    sample_required: int | None
    sample_ok: bool | None
    computed_at: datetime


class ResultRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def unit_aggregates(
        self,
        start: datetime,
        end: datetime,
        first: date,
        last: date,
        thresholds: Sequence[int],
    ) -> dict[int, UnitData]:
        """Each unit's own raw totals: surveys completed in [start, end), reports first..last."""
        r = models.SurveyResponse
        completed = (r.status == Status.COMPLETED, r.completed_at >= start, r.completed_at < end)
        counted = counted_in_ikm()
        elements: dict[int, dict[str, tuple[int, int]]] = {}
        element_rows = await self._session.execute(
            select(
                r.unit_id,
                models.SurveyAnswer.element_code,
                func.count(),
                func.sum(models.SurveyAnswer.value),
            )
            .join(models.SurveyAnswer, models.SurveyAnswer.response_id == r.id)
            .where(*completed, counted, r.template == SurveyTemplate.SKM)
            .group_by(r.unit_id, models.SurveyAnswer.element_code)
        )
        for unit_id, code, count, total in element_rows:
            elements.setdefault(unit_id, {})[code] = (int(count), int(total or 0))

        # One pass over the period's responses: what counts, and (shown, not counted) what is
        # flagged or left out. A CASE without ELSE is NULL, which COUNT and SUM skip.
        within = [func.count(case((and_(counted, r.waiting_minutes <= t), 1))) for t in thresholds]
        responses: dict[int, tuple[int, ...]] = {}
        response_rows = await self._session.execute(
            select(
                r.unit_id,
                func.count(case((counted, 1))),
                func.count(case((and_(counted, r.template == SurveyTemplate.SKM), 1))),
                func.count(case((and_(counted, r.verified.is_(True)), 1))),
                func.count(case((r.flags != "", 1))),
                func.count(case((~counted, 1))),
                func.count(case((counted, r.waiting_minutes))),
                func.sum(case((counted, r.waiting_minutes))),
                *within,
            )
            .where(*completed)
            .group_by(r.unit_id)
        )
        for row in response_rows:
            responses[row[0]] = tuple(int(v or 0) for v in row[1:])

        importance: dict[int, dict[str, int]] = {}
        importance_rows = await self._session.execute(
            select(r.unit_id, r.important_element, func.count())
            .where(*completed, counted, r.important_element.is_not(None))
            .group_by(r.unit_id, r.important_element)
        )
        for unit_id, element, count in importance_rows:
            if element is not None:
                importance.setdefault(unit_id, {})[element] = int(count)

        metrics: dict[int, dict[str, MetricTotals]] = {}
        a = models.AsnReport
        metric_rows = await self._session.execute(
            select(
                a.unit_id,
                models.Metric.code,
                func.sum(a.value),
                func.sum(func.coalesce(a.denominator, 0)),
                func.count(func.distinct(a.person_id)),
            )
            .join(models.Metric, models.Metric.id == a.metric_id)
            .where(a.report_date >= first, a.report_date <= last)
            .group_by(a.unit_id, models.Metric.code)
        )
        for unit_id, code, value, denominator, reporters in metric_rows:
            metrics.setdefault(unit_id, {})[code] = MetricTotals(
                Decimal(value or 0), Decimal(denominator or 0), int(reporters)
            )

        data: dict[int, UnitData] = {}
        for unit_id in {*elements, *responses, *importance, *metrics}:
            counts = responses.get(unit_id, (0,) * (7 + len(thresholds)))
            data[unit_id] = UnitData(
                elements=elements.get(unit_id, {}),
                respondents=counts[1],
                responses=counts[0],
                verified=counts[2],
                flagged=counts[3],
                left_out=counts[4],
                waiting_n=counts[5],
                waiting_sum=counts[6],
                waiting_within=dict(zip(thresholds, counts[7:], strict=True)),
                importance=importance.get(unit_id, {}),
                metrics=metrics.get(unit_id, {}),
            )
        return data

    async def save(
        self,
        outcomes: Sequence[Outcome],
        indicator_ids: dict[str, int],
        unit_ids: dict[str, int],
        now: datetime,
    ) -> None:
        if not outcomes:
            return
        table = models.table_of(models.IndicatorResult)
        values = [
            {
                "indicator_id": indicator_ids[o.indicator_code],
                "unit_id": unit_ids[o.unit_code],
                "period_key": o.period.key,
                "period_start": o.period.start,
                "period_end": o.period.end,
                "realisation": o.realisation,
                "n": o.n,
                "capaian_raw": o.result.raw if o.result else None,
                "capaian_capped": o.result.capped if o.result else None,
                "category": o.result.category.value if o.result else None,
                "grade": o.grade.value if o.grade else None,
                "sample_required": o.sample_required,
                "sample_ok": o.sample_ok,
                "computed_at": now,
            }
            for o in outcomes
        ]
        statement = insert_for(self._session, table).values(values)
        updated = [
            "realisation",
            "n",
            "capaian_raw",
            "capaian_capped",
            "category",
            "grade",
            "sample_required",
            "sample_ok",
            "computed_at",
            "period_start",
            "period_end",
        ]
        statement = statement.on_conflict_do_update(
            index_elements=["indicator_id", "unit_id", "period_key"],
            set_={c: statement.excluded[c] for c in updated},
        )
        await self._session.execute(statement)

    async def periods_computed(self, period_keys: Sequence[str]) -> set[str]:
        """Which of these periods have results stored (for any unit)."""
        res = models.IndicatorResult
        rows = await self._session.scalars(
            select(res.period_key).where(res.period_key.in_(period_keys)).distinct()
        )
        return set(rows)

    async def results(
        self, period_keys: Sequence[str], unit_codes: Sequence[str] | None = None
    ) -> list[StoredResult]:
        res = models.IndicatorResult
        statement = (
            select(res, models.Indicator.code, models.OrgUnit.code)
            .join(models.Indicator, models.Indicator.id == res.indicator_id)
            .join(models.OrgUnit, models.OrgUnit.id == res.unit_id)
            .where(res.period_key.in_(period_keys))
            .order_by(models.Indicator.id, models.OrgUnit.id, res.period_key)
        )
        if unit_codes is not None:
            statement = statement.where(models.OrgUnit.code.in_(unit_codes))
        return [
            StoredResult(
                code,
                unit,
                row.period_key,
                row.realisation,
                row.n,
                row.capaian_raw,
                row.capaian_capped,
                row.category,
                row.grade,
                row.sample_required,
                row.sample_ok,
                row.computed_at,
            )
            for row, code, unit in await self._session.execute(statement)
        ]
