"""The operator's side of staff: invitations, the staff list, deactivation, report export."""

from __future__ import annotations

import asyncio
import csv
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select
from typer.testing import CliRunner

from bot.cli import app
from bot.usecases.exports import REPORT_COLUMNS
from db import models
from db.engine import create_database
from kinerja.catalog import Catalog
from kinerja.delivery import Delivery
from kinerja.messages import ComplaintAlert, FollowUp
from kinerja.types import Role
from tests.bot.conftest import use_cli_environment

runner = CliRunner()
NIP = "199001012015032001"


@pytest.fixture
def environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, database_url: str, example_catalog: Catalog
) -> str:
    use_cli_environment(monkeypatch, tmp_path, database_url, example_catalog)
    return database_url


def _invite(*extra: str) -> object:
    return runner.invoke(
        app,
        [
            "invite",
            "create",
            "--role",
            "asn",
            "--unit",
            "PKM-PAUH-UMUM",
            "--nip",
            NIP,
            "--name",
            "Rina Marlina",
            *extra,
        ],
    )


def test_invite_create_prints_a_link_and_writes_a_qr(environment: str, tmp_path: Path) -> None:
    qr = tmp_path / "rina.png"
    result = _invite("--qr", str(qr), "--days", "3")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert "https://t.me/kinerja_pauh_bot?start=i_" in result.output  # type: ignore[attr-defined]
    with Image.open(qr) as image:
        assert image.size[0] > 100


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["--nip", "12345"], "--nip"),
        (["--unit", "PKM-NOWHERE"], "--unit"),
        (["--name", " "], "--name"),
    ],
)
def test_invite_create_refuses_bad_input(environment: str, args: list[str], field: str) -> None:
    base = {"--role": "asn", "--unit": "PKM-PAUH-UMUM", "--nip": NIP, "--name": "Rina Marlina"}
    base.update(dict(zip(args[::2], args[1::2], strict=True)))
    result = runner.invoke(app, ["invite", "create", *[x for kv in base.items() for x in kv]])
    assert result.exit_code == 2
    assert field in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_staff_list_and_deactivate(environment: str) -> None:
    _invite()
    listed = runner.invoke(app, ["staff", "list", "--unit", "PKM-PAUH"])
    assert NIP in listed.output
    assert "Rina Marlina" in listed.output
    assert NIP not in runner.invoke(app, ["staff", "list", "--unit", "PKM-LBUKIT"]).output
    result = runner.invoke(app, ["staff", "deactivate", NIP])
    assert result.exit_code == 0
    assert "Rina Marlina" in result.output
    assert runner.invoke(app, ["staff", "deactivate", "199001012015032999"]).exit_code == 2


def test_export_reports_has_the_columns_of_progres_harian(environment: str, tmp_path: Path) -> None:
    _invite()

    async def report() -> None:
        database = create_database(environment)
        try:
            async with database.transaction() as tx:
                person = await tx.session.scalar(select(models.Person))
                metric = await tx.session.scalar(
                    select(models.Metric).where(models.Metric.code == "kebersihan_tangan")
                )
                assert person is not None
                assert metric is not None
                await tx.reports.save(
                    person_id=person.id,
                    unit_id=person.unit_id,
                    metric_id=metric.id,
                    day=date(2026, 11, 24),
                    value=Decimal(17),
                    denominator=Decimal(20),
                    note="Observasi pagi",
                    evidence_file_id="F1",
                    now=datetime(2026, 11, 24, 3, tzinfo=UTC),
                )
        finally:
            await database.dispose()

    asyncio.run(report())
    out = tmp_path / "laporan.csv"
    result = runner.invoke(
        app, ["export", "reports", "--from", "2026-11-23", "--to", "2026-11-29", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8-sig") as file:
        [row] = list(csv.DictReader(file))
    assert list(row) == list(REPORT_COLUMNS)
    assert row == {
        "date": "2026-11-24",
        "nip": NIP,
        "name": "Rina Marlina",
        "unit": "PKM-PAUH-UMUM",
        "activity": "Kepatuhan kebersihan tangan (observasi)",
        "quantity": "17/20",
        "unit_of_measure": "observasi",
        "note": "Observasi pagi",
        "evidence": "ya",
        "verified": "tidak",
        "feedback": "",
    }


_ALERT = ComplaintAlert(1, "PKM-PAUH-2026-000001", "Puskesmas Pauh", "Antre lama", False)
_ANSWER = FollowUp(1, "PKM-PAUH-2026-000001", "Sudah ditangani")


def test_outbox_failed_lists_messages_given_up_on(environment: str) -> None:
    async def given_up() -> None:
        database = create_database(environment)
        try:
            async with database.transaction() as tx:
                now = datetime(2026, 11, 25, 3, tzinfo=UTC)
                andi = await tx.people.add(
                    full_name="dr. Andi Pratama",
                    role=Role.SUPERVISOR,
                    unit_code="PKM-PAUH",
                    now=now,
                    telegram_user_id=3001,
                )
                alert = await tx.outbox.add(3001, _ALERT, now, person_id=andi.id)
                await tx.outbox.finish(alert, Delivery.UNKNOWN, now, error="timed out: Timed out")
                answer = await tx.outbox.add(777_000_111, _ANSWER, now)
                await tx.outbox.finish(
                    answer, Delivery.FAILED, now, error="forbidden: bot was blocked by the user"
                )
        finally:
            await database.dispose()

    asyncio.run(given_up())
    result = runner.invoke(app, ["outbox", "failed"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert any(
        "complaint " in line and "dr. Andi Pratama" in line and "unknown" in line for line in lines
    )
    assert any("citizen" in line and "failed" in line and "blocked" in line for line in lines)
    assert "3001" not in result.output  # a Telegram user id is never shown
    assert "777000111" not in result.output
