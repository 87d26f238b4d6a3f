"""`kinerja demo` (reduced) and `kinerja doctor`."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from rich.console import Console
from typer.testing import CliRunner

from bot.cli import app
from bot.cli.demo import run_demo
from db import migrate


async def test_the_demo_plays_a_week_and_writes_its_outputs(tmp_path: Path) -> None:
    out = tmp_path / "demo-output"
    printed = io.StringIO()
    await run_demo(out, Console(file=printed, width=200), chat_citizens=5, direct_citizens=10)
    text = printed.getvalue()
    assert "Rekap mingguan untuk dr. Andi Pratama" in text
    assert "Puskesmas Pauh" in text
    assert "IKM " in text
    charts = list(out.glob("grafik-*.png"))
    assert len(charts) == 1
    assert charts[0].read_bytes().startswith(b"\x89PNG")
    [workbook] = list(out.glob("rekap-*.xlsx"))
    book = load_workbook(workbook, read_only=True)
    assert "IKU" in book.sheetnames
    book.close()
    assert len(list((out / "poster").glob("*.png"))) == 9
    assert list(out.glob("laporan-skm-*.xlsx"))


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
