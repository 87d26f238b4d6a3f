from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db import models
from kinerja.types import Person, Role


def person_of(row: models.Person, unit_code: str) -> Person:
    return Person(
        id=row.id,
        full_name=row.full_name,
        role=row.role,
        unit_code=unit_code,
        nip=row.nip,
        telegram_user_id=row.telegram_user_id,
        active=row.active,
    )


class PeopleRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def active_by_telegram_user(self, telegram_user_id: int) -> Person | None:
        row = (
            await self._session.execute(
                select(models.Person, models.OrgUnit.code)
                .join(models.OrgUnit, models.OrgUnit.id == models.Person.unit_id)
                .where(
                    models.Person.telegram_user_id == telegram_user_id,
                    models.Person.active.is_(True),
                )
            )
        ).first()
        return None if row is None else person_of(row[0], row[1])

    async def add(
        self,
        *,
        full_name: str,
        role: Role,
        unit_code: str,
        now: datetime,
        nip: str | None = None,
        telegram_user_id: int | None = None,
    ) -> Person:
        unit_id = await self._session.scalar(
            select(models.OrgUnit.id).where(models.OrgUnit.code == unit_code)
        )
        if unit_id is None:
            raise LookupError(f"unknown unit {unit_code!r}")
        row = models.Person(
            full_name=full_name,
            role=role,
            unit_id=unit_id,
            nip=nip,
            telegram_user_id=telegram_user_id,
            active=True,
            created_at=now,
        )
        self._session.add(row)
        await self._session.flush()
        return person_of(row, unit_code)
