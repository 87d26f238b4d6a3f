"""The `kinerja` command as an operator uses it: one clear line for every mistake."""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from bot.cli import app
from bot.emulator import BotApiEmulator
from bot.texts import CATALOGUES
from db import models
from db.engine import Database, create_database
from kinerja.types import Language, Role
from tests.bot.conftest import emulator_env, free_port, start_kinerja
from tests.conftest import EXAMPLE_CATALOG

ID = CATALOGUES[Language.ID]
runner = CliRunner()


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, database_url: str) -> str:
    monkeypatch.chdir(tmp_path)
    for key in ("TELEGRAM_BOT_TOKEN", "KINERJA_DEFAULT_LANGUAGE", "KINERJA_TIMEZONE"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("DATABASE_URL", database_url)
    return database_url


def _unit_names(url: str) -> list[str]:
    async def read() -> list[str]:
        database = create_database(url)
        try:
            async with database.snapshot() as tx:
                rows = await tx.session.scalars(
                    select(models.OrgUnit.name).order_by(models.OrgUnit.code)
                )
                return list(rows)
        finally:
            await database.dispose()

    return asyncio.run(read())


def test_catalog_load_and_show(environment: str) -> None:
    loaded = runner.invoke(app, ["catalog", "load", str(EXAMPLE_CATALOG)])
    assert loaded.exit_code == 0, loaded.output
    assert "12 unit" in loaded.output
    again = runner.invoke(app, ["catalog", "load", str(EXAMPLE_CATALOG)])
    assert again.output.strip() == ID.cli_catalog_unchanged(str(EXAMPLE_CATALOG))
    shown = runner.invoke(app, ["catalog", "show"])
    assert "PKM-PAUH-UMUM" in shown.output
    assert "76.61" in shown.output


def test_a_bad_catalogue_is_refused_precisely_and_changes_nothing(
    environment: str, tmp_path: Path
) -> None:
    runner.invoke(app, ["catalog", "load", str(EXAMPLE_CATALOG)])
    before = _unit_names(environment)
    bad = tmp_path / "bad.yaml"
    text = EXAMPLE_CATALOG.read_text(encoding="utf-8")
    text = text.replace("name: Puskesmas Pauh\n", "name: Puskesmas Pauh Baru\n", 1)
    text = text.replace(
        "kind: service_unit\n            metrics: [dokumen_diproses]",
        "kind: poliklinik\n            metrics: [dokumen_diproses]",
        1,
    )
    bad.write_text(text, encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "kind: poliklinik" in row)

    result = runner.invoke(app, ["catalog", "load", str(bad)])

    assert result.exit_code == 2
    assert result.output.strip() == ID.cli_catalog_error(
        str(bad),
        line,
        "units[0].children[0].children[0].kind",
        "'poliklinik' is not one of: kecamatan, puskesmas, service_unit",
    )
    assert _unit_names(environment) == before  # the valid rename before the error was not saved


def test_yaml_syntax_errors_name_the_line(environment: str, tmp_path: Path) -> None:
    bad = tmp_path / "broken.yaml"
    bad.write_text("units:\n  - code: A\n    name: [unclosed\n", encoding="utf-8")
    result = runner.invoke(app, ["catalog", "load", str(bad)])
    assert result.exit_code == 2
    assert "baris 4" in result.output or "baris 3" in result.output


def test_duplicate_yaml_keys_are_refused(environment: str, tmp_path: Path) -> None:
    bad = tmp_path / "dup.yaml"
    bad.write_text("units: []\nunits: []\n", encoding="utf-8")
    result = runner.invoke(app, ["catalog", "load", str(bad)])
    assert result.exit_code == 2
    assert "baris 2" in result.output


def test_a_malformed_setting_is_one_line(environment: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KINERJA_TIMEZONE", "Mars/Olympus")
    result = runner.invoke(app, ["catalog", "show"])
    assert result.exit_code == 2
    assert len(result.output.strip().splitlines()) == 1
    assert "KINERJA_TIMEZONE" in result.output


def test_a_webhook_without_a_token_says_how_to_get_one(environment: str) -> None:
    result = runner.invoke(app, ["run", "--webhook"])
    assert result.exit_code == 2
    assert result.output.strip() == ID.cli_token_missing()


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_kinerja_run_without_a_token_serves_the_web_survey(
    tmp_path: Path, database_url: str, catalog_database: Database
) -> None:
    """A fresh clone's `make run`: no bot yet, and citizens can already answer on the web."""
    port = free_port()
    env = {
        "DATABASE_URL": database_url,
        "TELEGRAM_BOT_TOKEN": "",
        "KINERJA_WEB_LISTEN": f"127.0.0.1:{port}",
    }
    process = await start_kinerja("run", env=env, cwd=tmp_path)
    try:
        async with httpx.AsyncClient(timeout=10) as http:
            for _ in range(100):
                try:
                    page = await http.get(f"http://127.0.0.1:{port}/s/u_PKM-PAUH-UMUM")
                    break
                except httpx.ConnectError:
                    await asyncio.sleep(0.1)
            assert page.status_code == 200
            assert "Bersedia mengisi survei?" in page.text
            assert "Buka di Telegram" not in page.text  # no bot to open
            health = await http.get(f"http://127.0.0.1:{port}/healthz")
            assert health.json() == {"database": "ok"}
            assert (await http.get(f"http://127.0.0.1:{port}/telegram")).status_code == 404
    finally:
        process.send_signal(signal.SIGINT)
        output, _ = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 0, output.decode()
    assert ID.cli_web_only(f"http://127.0.0.1:{port}") in output.decode()


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_kinerja_run_answers_start_in_both_languages(
    tmp_path: Path, database_url: str
) -> None:
    """The issue's check: `TELEGRAM_BOT_TOKEN=123:abc TELEGRAM_API_URL=… kinerja run`. Long
    polling, and the web app served alongside it on KINERJA_WEB_LISTEN."""
    port = free_port()
    async with BotApiEmulator(token="123:abc") as emulator:
        env = emulator_env(emulator, database_url, KINERJA_WEB_LISTEN=f"127.0.0.1:{port}")
        process = await start_kinerja("run", env=env, cwd=tmp_path)
        try:
            siti = emulator.user(501, "Siti", language_code="id")
            john = emulator.user(502, "John", language_code="en")
            await siti.start()
            await john.start()
            assert (await siti.next_message(within=30)).text == ID.welcome(
                "Siti", Role.CITIZEN, None
            )
            assert (await john.next_message(within=5)).text == CATALOGUES[Language.EN].welcome(
                "John", Role.CITIZEN, None
            )
            async with httpx.AsyncClient(timeout=10) as http:
                health = await http.get(f"http://127.0.0.1:{port}/healthz")
            assert health.json() == {"database": "ok"}
        finally:
            process.send_signal(signal.SIGINT)
            output, _ = await asyncio.wait_for(process.communicate(), 30)
        assert process.returncode == 0, output.decode()
        assert b"123:abc" not in output  # the token never reaches the log
