"""Computing every indicator of one week over a synthetic history, against one SQL aggregate."""

from __future__ import annotations

import asyncio
import json
import os
import random
import statistics
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select, text

from bench.processes import ROOT
from bot.services import Services
from bot.settings import Settings
from bot.usecases.indicators import compute_period
from db import migrate, models
from db.engine import Database, create_database
from kinerja.catalog import parse_catalog
from kinerja.periods import parse_period_key


@dataclass
class Cost:
    units: int
    responses: int
    compute_seconds: float
    floor_seconds: float
    peak_rss_mb: float


def synthetic_catalog(puskesmas: int, polis: int) -> dict[str, object]:
    children = [
        {
            "code": f"PKM-{p:04d}",
            "name": f"Puskesmas {p}",
            "kind": "puskesmas",
            "metrics": ["pasien"],
            "children": [
                {"code": f"PKM-{p:04d}-{u}", "name": f"Poli {u}", "kind": "service_unit"}
                for u in range(polis)
            ],
        }
        for p in range(puskesmas)
    ]
    return {
        "units": [{"code": "PROV", "name": "Provinsi", "kind": "kecamatan", "children": children}],
        "metrics": [
            {"code": "pasien", "name": "Pasien", "unit_of_measure": "orang", "type": "integer"}
        ],
        "indicators": [
            {
                "code": "IKM",
                "name": "IKM",
                "source": "ikm",
                "unit_kind": "puskesmas",
                "polarity": "higher",
                "target": 76.61,
                "period": "week",
            },
            {
                "code": "WAIT",
                "name": "Tunggu",
                "source": "waiting_mean",
                "unit_kind": "puskesmas",
                "polarity": "lower",
                "target": 60,
                "period": "week",
            },
            {
                "code": "PAS",
                "name": "Pasien",
                "source": "asn_metric",
                "metric": "pasien",
                "aggregation": "mean_per_working_day",
                "unit_kind": "puskesmas",
                "polarity": "higher",
                "target": 90,
                "period": "week",
            },
        ],
    }


async def fill(database: Database, responses: int, weeks: int, seed: int = 3) -> None:
    """Completed SKM responses spread over `weeks` weeks before 2026-W47, bulk inserted in
    time order, as a live system stores them (a week's rows sit together on disk)."""
    rng = random.Random(seed)
    async with database.snapshot() as tx:
        unit_ids = list(
            await tx.session.scalars(
                select(models.OrgUnit.id).where(models.OrgUnit.kind == "service_unit")
            )
        )
    end = datetime(2026, 11, 23, tzinfo=UTC)
    batch_responses: list[dict[str, object]] = []
    batch_answers: list[dict[str, object]] = []
    next_id = 1
    ages = sorted((rng.randrange(weeks * 7 * 86400) for _ in range(responses)), reverse=True)
    for age in ages:
        at = end - timedelta(seconds=age)
        batch_responses.append(
            {
                "id": next_id,
                "unit_id": rng.choice(unit_ids),
                "template": "skm",
                "status": "completed",
                "step": "",
                "started_at": at,
                "updated_at": at,
                "completed_at": at,
                "waiting_minutes": rng.randrange(5, 120),
                "flags": "",
                "skipped": "",
                "verified": False,
                "complaint_done": True,
                "photo_done": True,
            }
        )
        batch_answers += [
            {"response_id": next_id, "element_code": f"U{e}", "value": rng.choice((2, 3, 3, 4, 4))}
            for e in range(1, 10)
        ]
        next_id += 1
        if len(batch_responses) >= 20_000:
            await _flush(database, batch_responses, batch_answers)
            batch_responses, batch_answers = [], []
    await _flush(database, batch_responses, batch_answers)


ASN_PER_PUSKESMAS = 10
REPEATS = 7


