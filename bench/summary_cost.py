"""Computing every indicator of one week over a synthetic history, against one SQL aggregate."""

from __future__ import annotations

import asyncio
import random
import resource
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select, text

from bot.context import Services
from bot.settings import Settings
from bot.usecases.indicators import compute_period
from db import migrate, models
from db.engine import Database, create_database
from db.repositories import CatalogRepository
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
    """Completed SKM responses spread over `weeks` weeks before 2026-W47, bulk inserted."""
    rng = random.Random(seed)
    async with database.snapshot() as session:
        unit_ids = list(
            await session.scalars(
                select(models.OrgUnit.id).where(models.OrgUnit.kind == "service_unit")
            )
        )
    end = datetime(2026, 11, 23, tzinfo=UTC)
    batch_responses: list[dict[str, object]] = []
    batch_answers: list[dict[str, object]] = []
    next_id = 1
    for _ in range(responses):
        at = end - timedelta(seconds=rng.randrange(weeks * 7 * 86400))
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


async def _flush(
    database: Database, responses: list[dict[str, object]], answers: list[dict[str, object]]
) -> None:
    if not responses:
        return
    async with database.transaction() as session:
        await session.execute(models.SurveyResponse.__table__.insert(), responses)  # type: ignore[attr-defined]
        await session.execute(models.SurveyAnswer.__table__.insert(), answers)  # type: ignore[attr-defined]


async def floor(database: Database, start: datetime, end: datetime) -> float:
    """One hand-written aggregate over the same rows: the least any engine must spend."""
    began = time.perf_counter()
    async with database.snapshot() as session:
        await session.execute(
            text(
                "SELECT r.unit_id, a.element_code, count(*), sum(a.value) FROM survey_responses r "
                "JOIN survey_answers a ON a.response_id = r.id WHERE r.status = 'completed' "
                "AND r.completed_at >= :s AND r.completed_at < :e "
                "GROUP BY r.unit_id, a.element_code"
            ),
            # stored as naive UTC on SQLite
            {
                "s": start.astimezone(UTC).replace(tzinfo=None),
                "e": end.astimezone(UTC).replace(tzinfo=None),
            },
        )
    return time.perf_counter() - began


async def measure(puskesmas: int, polis: int, responses: int, weeks: int) -> Cost:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}"
        database = create_database(url)
        await migrate.upgrade(database)
        async with database.transaction() as session:
            await CatalogRepository(session).apply(
                parse_catalog(synthetic_catalog(puskesmas, polis))
            )
        await fill(database, responses, weeks)
        settings = Settings(_env_file=None, database_url=url)
        now = datetime(2026, 11, 23, 1, tzinfo=UTC)
        services = Services(
            settings=settings, database=database, clock=lambda: now, secret=b"bench"
        )
        week = parse_period_key("2026-W47")
        start, end = week.bounds(settings.zone)
        await compute_period(services, week)  # warm caches once
        timings, floors = [], []
        for _ in range(3):
            began = time.perf_counter()
            await compute_period(services, week)
            timings.append(time.perf_counter() - began)
            floors.append(await floor(database, start, end))
        async with database.snapshot() as session:
            count = await session.scalar(select(func.count()).select_from(models.SurveyResponse))
        await database.dispose()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return Cost(
        puskesmas * (polis + 1) + 1, int(count or 0), sorted(timings)[1], sorted(floors)[1], rss
    )


if __name__ == "__main__":
    print(asyncio.run(measure(10, 4, 10_000, 4)))
