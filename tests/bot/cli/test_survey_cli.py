"""The operator's side of the survey: links, posters, ticket tokens and the export."""

from __future__ import annotations

import asyncio
import csv
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PIL import Image
from typer.testing import CliRunner, Result

from bot.cli import app
from bot.usecases.exports import RESPONSE_COLUMNS
from db.engine import create_database
from kinerja.catalog import Catalog
from kinerja.tokens import PAYLOAD_ALPHABET, VisitToken, read_visit_token
from tests import seed
from tests.bot.conftest import SECRET, use_cli_environment

runner = CliRunner()


@pytest.fixture
def environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, database_url: str, example_catalog: Catalog
) -> str:
    """The example catalogue and one finished response at Poli Umum, 24 November 09:30 WIB."""
    use_cli_environment(monkeypatch, tmp_path, database_url, example_catalog)

    async def one_response() -> None:
        database = create_database(database_url)
        try:
            await seed.response(
                database,
                "PKM-PAUH-UMUM",
                datetime(2026, 11, 24, 2, 30, tzinfo=UTC),  # 09:30 WIB
                {"U1": 4, "U2": 3, "U7": 1},
                waiting=45,
                verified=True,
                flags="straightline_fast",
                respondent="f" * 64,
            )
        finally:
            await database.dispose()

    asyncio.run(one_response())
    return database_url


def _export_responses(
    out: Path, *options: str, start: str = "2026-11-23", end: str = "2026-11-29"
) -> Result:
    return runner.invoke(
        app, ["export", "responses", "--from", start, "--to", end, *options, "--out", str(out)]
    )


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig") as file:
        return list(csv.DictReader(file))


def test_link_is_the_units_permanent_deep_link(environment: str) -> None:
    result = runner.invoke(app, ["link", "PKM-PAUH-UMUM"])
    assert result.output.strip() == "https://t.me/kinerja_pauh_bot?start=u_PKM-PAUH-UMUM"
    unknown = runner.invoke(app, ["link", "PKM-NOWHERE"])
    assert unknown.exit_code == 2


def test_with_a_public_address_the_links_open_the_web_survey(
    environment: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KINERJA_PUBLIC_URL", "https://survei.padang.go.id/")
    result = runner.invoke(app, ["link", "PKM-PAUH-UMUM"])
    assert result.exit_code == 0, result.output
    web, telegram = result.output.strip().splitlines()
    assert web.endswith(" https://survei.padang.go.id/s/u_PKM-PAUH-UMUM")
    assert telegram.endswith(" https://t.me/kinerja_pauh_bot?start=u_PKM-PAUH-UMUM")
    out = tmp_path / "tiket.csv"
    result = runner.invoke(app, ["tokens", "PKM-PAUH-UMUM", "--count", "2", "--out", str(out)])
    assert result.exit_code == 0, result.output
    for row in _csv(out):
        assert row["link"].startswith("https://survei.padang.go.id/s/t_")


def test_tokens_are_signed_single_use_links(environment: str, tmp_path: Path) -> None:
    out = tmp_path / "tiket.csv"
    result = runner.invoke(app, ["tokens", "PKM-PAUH-UMUM", "--count", "3", "--out", str(out)])
    assert result.exit_code == 0, result.output
    rows = _csv(out)
    assert len(rows) == 3
    payloads = [row["link"].split("start=")[1] for row in rows]
    assert len(set(payloads)) == 3
    for payload in payloads:
        assert PAYLOAD_ALPHABET.match(payload)
        token = read_visit_token(SECRET.encode(), payload, datetime.now(UTC), timedelta(hours=24))
        assert isinstance(token, VisitToken), token


@pytest.mark.parametrize("size", ["A5", "A4"])
def test_qr_poster_is_a_printable_png(environment: str, tmp_path: Path, size: str) -> None:
    out = tmp_path / f"poster-{size}.png"
    result = runner.invoke(app, ["qr", "PKM-PAUH-UMUM", "--out", str(out), "--size", size])
    assert result.exit_code == 0, result.output
    with Image.open(out) as image:
        assert image.size == {"A5": (874, 1240), "A4": (1240, 1754)}[size]


def test_export_responses_csv_and_xlsx_without_identity(environment: str, tmp_path: Path) -> None:
    csv_file = tmp_path / "responses.csv"
    result = _export_responses(csv_file, "--unit", "PKM-PAUH")
    assert result.exit_code == 0, result.output
    [row] = _csv(csv_file)
    assert list(row) == list(RESPONSE_COLUMNS)
    assert row["unit_code"] == "PKM-PAUH-UMUM"
    assert row["completed_at"] == "2026-11-24 09:30"
    assert (row["U1"], row["U2"], row["U3"], row["U7"]) == ("4", "3", "", "1")
    assert row["waiting_minutes"] == "45"
    assert row["verified"] == "ya"
    assert row["channel"] == "telegram"
    assert row["flags"] == "straightline_fast"
    assert "f" * 64 not in csv_file.read_text(encoding="utf-8-sig")

    xlsx_file = tmp_path / "responses.xlsx"
    result = _export_responses(xlsx_file, "--format", "xlsx")
    assert result.exit_code == 0, result.output
    book = load_workbook(xlsx_file, read_only=True)
    rows = list(book["responses"].iter_rows(values_only=True))
    book.close()
    assert rows[0] == RESPONSE_COLUMNS
    assert rows[1][3] == 4  # U1

    other_week = tmp_path / "empty.csv"
    _export_responses(other_week, start="2026-11-30", end="2026-12-06")
    assert len(other_week.read_text(encoding="utf-8-sig").splitlines()) == 1
    lbukit = _export_responses(other_week, "--unit", "PKM-LBUKIT")
    assert lbukit.exit_code == 0
    assert len(other_week.read_text(encoding="utf-8-sig").splitlines()) == 1
