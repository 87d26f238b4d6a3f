"""/batal and the other ways out of a flow: each says what it cancelled and what stays, never a
shared "Dibatalkan." that could mean any of them (nor a refusal that names the wrong thing)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.texts import CATALOGUES, Texts
from db import models
from kinerja.complaints import TicketStatus
from kinerja.skm import ELEMENT_CODES
from kinerja.staff import ReportRefusal
from kinerja.survey import Status
from kinerja.types import Language, Role
from tests.bot.conftest import Harness
from tests.bot.personas import (
    ANDI_NIP,
    POLI_UMUM,
    RINA_NIP,
    SUPERVISOR_ID,
    add_staff,
    complain,
    invite,
    register,
)

ID = CATALOGUES[Language.ID]
EN = CATALOGUES[Language.EN]
LANGUAGES = [pytest.param(ID, id="id"), pytest.param(EN, id="en")]
SCORES = dict.fromkeys(ELEMENT_CODES, 3)
TICKET = "PKM-PAUH-2026-000001"


def _both(label: object) -> tuple[str, str]:
    name = label.__name__  # type: ignore[attr-defined]
    return getattr(ID, name)(), getattr(EN, name)()


async def _complaint(bot: Harness) -> models.Complaint:
    async with bot.application.bot_data.services.database.snapshot() as tx:
        complaint: models.Complaint | None = await tx.session.scalar(select(models.Complaint))
    assert complaint is not None
    return complaint


@pytest.mark.parametrize("texts", LANGUAGES)
async def test_cancelling_a_follow_up_says_the_ticket_stays_open_and_nothing_was_sent(
    bot: Harness, texts: Texts
) -> None:
    await add_staff(bot, SUPERVISOR_ID, Role.SUPERVISOR, "PKM-PAUH", "dr. Andi Pratama")
    andi = bot.user(SUPERVISOR_ID, "Andi", language_code=texts.language.value)
    citizen = bot.user(1201, "Warga")
    await complain(citizen, POLI_UMUM, SCORES, "20", "Toilet kotor", ID)
    await bot.settle()
    alert = await andi.next_message()
    for label in (texts.take_button, texts.close_button):  # the alert: in either language
        await andi.press(alert, next(b for b in alert.button_texts if b in _both(label)))
    assert (await andi.next_new_message()).text == texts.ask_follow_up(TICKET)

    await andi.send("/batal")
    cancelled = await andi.next_message()
    assert cancelled.text == texts.follow_up_cancelled(TICKET, TicketStatus.IN_PROGRESS)
    golden = {
        Language.ID: f"Dibatalkan: pengaduan {TICKET} belum ditutup dan tidak ada yang dikirim "
        "kepada pelapor. Statusnya tetap: sedang ditangani.",
        Language.EN: f"Cancelled: complaint {TICKET} is not closed and nothing was sent to the "
        "citizen. Its status stays: being handled.",
    }
    assert cancelled.plain == golden[texts.language]
    await andi.send("Sudah dibersihkan")  # no longer taken as the follow-up
    await andi.next_message()
    assert (await _complaint(bot)).status == TicketStatus.IN_PROGRESS
    await bot.settle()
    assert not any("Sudah dibersihkan" in m.content for m in bot.emulator.messages_in(1201))


@pytest.mark.parametrize("texts", LANGUAGES)
async def test_cancelling_feedback_says_it_was_not_sent(bot: Harness, texts: Texts) -> None:
    andi = bot.user(SUPERVISOR_ID, "Andi", language_code=texts.language.value)
    rina = bot.user(2001, "Rina")
    await register(bot, andi, Role.SUPERVISOR, "PKM-PAUH", ANDI_NIP, "dr. Andi Pratama")
    await register(bot, rina, Role.ASN, POLI_UMUM, RINA_NIP, "Rina Marlina")
    await rina.send("/lapor")
    await rina.press(await rina.next_new_message(), "Pasien dilayani")
    await rina.next_message()
    await rina.send("35")
    await rina.press(await rina.next_new_message(), ID.skip_note_button())
    await rina.press(await rina.next_message(), ID.skip_evidence_button())
    await rina.press(await rina.next_message(), ID.save_button())
    await rina.next_message()
    await bot.settle()

    await andi.send("/laporan")
    team = await andi.next_message()
    await andi.press(team, team.button_texts[0])
    detail = await andi.next_message()
    await andi.press(detail, texts.feedback_button())
    await andi.next_message()
    await andi.send("/batal")
    cancelled = await andi.next_message()
    assert cancelled.text == texts.feedback_cancelled("Rina Marlina")
    golden = {
        Language.ID: "Dibatalkan: umpan balik untuk Rina Marlina tidak dikirim.",
        Language.EN: "Cancelled: no feedback was sent to Rina Marlina.",
    }
    assert cancelled.plain == golden[texts.language]
    await bot.settle()
    await rina.expect_silence(0.2)


@pytest.mark.parametrize("texts", LANGUAGES)
async def test_cancelling_a_registration_says_the_account_is_not_registered(
    bot: Harness, texts: Texts
) -> None:
    rina = bot.user(2001, "Rina", language_code=texts.language.value)
    payload = await invite(bot, Role.ASN, POLI_UMUM, RINA_NIP, "Rina Marlina")
    await rina.start(payload)
    prompt = await rina.next_message()
    await rina.send("/batal")
    assert (await rina.next_message()).text == texts.registration_cancelled()

    # The prompt's button no longer works, and says so (not that the link is unknown).
    await rina.press(prompt, texts.invite_yes())
    await rina.expect_silence(0.3)
    answer = list(bot.emulator.callback_answers.values())[-1]
    assert answer["text"] == texts.stale_button()
    async with bot.application.bot_data.services.database.snapshot() as tx:
        person = await tx.session.scalar(select(models.Person).where(models.Person.nip == RINA_NIP))
    assert person is not None
    assert person.telegram_user_id is None

    await rina.start(payload)  # the link itself still works
    again = await rina.next_message()
    await rina.press(again, texts.invite_yes())
    assert (await rina.next_message()).text == texts.registered("Rina Marlina", Role.ASN)


@pytest.mark.parametrize("texts", LANGUAGES)
async def test_cancelling_a_survey_after_a_complaint_says_the_complaint_stays(
    bot: Harness, texts: Texts
) -> None:
    citizen = bot.user(1202, "Warga", language_code=texts.language.value)
    await complain(citizen, POLI_UMUM, SCORES, "20", "Antrean panjang", texts)
    await citizen.send("/batal")
    cancelled = await citizen.next_new_message()
    assert cancelled.text == texts.survey_cancelled(TICKET)
    stays = {
        Language.ID: f"Pengaduan Anda {TICKET} tetap tercatat dan akan ditindaklanjuti",
        Language.EN: f"Your complaint {TICKET} stays on record and will be followed up",
    }
    assert stays[texts.language] in cancelled.plain
    assert (await _complaint(bot)).status == TicketStatus.OPEN
    async with bot.application.bot_data.services.database.snapshot() as tx:
        response = await tx.session.scalar(select(models.SurveyResponse))
    assert response is not None
    assert response.status == Status.CANCELLED


@pytest.mark.parametrize("texts", LANGUAGES)
async def test_a_report_gone_from_a_supervisors_view_is_not_a_lapor_button(
    bot: Harness, texts: Texts
) -> None:
    """A team button on a report that is not (or no longer) the supervisor's to see: the refusal
    speaks of the report, not of /lapor, which the supervisor never started."""
    andi = bot.user(SUPERVISOR_ID, "Andi", language_code=texts.language.value)
    await register(bot, andi, Role.SUPERVISOR, "PKM-PAUH", ANDI_NIP, "dr. Andi Pratama")
    await andi.press_data(1, "t:r:999")
    await andi.expect_silence(0.3)
    answer = list(bot.emulator.callback_answers.values())[-1]
    assert answer["text"] == texts.report_refusal(ReportRefusal.REPORT_NOT_FOUND)
    assert "/lapor" not in answer["text"]
