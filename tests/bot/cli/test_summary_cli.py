"""`kinerja summary show|send`, `export indicators` and `report skm`."""

from __future__ import annotations

import asyncio
import csv
import signal
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.emulator import BotApiEmulator
from bot.messaging.telegram_html import parse_html, utf16_length
from bot.render.summary import MESSAGE_LIMIT, pack
from bot.texts import CATALOGUES
from bot.texts.markup import Html
from db.engine import Database
from kinerja.types import Language, Role
from tests import seed
from tests.bot.conftest import emulator_env, kinerja, start_kinerja
from tests.bot.personas import seed_andi, seed_rina
from tests.examples import FIVE_RESPONDENTS

ID = CATALOGUES[Language.ID]


async def _seed(database: Database) -> None:
    monday = datetime(2026, 11, 16, 2, 0, tzinfo=UTC)
    for i, scores in enumerate(FIVE_RESPONDENTS):
        await seed.response(
            database, "PKM-PAUH-UMUM", monday + timedelta(hours=i), scores, waiting=30 + 10 * i
        )
    nurse = await seed_rina(database, monday - timedelta(days=30))
    await seed.report(database, nurse, "pasien_dilayani", date(2026, 11, 16), 50)
    await seed_andi(database, monday - timedelta(days=30))


async def test_show_export_and_report(
    catalog_database: Database, database_url: str, tmp_path: Path
) -> None:
    await _seed(catalog_database)
    env = {"DATABASE_URL": database_url}
    code, shown = await kinerja(
        "summary", "show", "--period", "2026-W47", "--unit", "PKM-PAUH-UMUM", env=env, cwd=tmp_path
    )
    assert code == 0, shown
    assert "IKM 85,56 (mutu B, Baik) · 5 responden" in shown
    assert "<b>" not in shown
    code, english = await kinerja(
        "summary", "show", "--period", "2026-W47", "--lang", "en", env=env, cwd=tmp_path
    )
    assert "Summary 2026-W47 · Kecamatan Pauh" in english

    out = tmp_path / "iku.csv"
    code, _ = await kinerja(
        "export", "indicators", "--period", "2026-W47", "--out", str(out), env=env, cwd=tmp_path
    )
    assert code == 0
    with out.open(encoding="utf-8-sig") as file:
        rows = {(r["indicator"], r["unit_code"]): r for r in csv.DictReader(file)}
    assert rows[("IKM-UNIT", "PKM-PAUH-UMUM")]["realisation"] == "85.56"
    assert rows[("IKM", "PKM-PAUH")]["category"] == "Sangat Tinggi"

    report = tmp_path / "skm.xlsx"
    code, text = await kinerja(
        "report",
        "skm",
        "--unit",
        "PKM-PAUH-UMUM",
        "--period",
        "2026-Q4",
        "--out",
        str(report),
        env=env,
        cwd=tmp_path,
    )
    assert code == 0, text
    book = load_workbook(report, read_only=True)
    summary = {row[0]: row[1] for row in book["Ringkasan"].iter_rows(values_only=True)}
    assert summary["IKM"] == 85.56
    assert summary["Mutu pelayanan"] == "B"
    nrr = [row[4] for row in book["NRR per unsur"].iter_rows(min_row=2, values_only=True)]
    assert nrr == [3.6, 3.6, 3.0, 3.8, 3.4, 3.6, 3.8, 3.0, 3.0, None, None]  # then the totals
    book.close()


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_summary_send_is_idempotent_unless_resent(
    catalog_database: Database, database_url: str, tmp_path: Path
) -> None:
    await _seed(catalog_database)
    async with BotApiEmulator(token="123:abc") as emulator:
        andi = emulator.user(3001, "Andi")
        env = emulator_env(emulator, database_url)
        code, first = await kinerja(
            "summary", "send", "--period", "2026-W47", env=env, cwd=tmp_path
        )
        assert code == 0, first
        assert "1 terkirim, 0 sudah pernah dikirim" in first
        assert [m.event for m in andi.drain()] == ["sent", "sent"]  # text and chart
        code, second = await kinerja(
            "summary", "send", "--period", "2026-W47", env=env, cwd=tmp_path
        )
        assert "0 terkirim, 1 sudah pernah dikirim" in second
        assert andi.drain() == []
        code, third = await kinerja(
            "summary", "send", "--period", "2026-W47", "--resend", env=env, cwd=tmp_path
        )
        assert "1 terkirim" in third
        assert len(andi.drain()) == 2


