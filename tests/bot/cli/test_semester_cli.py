"""Semesters from the terminal (`summary show`, `report skm`, `export indicators`) and the
Krejcie–Morgan sample check wherever an IKM is shown."""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook

from bot.texts import CATALOGUES
from db.engine import Database
from kinerja.skm import ELEMENT_CODES, required_sample_size
from kinerja.types import Language
from tests import seed
from tests.bot.conftest import kinerja
from tests.bot.personas import seed_andi, seed_rina
from tests.examples import FIVE_RESPONDENTS

ID = CATALOGUES[Language.ID]
EN = CATALOGUES[Language.EN]


async def _seed(database: Database) -> None:
    """Five respondents at Poli Umum in week 47, one at Poli KIA in July; Rina (Poli Umum)
    reports 50 patients in November."""
    monday = datetime(2026, 11, 16, 2, 0, tzinfo=UTC)
    for i, scores in enumerate(FIVE_RESPONDENTS):
        await seed.response(database, "PKM-PAUH-UMUM", monday + timedelta(hours=i), scores)
    await seed.response(database, "PKM-PAUH-KIA", datetime(2026, 7, 6, 2, 0, tzinfo=UTC), (4,) * 9)
    nurse = await seed_rina(database, monday - timedelta(days=200))
    await seed.report(database, nurse, "pasien_dilayani", date(2026, 11, 16), 50)
    await seed_andi(database, monday - timedelta(days=200))


async def test_a_semester_from_the_terminal(
    catalog_database: Database, database_url: str, tmp_path: Path
) -> None:
    await _seed(catalog_database)
    env = {"DATABASE_URL": database_url}
    sample = required_sample_size(50)
    assert sample == 44

    code, shown = await kinerja(
        "summary", "show", "--period", "2026-S2", "--unit", "PKM-PAUH", env=env, cwd=tmp_path
    )
    assert code == 0, shown
    assert "Rekap 2026-S2 · Puskesmas Pauh" in shown
    assert "1 Juli 2026 – 31 Desember 2026" in shown
    # The puskesmas, and each unit below it: the sample check, or why there is none.
    assert "6 responden (0 terverifikasi) dari sampel minimal 44 — sampel belum memadai" in shown
    assert "• Poli Umum (Puskesmas Pauh): IKM 85,56 (B), 5 responden dari sampel minimal 44" in (
        shown
    )
    assert "• Poli KIA (Puskesmas Pauh): IKM 100,00 (A), 1 responden (sampel minimal belum" in (
        shown
    )
    code, english = await kinerja(
        "summary",
        "show",
        "--period",
        "2026-S2",
        "--unit",
        "PKM-PAUH-KIA",
        "--lang",
        "en",
        env=env,
        cwd=tmp_path,
    )
    assert code == 0, english
    assert "Summary 2026-S2 · Poli KIA (Puskesmas Pauh)" in english
    assert "1 respondents (0 verified); minimum sample unknown" in english

    out = tmp_path / "iku.csv"
    code, text = await kinerja(
        "export", "indicators", "--period", "2026-S2", "--out", str(out), env=env, cwd=tmp_path
    )
    assert code == 0, text
    with out.open(encoding="utf-8-sig") as file:
        rows = {(r["indicator"], r["unit_code"]): r for r in csv.DictReader(file)}
    assert {r["period"] for r in rows.values()} == {"2026-S2"}
    semester = rows[("IKM-SEMESTER", "PKM-PAUH")]
    assert (semester["realisation"], semester["sample_required"]) == ("87.96", "44")

    report = tmp_path / "skm.xlsx"
    code, text = await kinerja(
        "report",
        "skm",
        "--unit",
        "PKM-PAUH-UMUM",
        "--period",
        "2026-S2",
        "--out",
        str(report),
        env=env,
        cwd=tmp_path,
    )
    assert code == 0, text
    book = load_workbook(report, read_only=True)
    summary = {row[0]: row[1] for row in book["Ringkasan"].iter_rows(values_only=True)}
    table = {row[0]: row for row in book["NRR per unsur"].iter_rows(values_only=True)}
    book.close()
    weighted = [Decimal(f"{table[code][5]:.4f}") for code in ELEMENT_CODES]
    assert sum(weighted) == Decimal(f"{table['Jumlah'][5]:.4f}") == Decimal("3.4224")
    assert (table["IKM"][5], table["IKM"][6]) == (85.56, "B")
    assert summary["Periode"] == "2026-S2 (01-07-2026 s.d. 31-12-2026)"
    assert summary["Populasi (pasien dilayani)"] == 50
    assert summary["Sampel minimal (Krejcie & Morgan)"] == sample
    assert summary["Sampel memadai"] == "belum memadai"
    assert summary["IKM"] == 85.56


async def test_the_report_says_why_a_sample_cannot_be_checked(
    catalog_database: Database, database_url: str, tmp_path: Path
) -> None:
    await _seed(catalog_database)
    report = tmp_path / "kia.xlsx"
    code, text = await kinerja(
        "report",
        "skm",
        "--unit",
        "PKM-PAUH-KIA",
        "--period",
        "2026-Q3",
        "--out",
        str(report),
        env={"DATABASE_URL": database_url},
        cwd=tmp_path,
    )
    assert code == 0, text
    book = load_workbook(report, read_only=True)
    summary = {row[0]: row[1] for row in book["Ringkasan"].iter_rows(values_only=True)}
    book.close()
    assert summary["Populasi (pasien dilayani)"] == "belum dilaporkan"
    assert summary["Sampel minimal (Krejcie & Morgan)"] == (
        "tidak dapat dihitung: populasi belum dilaporkan"
    )
    assert summary["Sampel memadai"] == "tidak diketahui"


async def test_a_wrong_period_names_the_semester_form(
    catalog_database: Database, database_url: str, tmp_path: Path
) -> None:
    code, text = await kinerja(
        "summary",
        "show",
        "--period",
        "2026-S3",
        env={"DATABASE_URL": database_url},
        cwd=tmp_path,
    )
    assert code != 0
    assert "2026-S1" in text
