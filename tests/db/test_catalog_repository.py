from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import func, select

from db import models
from db.engine import Database
from kinerja.catalog import Catalog


async def test_apply_then_load_round_trips(database: Database, example_catalog: Catalog) -> None:
    async with database.transaction() as tx:
        changes = await tx.catalog.apply(example_catalog)
    assert changes.created == {"unit": 12, "metric": 7, "indicator": 12}

    async with database.snapshot() as tx:  # a second session sees the commit
        loaded = await tx.catalog.load()
    assert loaded == example_catalog


async def test_apply_is_idempotent(database: Database, example_catalog: Catalog) -> None:
    for _ in range(2):
        async with database.transaction() as tx:
            changes = await tx.catalog.apply(example_catalog)
    assert changes.unchanged
    async with database.snapshot() as tx:
        assert await tx.session.scalar(select(func.count()).select_from(models.OrgUnit)) == 12


async def test_changes_update_and_missing_rows_are_deactivated(
    database: Database, example_catalog: Catalog
) -> None:
    async with database.transaction() as tx:
        await tx.catalog.apply(example_catalog)
    renamed = dataclasses.replace(example_catalog.units[1], name="Puskesmas Pauh (baru)")
    smaller = Catalog(
        units=tuple(
            renamed if u.code == renamed.code else u
            for u in example_catalog.units
            if u.code != "PKM-LBUKIT-FARMASI"
        ),
        metrics=example_catalog.metrics,
        indicators=example_catalog.indicators[1:],
    )
    async with database.transaction() as tx:
        changes = await tx.catalog.apply(smaller)
    assert changes.updated["unit"] == 1
    assert changes.deactivated == {"unit": 1, "metric": 0, "indicator": 1}
    async with database.snapshot() as tx:
        loaded = await tx.catalog.load()
        # deactivated, not deleted: history may still point at them
        assert await tx.session.scalar(select(func.count()).select_from(models.OrgUnit)) == 12
    assert loaded.unit("PKM-PAUH").name == "Puskesmas Pauh (baru)"  # type: ignore[union-attr]
    assert loaded.unit("PKM-LBUKIT-FARMASI") is None
    assert len(loaded.indicators) == 11


async def test_a_failed_use_case_leaves_nothing_behind(
    database: Database, example_catalog: Catalog
) -> None:
    async def crashing_use_case() -> None:
        async with database.transaction() as tx:
            await tx.catalog.apply(example_catalog)
            raise RuntimeError("crash after the writes")

    with pytest.raises(RuntimeError):
        await crashing_use_case()
    async with database.snapshot() as tx:
        assert await tx.catalog.is_empty()
