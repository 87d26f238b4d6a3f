"""`kinerja audit show`: the audit log, newest first, filtered by day, actor and count, showing
no NIP and no account hash; the operator's exports write to it."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from bot.cli import app
from bot.texts import CATALOGUES
from db import models
from db.engine import create_database
from kinerja.audit import AuditAction
from kinerja.catalog import Catalog
from kinerja.types import Language
from tests.bot.conftest import use_cli_environment

ID = CATALOGUES[Language.ID]
EN = CATALOGUES[Language.EN]
runner = CliRunner()
NIP = "199001012015032001"
HASH = "f" * 64

ENTRIES: list[tuple[datetime, str, AuditAction, str, dict[str, Any]]] = [
    (datetime(2026, 11, 20, 3, tzinfo=UTC), "cli", AuditAction.EXPORT_RESPONSES, "PKM-PAUH", {}),
    (
        datetime(2026, 11, 24, 16, 30, tzinfo=UTC),  # 23:30 WIB on the 24th
        "person:7",
        AuditAction.EXPORT_SUMMARY_WORKBOOK,
        "PKM-PAUH",
        {"period": "2026-W48", "rows": 3},
    ),
    (
        datetime(2026, 11, 24, 17, 30, tzinfo=UTC),  # 00:30 WIB on the 25th
        "person:12",
        AuditAction.REGISTERED,
        NIP,
        {"role": "asn"},
    ),
    (datetime(2026, 11, 25, 2, tzinfo=UTC), "chat", AuditAction.INVITE_FAILED, HASH, {}),
    (datetime(2026, 11, 26, 2, tzinfo=UTC), "system", AuditAction.RETENTION_APPLIED, "", {}),
]


async def _record(url: str) -> None:
    database = create_database(url)
    try:
        async with database.transaction() as tx:
            for at, actor, action, subject, details in ENTRIES:
                await tx.audit.record(at, actor, action, subject, details)
    finally:
        await database.dispose()


@pytest.fixture
def environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, database_url: str, example_catalog: Catalog
) -> str:
    use_cli_environment(monkeypatch, tmp_path, database_url, example_catalog)
    monkeypatch.delenv("KINERJA_DEFAULT_LANGUAGE", raising=False)
    return database_url


def _actions(*arguments: str) -> list[str]:
    """The action column of `kinerja audit show …`, top to bottom."""
    result = runner.invoke(app, ["audit", "show", *arguments])
    assert result.exit_code == 0, result.output
    known = {action.value for action in AuditAction}
    return [word for line in result.output.splitlines() for word in line.split() if word in known]


def test_the_log_is_shown_newest_first_without_nips_or_account_hashes(environment: str) -> None:
    asyncio.run(_record(environment))
    result = runner.invoke(app, ["audit", "show"])
    assert result.exit_code == 0, result.output
    assert _actions() == [e[2].value for e in reversed(ENTRIES)]
    header = next(line for line in result.output.splitlines() if "pelaku" in line)
    assert [w for w in header.split() if w.isalpha()] == list(ID.cli_audit_columns())
    assert NIP not in result.output
    assert HASH[:16] not in result.output
    assert result.output.count(ID.cli_audit_withheld()) == 2
    assert "2026-11-25 00:30" in result.output  # local time
    assert "period=2026-W48, rows=3" in result.output
    assert ID.cli_audit_limited(50) not in result.output


def test_since_actor_and_limit_filter_the_log(environment: str) -> None:
    asyncio.run(_record(environment))
    newest_first = [e[2].value for e in reversed(ENTRIES)]
    assert _actions("--since", "2026-11-25") == newest_first[:3]  # local days
    assert _actions("--actor", "person") == [
        AuditAction.REGISTERED.value,
        AuditAction.EXPORT_SUMMARY_WORKBOOK.value,
    ]
    assert _actions("--actor", "person:7") == [AuditAction.EXPORT_SUMMARY_WORKBOOK.value]
    assert _actions("--actor", "cli") == [AuditAction.EXPORT_RESPONSES.value]
    assert _actions("--actor", "pers") == []
    assert _actions("--actor", "person", "--since", "2026-11-25") == [AuditAction.REGISTERED.value]
    limited = runner.invoke(app, ["audit", "show", "--limit", "2"])
    assert _actions("--limit", "2") == newest_first[:2]
    assert limited.output.strip().endswith(ID.cli_audit_limited(2))

    nothing = runner.invoke(app, ["audit", "show", "--since", "2026-12-01"])
    assert nothing.output.strip() == ID.cli_audit_empty()
    wrong = runner.invoke(app, ["audit", "show", "--limit", "0"])
    assert wrong.exit_code == 2


def test_in_english(environment: str, monkeypatch: pytest.MonkeyPatch) -> None:
    asyncio.run(_record(environment))
    monkeypatch.setenv("KINERJA_DEFAULT_LANGUAGE", "en")
    result = runner.invoke(app, ["audit", "show", "--actor", "chat"])
    assert result.exit_code == 0, result.output
    header = next(line for line in result.output.splitlines() if "actor" in line)
    assert [w for w in header.split() if w.isalpha()] == list(EN.cli_audit_columns())
    assert EN.cli_audit_withheld() in result.output


def _export_entries(url: str) -> list[models.AuditEntry]:
    async def read() -> list[models.AuditEntry]:
        database = create_database(url)
        try:
            async with database.snapshot() as tx:
                return list(
                    await tx.session.scalars(
                        select(models.AuditEntry)
                        .where(models.AuditEntry.action.startswith("export_"))
                        .order_by(models.AuditEntry.id)
                    )
                )
        finally:
            await database.dispose()

    return asyncio.run(read())


def test_the_operators_exports_are_in_the_log(environment: str, tmp_path: Path) -> None:
    report = runner.invoke(
        app,
        [
            "report",
            "skm",
            "--unit",
            "PKM-PAUH-UMUM",
            "--period",
            "2026-Q4",
            "--out",
            str(tmp_path / "skm.xlsx"),
        ],
    )
    assert report.exit_code == 0, report.output
    exported = runner.invoke(
        app,
        [
            "export",
            "reports",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-30",
            "--out",
            str(tmp_path / "reports.csv"),
        ],
    )
    assert exported.exit_code == 0, exported.output
    skm, reports = _export_entries(environment)
    assert (skm.actor, skm.action, skm.subject) == (
        "cli",
        AuditAction.EXPORT_SKM_REPORT.value,
        "PKM-PAUH-UMUM",
    )
    assert skm.details["period"] == "2026-Q4"
    assert skm.details["rows"] == sum(skm.details["sheets"].values())
    assert (reports.actor, reports.action, reports.details["rows"]) == ("cli", "export_reports", 0)
    assert _actions("--actor", "cli") == ["export_reports", "export_skm_report"]
