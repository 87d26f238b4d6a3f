"""The citizen survey end to end, in both languages, with what it leaves in the database."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from bot.texts import CATALOGUES, Texts
from db import models
from kinerja.complaints import ComplaintRefusal, TicketStatus
from kinerja.skm import ELEMENT_CODES, OFFICIAL_LABELS
from kinerja.survey import AnswerProblem, Flag, Note, Refusal, Status
from kinerja.tokens import issue_visit_token
from kinerja.types import Language, Role
from tests.bot.conftest import Harness
from tests.bot.personas import (
    ASN_ID,
    OTHER_PUSKESMAS,
    OTHER_SUPERVISOR_ID,
    POLI_UMUM,
    POLI_UMUM_NAME,
    add_staff,
    answer_elements,
    answer_survey,
    complain,
    open_survey,
    rate_unit,
    supervisor,
    walk_survey,
)
from tests.examples import FIVE_RESPONDENTS

ID = CATALOGUES[Language.ID]
EN = CATALOGUES[Language.EN]
SCORES = FIVE_RESPONDENTS[0]


async def _responses(harness: Harness) -> list[models.SurveyResponse]:
    async with harness.application.bot_data.services.database.snapshot() as tx:
        return list(await tx.session.scalars(select(models.SurveyResponse)))


async def _answers(harness: Harness, response_id: int) -> dict[str, int]:
    async with harness.application.bot_data.services.database.snapshot() as tx:
        rows = await tx.session.execute(
            select(models.SurveyAnswer.element_code, models.SurveyAnswer.value).where(
                models.SurveyAnswer.response_id == response_id
            )
        )
        return {row[0]: row[1] for row in rows}


async def _unit_id(harness: Harness, code: str) -> int:
    async with harness.application.bot_data.services.database.snapshot() as tx:
        unit_id = await tx.session.scalar(
            select(models.OrgUnit.id).where(models.OrgUnit.code == code)
        )
    assert unit_id is not None
    return unit_id


async def test_full_survey_in_indonesian(bot: Harness) -> None:
    siti = bot.user(1001, "Siti")
    await siti.start(f"u_{POLI_UMUM}")
    notice = await siti.next_message()
    assert notice.text == ID.consent_notice(POLI_UMUM_NAME, 365, False, 12)
    await siti.press(notice, ID.consent_agree())

    first = await siti.next_message()
    assert first.event == "edited"  # one message, edited in place
    assert first.message_id == notice.message_id
    assert ID.element_question("U1") in (first.text or "")
    assert first.button_texts[:4] == list(OFFICIAL_LABELS["U1"])

    waiting = await answer_elements(siti, SCORES, ID)
    assert ID.waiting_question() in (waiting.text or "")
    await siti.press(waiting, ID.waiting_range("15-30"))
    complaint = await siti.next_message()
    await siti.press(complaint, ID.no_complaint_button())
    importance = await siti.next_message()  # no complaint, so no photo question
    assert ID.importance_question() in (importance.text or "")
    await siti.press(importance, ID.element_name("U7"))
    thanks = await siti.next_message()
    assert thanks.text == ID.survey_thanks(None)
    assert thanks.message_id == notice.message_id

    [response] = await _responses(bot)
    assert response.status == Status.COMPLETED
    assert response.waiting_minutes == 22
    assert response.important_element == "U7"
    assert response.verified is False
    assert response.flags == ""
    assert response.respondent_hash is not None
    assert str(1001) not in response.respondent_hash
    assert await _answers(bot, response.id) == SCORES


async def test_full_survey_in_english_with_a_complaint_closed_by_a_supervisor(bot: Harness) -> None:
    andi = await supervisor(bot)
    john = bot.user(1002, "John", language_code="en")
    await open_survey(john, POLI_UMUM, EN)
    without_u9 = {code: score for code, score in SCORES.items() if code != "U9"}
    u9 = await answer_elements(john, without_u9, EN)
    assert EN.element_question("U9") in (u9.text or "")
    await john.press(u9, EN.skip_button())  # U9 may be skipped at this unit
    waiting = await john.next_message()

    await john.send("45")
    complaint_question = await john.next_new_message()
    assert EN.complaint_question() in (complaint_question.text or "")
    await john.send("The toilet was dirty <b>really</b>")
    photo_question = await john.next_new_message()
    ticket = "PKM-PAUH-2026-000001"
    assert EN.survey_note(Note.COMPLAINT_RECORDED, ticket) in (photo_question.text or "")

    alert = await andi.next_message()
    assert alert.text == ID.complaint_alert(
        POLI_UMUM_NAME, ticket, "The toilet was dirty <b>really</b>", False
    )
    assert alert.plain.endswith("\n\nThe toilet was dirty <b>really</b>")  # shown as typed
    await john.send_photo(b"\xff\xd8 a dirty toilet")
    importance = await john.next_new_message()
    assert EN.survey_note(Note.PHOTO_RECORDED, None) in (importance.text or "")
    photo_alert = await andi.next_message()
    assert photo_alert.photo == b"\xff\xd8 a dirty toilet"
    await john.press(importance, EN.element_name("U8"))
    assert (await john.next_message()).text == EN.survey_thanks(ticket)
    assert waiting.message_id != importance.message_id  # typed input moved the survey down

    await andi.press(alert, ID.take_button())
    await andi.press(alert, ID.close_button())
    assert (await andi.next_new_message()).text == ID.ask_follow_up(ticket)
    await andi.send("Toilet sudah dibersihkan dan dijadwalkan tiap 2 jam.")
    assert (await andi.next_message()).text == ID.complaint_closed(ticket, True)

    follow_up = await john.next_message()
    assert follow_up.text == EN.follow_up_to_citizen(
        ticket, "Toilet sudah dibersihkan dan dijadwalkan tiap 2 jam."
    )
    await john.press(follow_up, EN.rating_label(4))
    assert (await john.next_message()).text == EN.rating_thanks()

    await john.send(f"/status {ticket.lower()}")
    status = await john.next_message()
    assert "followed up and closed" in (status.text or "")

    [response] = await _responses(bot)
    assert response.skipped == "U9"
    assert "U9" not in await _answers(bot, response.id)
    async with bot.application.bot_data.services.database.snapshot() as tx:
        complaint = await tx.session.scalar(select(models.Complaint))
    assert complaint is not None
    assert complaint.status == TicketStatus.CLOSED
    assert complaint.handling_rating == 4
    assert complaint.photo_file_id is not None


async def test_a_survey_resumes_after_a_restart(bot: Harness) -> None:
    siti = bot.user(1003, "Siti")
    await answer_survey(siti, POLI_UMUM, {"U1": 4, "U2": 3, "U3": 2}, ID)

    await bot.restart()
    await siti.start(f"u_{POLI_UMUM}")
    resumed = await siti.next_new_message()
    assert ID.survey_note(Note.RESUMED, None) in (resumed.text or "")
    assert ID.element_question("U4") in (resumed.text or "")
    [response] = await _responses(bot)
    assert await _answers(bot, response.id) == {"U1": 4, "U2": 3, "U3": 2}


async def test_back_changes_the_previous_answer(bot: Harness) -> None:
    siti = bot.user(1004, "Siti")
    u3 = await answer_survey(siti, POLI_UMUM, {"U1": 4, "U2": 2}, ID)
    await siti.press(u3, ID.back_button())
    u2 = await siti.next_message()
    assert ID.element_question("U2") in (u2.text or "")
    assert "✓ Kurang mudah" in u2.button_texts
    await siti.press(u2, "Mudah")
    assert ID.element_question("U3") in ((await siti.next_message()).text or "")
    [response] = await _responses(bot)
    assert await _answers(bot, response.id) == {"U1": 4, "U2": 3}


async def test_visit_tokens_are_single_use_and_signed(bot: Harness) -> None:
    services = bot.application.bot_data.services
    unit_id = await _unit_id(bot, POLI_UMUM)
    token = issue_visit_token(services.secret, unit_id, bot.clock(), nonce=7)
    assert len(token) <= 64

    siti = bot.user(1005, "Siti")
    await siti.start(token)
    notice = await siti.next_message()
    await siti.press(notice, ID.consent_agree())
    await siti.next_message()
    [response] = await _responses(bot)
    assert response.verified is True

    budi = bot.user(1006, "Budi")
    await budi.start(token)  # the same ticket, replayed
    used = await budi.next_message()
    assert used.text == ID.survey_refusal(Refusal.VISIT_USED, POLI_UMUM_NAME)
    await budi.press(used, ID.poster_button())
    assert (await budi.next_message()).text == ID.consent_notice(POLI_UMUM_NAME, 365, False, 12)

    old = issue_visit_token(services.secret, unit_id, bot.clock() - timedelta(hours=25), nonce=8)
    await budi.start(old)
    assert (await budi.next_message()).text == ID.survey_refusal(
        Refusal.VISIT_EXPIRED, POLI_UMUM_NAME
    )
    forged = issue_visit_token(b"not-our-secret", unit_id, bot.clock(), nonce=9)
    await budi.start(forged)
    assert (await budi.next_message()).text == ID.survey_refusal(
        Refusal.VISIT_FORGED, POLI_UMUM_NAME
    )
    await budi.start("t_garbage")
    assert (await budi.next_message()).text == ID.survey_refusal(Refusal.VISIT_FORGED, None)


async def _complete_quickly(harness: Harness, user_id: int, scores: dict[str, int]) -> None:
    await rate_unit(harness.user(user_id, "Warga"), scores, ID)


async def test_one_response_per_citizen_per_unit_per_day(bot: Harness) -> None:
    await _complete_quickly(bot, 1007, SCORES)
    siti = bot.emulator.users[1007]
    await siti.start(f"u_{POLI_UMUM}")
    assert (await siti.next_message()).text == ID.survey_refusal(
        Refusal.ALREADY_ANSWERED, POLI_UMUM_NAME
    )
    await bot.settle()
    bot.clock.advance(timedelta(days=1))
    await siti.start(f"u_{POLI_UMUM}")
    assert (await siti.next_message()).text == ID.consent_notice(POLI_UMUM_NAME, 365, False, 12)


async def test_declining_stores_nothing(bot: Harness) -> None:
    siti = bot.user(1008, "Siti")
    await siti.start(f"u_{POLI_UMUM}")
    await siti.press(await siti.next_message(), ID.consent_decline())
    assert (await siti.next_message()).text == ID.consent_declined()
    assert await _responses(bot) == []


async def test_bad_input_is_answered_politely_and_changes_nothing(bot: Harness) -> None:
    siti = bot.user(1009, "Siti")
    u1 = await open_survey(siti, POLI_UMUM, ID)
    await siti.send("bagus sekali")  # text where a button is expected
    again = await siti.next_new_message()
    assert ID.survey_note(Note.NEED_BUTTON, None) in (again.text or "")
    assert ID.element_question("U1") in (again.text or "")
    assert bot.emulator.message(siti.id, u1.message_id).buttons == []  # type: ignore[union-attr]

    await siti.press(again, OFFICIAL_LABELS["U1"][3])
    await siti.next_message()
    [response] = await _responses(bot)
    # a replayed tap for U1, a forged response id, a forged value, another unit's consent
    for data in (
        f"s:{response.id}:U1:2",
        f"s:{response.id + 1}:U2:4",
        f"s:{response.id}:U2:9",
        "s:x:U2:4",
        "c:y:99999:-",
        "c:y:1:bad token",
    ):
        await siti.press_data(again.message_id, data)
    await siti.expect_silence(0.3)
    assert await _answers(bot, response.id) == {"U1": 4}

    await siti.send_sticker()
    assert (await siti.next_message()).text == ID.unsupported_message()
    assert ID.element_question("U2") in ((await siti.next_new_message()).text or "")
    await siti.send_voice()
    assert (await siti.next_message()).text == ID.unsupported_message()


async def test_waiting_time_is_validated_when_typed(bot: Harness) -> None:
    siti = bot.user(1010, "Siti")
    await answer_survey(siti, POLI_UMUM, SCORES, ID)
    for typed, problem in (
        ("999", AnswerProblem.OUT_OF_RANGE),
        ("lama", AnswerProblem.NOT_A_NUMBER),
        ("-5", AnswerProblem.OUT_OF_RANGE),
    ):
        await siti.send(typed)
        reply = await siti.next_new_message()
        assert ID.answer_problem(problem) in (reply.text or ""), typed
        siti.drain()
    await siti.send("1,5 jam")
    assert ID.complaint_question() in ((await siti.next_new_message()).text or "")
    [response] = await _responses(bot)
    assert response.waiting_minutes == 90


async def test_oversize_photo_is_refused(bot: Harness) -> None:
    siti = bot.user(1011, "Siti")
    await complain(siti, POLI_UMUM, SCORES, "15", "Antrean terlalu panjang", ID)
    await siti.send_photo(b"x" * (11 * 1024 * 1024))
    reply = await siti.next_new_message()
    assert ID.survey_note(Note.PHOTO_TOO_LARGE, None) in (reply.text or "")
    assert ID.photo_question() in (reply.text or "")


async def test_cancel_and_delete_my_data(bot: Harness) -> None:
    siti = bot.user(1012, "Siti")
    await answer_survey(siti, POLI_UMUM, {"U1": 4}, ID)
    await siti.send("/batal")
    assert (await siti.next_new_message()).text == ID.survey_cancelled(None)
    [response] = await _responses(bot)
    assert response.status == Status.CANCELLED

    await siti.send("/hapus")
    confirm = await siti.next_message()
    await siti.press(confirm, ID.delete_yes())
    assert (await siti.next_message()).text == ID.delete_done(1, 0)
    [response] = await _responses(bot)
    assert response.respondent_hash is None
    assert await _answers(bot, response.id) == {"U1": 4}  # anonymous answers stay


async def test_an_expired_survey_is_kept_as_partial(bot: Harness) -> None:
    siti = bot.user(1013, "Siti")
    u1 = await open_survey(siti, POLI_UMUM, ID)
    await bot.settle()
    bot.clock.advance(timedelta(hours=25))
    await siti.press(u1, OFFICIAL_LABELS["U1"][3])
    assert (await siti.next_message()).text == ID.survey_refusal(Refusal.EXPIRED, None)
    [response] = await _responses(bot)
    assert response.status == Status.EXPIRED


async def test_low_scores_alert_once_per_cooldown(bot: Harness) -> None:
    andi = await supervisor(bot)
    low = {**SCORES, "U7": 1}
    await _complete_quickly(bot, 1014, low)
    alert = await andi.next_message()
    assert alert.text == ID.low_score_alert(POLI_UMUM_NAME, [ID.element_name("U7")])
    await _complete_quickly(bot, 1015, low)
    await andi.expect_silence(0.3)


async def test_gamed_looking_responses_are_flagged_but_kept(bot: Harness) -> None:
    await add_staff(bot, ASN_ID, Role.ASN, "PKM-PAUH", "Rina Marlina")
    all_fours = dict.fromkeys(ELEMENT_CODES, 4)
    await _complete_quickly(bot, ASN_ID, all_fours)
    [response] = await _responses(bot)
    assert response.status == Status.COMPLETED
    assert set(response.flags.split(",")) == {
        Flag.STRAIGHTLINE,
        Flag.STRAIGHTLINE_FAST,
        Flag.STAFF_IDENTITY,
    }


async def test_only_supervisors_of_the_unit_can_act_on_a_complaint(bot: Harness) -> None:
    andi = await supervisor(bot)
    await add_staff(bot, OTHER_SUPERVISOR_ID, Role.SUPERVISOR, OTHER_PUSKESMAS, "dr. Lina")
    await add_staff(bot, ASN_ID, Role.ASN, "PKM-PAUH", "Rina Marlina")
    john = bot.user(1016, "John")
    await answer_survey(john, POLI_UMUM, SCORES, ID)
    await john.send("20")
    await john.next_new_message()
    await john.send("Petugas loket membentak pasien lansia")
    alert = await andi.next_message()

    lina = bot.user(OTHER_SUPERVISOR_ID, "Lina")
    rina = bot.user(ASN_ID, "Rina")
    complaint_data = alert.buttons[0]["callback_data"]
    for outsider in (lina, rina, john):
        await outsider.press_data(alert.message_id, complaint_data)
    await bot.settle()
    await lina.expect_silence(0.2)
    async with bot.application.bot_data.services.database.snapshot() as tx:
        status = await tx.session.scalar(select(models.Complaint.status))
    assert status == TicketStatus.OPEN
    refusals = [a["text"] for a in bot.emulator.callback_answers.values() if a.get("show_alert")]
    assert (
        refusals.count(
            ID.complaint_refusal(
                __import__("kinerja.complaints").complaints.ComplaintRefusal.NOT_FOUND
            )
        )
        == 3
    )


async def test_serious_complaints_offer_sp4n_lapor(bot: Harness) -> None:
    siti = bot.user(1017, "Siti")
    pungli = "Saya dimintai pungli Rp50.000 agar cepat dilayani"
    await siti.press(
        await complain(siti, POLI_UMUM, SCORES, "10", pungli, ID), ID.no_photo_button()
    )
    await siti.press(await siti.next_message(), ID.skip_button())
    thanks = await siti.next_message()
    assert ID.lapor_offer("PKM-PAUH-2026-000001", POLI_UMUM_NAME) in (thanks.text or "")
    assert thanks.buttons[0]["url"] == "https://www.lapor.go.id"


async def test_ticket_status_shows_only_ones_own_ticket(bot: Harness) -> None:
    await test_serious_complaints_offer_sp4n_lapor(bot)
    other = bot.user(1018, "Budi")
    await other.send("/status PKM-PAUH-2026-000001")
    assert (await other.next_message()).text == ID.complaint_refusal(ComplaintRefusal.NOT_FOUND)
    await other.send("/status")
    assert (await other.next_message()).text == ID.status_usage()


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_concurrent_citizens_get_distinct_ticket_numbers(bot: Harness) -> None:
    async def one_citizen_complains(user_id: int) -> None:
        user = bot.user(user_id, "Warga")
        await complain(user, POLI_UMUM, SCORES, "30", f"Keluhan warga {user_id}", ID)

    await asyncio.gather(*(one_citizen_complains(2100 + i) for i in range(6)))
    async with bot.application.bot_data.services.database.snapshot() as tx:
        tickets = list(await tx.session.scalars(select(models.Complaint.ticket)))
        count = await tx.session.scalar(select(func.count()).select_from(models.SurveyResponse))
    assert sorted(tickets) == [f"PKM-PAUH-2026-{n:06d}" for n in range(1, 7)]
    assert count == 6


async def test_a_burst_outside_service_hours_is_flagged(bot: Harness) -> None:
    """Four responses within half an hour at 22:00 WIB: from the fourth on, a burst."""
    bot.clock.now = bot.clock.now.replace(hour=15)  # 22:00 WIB
    varied = {**SCORES, "U1": 2}
    for user_id in range(1201, 1205):
        await _complete_quickly(bot, user_id, varied)
        await bot.settle()
        bot.clock.advance(timedelta(minutes=5))
    flags = [r.flags for r in sorted(await _responses(bot), key=lambda r: r.id)]
    assert flags == ["", "", "", Flag.OUTSIDE_HOURS_BURST]


async def test_documents_get_a_polite_answer_and_the_question_again(bot: Harness) -> None:
    siti = bot.user(1206, "Siti")
    await open_survey(siti, POLI_UMUM, ID)
    await siti.send_document(b"%PDF-1.4", "rujukan.pdf")
    assert (await siti.next_message()).text == ID.unsupported_message()
    assert ID.element_question("U1") in ((await siti.next_new_message()).text or "")
    [response] = await _responses(bot)
    assert response.status == Status.IN_PROGRESS


@pytest.mark.parametrize("texts", [pytest.param(ID, id="id"), pytest.param(EN, id="en")])
async def test_the_counter_counts_the_questions_the_consent_promised(
    bot: Harness, texts: Texts
) -> None:
    """Poli Umum asks the 9 elements, the waiting time, the complaint and what matters most:
    12 questions, promised before agreeing, counted 1..12 without a jump, ending at 12 of 12."""
    walk = await walk_survey(
        bot.user(1020, "Siti", language_code=texts.language.value), POLI_UMUM, POLI_UMUM_NAME, texts
    )
    assert walk.consent.text == texts.consent_notice(POLI_UMUM_NAME, 365, False, 12)
    promise = {Language.ID: "(12 pertanyaan singkat,", Language.EN: "(12 short questions,"}
    assert promise[texts.language] in walk.consent.plain
    assert walk.counters == [(n, 12) for n in range(1, 13)]
    headers = {
        Language.ID: f"<b>{POLI_UMUM_NAME}</b> · pertanyaan 12 dari 12",
        Language.EN: f"<b>{POLI_UMUM_NAME}</b> · question 12 of 12",
    }
    assert texts.survey_header(POLI_UMUM_NAME, 12, 12) == headers[texts.language]
    assert walk.thanks.text == texts.survey_thanks(None)
