"""Unit survey options, and alerts that must survive Telegram trouble."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.outbox import deliver_outbox
from bot.texts import CATALOGUES
from db import models
from kinerja.skm import ELEMENT_CODES
from kinerja.survey import Status, Step
from kinerja.types import Language
from tests.bot.conftest import Harness
from tests.bot.personas import FARMASI, KIA, POLI_UMUM, answer_elements, supervisor

ID = CATALOGUES[Language.ID]
SCORES = dict.fromkeys(ELEMENT_CODES, 3)


async def _outbox(harness: Harness) -> list[models.OutboxMessage]:
    async with harness.application.bot_data.services.database.snapshot() as session:
        return list(await session.scalars(select(models.OutboxMessage)))


async def _file_complaint(harness: Harness, user_id: int, text: str) -> None:
    citizen = harness.user(user_id, "Warga")
    await citizen.start(f"u_{POLI_UMUM}")
    await citizen.press(await citizen.next_message(), ID.consent_agree())
    await citizen.next_message()
    await answer_elements(citizen, SCORES, ID)
    await citizen.send("25")
    await citizen.next_new_message()
    await citizen.send(text)
    await citizen.next_new_message()
    await harness.settle()


async def test_an_alert_that_fails_is_retried_and_delivered_once(bot: Harness) -> None:
    andi = await supervisor(bot)
    andi.unreachable = 5  # 502 to the first send and all four of its immediate retries
    await _file_complaint(bot, 1101, "Ruang tunggu panas sekali")
    [item] = await _outbox(bot)
    assert item.sent_at is None
    assert item.attempts == 1
    await andi.expect_silence(0.2)

    services = bot.application.bot_data.services
    assert await deliver_outbox(bot.application.bot, services) == 0  # not due yet
    bot.clock.now += timedelta(seconds=5)
    assert await deliver_outbox(bot.application.bot, services) == 1
    assert "Ruang tunggu panas sekali" in ((await andi.next_message()).text or "")
    assert await deliver_outbox(bot.application.bot, services) == 0
    await andi.expect_silence(0.2)


async def test_a_supervisor_who_blocked_the_bot_is_marked_not_retried(bot: Harness) -> None:
    andi = await supervisor(bot)
    andi.blocked = True
    await _file_complaint(bot, 1102, "Obat habis")
    [item] = await _outbox(bot)
    assert item.failed_at is not None
    assert (item.error or "").startswith("forbidden")


async def test_the_short_template_asks_overall_and_waiting_only(bot: Harness) -> None:
    siti = bot.user(1103, "Siti")
    await siti.start(f"u_{FARMASI}")
    await siti.press(await siti.next_message(), ID.consent_agree())
    overall = await siti.next_message()
    assert ID.overall_question() in (overall.text or "")
    assert "1 dari 4" in (overall.text or "")
    await siti.press(overall, ID.overall_label(4))
    await siti.press(await siti.next_message(), ID.waiting_range("<15"))
    await siti.press(await siti.next_message(), ID.no_complaint_button())
    assert (await siti.next_message()).text == ID.survey_thanks(None)
    async with bot.application.bot_data.services.database.snapshot() as session:
        response = await session.scalar(select(models.SurveyResponse))
        answers = list(await session.scalars(select(models.SurveyAnswer)))
    assert response is not None
    assert response.status == Status.COMPLETED
    assert response.overall_score == 4
    assert response.template == "short"
    assert answers == []  # nothing that could enter the IKM


async def test_the_respondent_profile_is_asked_where_switched_on(bot: Harness) -> None:
    siti = bot.user(1104, "Siti")
    await siti.start(f"u_{KIA}")
    await siti.press(await siti.next_message(), ID.consent_agree())
    await siti.next_message()
    waiting = await answer_elements(siti, SCORES, ID)
    await siti.press(waiting, ID.waiting_range("30-60"))
    await siti.press(await siti.next_message(), ID.no_complaint_button())
    sex = await siti.next_message()
    assert ID.profile_question(Step.SEX) in (sex.text or "")
    await siti.press(sex, "Perempuan")
    await siti.press(await siti.next_message(), ID.skip_button())  # age skipped
    await siti.press(await siti.next_message(), "SMA atau sederajat")
    await siti.press(await siti.next_message(), "Wirausaha")
    assert (await siti.next_message()).text == ID.survey_thanks(None)
    async with bot.application.bot_data.services.database.snapshot() as session:
        response = await session.scalar(select(models.SurveyResponse))
    assert response is not None
    assert (response.sex, response.age, response.education, response.occupation) == (
        "P",
        None,
        "SMA",
        "WIRAUSAHA",
    )
    assert response.skipped == "age"
