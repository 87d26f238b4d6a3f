from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db import models
from db.repositories.people import person_of
from db.repositories.upsert import insert_if_absent
from kinerja.types import Person, Role


@dataclass(frozen=True, slots=True)
class InvitationRecord:
    id: int
    person: Person
    expires_at: datetime
    used_at: datetime | None


@dataclass(frozen=True, slots=True)
class StaffRow:
    person: Person
    unit_name: str
    registered_at: datetime | None


class StaffRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def upsert_person(
        self, *, nip: str, full_name: str, role: Role, unit_id: int, now: datetime
    ) -> int:
        """A re-invited NIP is the same person: name, role and unit are updated."""
        row = await self._session.scalar(select(models.Person).where(models.Person.nip == nip))
        if row is None:
            row = models.Person(
                nip=nip,
                full_name=full_name,
                role=role,
                unit_id=unit_id,
                active=True,
                created_at=now,
            )
            self._session.add(row)
        else:
            row.full_name, row.role, row.unit_id = full_name, role, unit_id
            row.active, row.deactivated_at = True, None
        await self._session.flush()
        return row.id

    async def add_invitation(
        self, code_hash: str, person_id: int, now: datetime, expires_at: datetime
    ) -> int:
        row = models.Invitation(
            code_hash=code_hash, person_id=person_id, created_at=now, expires_at=expires_at
        )
        self._session.add(row)
        await self._session.flush()
        return row.id

    async def _invitation(
        self, *where: ColumnElement[bool], lock: bool = False
    ) -> InvitationRecord | None:
        statement = (
            select(models.Invitation, models.Person, models.OrgUnit.code)
            .join(models.Person, models.Person.id == models.Invitation.person_id)
            .join(models.OrgUnit, models.OrgUnit.id == models.Person.unit_id)
            .where(*where)
        )
        if lock:
            statement = statement.with_for_update(of=models.Invitation)
        row = (await self._session.execute(statement)).first()
        if row is None:
            return None
        invitation, person, unit_code = row
        return InvitationRecord(
            invitation.id, person_of(person, unit_code), invitation.expires_at, invitation.used_at
        )

    async def invitation_by_hash(self, code_hash: str) -> InvitationRecord | None:
        return await self._invitation(models.Invitation.code_hash == code_hash)

    async def invitation_by_id(self, invitation_id: int) -> InvitationRecord | None:
        return await self._invitation(models.Invitation.id == invitation_id, lock=True)

    async def mark_invitation_used(self, invitation_id: int, now: datetime) -> None:
        await self._session.execute(
            update(models.Invitation)
            .where(models.Invitation.id == invitation_id)
            .values(used_at=now)
        )

    async def _person_row(self, *where: ColumnElement[bool]) -> tuple[models.Person, str] | None:
        """The person row that matches, with its unit's code (what `person_of` needs)."""
        row = (
            await self._session.execute(
                select(models.Person, models.OrgUnit.code)
                .join(models.OrgUnit, models.OrgUnit.id == models.Person.unit_id)
                .where(*where)
            )
        ).first()
        return None if row is None else (row[0], row[1])

    async def holder_of(self, telegram_user_id: int) -> Person | None:
        """The person (active or not) this Telegram account is linked to."""
        found = await self._person_row(models.Person.telegram_user_id == telegram_user_id)
        return None if found is None else person_of(*found)

    async def active_person(self, person_id: int) -> Person | None:
        found = await self._person_row(
            models.Person.id == person_id, models.Person.active.is_(True)
        )
        return None if found is None else person_of(*found)

    async def link_telegram(self, person_id: int, telegram_user_id: int, now: datetime) -> Person:
        """The person as registered now: active, holding this account."""
        # An inactive person may still hold the account: release it first (unique column).
        await self._session.execute(
            update(models.Person)
            .where(
                models.Person.telegram_user_id == telegram_user_id, models.Person.id != person_id
            )
            .values(telegram_user_id=None)
        )
        await self._session.execute(
            update(models.Person)
            .where(models.Person.id == person_id)
            .values(telegram_user_id=telegram_user_id, registered_at=now, active=True)
        )
        linked = await self.active_person(person_id)
        if linked is None:
            raise LookupError(f"person {person_id}")
        return linked

    async def staff(
        self,
        unit_ids: Sequence[int] | None = None,
        roles: Sequence[Role] | None = None,
        active_only: bool = False,
    ) -> list[StaffRow]:
        statement = (
            select(models.Person, models.OrgUnit.code, models.OrgUnit.name)
            .join(models.OrgUnit, models.OrgUnit.id == models.Person.unit_id)
            .order_by(models.OrgUnit.code, models.Person.full_name)
        )
        if unit_ids is not None:
            statement = statement.where(models.Person.unit_id.in_(unit_ids))
        if roles is not None:
            statement = statement.where(models.Person.role.in_(roles))
        if active_only:
            statement = statement.where(models.Person.active.is_(True))
        return [
            StaffRow(person_of(row[0], row[1]), row[2], row[0].registered_at)
            for row in await self._session.execute(statement)
        ]

    async def deactivate(self, nip: str, now: datetime) -> Person | None:
        found = await self._person_row(models.Person.nip == nip)
        if found is None:
            return None
        person, unit_code = found
        person.active, person.deactivated_at = False, now
        await self._session.flush()
        return person_of(person, unit_code)

    # -- leave ----------------------------------------------------------------------

    async def add_leave(self, person_id: int, days: Sequence[date], now: datetime) -> int:
        added = 0
        for day in days:
            added += await insert_if_absent(
                self._session,
                models.table_of(models.LeaveDay),
                {"person_id": person_id, "day": day, "created_at": now},
                ["person_id", "day"],
            )
        return added

    async def leave_days(
        self, person_ids: Sequence[int], first: date, last: date
    ) -> dict[int, set[date]]:
        rows = await self._session.execute(
            select(models.LeaveDay.person_id, models.LeaveDay.day).where(
                models.LeaveDay.person_id.in_(person_ids),
                models.LeaveDay.day >= first,
                models.LeaveDay.day <= last,
            )
        )
        found: dict[int, set[date]] = {}
        for person_id, day in rows:
            found.setdefault(person_id, set()).add(day)
        return found

    async def claim_reminder(self, person_id: int, day: date, now: datetime) -> bool:
        return await insert_if_absent(
            self._session,
            models.table_of(models.ReminderDelivery),
            {"person_id": person_id, "day": day, "claimed_at": now},
            ["person_id", "day"],
        )
