"""Unit survey options, and alerts that must survive Telegram trouble."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.messaging.outbox import deliver_outbox
from bot.texts import CATALOGUES, Texts
from db import models
from kinerja.delivery import Delivery
from kinerja.messages import ComplaintAlert, FollowUp
from kinerja.skm import ELEMENT_CODES
from kinerja.survey import Status, Step
from kinerja.types import Language
from tests.bot.conftest import Harness, kinerja
from tests.bot.personas import (
    ANDI_NIP,
    FARMASI,
    KIA,
    POLI_UMUM,
    SUPERVISOR_ID,
    answer_survey,
    complain,
    open_survey,
    supervisor,
    walk_survey,
)

ID = CATALOGUES[Language.ID]
EN = CATALOGUES[Language.EN]
SCORES = dict.fromkeys(ELEMENT_CODES, 3)


async def _outbox(harness: Harness) -> list[models.OutboxMessage]:
    async with harness.application.bot_data.services.database.snapshot() as tx:
        return list(await tx.session.scalars(select(models.OutboxMessage)))


async def _file_complaint(
    harness: Harness, user_id: int, text: str, *, within: float = 5.0
) -> None:
    citizen = harness.user(user_id, "Warga")
    await complain(citizen, POLI_UMUM, SCORES, "25", text, ID)
    await harness.settle(within)


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
    bot.clock.advance(timedelta(seconds=5))
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


async def test_an_alert_whose_send_timed_out_is_not_sent_again(bot: Harness) -> None:
    """Telegram may have shown a send that timed out: an alert goes at most once, so its
    outcome is left unknown for the operator rather than risking the same alert twice."""
    andi = await supervisor(bot)
    andi.late_answers = 1  # the alert arrives; its answer never does, so PTB times out
    await _file_complaint(bot, 1105, "Antrean tidak pernah dipanggil", within=20)
    services = bot.application.bot_data.services
    for _ in range(3):  # the outbox job, later and again
        bot.clock.advance(timedelta(minutes=10))
        assert await deliver_outbox(bot.application.bot, services) == 0
    alerts = [
        m for m in bot.emulator.messages_in(SUPERVISOR_ID) if "Antrean tidak pernah" in m.content
    ]
    assert len(alerts) == 1
    [item] = await _outbox(bot)
    assert (item.status, item.sent_at) == ("unknown", None)
    assert (item.error or "").startswith("timed out")


async def test_an_alert_for_a_supervisor_deactivated_meanwhile_is_not_delivered(
    bot: Harness, database_url: str, tmp_path: Path
) -> None:
    andi = await supervisor(bot, nip=ANDI_NIP)
    andi.unreachable = 5  # the first send and its immediate retries fail: queued for later
    await _file_complaint(bot, 1106, "Dokter datang terlambat")
    code, output = await kinerja(
        "staff", "deactivate", ANDI_NIP, env={"DATABASE_URL": database_url}, cwd=tmp_path
    )
    assert code == 0, output
    bot.clock.advance(timedelta(minutes=5))
    assert await deliver_outbox(bot.application.bot, bot.application.bot_data.services) == 0
    assert not any("Dokter datang" in m.content for m in bot.emulator.messages_in(SUPERVISOR_ID))
    [item] = await _outbox(bot)
    assert (item.status, item.error) == ("cancelled", "recipient deactivated")


async def test_claims_lost_with_their_process_and_the_operators_resend(
    bot: Harness, database_url: str, tmp_path: Path
) -> None:
    """A process killed while sending leaves its claims: after the lease an alert's outcome
    is unknown (not sent again by itself), a citizen's answer is sent again; the operator
    may resend the alert, once."""
    andi = await supervisor(bot)
    citizen = bot.user(1107, "Warga")
    services = bot.application.bot_data.services
    now = bot.clock()
    async with services.database.transaction() as tx:
        andi_id = await tx.session.scalar(
            select(models.Person.id).where(models.Person.telegram_user_id == SUPERVISOR_ID)
        )
        alert = await tx.outbox.add(
            SUPERVISOR_ID,
            ComplaintAlert(1, "PKM-PAUH-2026-000001", "Poli Umum", "Toilet rusak", False),
            now,
            person_id=andi_id,
        )
        answer = await tx.outbox.add(
            1107, FollowUp(1, "PKM-PAUH-2026-000001", "Sudah diperbaiki"), now
        )
        assert len(await tx.outbox.claim_due(now, "killed:1")) == 2  # then the process died

    assert await deliver_outbox(bot.application.bot, services) == 0  # the claims still hold
    bot.clock.advance(services.settings.claim_lease + timedelta(seconds=1))
    assert await deliver_outbox(bot.application.bot, services) == 1
    assert "Sudah diperbaiki" in ((await citizen.next_message()).text or "")
    await andi.expect_silence(0.2)
    async with services.database.snapshot() as tx:
        assert await tx.outbox.status(alert) is Delivery.UNKNOWN
        assert await tx.outbox.status(answer) is Delivery.SENT

    env = {
        "DATABASE_URL": database_url,
        "TELEGRAM_BOT_TOKEN": bot.emulator.token,
        "TELEGRAM_API_URL": bot.emulator.url,
    }
    code, output = await kinerja("outbox", "resend", str(alert), env=env, cwd=tmp_path)
    assert code == 0, output
    assert ID.cli_outbox_resent(alert, True, "sent") in output
    assert "Toilet rusak" in ((await andi.next_message()).text or "")
    code, output = await kinerja("outbox", "resend", str(alert), env=env, cwd=tmp_path)
    assert code == 2
    assert ID.cli_outbox_not_given_up(alert) in output
    await andi.expect_silence(0.2)


async def test_the_short_template_asks_overall_and_waiting_only(bot: Harness) -> None:
    siti = bot.user(1103, "Siti")
    overall = await open_survey(siti, FARMASI, ID)
    assert ID.overall_question() in (overall.text or "")
    assert "1 dari 3" in (overall.text or "")
    await siti.press(overall, ID.overall_label(4))
    await siti.press(await siti.next_message(), ID.waiting_range("<15"))
    await siti.press(await siti.next_message(), ID.no_complaint_button())
    assert (await siti.next_message()).text == ID.survey_thanks(None)
    async with bot.application.bot_data.services.database.snapshot() as tx:
        response = await tx.session.scalar(select(models.SurveyResponse))
        answers = list(await tx.session.scalars(select(models.SurveyAnswer)))
    assert response is not None
    assert response.status == Status.COMPLETED
    assert response.overall_score == 4
    assert response.template == "short"
    assert answers == []  # nothing that could enter the IKM


async def test_the_respondent_profile_is_asked_where_switched_on(bot: Harness) -> None:
    siti = bot.user(1104, "Siti")
    waiting = await answer_survey(siti, KIA, SCORES, ID)
    await siti.press(waiting, ID.waiting_range("30-60"))
    await siti.press(await siti.next_message(), ID.no_complaint_button())
    sex = await siti.next_message()
    assert ID.profile_question(Step.SEX) in (sex.text or "")
    await siti.press(sex, "Perempuan")
    await siti.press(await siti.next_message(), ID.skip_button())  # age skipped
    await siti.press(await siti.next_message(), "SMA atau sederajat")
    await siti.press(await siti.next_message(), "Wirausaha")
    assert (await siti.next_message()).text == ID.survey_thanks(None)
    async with bot.application.bot_data.services.database.snapshot() as tx:
        response = await tx.session.scalar(select(models.SurveyResponse))
    assert response is not None
    assert (response.sex, response.age, response.education, response.occupation) == (
        "P",
        None,
        "SMA",
        "WIRAUSAHA",
    )
    assert response.skipped == "age"


GIGI = "PKM-PAUH-GIGI"
VARIANTS = [
    pytest.param(GIGI, "Poli Gigi (Puskesmas Pauh)", 11, id="skm-elements-waiting-complaint"),
    pytest.param(POLI_UMUM, "Poli Umum (Puskesmas Pauh)", 12, id="with-importance"),
    pytest.param(KIA, "Poli KIA (Puskesmas Pauh)", 15, id="with-profile"),
    pytest.param(FARMASI, "Farmasi (Puskesmas Pauh)", 3, id="short-template"),
]


@pytest.mark.parametrize("texts", [pytest.param(ID, id="id"), pytest.param(EN, id="en")])
@pytest.mark.parametrize("complaint", [None, "Antrean panjang"], ids=["no-complaint", "complaint"])
@pytest.mark.parametrize(("unit", "name", "questions"), VARIANTS)
async def test_the_counter_ends_at_the_number_the_consent_promised(
    bot: Harness, texts: Texts, complaint: str | None, unit: str, name: str, questions: int
) -> None:
    """Each question counts once, rising by one to "N of N", and N is what the consent named
    before the citizen agreed. A complaint's photo belongs to the complaint: it is asked only
    after one is written, so it shares the complaint's number and never changes N."""
    walk = await walk_survey(
        bot.user(1150, "Warga", language_code=texts.language.value), unit, name, texts, complaint
    )
    assert walk.consent.text == texts.consent_notice(name, 365, False, questions)
    expected = [(n, questions) for n in range(1, questions + 1)]
    if complaint is not None:
        at = next(i for i, (n, _) in enumerate(expected) if n == _complaint_number(unit))
        expected.insert(at + 1, expected[at])  # the photo question, under the complaint's number
    assert walk.counters == expected
    assert texts.survey_thanks(None)[:20] in (walk.thanks.text or "")


def _complaint_number(unit: str) -> int:
    """Where the complaint is asked: after the 9 elements and the waiting time, or after the
    overall rating and the waiting time in the short template."""
    return 3 if unit == FARMASI else 11
