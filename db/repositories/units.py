from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from db import models
from kinerja.types import OrgUnit, Role, SurveyOptions, UnitKind, UnitRecord


def codes_of(stored: str) -> frozenset[str]:
    """A comma-separated column of codes ("U3,U7"), as stored."""
    return frozenset(filter(None, stored.split(",")))


def survey_options_of(row: Any) -> SurveyOptions:
    """A unit's survey options from its columns: an `OrgUnit` row, or any row selecting them."""
    return SurveyOptions(
        template=row.survey_template,
        skippable_elements=codes_of(row.skippable_elements),
        ask_importance=row.ask_importance,
        ask_profile=row.ask_profile,
    )


def unit_of(row: Any, parent_code: str | None, metric_codes: tuple[str, ...] = ()) -> OrgUnit:
    """From an `OrgUnit` row, or any row selecting its columns."""
    return OrgUnit(
        code=row.code,
        name=row.name,
        kind=row.kind,
        parent_code=parent_code,
        survey=survey_options_of(row),
        metric_codes=metric_codes,
    )


def _record(row: Any, parent_code: str | None) -> UnitRecord:
    return UnitRecord(id=row.id, unit=unit_of(row, parent_code))


_UNITS = models.table_of(models.OrgUnit)
_PARENTS = _UNITS.alias("parent")


def _active_unit_by(column: str) -> Select[Any]:
    """Built once, with a parameter: a unit is read on every survey's start and consent."""
    return (
        select(_UNITS, _PARENTS.c.code.label("parent_code"))
        .outerjoin(_PARENTS, _PARENTS.c.id == _UNITS.c.parent_id)
        .where(_UNITS.c.active.is_(True), _UNITS.c[column] == bindparam("key"))
    )


_BY_CODE = _active_unit_by("code")
_BY_ID = _active_unit_by("id")


class UnitRepository:
    """Single units and their ancestry (the hierarchy is at most a few levels deep)."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def _one(self, statement: Select[Any], key: object) -> UnitRecord | None:
        row = (await self._session.execute(statement, {"key": key})).first()
        return None if row is None else _record(row, row.parent_code)

    async def by_code(self, code: str) -> UnitRecord | None:
        return await self._one(_BY_CODE, code)

    async def ids_of(self, codes: Sequence[str]) -> list[int]:
        """The ids of these units in one statement, in the order of `codes` (unknown ones left
        out): a subtree is read once, not unit by unit."""
        rows = await self._session.execute(
            select(models.OrgUnit.code, models.OrgUnit.id).where(models.OrgUnit.code.in_(codes))
        )
        found: dict[str, int] = {row.code: row.id for row in rows}
        return [found[code] for code in codes if code in found]

    async def by_id(self, unit_id: int) -> UnitRecord | None:
        return await self._one(_BY_ID, unit_id)

    async def lineage_ids(self, unit_id: int) -> list[int]:
        """The unit and its ancestors, nearest first."""
        chain: list[int] = []
        current: int | None = unit_id
        while current is not None and current not in chain:
            chain.append(current)
            current = await self._session.scalar(
                select(models.OrgUnit.parent_id).where(models.OrgUnit.id == current)
            )
        return chain

    async def lineage_codes(self, unit_id: int) -> list[str]:
        """Codes of the unit and its ancestors, nearest first."""
        ids = await self.lineage_ids(unit_id)
        rows = await self._session.execute(
            select(models.OrgUnit.id, models.OrgUnit.code).where(models.OrgUnit.id.in_(ids))
        )
        codes = {row[0]: row[1] for row in rows}
        return [codes[i] for i in ids]

    async def ticket_prefix(self, unit_id: int) -> str:
        """The code of the puskesmas the unit belongs to, else of the unit itself."""
        rows = (
            await self._session.execute(
                select(models.OrgUnit.id, models.OrgUnit.code, models.OrgUnit.kind).where(
                    models.OrgUnit.id.in_(await self.lineage_ids(unit_id))
                )
            )
        ).all()
        by_id = {row[0]: (row[1], row[2]) for row in rows}
        for lineage_id in await self.lineage_ids(unit_id):
            code, kind = by_id[lineage_id]
            if kind is UnitKind.PUSKESMAS:
                return code
        return by_id[unit_id][0]

    async def supervisor_chats(self, unit_id: int) -> list[tuple[int, int]]:
        """(person id, Telegram user id) of active supervisors overseeing the unit."""
        rows = await self._session.execute(
            select(models.Person.id, models.Person.telegram_user_id).where(
                models.Person.unit_id.in_(await self.lineage_ids(unit_id)),
                models.Person.role == Role.SUPERVISOR,
                models.Person.active.is_(True),
                models.Person.telegram_user_id.is_not(None),
            )
        )
        return [(row[0], row[1]) for row in rows if row[1] is not None]
