"""A supervisor's team end to end: the evidence photo behind a report, /laporan for an earlier
day, and one rule for who did not report in the summary, /laporan and the Excel sheet."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import select, update

from bot.emulator import EmulatedUser, SentMessage
from bot.files.catalogue import read_catalog
from bot.render import callback_data as cd
from bot.render import plain_text
from bot.runtime import jobs
from bot.runtime.context import KinerjaContext
from bot.texts import CATALOGUES, Texts
from db import models
from kinerja.audit import AuditAction
from kinerja.compliance import TeamCompliance
from kinerja.reporting import DayProblem
from kinerja.staff import ReportRefusal
from kinerja.types import Language, Metric, Role
from tests import seed
from tests.bot.conftest import Harness
from tests.bot.personas import (
    ANDI_NIP,
    ASN_ID,
    POLI_UMUM,
    PUSKESMAS,
    RINA_NIP,
    SUPERVISOR_ID,
    register,
    seed_rina,
)
from tests.conftest import EXAMPLE_CATALOG

ID = CATALOGUES[Language.ID]
EN = CATALOGUES[Language.EN]
LANGUAGES = [pytest.param(ID, id="id"), pytest.param(EN, id="en")]
PAUH = "Puskesmas Pauh"
SARI_NIP = "199505202020122004"
SARI_ID = 2004
LINA_ID = 3002
METRICS = {m.code: m for m in read_catalog(EXAMPLE_CATALOG).metrics}
PASIEN: Metric = METRICS["pasien_dilayani"]
TANGAN: Metric = METRICS["kebersihan_tangan"]
FRI_20, SAT_21, MON_23, TUE_24, WED_25 = (
    date(2026, 11, 20),
    date(2026, 11, 21),
    date(2026, 11, 23),
    date(2026, 11, 24),
    date(2026, 11, 25),
)


def _user(harness: Harness, user_id: int, name: str, texts: Texts) -> EmulatedUser:
    return harness.user(user_id, name, language_code=texts.language.value)


async def _choose_language(harness: Harness, user: EmulatedUser, texts: Texts) -> None:
    """/bahasa, so that what the bot sends on its own (the weekly summary) is in it too."""
    await user.send("/bahasa")
    await user.press_data((await user.next_message()).message_id, cd.language(texts.language))
    await user.next_message()
    await harness.settle()


async def _report_with_photo(
    harness: Harness, user: EmulatedUser, texts: Texts, value: str, photo: bytes
) -> None:
    """/lapor of patients served, the photo sent where the note is asked (it means no note)."""
    await user.send("/lapor")
    await user.press(await user.next_new_message(), texts.metric_name(PASIEN))
    await user.next_message()
    await user.send(value)
    await user.next_new_message()
    await user.send_photo(photo)
    await user.press(await user.next_new_message(), texts.save_button())
    await user.next_message()
    await harness.settle()


async def _person_id(harness: Harness, telegram_user_id: int) -> int:
    async with harness.application.bot_data.services.database.snapshot() as tx:
        person = await tx.staff.holder_of(telegram_user_id)
    assert person is not None
    return person.id


async def _report_id(harness: Harness, metric: Metric) -> int:
    async with harness.application.bot_data.services.database.snapshot() as tx:
        [found] = [
            r
            for r in await tx.reports.between(first=date(2026, 1, 1), last=date(2026, 12, 31))
            if r.metric.code == metric.code
        ]
    return found.id


async def _audited(harness: Harness, action: AuditAction) -> list[tuple[str, str]]:
    async with harness.application.bot_data.services.database.snapshot() as tx:
        entries = await tx.session.scalars(
            select(models.AuditEntry).where(models.AuditEntry.action == action.value)
        )
        return [(e.actor, e.subject) for e in entries]


def _answer(harness: Harness) -> dict[str, Any]:
    """The latest answerCallbackQuery: its text and whether it was a pop-up."""
    return list(harness.emulator.callback_answers.values())[-1]


async def _detail(andi: EmulatedUser, team: SentMessage, button: str) -> SentMessage:
    await andi.press(team, button)
    return await andi.next_message()


# ------------------------------------------------------------------------------ evidence


@pytest.mark.parametrize("texts", LANGUAGES)
async def test_the_supervisor_opens_the_evidence_photo_before_verifying(
    bot: Harness, texts: Texts
) -> None:
    andi, rina = _user(bot, SUPERVISOR_ID, "Andi", texts), _user(bot, ASN_ID, "Rina", texts)
    await register(bot, andi, Role.SUPERVISOR, PUSKESMAS, ANDI_NIP, "dr. Andi Pratama")
    await register(bot, rina, Role.ASN, POLI_UMUM, RINA_NIP, "Rina Marlina")
    photo = b"\xff\xd8 buku register Poli Umum, 25 November"
    await _report_with_photo(bot, rina, texts, "35", photo)
    database = bot.application.bot_data.services.database
    await seed.report(database, await _person_id(bot, ASN_ID), TANGAN.code, WED_25, 17, 20)

    await andi.send("/laporan")
    team = await andi.next_message()
    pasien = next(b for b in team.button_texts if texts.metric_name(PASIEN) in b)
    detail = await _detail(andi, team, pasien)
    assert detail.button_texts == [
        texts.evidence_button(),
        texts.verify_button(),
        texts.feedback_button(),
    ]
    await andi.press(detail, texts.evidence_button())
    evidence = await andi.next_message()
    assert evidence.photo == photo
    assert evidence.caption == texts.evidence_caption(
        "Rina Marlina", PASIEN, WED_25, texts.quantity(PASIEN, Decimal(35), None)
    )
    assert await _audited(bot, AuditAction.REPORT_EVIDENCE_VIEWED) == [
        ("person:" + str(await _person_id(bot, SUPERVISOR_ID)), str(await _report_id(bot, PASIEN)))
    ]
    await andi.press(detail, texts.verify_button())  # seen, then verified
    assert texts.evidence_button() in (await andi.next_message()).button_texts

    tangan = next(b for b in team.button_texts if texts.metric_name(TANGAN) in b)
    assert texts.evidence_button() not in (await _detail(andi, team, tangan)).button_texts


async def test_evidence_kept_as_a_document_is_sent_as_one(bot: Harness) -> None:
    """A file Telegram holds as a document cannot go out by sendPhoto ("type of file
    mismatch"): the same file goes out by sendDocument."""
    andi = bot.user(SUPERVISOR_ID, "Andi")
    await register(bot, andi, Role.SUPERVISOR, PUSKESMAS, ANDI_NIP, "dr. Andi Pratama")
    database = bot.application.bot_data.services.database
    rina = await seed_rina(database, datetime(2026, 10, 1, tzinfo=UTC))
    scan = b"%PDF-1.7 surat tugas"
    file_id = bot.emulator.store_file(scan, "document")
    await seed.report(database, rina, PASIEN.code, WED_25, 35, evidence_file_id=file_id)
    await andi.send("/laporan")
    team = await andi.next_message()
    detail = await _detail(andi, team, team.button_texts[0])
    await andi.press(detail, ID.evidence_button())
    sent = await andi.next_message()
    assert sent.document == scan
    assert sent.caption == ID.evidence_caption(
        "Rina Marlina", PASIEN, WED_25, ID.quantity(PASIEN, Decimal(35), None)
    )


async def test_evidence_no_longer_there_is_said_so(bot: Harness) -> None:
    """A file id Telegram no longer knows, and evidence the retention period removed after the
    detail was shown: the supervisor is told, nothing breaks."""
    andi = bot.user(SUPERVISOR_ID, "Andi")
    await register(bot, andi, Role.SUPERVISOR, PUSKESMAS, ANDI_NIP, "dr. Andi Pratama")
    database = bot.application.bot_data.services.database
    rina = await seed_rina(database, datetime(2026, 10, 1, tzinfo=UTC))
    await seed.report(database, rina, PASIEN.code, WED_25, 35, evidence_file_id="Fforgotten")
    await andi.send("/laporan")
    team = await andi.next_message()
    detail = await _detail(andi, team, team.button_texts[0])
    await andi.press(detail, ID.evidence_button())
    assert (await andi.next_message()).text == ID.evidence_gone()

    async with database.transaction() as tx:
        await tx.session.execute(
            update(models.AsnReport).values(evidence_file_id=None)
        )  # what retention does
    await andi.press(detail, ID.evidence_button())
    await bot.settle()
    assert (_answer(bot)["text"], _answer(bot)["show_alert"]) == (
        plain_text(ID.evidence_gone()),
        "true",
    )
    await andi.expect_silence(0.2)


async def test_only_supervisors_of_the_unit_see_the_evidence(bot: Harness) -> None:
    andi, rina = bot.user(SUPERVISOR_ID, "Andi"), bot.user(ASN_ID, "Rina")
    lina = bot.user(LINA_ID, "Lina")
    await register(bot, andi, Role.SUPERVISOR, PUSKESMAS, ANDI_NIP, "dr. Andi Pratama")
    await register(bot, lina, Role.SUPERVISOR, "PKM-LBUKIT", "198001012006042001", "dr. Lina")
    await register(bot, rina, Role.ASN, POLI_UMUM, RINA_NIP, "Rina Marlina")
    await _report_with_photo(bot, rina, ID, "35", b"\xff\xd8 foto")
    report = await _report_id(bot, PASIEN)
    forged = cd.team(cd.TeamAction.EVIDENCE, report)

    await lina.press_data(1, forged)  # another puskesmas: as if the report did not exist
    await bot.settle()
    assert _answer(bot)["text"] == plain_text(ID.report_refusal(ReportRefusal.REPORT_NOT_FOUND))
    await rina.press_data(1, forged)  # the ASN herself is no supervisor
    await bot.settle()
    assert _answer(bot)["text"] == plain_text(ID.not_allowed())
    await lina.expect_silence(0.2)
    assert await _audited(bot, AuditAction.REPORT_EVIDENCE_VIEWED) == []
    assert [m for m in bot.emulator.messages_in(LINA_ID) if m.photo is not None] == []
    assert [m for m in bot.emulator.messages_in(ASN_ID) if m.photo is not None] == []


# ------------------------------------------------------------------------------ earlier days


async def _week_of_rina(harness: Harness) -> None:
    """Rina, registered on Thursday 19 November, reported that day, Saturday 21 (a Saturday
    clinic), Monday 23 and Tuesday 24; not on Friday 20."""
    database = harness.application.bot_data.services.database
    rina = await seed_rina(database, datetime(2026, 11, 19, 1, 0, tzinfo=UTC))
    for day in (date(2026, 11, 19), SAT_21, MON_23, TUE_24):
        await seed.report(database, rina, PASIEN.code, day, 30)


def _day(
    texts: Texts,
    day: date,
    reports: int,
    missing: list[tuple[str, int]],
    unit: str = PAUH,
) -> str:
    return texts.team_day(
        unit,
        day,
        working_day=day.weekday() < 5,
        has_asn=True,
        anyone_expected=day.weekday() < 5,
        reports=reports,
        missing=missing,
        on_leave=[],
    )


@pytest.mark.parametrize("texts", LANGUAGES)
async def test_laporan_for_an_earlier_day_typed_or_by_buttons(bot: Harness, texts: Texts) -> None:
    andi = _user(bot, SUPERVISOR_ID, "Andi", texts)
    await register(bot, andi, Role.SUPERVISOR, PUSKESMAS, ANDI_NIP, "dr. Andi Pratama")
    await _week_of_rina(bot)
    yesterday = "kemarin" if texts is ID else "yesterday"

    for typed, day, reports in (
        ("2026-11-23", MON_23, 1),
        ("23/11", MON_23, 1),
        ("23.11.2026", MON_23, 1),
        (yesterday, TUE_24, 1),
        ("20-11-2026", FRI_20, 0),
    ):
        await andi.send(f"/laporan {typed}")
        shown = await andi.next_message()
        missing = [("Rina Marlina", 1)] if day == FRI_20 else []
        assert shown.text == _day(texts, day, reports, missing), typed
    await andi.send("/laporan PKM-PAUH-UMUM 2026-11-23")
    assert (await andi.next_message()).text == _day(
        texts, MON_23, 1, [], "Poli Umum (Puskesmas Pauh)"
    )

    await andi.send("/laporan 23/11")
    monday = await andi.next_message()
    rina_report = texts.team_report_button(
        "Rina Marlina", PASIEN, texts.quantity(PASIEN, Decimal(30), None), False
    )
    assert monday.button_texts == [
        rina_report,
        texts.previous_day_button(SAT_21),  # a day with a report, though not a working day
        texts.next_day_button(TUE_24),
    ]
    for label, day, reports, missing in (
        (texts.previous_day_button(SAT_21), SAT_21, 1, []),
        (texts.previous_day_button(FRI_20), FRI_20, 0, [("Rina Marlina", 1)]),
        (texts.next_day_button(SAT_21), SAT_21, 1, []),
        (texts.next_day_button(MON_23), MON_23, 1, []),
        (texts.next_day_button(TUE_24), TUE_24, 1, []),
        (texts.next_day_button(WED_25), WED_25, 0, [("Rina Marlina", 1)]),
    ):
        await andi.press(monday, label)
        edited = await andi.next_message()
        assert (edited.event, edited.message_id) == ("edited", monday.message_id)
        assert edited.text == _day(texts, day, reports, missing), label
    assert edited.button_texts == [texts.previous_day_button(TUE_24)]  # today: nothing after


@pytest.mark.parametrize("texts", LANGUAGES)
@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        pytest.param("2026-13-45", DayProblem.UNREADABLE, id="month-13"),
        pytest.param("31/2", DayProblem.UNREADABLE, id="31-february"),
        pytest.param("1/1/1999", DayProblem.UNREADABLE, id="before-2000"),
        pytest.param("2026-11-23 2026-11-24", DayProblem.UNREADABLE, id="two-days"),
        pytest.param("PKM-PAUH 2026-11-23 lagi", DayProblem.UNREADABLE, id="extra-word"),
        pytest.param("2026-11-26", DayProblem.FUTURE, id="tomorrow-by-date"),
        pytest.param("besok", DayProblem.FUTURE, id="besok"),
        pytest.param("tomorrow", DayProblem.FUTURE, id="tomorrow"),
    ],
)
async def test_a_bad_day_is_refused_politely(
    bot: Harness, texts: Texts, typed: str, problem: DayProblem
) -> None:
    andi = _user(bot, SUPERVISOR_ID, "Andi", texts)
    await register(bot, andi, Role.SUPERVISOR, PUSKESMAS, ANDI_NIP, "dr. Andi Pratama")
    await andi.send(f"/laporan {typed}")
    assert (await andi.next_message()).text == texts.team_day_problem(problem)


