from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db import models
from db.repositories.dml import rowcount
from db.repositories.upsert import insert_for
from kinerja.complaints import Complaint, TicketStatus
from kinerja.summary import ComplaintCounts
from kinerja.types import Language

PERSONAL_COLUMNS = (
    "text",
    "photo_file_id",
    "photo_content",
    "follow_up",
    "citizen_chat_id",
    "reporter_hash",
)
"""What /hapus and retention blank in a complaint. The follow-up goes too: it is the reply to
that citizen and often quotes the complaint. Ticket, unit, status, dates, who took and closed
it and the handling rating stay: the unit's case record, linked to no one."""


_LIVE = models.Complaint.status != TicketStatus.WITHDRAWN
"""A withdrawn complaint counts nowhere: not received, not overdue, in no list."""


class ComplaintRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def next_sequence(self, prefix: str, year: int) -> int:
        """One atomic statement: concurrent complaints never share a number."""
        table = models.table_of(models.TicketCounter)
        statement = insert_for(self._session, table).values(prefix=prefix, year=year, last=1)
        statement = statement.on_conflict_do_update(
            index_elements=["prefix", "year"], set_={"last": table.c.last + 1}
        ).returning(table.c.last)
        return int((await self._session.execute(statement)).scalar_one())

    async def create(
        self,
        *,
        ticket: str,
        unit_id: int,
        response_id: int | None,
        text: str,
        serious: bool,
        reporter_hash: str,
        citizen_chat_id: int | None,
        citizen_language: Language,
        now: datetime,
        retain_until: datetime,
    ) -> int:
        row = models.Complaint(
            ticket=ticket,
            unit_id=unit_id,
            response_id=response_id,
            text=text,
            status=TicketStatus.OPEN,
            serious=serious,
            created_at=now,
            reporter_hash=reporter_hash,
            citizen_chat_id=citizen_chat_id,
            citizen_language=citizen_language,
            retain_until=retain_until,
        )
        self._session.add(row)
        await self._session.flush()
        return row.id

    async def _one(self, *where: ColumnElement[bool], lock: bool = False) -> Complaint | None:
        statement = (
            select(
                models.Complaint, models.OrgUnit.code, models.OrgUnit.name, models.Person.full_name
            )
            .join(models.OrgUnit, models.OrgUnit.id == models.Complaint.unit_id)
            .outerjoin(models.Person, models.Person.id == models.Complaint.taken_by_id)
            .where(*where)
        )
        if lock:
            statement = statement.with_for_update(of=models.Complaint)
        row = (await self._session.execute(statement)).first()
        if row is None:
            return None
        c, code, name, taken_by_name = row
        return Complaint(
            id=c.id,
            ticket=c.ticket,
            unit_id=c.unit_id,
            unit_code=code,
            unit_name=name,
            text=c.text,
            status=TicketStatus(c.status),
            serious=c.serious,
            created_at=c.created_at,
            closed_at=c.closed_at,
            follow_up=c.follow_up,
            reporter_hash=c.reporter_hash,
            citizen_chat_id=c.citizen_chat_id,
            citizen_language=c.citizen_language,
            handling_rating=c.handling_rating,
            has_photo=c.photo_file_id is not None,
            reopen_count=c.reopen_count,
            taken_by_id=c.taken_by_id,
            taken_by_name=taken_by_name,
        )

    async def by_id(self, complaint_id: int, *, lock: bool = False) -> Complaint | None:
        return await self._one(models.Complaint.id == complaint_id, lock=lock)

    async def by_ticket(self, ticket: str) -> Complaint | None:
        return await self._one(models.Complaint.ticket == ticket)

    async def for_response(
        self, response_id: int, *, include_withdrawn: bool = False, lock: bool = False
    ) -> Complaint | None:
        """The response's one complaint (a unique index keeps it one); a withdrawn one only
        when asked for, to file it again under its ticket."""
        where = [models.Complaint.response_id == response_id]
        if not include_withdrawn:
            where.append(_LIVE)
        return await self._one(*where, lock=lock)

    async def photo_content(self, complaint_id: int) -> bytes | None:
        """A web photo's bytes; None once erased (withdrawn, /hapus, retention)."""
        return await self._session.scalar(
            select(models.Complaint.photo_content).where(models.Complaint.id == complaint_id)
        )

    async def update(self, complaint_id: int, **values: object) -> Complaint:
        """The complaint as it is after the change, read in the same transaction."""
        await self._session.execute(
            update(models.Complaint).where(models.Complaint.id == complaint_id).values(**values)
        )
        updated = await self.by_id(complaint_id)
        if updated is None:
            raise LookupError(f"complaint {complaint_id}")
        return updated

    async def counts(
        self, unit_ids: Sequence[int], start: datetime, end: datetime, overdue_before: datetime
    ) -> ComplaintCounts:
        c = models.Complaint
        received = await self._session.scalar(
            select(func.count())
            .select_from(c)
            .where(c.unit_id.in_(unit_ids), c.created_at >= start, c.created_at < end, _LIVE)
        )
        closed = await self._session.scalar(
            select(func.count())
            .select_from(c)
            .where(c.unit_id.in_(unit_ids), c.closed_at >= start, c.closed_at < end)
        )
        overdue = await self._session.scalar(
            select(func.count())
            .select_from(c)
            .where(
                c.unit_id.in_(unit_ids),
                c.status.not_in([TicketStatus.CLOSED, TicketStatus.WITHDRAWN]),
                c.created_at < overdue_before,
            )
        )
        return ComplaintCounts(int(received or 0), int(closed or 0), int(overdue or 0))

    async def between(
        self, unit_ids: Sequence[int], start: datetime, end: datetime
    ) -> list[Complaint]:
        found = []
        for (complaint_id,) in await self._session.execute(
            select(models.Complaint.id)
            .where(
                models.Complaint.unit_id.in_(unit_ids),
                models.Complaint.created_at >= start,
                models.Complaint.created_at < end,
                _LIVE,
            )
            .order_by(models.Complaint.created_at)
        ):
            complaint = await self.by_id(complaint_id)
            if complaint is not None:
                found.append(complaint)
        return found

    async def tickets_of(self, reporter_hash: str) -> list[str]:
        return list(
            await self._session.scalars(
                select(models.Complaint.ticket).where(
                    models.Complaint.reporter_hash == reporter_hash
                )
            )
        )

    async def forget_reporter(self, reporter_hash: str) -> int:
        """/hapus: the complaint stays for the unit's record, without anything personal."""
        result = await self._session.execute(
            update(models.Complaint)
            .where(models.Complaint.reporter_hash == reporter_hash)
            .values(dict.fromkeys(PERSONAL_COLUMNS))
        )
        return rowcount(result)
