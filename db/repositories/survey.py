from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, and_, bindparam, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db import models
from db.repositories.dml import rowcount
from db.repositories.units import codes_of, survey_options_of
from db.repositories.upsert import upsert
from kinerja.complaints import TicketStatus
from kinerja.survey import LEFT_OUT_OF_IKM, Status, Step, SurveyResponse
from kinerja.types import Channel, SurveyOptions, SurveyTemplate

PROFILE_COLUMNS = ("sex", "age", "education", "occupation")


_RESPONSES = models.table_of(models.SurveyResponse)
_UNITS = models.table_of(models.OrgUnit)
_ANSWERS = models.table_of(models.SurveyAnswer)


def counted_in_ikm() -> ColumnElement[bool]:
    """SQL for `kinerja.survey.counts_in_ikm`: every aggregate of survey answers (IKM, NRR,
    INM, waiting time, importance, profile, respondents) reads only these rows."""
    flags = models.SurveyResponse.flags
    return and_(*(~flags.contains(flag.value, autoescape=True) for flag in sorted(LEFT_OUT_OF_IKM)))


_TICKETS = models.table_of(models.Complaint)
_LIVE_TICKET = _TICKETS.c.status != TicketStatus.WITHDRAWN
"""A withdrawn complaint is no longer the response's: the survey goes on as if none was written."""


def _response_of(rows: Sequence[Row[Any]]) -> SurveyResponse:
    """One response from its joined rows (one per stored answer)."""
    row = rows[0]
    # A unit deactivated mid-survey still identifies itself, with the response's template.
    options = survey_options_of(row) if row.unit_active else SurveyOptions(template=row.template)
    return SurveyResponse(
        id=row.id,
        unit_id=row.unit_id,
        unit_code=row.unit_code,
        unit_name=row.unit_name,
        options=options,
        status=Status(row.status),
        step=Step(row.step) if row.step else None,
        scores={r.element_code: r.value for r in rows if r.element_code is not None},
        skipped=codes_of(row.skipped),
        overall=row.overall_score,
        waiting_minutes=row.waiting_minutes,
        complaint_ticket=row.ticket,
        complaint_status=TicketStatus(row.complaint_status) if row.complaint_status else None,
        complaint_done=row.complaint_done,
        photo_done=row.photo_done,
        important_element=row.important_element,
        profile={c: getattr(row, c) for c in PROFILE_COLUMNS if getattr(row, c) is not None},
        verified=row.verified,
        started_at=row.started_at,
        updated_at=row.updated_at,
        message_id=row.message_id,
    )


@cache
def _fetch_statement(by: str, lock: bool) -> Select[Any]:
    """The response, its unit, answers and ticket in one statement, read on every tap: built
    once per kind, with parameters (building it costs more than SQLite takes to run it)."""
    r, u, a = _RESPONSES.c, _UNITS.c, _ANSWERS.c
    response, respondent = (
        r.id == bindparam("response_id"),
        r.respondent_hash == bindparam("respondent_hash"),
    )
    where = {
        "id": (response,),
        "own": (response, respondent),
        "in_progress": (respondent, r.status == Status.IN_PROGRESS),
    }[by]
    statement = (
        select(
            _RESPONSES,
            u.code.label("unit_code"),
            u.name.label("unit_name"),
            u.active.label("unit_active"),
            u.survey_template,
            u.skippable_elements,
            u.ask_importance,
            u.ask_profile,
            _TICKETS.c.ticket,
            _TICKETS.c.status.label("complaint_status"),
            a.element_code,
            a.value,
        )
        .join(_UNITS, u.id == r.unit_id)
        .outerjoin(_TICKETS, and_(_TICKETS.c.response_id == r.id, _LIVE_TICKET))
        .outerjoin(_ANSWERS, a.response_id == r.id)
        .where(*where)
    )
    return statement.with_for_update(of=_RESPONSES) if lock else statement


_COLUMNS = frozenset(_RESPONSES.c.keys())
_WRITE = update(_RESPONSES).where(_RESPONSES.c.id == bindparam("response_id_"))
"""SET comes from the parameters given (Core's UPDATE without `values`); compiled once for
each set of columns."""


class SurveyRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def _fetch(self, by: str, lock: bool, **keys: object) -> SurveyResponse | None:
        rows = (await self._session.execute(_fetch_statement(by, lock), keys)).all()
        return _response_of(rows) if rows else None

    async def get(
        self, response_id: int, *, respondent_hash: str | None = None, lock: bool = False
    ) -> SurveyResponse | None:
        """With `respondent_hash`, only that citizen's own response: a forged id finds nothing."""
        if respondent_hash is None:
            return await self._fetch("id", lock, response_id=response_id)
        return await self._fetch(
            "own", lock, response_id=response_id, respondent_hash=respondent_hash
        )

    async def in_progress_for(
        self, respondent_hash: str, *, lock: bool = True
    ) -> SurveyResponse | None:
        """Locked for a change; a read-only snapshot passes `lock=False`."""
        return await self._fetch("in_progress", lock, respondent_hash=respondent_hash)

    async def create(
        self,
        *,
        unit_id: int,
        respondent_hash: str | None,
        template: SurveyTemplate,
        verified: bool,
        visit_token_digest: str | None,
        first_step: Step,
        channel: Channel,
        now: datetime,
        retain_until: datetime,
    ) -> int:
        row = models.SurveyResponse(
            channel=channel,
            unit_id=unit_id,
            respondent_hash=respondent_hash,
            template=template,
            verified=verified,
            visit_token_digest=visit_token_digest,
            status=Status.IN_PROGRESS,
            step=first_step.value,
            started_at=now,
            updated_at=now,
            consent_at=now,
            retain_until=retain_until,
            skipped="",
            flags="",
        )
        self._session.add(row)
        await self._session.flush()
        return row.id

    async def write(self, response_id: int, now: datetime, **values: object) -> None:
        """For a caller that already holds the new state (a tap: `kinerja.survey_flow`), so
        the tap path reads nothing back. The columns set are the parameters' names."""
        if not values.keys() <= _COLUMNS:  # Core would leave an unknown name out silently
            raise ValueError(f"no such columns: {sorted(values.keys() - _COLUMNS)}")
        await self._session.execute(
            _WRITE, {"response_id_": response_id, "updated_at": now, **values}
        )

    async def update(self, response_id: int, now: datetime, **values: object) -> SurveyResponse:
        """The response as it is after the change, read in the same transaction."""
        await self.write(response_id, now, **values)
        updated = await self._fetch("id", False, response_id=response_id)
        if updated is None:
            raise LookupError(f"survey response {response_id}")
        return updated

    async def set_score(self, response_id: int, element_code: str, value: int) -> None:
        await upsert(
            self._session,
            _ANSWERS,
            {"response_id": response_id, "element_code": element_code, "value": value},
            conflict=["response_id", "element_code"],
            update=["value"],
        )

    async def clear_score(self, response_id: int, element_code: str) -> None:
        await self._session.execute(
            delete(models.SurveyAnswer).where(
                models.SurveyAnswer.response_id == response_id,
                models.SurveyAnswer.element_code == element_code,
            )
        )

    async def expire_stale(self, updated_before: datetime, now: datetime) -> int:
        """Abandoned surveys become partial responses, kept but never in the IKM."""
        result = await self._session.execute(
            update(models.SurveyResponse)
            .where(
                models.SurveyResponse.status == Status.IN_PROGRESS,
                models.SurveyResponse.updated_at < updated_before,
            )
            .values(status=Status.EXPIRED, updated_at=now)
        )
        return rowcount(result)

    async def completed_times_in_window(
        self, unit_id: int, since: datetime, until: datetime, exclude_id: int
    ) -> list[datetime]:
        rows = await self._session.scalars(
            select(models.SurveyResponse.completed_at).where(
                models.SurveyResponse.unit_id == unit_id,
                models.SurveyResponse.status == Status.COMPLETED,
                models.SurveyResponse.completed_at >= since,
                models.SurveyResponse.completed_at <= until,
                models.SurveyResponse.id != exclude_id,
            )
        )
        return [t for t in rows if t is not None]

    async def forget_respondent(self, respondent_hash: str, now: datetime) -> Mapping[str, int]:
        """/hapus: unlink every response of a citizen and drop the optional profile."""
        result = await self._session.execute(
            update(models.SurveyResponse)
            .where(models.SurveyResponse.respondent_hash == respondent_hash)
            .values(
                respondent_hash=None,
                sex=None,
                age=None,
                education=None,
                occupation=None,
                updated_at=now,
                status=func.replace(models.SurveyResponse.status, "in_progress", "cancelled"),
            )
        )
        return {"responses": rowcount(result)}

    async def profile_counts(
        self, unit_ids: list[int], start: datetime, end: datetime
    ) -> dict[str, dict[str, int]]:
        """Respondent profile breakdown of completed responses (PermenPAN-RB 14/2017)."""
        r = models.SurveyResponse
        found: dict[str, dict[str, int]] = {}
        for column in PROFILE_COLUMNS:
            field_ = getattr(r, column)
            rows = await self._session.execute(
                select(field_, func.count())
                .where(
                    r.unit_id.in_(unit_ids),
                    r.status == Status.COMPLETED,
                    r.completed_at >= start,
                    r.completed_at < end,
                    counted_in_ikm(),
                    field_.is_not(None),
                )
                .group_by(field_)
            )
            found[column] = {str(row[0]): int(row[1]) for row in rows}
        return found


class SurveyCooldownRepository:
    """Keyed markers of "rated this unit recently" (`models.SurveyCooldown`)."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def is_cooling(self, marker: str, now: datetime) -> bool:
        until = await self._session.scalar(
            select(models.SurveyCooldown.until).where(models.SurveyCooldown.marker == marker)
        )
        return until is not None and until > now

    async def hold(self, marker: str, until: datetime) -> None:
        await upsert(
            self._session,
            models.table_of(models.SurveyCooldown),
            {"marker": marker, "until": until},
            conflict=["marker"],
            update=["until"],
        )
