"""The closed loop of a complaint after its alert: "Tangani" is offered once, "Tidak puas"
reopens the complaint and alerts the supervisors again, "Puas" leaves it closed."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.emulator import EmulatedUser, SentMessage
from bot.texts import CATALOGUES, Texts
from db import models
from kinerja.audit import AuditAction
from kinerja.complaints import MAX_REOPENS, ComplaintRefusal, TicketStatus
from kinerja.types import Language, Role
from tests.bot.conftest import Harness
from tests.bot.personas import (
    OTHER_PUSKESMAS,
    OTHER_SUPERVISOR_ID,
    POLI_UMUM,
    POLI_UMUM_NAME,
    PUSKESMAS,
    SUPERVISOR_ID,
    complain,
    popup,
    staff_speaking,
)
from tests.examples import FIVE_RESPONDENTS

ID = CATALOGUES[Language.ID]
SCORES = FIVE_RESPONDENTS[0]
TICKET = "PKM-PAUH-2026-000001"
TEXT = "Toilet kotor sejak pagi"
LANGUAGES = [pytest.param(language, id=language.value) for language in Language]
ANDI = "dr. Andi Pratama"


async def _complaint(harness: Harness) -> models.Complaint:
    async with harness.application.bot_data.services.database.snapshot() as tx:
        found: models.Complaint | None = await tx.session.scalar(select(models.Complaint))
    assert found is not None
    return found


def _buttons(harness: Harness, user: EmulatedUser, message: SentMessage) -> list[str]:
    current = harness.emulator.message(user.id, message.message_id)
    assert current is not None
    return current.button_texts


async def _complained(harness: Harness, texts: Texts, language: Language) -> EmulatedUser:
    """Siti completes the survey of Poli Umum with a complaint, no photo."""
    siti = harness.user(1201, "Siti", language_code=language.value)
    photo = await complain(siti, POLI_UMUM, SCORES, "15", TEXT, texts)
    await siti.press(photo, texts.no_photo_button())
    await siti.press(await siti.next_message(), texts.skip_button())
    assert (await siti.next_message()).text == texts.survey_thanks(TICKET)
    return siti


async def _close(
    harness: Harness, andi: EmulatedUser, alert: SentMessage, texts: Texts, note: str
) -> None:
    """Takes the complaint on from `alert` and closes it with `note`."""
    await andi.press(alert, texts.take_button())
    await andi.press(alert, texts.close_button())
    assert (await andi.next_new_message()).text == texts.ask_follow_up(TICKET)
    await andi.send(note)
    assert (await andi.next_new_message()).text == texts.complaint_closed(TICKET, True)
    await harness.settle()


@pytest.mark.parametrize("language", LANGUAGES)
async def test_tangani_is_offered_once_and_others_see_who_took_it(
    bot: Harness, language: Language
) -> None:
    texts = CATALOGUES[language]
    andi = await staff_speaking(bot, SUPERVISOR_ID, Role.SUPERVISOR, PUSKESMAS, ANDI, language)
    lina = await staff_speaking(
        bot, OTHER_SUPERVISOR_ID, Role.SUPERVISOR, POLI_UMUM, "dr. Lina Sari", language
    )
    outsider = await staff_speaking(
        bot, 3003, Role.SUPERVISOR, OTHER_PUSKESMAS, "dr. Rudi", language
    )
    await _complained(bot, texts, language)
    andi_alert, lina_alert = await andi.next_message(), await lina.next_message()
    take, close = texts.take_button(), texts.close_button()
    assert andi_alert.button_texts == lina_alert.button_texts == [take, close]

    await andi.press(andi_alert, take)
    await bot.settle()
    assert popup(bot, andi) == texts.complaint_taken(TICKET)
    assert _buttons(bot, andi, andi_alert) == [close]  # "Tangani" is gone

    # Lina's alert still shows "Tangani": tapping it says who has it, and brings it up to date.
    await lina.press(lina_alert, take)
    await bot.settle()
    assert popup(bot, lina) == texts.complaint_taken_by(TICKET, ANDI)
    assert _buttons(bot, lina, lina_alert) == [close]
    # The same tap again by Andi (a redelivery, an old copy): the same answer, nothing twice.
    await andi.press_data(andi_alert.message_id, andi_alert.buttons[0]["callback_data"])
    await bot.settle()
    assert popup(bot, andi) == texts.complaint_taken(TICKET)
    # Someone else's supervisor learns nothing, not even that it was taken, nor by whom.
    await outsider.press_data(andi_alert.message_id, andi_alert.buttons[0]["callback_data"])
    await bot.settle()
    assert popup(bot, outsider) == texts.complaint_refusal(ComplaintRefusal.NOT_FOUND)

    complaint = await _complaint(bot)
    assert complaint.status == TicketStatus.IN_PROGRESS
    async with bot.application.bot_data.services.database.snapshot() as tx:
        taken = await tx.session.scalars(
            select(models.AuditEntry).where(models.AuditEntry.action == AuditAction.COMPLAINT_TAKEN)
        )
        assert len(list(taken)) == 1

    # Andi closes it; Lina's "Tutup" then says so and leaves no buttons.
    await andi.press(andi_alert, close)
    await andi.next_new_message()
    await andi.send("Toilet dibersihkan.")
    await andi.next_new_message()
    await lina.press(lina_alert, close)
    await bot.settle()
    assert popup(bot, lina) == texts.complaint_refusal(ComplaintRefusal.ALREADY_CLOSED)
    assert _buttons(bot, lina, lina_alert) == []


@pytest.mark.parametrize("language", LANGUAGES)
async def test_tidak_puas_reopens_and_alerts_again_puas_keeps_it_closed(
    bot: Harness, language: Language
) -> None:
    texts = CATALOGUES[language]
    andi = await staff_speaking(bot, SUPERVISOR_ID, Role.SUPERVISOR, PUSKESMAS, ANDI, language)
    siti = await _complained(bot, texts, language)
    alert = await andi.next_message()
    first_answer = "Toilet sudah dibersihkan."
    await _close(bot, andi, alert, texts, first_answer)

    follow_up = await siti.next_message()
    assert follow_up.text == texts.follow_up_to_citizen(TICKET, first_answer)
    await siti.press(follow_up, texts.rating_label(1))  # "Tidak puas"
    reopened_note = await siti.next_message()
    assert reopened_note.message_id == follow_up.message_id
    assert reopened_note.text == texts.complaint_reopened_to_citizen(TICKET)
    assert reopened_note.buttons == []

    reopened = await andi.next_new_message()
    assert reopened.text == texts.complaint_reopened_alert(
        POLI_UMUM_NAME, TICKET, TEXT, first_answer, 1
    )
    assert texts.rating_label(1) in reopened.plain
    assert reopened.button_texts == [texts.take_button(), texts.close_button()]
    complaint = await _complaint(bot)
    assert (complaint.status, complaint.reopen_count, complaint.handling_rating) == (
        TicketStatus.REOPENED,
        1,
        1,
    )
    assert complaint.taken_by_id is None
    assert complaint.closed_at is None
    async with bot.application.bot_data.services.database.snapshot() as tx:
        [entry] = await tx.session.scalars(
            select(models.AuditEntry).where(
                models.AuditEntry.action == AuditAction.COMPLAINT_REOPENED
            )
        )
    assert (entry.actor, entry.subject, entry.details["rating"]) == ("citizen", TICKET, 1)
    await siti.send(f"/status {TICKET}")
    status = await siti.next_message()
    assert status.text == texts.ticket_status(
        TICKET, TicketStatus.REOPENED, complaint.created_at, first_answer
    )

    # The first answer's buttons rate nothing more (a replay of them).
    await siti.press_data(follow_up.message_id, f"r:{complaint.id}:4")
    await bot.settle()
    assert popup(bot, siti) == texts.complaint_refusal(ComplaintRefusal.ALREADY_RATED)

    second_answer = "Petugas kebersihan ditambah, toilet dicek tiap jam."
    await _close(bot, andi, reopened, texts, second_answer)
    second = await siti.next_message()
    assert second.text == texts.follow_up_to_citizen(TICKET, second_answer)
    await siti.press(second, texts.rating_label(3))  # "Puas"
    assert (await siti.next_message()).text == texts.rating_thanks()
    complaint = await _complaint(bot)
    assert (complaint.status, complaint.reopen_count, complaint.handling_rating) == (
        TicketStatus.CLOSED,
        1,
        3,
    )
    await andi.expect_silence()


async def test_a_complaint_reopens_at_most_twice_then_points_to_lapor(bot: Harness) -> None:
    andi = await staff_speaking(bot, SUPERVISOR_ID, Role.SUPERVISOR, PUSKESMAS, ANDI, Language.ID)
    siti = await _complained(bot, ID, Language.ID)
    alert = await andi.next_message()
    for round_ in range(MAX_REOPENS + 1):
        await _close(bot, andi, alert, ID, f"Jawaban ke-{round_ + 1}")
        await siti.press(await siti.next_message(), ID.rating_label(1))
        told = await siti.next_message()
        if round_ < MAX_REOPENS:
            assert told.text == ID.complaint_reopened_to_citizen(TICKET)
            alert = await andi.next_new_message()
    assert told.text == ID.reopen_limit_to_citizen(TICKET, MAX_REOPENS)
    assert told.buttons[0]["url"] == "https://www.lapor.go.id"
    complaint = await _complaint(bot)
    assert (complaint.status, complaint.reopen_count, complaint.handling_rating) == (
        TicketStatus.CLOSED,
        MAX_REOPENS,
        1,
    )
    await andi.expect_silence()