async def fill_reports(database: Database, reports: int) -> None:
    """Daily "pasien" reports of ten ASN per puskesmas, one a day each, back from 2026-11-22."""
    async with database.transaction() as tx:
        rows = (
            await tx.session.execute(
                select(models.OrgUnit.id, models.OrgUnit.code).where(
                    models.OrgUnit.kind == "puskesmas"
                )
            )
        ).all()
        metric_id = await tx.session.scalar(select(models.Metric.id))
        now = datetime(2026, 11, 23, tzinfo=UTC)
        people = [
            {
                "full_name": f"ASN {code} {n}",
                "role": "asn",
                "unit_id": unit_id,
                "active": True,
                "created_at": now,
            }
            for unit_id, code in rows
            for n in range(ASN_PER_PUSKESMAS)
        ]
        await tx.session.execute(models.table_of(models.Person).insert(), people)
        staff = (await tx.session.execute(select(models.Person.id, models.Person.unit_id))).all()
    rng = random.Random(5)
    last = datetime(2026, 11, 22, tzinfo=UTC).date()
    batch: list[dict[str, object]] = []
    for k in range(reports):
        person_id, unit_id = staff[k % len(staff)]
        batch.append(
            {
                "person_id": person_id,
                "unit_id": unit_id,
                "metric_id": metric_id,
                "report_date": last - timedelta(days=k // len(staff)),
                "value": rng.randrange(5, 40),
                "created_at": now,
                "updated_at": now,
            }
        )
        if len(batch) >= 20_000 or k == reports - 1:
            async with database.transaction() as tx:
                await tx.session.execute(models.table_of(models.AsnReport).insert(), batch)
            batch = []


async def _flush(
    database: Database, responses: list[dict[str, object]], answers: list[dict[str, object]]
) -> None:
    if not responses:
        return
    async with database.transaction() as tx:
        await tx.session.execute(models.table_of(models.SurveyResponse).insert(), responses)
        await tx.session.execute(models.table_of(models.SurveyAnswer).insert(), answers)


async def floor(database: Database, start: datetime, end: datetime) -> float:
    """One hand-written aggregate over the same rows: the least any engine must spend."""
    began = time.perf_counter()
    async with database.snapshot() as tx:
        await tx.session.execute(
            text(
                "SELECT r.unit_id, a.element_code, count(*), sum(a.value) FROM survey_responses r "
                "JOIN survey_answers a ON a.response_id = r.id WHERE r.status = 'completed' "
                "AND r.completed_at >= :s AND r.completed_at < :e "
                # staff answers never count (LEFT_OUT_OF_IKM), so the engine filters them too
                "AND r.flags NOT LIKE '%staff_identity%' "
                "GROUP BY r.unit_id, a.element_code"
            ),
            # stored as naive UTC on SQLite
            {
                "s": start.astimezone(UTC).replace(tzinfo=None),
                "e": end.astimezone(UTC).replace(tzinfo=None),
            },
        )
    return time.perf_counter() - began


async def build_history(
    folder: Path, puskesmas: int, polis: int, responses: int, weeks: int
) -> str:
    """A synthetic province in a SQLite file in `folder`; returns its URL."""
    url = f"sqlite+aiosqlite:///{folder / f'history-{responses}.db'}"
    database = create_database(url)
    await migrate.upgrade(database)
    async with database.transaction() as tx:
        await tx.catalog.apply(parse_catalog(synthetic_catalog(puskesmas, polis)))
    await fill(database, responses, weeks)
    await fill_reports(database, responses // 5)
    await database.dispose()
    return url


async def compute_week(url: str) -> dict[str, float]:
    """Medians of computing 2026-W47 and of the floor, in this (fresh) process."""
    database = create_database(url)
    settings = Settings(_env_file=None, database_url=url)
    now = datetime(2026, 11, 23, 1, tzinfo=UTC)
    services = Services(settings=settings, database=database, clock=lambda: now, secret=b"bench")
    week = parse_period_key("2026-W47")
    start, end = week.bounds(settings.zone)
    await compute_period(services, week)  # warm caches once
    timings, floors = [], []
    for _ in range(REPEATS):
        began = time.perf_counter()
        await compute_period(services, week)
        timings.append(time.perf_counter() - began)
        floors.append(await floor(database, start, end))
    async with database.snapshot() as tx:
        count = await tx.session.scalar(select(func.count()).select_from(models.SurveyResponse))
    await database.dispose()
    return {
        "compute": statistics.median(timings),
        "floor": statistics.median(floors),
        "responses": float(count or 0),
    }


async def measure(folder: Path, puskesmas: int, polis: int, responses: int, weeks: int) -> Cost:
    """The week computed in a process of its own, so its peak RSS is the computation's alone."""
    url = await build_history(folder, puskesmas, polis, responses, weeks)
    peak = folder / "compute-peak"
    result = folder / "compute.json"
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bench.measured",
        str(peak),
        "bench.summary_cost",
        url,
        str(result),
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    if await process.wait() != 0:
        raise RuntimeError("the week computation failed")
    found = json.loads(result.read_text())
    return Cost(
        puskesmas * (polis + 1) + 1,
        int(found["responses"]),
        found["compute"],
        found["floor"],
        float(peak.read_text()),
    )


if __name__ == "__main__":
    Path(sys.argv[2]).write_text(json.dumps(asyncio.run(compute_week(sys.argv[1]))))