async def test_a_summary_send_killed_midway_sends_each_unsent_summary_once_whole(
    catalog_database: Database, database_url: str, tmp_path: Path
) -> None:
    """SIGKILL while a summary is claimed but nothing of it has arrived: the next run reports
    it as pending (not as sent) and sends it, text and chart, once; the run after sends
    nothing. One summary at a time, so which ones were done at the kill is known."""
    await _seed(catalog_database)
    registered = datetime(2026, 10, 1, tzinfo=UTC)
    for name, nip, unit, user_id in (
        ("drg. Yudi Hartono", "198307212009031005", "PKM-PAUH-GIGI", 3003),
        ("dr. Sari Wulandari", "198102142006042004", "PKM-PAUH-UMUM", 3002),
    ):
        await seed.asn(catalog_database, name, nip, unit, user_id, registered, Role.SUPERVISOR)
    async with BotApiEmulator(token="123:abc") as emulator:
        # Sent in this order (by unit code): Andi, Yudi, Sari.
        andi, yudi, sari = emulator.user(3001), emulator.user(3003), emulator.user(3002)
        env = emulator_env(
            emulator,
            database_url,
            KINERJA_SUMMARY_CONCURRENCY="1",
            KINERJA_CLAIM_LEASE_SECONDS="2",
        )
        yudi.held = True  # his first message stalls: claimed, nothing delivered
        first = await start_kinerja(
            "summary", "send", "--period", "2026-W47", env=env, cwd=tmp_path, output=False
        )
        deadline = asyncio.get_running_loop().time() + 60
        while emulator.held_requests == 0:
            assert first.returncode is None, "the run ended before it was killed"
            assert asyncio.get_running_loop().time() < deadline
            await asyncio.sleep(0.02)
        first.send_signal(signal.SIGKILL)
        await first.wait()
        yudi.held = False
        assert [m.photo is not None for m in andi.drain()] == [False, True]
        assert yudi.drain() == sari.drain() == []

        code, second = await kinerja(
            "summary", "send", "--period", "2026-W47", env=env, cwd=tmp_path
        )
        assert code == 0, second
        assert andi.drain() == []
        for user in (yudi, sari):  # the whole summary, once, in its usual order
            assert [(m.event, m.photo is not None) for m in user.drain()] == [
                ("sent", False),
                ("sent", True),
            ]
        assert (
            ID.cli_summaries_sent(
                "2026-W47", sent=2, resumed=1, already_sent=1, pending=0, failed=0
            )
            in second
        )

        code, third = await kinerja(
            "summary", "send", "--period", "2026-W47", env=env, cwd=tmp_path
        )
        assert code == 0, third
        assert (
            ID.cli_summaries_sent(
                "2026-W47", sent=0, resumed=0, already_sent=3, pending=0, failed=0
            )
            in third
        )
        assert andi.drain() == yudi.drain() == sari.drain() == []


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_summary_send_keeps_within_the_sending_rate(
    catalog_database: Database, database_url: str, tmp_path: Path
) -> None:
    """The command sends through the bot's limiter: a burst answered 429 would cut summaries
    off after their text."""
    await _seed(catalog_database)
    registered = datetime(2026, 10, 1, tzinfo=UTC)
    await seed.asn(
        catalog_database,
        "drg. Yudi Hartono",
        "198307212009031005",
        "PKM-PAUH-GIGI",
        3003,
        registered,
        Role.SUPERVISOR,
    )
    async with BotApiEmulator(token="123:abc", max_messages_per_second=2) as emulator:
        users = [emulator.user(3001), emulator.user(3003)]
        env = emulator_env(emulator, database_url, KINERJA_MESSAGES_PER_SECOND="1.5")
        code, output = await kinerja(
            "summary", "send", "--period", "2026-W47", env=env, cwd=tmp_path
        )
        assert code == 0, output
        assert "2 terkirim" in output
        for user in users:
            assert [m.photo is not None for m in user.drain()] == [False, True]


def test_long_summaries_are_split_at_section_ends() -> None:
    sections = [Html(s) for s in ("judul", "a" * 3000, "b" * 2000, "\n".join(["c" * 100] * 60))]
    messages = pack(sections)
    assert all(len(m) <= MESSAGE_LIMIT for m in messages)
    assert messages[0] == "judul\n\n" + "a" * 3000
    assert "".join(messages).count("c" * 100) == 60


def _telegram_length(message: Html) -> int:
    return utf16_length(parse_html(message).text)


def test_summaries_are_measured_as_telegram_counts() -> None:
    """Markup and escapes do not count, an emoji outside the BMP counts two: a section of red
    markers is longer than its characters, a name full of escapes shorter than its source."""
    markers = Html("\n".join(["🔴 IKU"] * 300))  # 1,799 characters, 2,099 UTF-16 units
    names = Html("<b>" + "&lt;Kepala&gt; " * 300 + "</b>")  # 4,507 characters, 2,700 read
    messages = pack([markers, markers, names])
    assert all(_telegram_length(m) <= MESSAGE_LIMIT for m in messages)
    assert messages == [markers, markers, names]
    cut = pack([Html("<b>" + "&amp;" * 5000 + "</b>")])  # one line too long: cut, still valid
    assert [_telegram_length(m) for m in cut] == [MESSAGE_LIMIT]
