"""Writing survey responses, complaints and ASN reports straight through the repositories.

Used where a test is about what happens to data, not how it was typed in.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select

from db import models
from db.engine import Database
from kinerja.skm import ELEMENT_CODES
from kinerja.survey import Status, Step
from kinerja.types import Channel, Role, SurveyTemplate


async def unit_id(database: Database, code: str) -> int:
    async with database.snapshot() as tx:
        found = await tx.session.scalar(
            select(models.OrgUnit.id).where(models.OrgUnit.code == code)
        )
    assert found is not None
    return found


async def response(
    database: Database,
    unit_code: str,
    at: datetime,
    scores: Mapping[str, int] | tuple[int, ...],
    *,
    waiting: int | None = 30,
    important: str | None = None,
    verified: bool = False,
    flags: str = "",
    respondent: str | None = None,
    channel: Channel = Channel.TELEGRAM,
) -> int:
    if isinstance(scores, tuple):
        scores = dict(zip(ELEMENT_CODES, scores, strict=True))
    uid = await unit_id(database, unit_code)
    async with database.transaction() as tx:
        rid = await tx.survey.create(
            unit_id=uid,
            respondent_hash=respondent,
            template=SurveyTemplate.SKM,
            verified=verified,
            visit_token_digest=None,
            first_step=Step.U1,
            channel=channel,
            now=at,
            retain_until=at,
        )
        for code, value in scores.items():
            await tx.survey.set_score(rid, code, value)
        await tx.survey.update(
            rid,
            at,
            status=Status.COMPLETED,
            completed_at=at,
            waiting_minutes=waiting,
            important_element=important,
            flags=flags,
        )
    return rid


async def asn(
    database: Database,
    name: str,
    nip: str,
    unit_code: str,
    telegram_user_id: int,
    registered: datetime,
    role: Role = Role.ASN,
) -> int:
    async with database.transaction() as tx:
        person = await tx.people.add(
            full_name=name,
            role=role,
            unit_code=unit_code,
            now=registered,
            nip=nip,
            telegram_user_id=telegram_user_id,
        )
        await tx.session.execute(
            models.table_of(models.Person)
            .update()
            .where(models.Person.id == person.id)
            .values(registered_at=registered)
        )
        return person.id


async def report(
    database: Database,
    person_id: int,
    metric: str,
    day: date,
    value: int,
    denominator: int | None = None,
    *,
    evidence_file_id: str | None = None,
) -> None:
    async with database.transaction() as tx:
        person = await tx.session.get_one(models.Person, person_id)
        metric_id = await tx.session.scalar(
            select(models.Metric.id).where(models.Metric.code == metric)
        )
        assert metric_id is not None
        await tx.reports.save(
            person_id=person_id,
            unit_id=person.unit_id,
            metric_id=metric_id,
            day=day,
            value=Decimal(value),
            denominator=None if denominator is None else Decimal(denominator),
            note=None,
            evidence_file_id=evidence_file_id,
            now=datetime.combine(day, datetime.min.time()).astimezone(),
        )
