"""`kinerja chat`: the operator's way to try the flows without Telegram."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from bot.cli.chat import run_chat
from bot.settings import Settings
from bot.texts import CATALOGUES
from db import migrate
from db.engine import create_database
from kinerja.catalog import Catalog
from kinerja.types import Language, Role
from tests.bot.conftest import SECRET

ID = CATALOGUES[Language.ID]


def _script(lines: list[str]) -> tuple[object, list[str]]:
    feed: Iterator[str] = iter(lines)
    written: list[str] = []

    async def read_line() -> str | None:
        return next(feed, None)

    return read_line, written


@pytest.mark.parametrize(
    ("role", "lines", "expected"),
    [
        pytest.param(
            Role.CITIZEN,
            ["1", "4", "5"],
            "[4] ✓ Sangat sesuai",
            id="citizen: consent, U1, back to U1",
        ),
        pytest.param(
            Role.ASN,
            ["1", "/lapor", "1", "35"],
            "Tambahkan catatan singkat",
            id="asn: register, report",
        ),
        pytest.param(
            Role.SUPERVISOR,
            ["1", "/laporan"],
            "Laporan masuk: 0\nBelum ada ASN terdaftar.",
            id="supervisor: register, team view",
        ),
    ],
)
async def test_each_persona_can_try_its_flow(
    tmp_path: Path, role: Role, lines: list[str], expected: str
) -> None:
    settings = Settings(
        _env_file=None, database_url=f"sqlite+aiosqlite:///{tmp_path / 'c.db'}", secret_key=SECRET
    )
    read_line, written = _script(lines)
    await run_chat(settings, role, None, read_line, written.append)  # type: ignore[arg-type]
    transcript = "\n".join(written)
    assert expected in transcript
    assert "[1]" in transcript  # buttons are numbered choices


def _settings(database: Path) -> Settings:
    return Settings(
        _env_file=None, database_url=f"sqlite+aiosqlite:///{database}", secret_key=SECRET
    )


async def _session(settings: Settings, role: Role, lines: list[str]) -> str:
    read_line, written = _script(lines)
    await run_chat(settings, role, None, read_line, written.append)  # type: ignore[arg-type]
    return "\n".join(written)


async def _staff_names(url: str) -> set[str]:
    database = create_database(url)
    try:
        async with database.snapshot() as tx:
            return {row.person.full_name for row in await tx.staff.staff()}
    finally:
        await database.dispose()


async def test_the_chat_tries_things_on_a_database_of_its_own(
    tmp_path: Path, example_catalog: Catalog
) -> None:
    """Its personas are active staff: in the real database they would be in every summary."""
    real = tmp_path / "kinerja.db"
    database = create_database(f"sqlite+aiosqlite:///{real}")
    await migrate.upgrade(database)
    renamed = tuple(
        replace(u, name="Poli Umum Gedung Baru") if u.code == "PKM-PAUH-UMUM" else u
        for u in example_catalog.units
    )
    async with database.transaction() as tx:
        await tx.catalog.apply(replace(example_catalog, units=renamed))
    await database.dispose()
    settings = _settings(real)

    transcript = await _session(settings, Role.ASN, ["1"])

    chat = tmp_path / "chat.db"
    assert transcript.startswith(ID.chat_opening(str(chat), catalogue_from_database=True))
    assert ID.registered("Uji Coba ASN", Role.ASN) in transcript
    assert await _staff_names(settings.database_url) == set()
    assert await _staff_names(f"sqlite+aiosqlite:///{chat}") == {"Uji Coba ASN"}
    chat_database = create_database(f"sqlite+aiosqlite:///{chat}")
    async with chat_database.snapshot() as tx:
        unit = await tx.units.by_code("PKM-PAUH-UMUM")
    await chat_database.dispose()
    assert unit is not None
    assert unit.unit.name == "Poli Umum Gedung Baru"  # the operator's own catalogue


async def test_without_a_catalogue_anywhere_the_chat_says_it_uses_the_example(
    tmp_path: Path,
) -> None:
    transcript = await _session(_settings(tmp_path / "none" / "kinerja.db"), Role.CITIZEN, [])
    opening = ID.chat_opening(str(tmp_path / "none" / "chat.db"), catalogue_from_database=False)
    assert transcript.startswith(opening)
    assert not (tmp_path / "none" / "kinerja.db").exists()  # read, never created


async def test_a_second_session_on_the_same_chat_database_is_answered_at_once(
    tmp_path: Path,
) -> None:
    settings = _settings(tmp_path / "kinerja.db")
    first = await _session(settings, Role.ASN, ["1", "/lapor", "1", "35", "1", "1", "1"])
    assert "✅" in first
    second = await _session(settings, Role.SUPERVISOR, ["1", "/laporan", "1", "1"])
    assert ID.registered("Uji Coba Atasan", Role.SUPERVISOR) in second
    # the supervisor verifies the ASN's report of the first session; Telegram pops up a notice
    popup = ID.chat_popup(ID.report_verified("Uji Coba ASN"), alert=False)
    assert popup in second.splitlines()
