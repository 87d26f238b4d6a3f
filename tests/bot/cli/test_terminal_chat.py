"""`kinerja chat`: the operator's way to try the flows without Telegram."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cli.chat import run_chat
from bot.settings import Settings
from kinerja.types import Role
from tests.bot.conftest import SECRET


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