async def test_day_buttons_cannot_be_forged_into_the_future_or_another_unit(
    bot: Harness,
) -> None:
    andi = bot.user(SUPERVISOR_ID, "Andi")
    await register(bot, andi, Role.SUPERVISOR, PUSKESMAS, ANDI_NIP, "dr. Andi Pratama")
    database = bot.application.bot_data.services.database
    pauh, lbukit = (
        await seed.unit_id(database, PUSKESMAS),
        await seed.unit_id(database, "PKM-LBUKIT"),
    )
    await andi.send("/laporan")
    today = await andi.next_message()
    for data, answer in (
        (cd.team_day(pauh, date(2026, 11, 26)), ID.team_day_problem(DayProblem.FUTURE)),
        (cd.team_day(lbukit, MON_23), ID.report_refusal(ReportRefusal.NOT_IN_SCOPE)),
    ):
        await andi.press_data(today.message_id, data)
        await bot.settle()
        assert (_answer(bot)["text"], _answer(bot)["show_alert"]) == (plain_text(answer), "true")
    await andi.expect_silence(0.2)


# ------------------------------------------------------------------------------ one rule


async def _sheet(
    andi: EmulatedUser, summary: SentMessage, texts: Texts
) -> dict[str, dict[str, Any]]:
    """The "Kepatuhan ASN" sheet of the summary's workbook, by name."""
    await andi.press(summary, texts.xlsx_button())
    document = await andi.next_new_message()
    assert document.document is not None
    book = load_workbook(io.BytesIO(document.document), read_only=True)
    header, *rows = book["Kepatuhan ASN"].iter_rows(values_only=True)
    book.close()
    return {str(row[0]): dict(zip(header, row, strict=True)) for row in rows}


