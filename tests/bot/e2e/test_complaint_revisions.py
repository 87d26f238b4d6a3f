"""A citizen goes back in the survey and writes their complaint again, or withdraws it: one
survey response holds at most one complaint, and the supervisors hear of each change."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.texts import CATALOGUES, Texts
from db import models
from kinerja.audit import AuditAction
from kinerja.complaints import ComplaintRefusal, TicketStatus
from kinerja.survey import Note
from kinerja.types import Language, Role
from tests.bot.conftest import Harness
from tests.bot.personas import (
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
FIRST = "Antrean terlalu panjang"
SECOND = "Antrean dua jam dan loket tutup <b>lama</b>"
LANGUAGES = [pytest.param(language, id=language.value) for language in Language]


async def _complaints(harness: Harness) -> list[models.Complaint]:
    async with harness.application.bot_data.services.database.snapshot() as tx:
        found = await tx.session.scalars(select(models.Complaint).order_by(models.Complaint.id))
        return list(found)


async def _audit(harness: Harness, action: AuditAction) -> list[models.AuditEntry]:
    async with harness.application.bot_data.services.database.snapshot() as tx:
        found = await tx.session.scalars(
            select(models.AuditEntry).where(models.AuditEntry.action == action)
        )
        return list(found)


def _keep(texts: Texts) -> str:
    return "✓ " + texts.keep_complaint_button()


@pytest.mark.parametrize("language", LANGUAGES)
async def test_going_back_and_writing_again_edits_the_one_complaint(
    bot: Harness, language: Language
) -> None:
    texts = CATALOGUES[language]
    andi = await staff_speaking(
        bot, SUPERVISOR_ID, Role.SUPERVISOR, PUSKESMAS, "dr. Andi Pratama", language
    )
    siti = bot.user(1101, "Siti", language_code=language.value)
    photo = await complain(siti, POLI_UMUM, SCORES, "15", FIRST, texts)
    assert texts.survey_note(Note.COMPLAINT_RECORDED, TICKET) in (photo.text or "")
    first_alert = await andi.next_message()
    assert first_alert.text == texts.complaint_alert(POLI_UMUM_NAME, TICKET, FIRST, False)

    await siti.press(photo, texts.back_button())
    again = await siti.next_message()
    assert texts.complaint_written_question(TICKET, True) in (again.text or "")
    assert again.button_texts[:2] == [_keep(texts), texts.withdraw_complaint_button()]
    await siti.send(SECOND)
    photo = await siti.next_new_message()
    assert texts.survey_note(Note.COMPLAINT_EDITED, TICKET) in (photo.text or "")
    assert texts.photo_question() in (photo.text or "")

    edited = await andi.next_message()
    assert edited.event == "sent"  # a new message: an edit would notify nobody
    assert edited.text == texts.complaint_edited_alert(POLI_UMUM_NAME, TICKET, SECOND, False, False)
    assert edited.button_texts == [texts.take_button(), texts.close_button()]

    [complaint] = await _complaints(bot)
    assert (complaint.ticket, complaint.text, complaint.status) == (TICKET, SECOND, "open")
    assert len(await _audit(bot, AuditAction.COMPLAINT_EDITED)) == 1

    await siti.press(photo, texts.no_photo_button())
    await siti.press(await siti.next_message(), texts.skip_button())
    assert (await siti.next_message()).text == texts.survey_thanks(TICKET)
    await siti.send(f"/status {TICKET}")
    status = await siti.next_message()
    assert status.text == texts.ticket_status(TICKET, TicketStatus.OPEN, bot.clock(), None)
    await andi.expect_silence()


@pytest.mark.parametrize("language", LANGUAGES)
async def test_going_back_and_choosing_nothing_withdraws_it(
    bot: Harness, language: Language
) -> None:
    texts = CATALOGUES[language]
    andi = await staff_speaking(
        bot, SUPERVISOR_ID, Role.SUPERVISOR, PUSKESMAS, "dr. Andi Pratama", language
    )
    siti = bot.user(1102, "Siti", language_code=language.value)
    photo = await complain(siti, POLI_UMUM, SCORES, "15", FIRST, texts)
    first_alert = await andi.next_message()
    await siti.press(photo, texts.back_button())
    await siti.press(await siti.next_message(), texts.withdraw_complaint_button())
    importance = await siti.next_message()
    assert importance.event == "edited"
    assert texts.survey_note(Note.COMPLAINT_WITHDRAWN, None) in (importance.text or "")
    assert texts.importance_question() in (importance.text or "")  # no photo asked for it

    withdrawn = await andi.next_message()
    assert withdrawn.text == texts.complaint_withdrawn_alert(POLI_UMUM_NAME, TICKET)
    assert withdrawn.buttons == []
    [complaint] = await _complaints(bot)
    assert complaint.status == TicketStatus.WITHDRAWN
    assert complaint.text is None  # taken back by the citizen
    assert len(await _audit(bot, AuditAction.COMPLAINT_WITHDRAWN)) == 1

    # The first alert's "Tangani" now says so, and loses its buttons.
    await andi.press(first_alert, texts.take_button())
    await bot.settle()
    assert popup(bot, andi) == texts.complaint_refusal(ComplaintRefusal.WITHDRAWN)
    assert bot.emulator.message(andi.id, first_alert.message_id).buttons == []  # type: ignore[union-attr]

    await siti.press(importance, texts.skip_button())
    assert (await siti.next_message()).text == texts.survey_thanks(None)
    await siti.send(f"/status {TICKET}")
    status = await siti.next_message()
    assert status.text == texts.ticket_status(TICKET, TicketStatus.WITHDRAWN, bot.clock(), None)

    services = bot.application.bot_data.services
    start, end = bot.clock() - timedelta(days=1), bot.clock() + timedelta(days=1)
    async with services.database.snapshot() as tx:
        unit_ids = await tx.units.ids_of([PUSKESMAS, POLI_UMUM])
        counts = await tx.complaints.counts(unit_ids, start, end, end)
        listed = await tx.complaints.between(unit_ids, start, end)
    assert (counts.received, counts.closed, counts.overdue) == (0, 0, 0)
    assert listed == []


async def test_withdrawn_then_written_again_keeps_its_ticket(bot: Harness) -> None:
    andi = await staff_speaking(
        bot, SUPERVISOR_ID, Role.SUPERVISOR, PUSKESMAS, "dr. Andi Pratama", Language.ID
    )
    siti = bot.user(1103, "Siti")
    photo = await complain(siti, POLI_UMUM, SCORES, "15", FIRST, ID)
    await siti.press(photo, ID.back_button())
    await siti.press(await siti.next_message(), ID.withdraw_complaint_button())
    importance = await siti.next_message()
    await siti.press(importance, ID.back_button())  # over the photo, back to the complaint
    complaint_question = await siti.next_message()
    assert ID.complaint_question() in (complaint_question.text or "")
    assert complaint_question.button_texts[0] == ID.no_complaint_button()
    await siti.send(SECOND)
    photo = await siti.next_new_message()
    assert ID.survey_note(Note.COMPLAINT_RECORDED, TICKET) in (photo.text or "")
    assert ID.photo_question() in (photo.text or "")  # the withdrawn photo went with it

    andi.drain()
    await bot.settle()
    [*_, resubmitted] = bot.emulator.messages_in(andi.id)
    assert resubmitted.text == ID.complaint_edited_alert(
        POLI_UMUM_NAME, TICKET, SECOND, False, True
    )
    [complaint] = await _complaints(bot)
    assert (complaint.status, complaint.text) == (TicketStatus.OPEN, SECOND)


async def test_a_complaint_answered_meanwhile_stays_as_answered(bot: Harness) -> None:
    andi = await staff_speaking(
        bot, SUPERVISOR_ID, Role.SUPERVISOR, PUSKESMAS, "dr. Andi Pratama", Language.ID
    )
    siti = bot.user(1104, "Siti")
    photo = await complain(siti, POLI_UMUM, SCORES, "15", FIRST, ID)
    alert = await andi.next_message()
    await andi.press(alert, ID.close_button())
    await andi.next_new_message()
    await andi.send("Loket tambahan dibuka mulai besok.")
    await andi.next_new_message()
    await siti.next_new_message()  # the answer, in her chat

    await siti.press(photo, ID.back_button())
    again = await siti.next_message()
    assert ID.complaint_written_question(TICKET, False) in (again.text or "")
    assert again.button_texts[0] == _keep(ID)
    assert ID.withdraw_complaint_button() not in again.button_texts
    await siti.send(SECOND)
    refused = await siti.next_new_message()
    assert ID.survey_note(Note.COMPLAINT_ANSWERED, TICKET) in (refused.text or "")
    [complaint] = await _complaints(bot)
    assert (complaint.status, complaint.text) == (TicketStatus.CLOSED, FIRST)

    await siti.press(refused, _keep(ID))
    assert ID.photo_question() in ((await siti.next_message()).text or "")


async def test_hapus_blanks_the_edited_alerts_too(bot: Harness) -> None:
    await staff_speaking(bot, SUPERVISOR_ID, Role.SUPERVISOR, PUSKESMAS, "dr. Andi", Language.ID)
    siti = bot.user(1105, "Siti")
    photo = await complain(siti, POLI_UMUM, SCORES, "15", FIRST, ID)
    await siti.press(photo, ID.back_button())
    await siti.next_message()
    await siti.send(SECOND)
    await siti.next_new_message()
    await siti.send("/hapus")
    await siti.press(await siti.next_new_message(), ID.delete_yes())
    assert (await siti.next_message()).text == ID.delete_done(1, 1)
    async with bot.application.bot_data.services.database.snapshot() as tx:
        rows = (
            await tx.session.execute(
                select(models.OutboxMessage.kind, models.OutboxMessage.payload)
            )
        ).all()
    assert {kind for kind, _ in rows} == {"complaint", "complaint_edited"}
    assert all(payload["text"] is None for _, payload in rows)


@pytest.mark.parametrize("language", LANGUAGES)
async def test_withdrawing_on_the_last_step_says_so_above_the_thanks(
    bot: Harness, language: Language
) -> None:
    """At Farmasi (the short survey) the complaint and its photo are the last steps."""
    texts = CATALOGUES[language]
    siti = bot.user(1106, "Siti", language_code=language.value)
    await siti.start("u_PKM-PAUH-FARMASI")
    await siti.press(await siti.next_message(), texts.consent_agree())
    await siti.press(await siti.next_message(), texts.overall_label(2))
    await siti.press(await siti.next_message(), texts.waiting_range("<15"))
    await siti.next_message()
    await siti.send(FIRST)
    photo = await siti.next_new_message()
    ticket = "PKM-PAUH-2026-000001"
    await siti.press(photo, texts.back_button())
    await siti.press(await siti.next_message(), texts.withdraw_complaint_button())
    thanks = await siti.next_message()
    assert thanks.text == (
        texts.survey_note(Note.COMPLAINT_WITHDRAWN, None) + "\n\n" + texts.survey_thanks(None)
    )
    [complaint] = await _complaints(bot)
    assert (complaint.ticket, complaint.status) == (ticket, TicketStatus.WITHDRAWN)
