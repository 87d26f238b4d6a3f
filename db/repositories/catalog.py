from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db import models
from db.repositories.reports import metric_of
from db.repositories.units import unit_of
from kinerja.catalog import Catalog
from kinerja.types import Indicator, Target


@dataclass(slots=True)
class CatalogChanges:
    created: dict[str, int] = field(
        default_factory=lambda: {"unit": 0, "metric": 0, "indicator": 0}
    )
    updated: dict[str, int] = field(
        default_factory=lambda: {"unit": 0, "metric": 0, "indicator": 0}
    )
    deactivated: dict[str, int] = field(
        default_factory=lambda: {"unit": 0, "metric": 0, "indicator": 0}
    )

    @property
    def unchanged(self) -> bool:
        return not any((*self.created.values(), *self.updated.values(), *self.deactivated.values()))


def _assign(row: Any, values: Mapping[str, object]) -> bool:
    changed = False
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed = True
    return changed


class CatalogRepository:
    """The catalogue in the database; `apply` is an idempotent upsert of a validated file.

    Rows missing from a new file are deactivated, not deleted: results and reports of past
    periods still point at them.
    """

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def is_empty(self) -> bool:
        return not await self._session.scalar(select(func.count()).select_from(models.OrgUnit))

    async def apply(self, catalog: Catalog) -> CatalogChanges:
        changes = CatalogChanges()
        metric_ids = await self._apply_metrics(catalog, changes)
        unit_ids = await self._apply_units(catalog, changes)
        await self._session.execute(
            delete(models.UnitMetric).where(models.UnitMetric.unit_id.in_(unit_ids.values()))
        )
        self._session.add_all(
            models.UnitMetric(unit_id=unit_ids[unit.code], metric_id=metric_ids[metric_code])
            for unit in catalog.units
            for metric_code in unit.metric_codes
        )
        await self._apply_indicators(catalog, unit_ids, metric_ids, changes)
        await self._session.flush()
        return changes

    async def _apply_metrics(self, catalog: Catalog, changes: CatalogChanges) -> dict[str, int]:
        rows = {m.code: m for m in await self._session.scalars(select(models.Metric))}
        for metric in catalog.metrics:
            values = {
                "name": metric.name,
                "name_en": metric.name_en,
                "unit_of_measure": metric.unit_of_measure,
                "unit_of_measure_en": metric.unit_of_measure_en,
                "type": metric.type,
                "minimum": metric.minimum,
                "maximum": metric.maximum,
                "active": True,
            }
            self._upsert_row(rows, models.Metric, metric.code, values, "metric", changes)
        self._deactivate(rows, {m.code for m in catalog.metrics}, "metric", changes)
        await self._session.flush()
        return {code: row.id for code, row in rows.items()}

    async def _apply_units(self, catalog: Catalog, changes: CatalogChanges) -> dict[str, int]:
        rows = {u.code: u for u in await self._session.scalars(select(models.OrgUnit))}
        created_before = changes.created["unit"]
        for unit in catalog.units:  # parents come before their children
            parent = rows[unit.parent_code] if unit.parent_code else None
            if changes.created["unit"] != created_before:
                await self._session.flush()  # a new parent needs its id
                created_before = changes.created["unit"]
            values = {
                "name": unit.name,
                "kind": unit.kind,
                "parent_id": parent.id if parent else None,
                "survey_template": unit.survey.template,
                "skippable_elements": ",".join(sorted(unit.survey.skippable_elements)),
                "ask_importance": unit.survey.ask_importance,
                "ask_profile": unit.survey.ask_profile,
                "active": True,
            }
            self._upsert_row(rows, models.OrgUnit, unit.code, values, "unit", changes)
        self._deactivate(rows, {u.code for u in catalog.units}, "unit", changes)
        await self._session.flush()
        return {code: row.id for code, row in rows.items()}

    async def _apply_indicators(
        self,
        catalog: Catalog,
        unit_ids: Mapping[str, int],
        metric_ids: Mapping[str, int],
        changes: CatalogChanges,
    ) -> None:
        rows = {i.code: i for i in await self._session.scalars(select(models.Indicator))}
        for indicator in catalog.indicators:
            values = {
                "name": indicator.name,
                "name_en": indicator.name_en,
                "source": indicator.source,
                "polarity": indicator.polarity,
                "target_low": indicator.target.low,
                "target_high": indicator.target.high,
                "period": indicator.period,
                "unit_id": unit_ids[indicator.unit_code] if indicator.unit_code else None,
                "unit_kind": indicator.unit_kind,
                "aggregation": indicator.aggregation,
                "metric_id": metric_ids[indicator.metric_code] if indicator.metric_code else None,
                "element_code": indicator.element_code,
                "threshold_minutes": indicator.threshold_minutes,
                "cap_percent": indicator.cap_percent,
                "active": True,
            }
            self._upsert_row(rows, models.Indicator, indicator.code, values, "indicator", changes)
        self._deactivate(rows, {i.code for i in catalog.indicators}, "indicator", changes)

    def _upsert_row(
        self,
        rows: dict[str, Any],
        model: type[Any],
        code: str,
        values: Mapping[str, object],
        kind: str,
        changes: CatalogChanges,
    ) -> None:
        row = rows.get(code)
        if row is None:
            row = model(code=code, **values)
            self._session.add(row)
            rows[code] = row
            changes.created[kind] += 1
        elif _assign(row, values):
            changes.updated[kind] += 1

    @staticmethod
    def _deactivate(
        rows: Mapping[str, Any], keep: set[str], kind: str, changes: CatalogChanges
    ) -> None:
        for code, row in rows.items():
            if code not in keep and row.active:
                row.active = False
                changes.deactivated[kind] += 1

    async def ids(self) -> tuple[dict[str, int], dict[str, int]]:
        """Database ids of units and indicators by code."""
        units = await self._session.execute(select(models.OrgUnit.code, models.OrgUnit.id))
        indicators = await self._session.execute(select(models.Indicator.code, models.Indicator.id))
        return ({row[0]: row[1] for row in units}, {row[0]: row[1] for row in indicators})

    async def load(self) -> Catalog:
        """The active catalogue as domain objects, units parents-first."""
        parent = models.table_of(models.OrgUnit).alias("parent")
        unit_rows = (
            await self._session.execute(
                select(models.OrgUnit, parent.c.code)
                .outerjoin(parent, parent.c.id == models.OrgUnit.parent_id)
                .where(models.OrgUnit.active.is_(True))
                .order_by(models.OrgUnit.id)
            )
        ).all()
        unit_metric_rows = (
            await self._session.execute(
                select(models.UnitMetric.unit_id, models.Metric.code)
                .join(models.Metric, models.Metric.id == models.UnitMetric.metric_id)
                .order_by(models.Metric.id)
            )
        ).all()
        metric_codes_by_unit: dict[int, list[str]] = {}
        for unit_id, metric_code in unit_metric_rows:
            metric_codes_by_unit.setdefault(unit_id, []).append(metric_code)
        units = tuple(
            unit_of(row, parent_code, tuple(metric_codes_by_unit.get(row.id, ())))
            for row, parent_code in unit_rows
        )
        metrics = tuple(
            metric_of(m)
            for m in await self._session.scalars(
                select(models.Metric)
                .where(models.Metric.active.is_(True))
                .order_by(models.Metric.id)
            )
        )
        unit_code_by_id = {row.id: row.code for row, _ in unit_rows}
        metric_rows = await self._session.execute(select(models.Metric.id, models.Metric.code))
        metric_code_by_id: dict[int, str] = {row[0]: row[1] for row in metric_rows}
        indicators = tuple(
            Indicator(
                code=i.code,
                name=i.name,
                name_en=i.name_en,
                source=i.source,
                polarity=i.polarity,
                target=Target(i.target_low, i.target_high),
                period=i.period,
                unit_code=unit_code_by_id.get(i.unit_id) if i.unit_id else None,
                unit_kind=i.unit_kind,
                aggregation=i.aggregation,
                metric_code=metric_code_by_id.get(i.metric_id) if i.metric_id else None,
                element_code=i.element_code,
                threshold_minutes=i.threshold_minutes,
                cap_percent=i.cap_percent,
            )
            for i in await self._session.scalars(
                select(models.Indicator)
                .where(models.Indicator.active.is_(True))
                .order_by(models.Indicator.id)
            )
        )
        return Catalog(units=units, metrics=metrics, indicators=indicators)