@pytest.mark.parametrize("texts", LANGUAGES)
async def test_a_newly_registered_asn_counts_alike_in_summary_laporan_and_excel(
    bot: Harness, texts: Texts
) -> None:
    """Sari registers on Wednesday 18 November and reports nothing: the summary, /laporan of
    that Friday and the Excel sheet all count three working days missed, not five."""
    bot.clock.now = datetime(2026, 11, 16, 1, 0, tzinfo=UTC)  # Monday: Andi is there all week
    andi = _user(bot, SUPERVISOR_ID, "Andi", texts)
    await register(bot, andi, Role.SUPERVISOR, PUSKESMAS, ANDI_NIP, "dr. Andi Pratama")
    await _choose_language(bot, andi, texts)
    database = bot.application.bot_data.services.database
    rina = await seed_rina(database, datetime(2026, 10, 1, tzinfo=UTC))
    for day in range(5):
        await seed.report(database, rina, PASIEN.code, date(2026, 11, 16) + timedelta(day), 80)
    bot.clock.now = datetime(2026, 11, 18, 3, 0, tzinfo=UTC)  # Wednesday, 10:00 WIB
    sari = _user(bot, SARI_ID, "Sari", texts)
    await register(bot, sari, Role.ASN, "PKM-PAUH-KIA", SARI_NIP, "Sari Dewi")

    bot.clock.now = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)  # Friday, 17:00 WIB
    compliance = texts.summary_compliance(
        TeamCompliance(asn=2, expected=8, reported=5, absent=(("Sari Dewi", 3),))
    )
    await andi.send("/rekap")
    summary = await andi.next_message()
    assert compliance in (summary.text or "")
    await andi.next_message()  # the chart
    sheet = await _sheet(andi, summary, texts)
    counts = {
        name: (row["hari_kerja"], row["hari_melapor"], row["hari_tidak_melapor"])
        for name, row in sheet.items()
    }
    assert counts == {"Rina Marlina": (5, 5, 0), "Sari Dewi": (3, 0, 3)}
    assert sheet["Sari Dewi"]["terdaftar"] == "2026-11-18"
    await andi.send("/laporan")
    assert (await andi.next_message()).text == _day(texts, FRI_20, 1, [("Sari Dewi", 3)])

    bot.clock.now = datetime(2026, 11, 23, 0, 0, tzinfo=UTC)  # Monday 07:00 WIB: week 47 closed
    await jobs.weekly_summaries(KinerjaContext(bot.application))
    weekly = await andi.next_message()
    assert compliance in (weekly.text or "")
    await andi.next_message()  # the chart
    assert await _sheet(andi, weekly, texts) == sheet
    await andi.send("/laporan 2026-11-20")
    assert (await andi.next_message()).text == _day(texts, FRI_20, 1, [("Sari Dewi", 3)])


@pytest.mark.parametrize("texts", LANGUAGES)
async def test_a_puskesmas_without_asn_says_so(bot: Harness, texts: Texts) -> None:
    lina = _user(bot, LINA_ID, "Lina", texts)
    await register(bot, lina, Role.SUPERVISOR, "PKM-LBUKIT", "198001012006042001", "dr. Lina")
    await lina.send("/rekap")
    summary = await lina.next_message()
    nobody = texts.summary_compliance(TeamCompliance(asn=0, expected=0, reported=0))
    assert nobody in (summary.text or "")
    assert ("Belum ada ASN terdaftar" if texts is ID else "No civil servants") in nobody
    await lina.next_message()  # the chart
    await lina.send("/laporan")
    assert (await lina.next_message()).text == texts.team_day(
        "Puskesmas Lambung Bukit",
        WED_25,
        working_day=True,
        has_asn=False,
        anyone_expected=False,
        reports=0,
        missing=[],
        on_leave=[],
    )
    assert ("Belum ada ASN terdaftar" if texts is ID else "No civil servants") in (
        lina.last_message.text or ""
    )
