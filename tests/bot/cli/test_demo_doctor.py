"""`kinerja demo` (reduced) and `kinerja doctor`."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from rich.console import Console
from typer.testing import CliRunner

from bot.cli import app
from bot.cli.demo import run_demo
from db import migrate
from db.engine import create_database
from kinerja.periods import parse_period_key, recent_periods


async def _play(out: Path, **sizes: int) -> str:
    printed = io.StringIO()
    await run_demo(out, Console(file=printed, width=200), **sizes)
    return printed.getvalue()


async def test_the_demo_plays_weeks_the_same_way_each_time_and_writes_its_outputs(
    tmp_path: Path,
) -> None:
    """Reduced: two weeks, two chat citizens a day (answering at the same time, each from its
    own draws), five direct ones a day (one a day in the week before). The same seed twice:
    the same answers, the same summary."""
    out = tmp_path / "demo-output"
    sizes = {"weeks": 2, "chat_citizens": 10, "direct_citizens": 25}
    text = await _play(out, **sizes)
    assert "Rekap mingguan untuk dr. Andi Pratama" in text
    assert "Puskesmas Pauh" in text
    heading = re.search(r"📊 Rekap (\d{4}-W\d{2}) · Puskesmas Pauh", text)
    assert heading is not None
    week = heading.group(1)
    ikm = re.search(r"^IKM (\d+,\d\d)", text, re.MULTILINE)
    assert ikm is not None
    # the chart is the one sent with the week's summary, and named after it
    charts = list(out.glob("grafik-*.png"))
    assert [c.name for c in charts] == [f"grafik-{week}.png"]
    assert charts[0].read_bytes().startswith(b"\x89PNG")
    [workbook] = list(out.glob("rekap-*.xlsx"))
    assert workbook.name == f"rekap-{week}.xlsx"
    book = load_workbook(workbook, read_only=True)
    assert "IKU" in book.sheetnames
    book.close()
    assert len(list((out / "poster").glob("*.png"))) == 9
    assert list(out.glob("laporan-skm-*.xlsx"))
    # every week played has its IKM, so the chart draws a line, not a point
    weeks = recent_periods(parse_period_key(week), 2)
    database = create_database(f"sqlite+aiosqlite:///{out / 'kinerja.db'}")
    async with database.snapshot() as tx:
        stored = await tx.results.results([w.key for w in weeks], ["PKM-PAUH"])
    await database.dispose()
    ikm_weeks = {r.period_key for r in stored if r.indicator_code == "IKM" and r.n > 0}
    assert ikm_weeks == {w.key for w in weeks}

    assert await _play(out, **sizes) == text


def test_doctor_reports_each_check(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'k.db'}")
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    result = CliRunner().invoke(app, ["doctor"])
    assert result.exit_code == 1  # a fresh database has no schema, and there is no token
    assert "DATABASE_URL" in result.output
    assert "kinerja db upgrade" in result.output
    assert "@BotFather" in result.output
    CliRunner().invoke(app, ["db", "upgrade"])
    again = CliRunner().invoke(app, ["doctor"])
    assert f"schema {migrate.head_revision()}" in again.output
