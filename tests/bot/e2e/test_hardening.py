"""Faults, redelivery, retention, roles, hostile input and logs."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.emulator import FaultPlan
from bot.runtime.logs import MASK, JsonFormatter
from bot.texts import CATALOGUES
from bot.usecases.retention import apply_retention
from db import models
from kinerja.roles import COMMANDS_BY_ROLE, Command
from kinerja.survey import AnswerProblem
from kinerja.types import Language, Role
from tests.bot.conftest import Harness
from tests.bot.personas import POLI_UMUM, add_staff, answer_elements, supervisor

ID = CATALOGUES[Language.ID]
SCORES = dict.fromkeys([f"U{i}" for i in range(1, 10)], 3)


async def _to_complaint(harness: Harness, user_id: int) -> None:
    citizen = harness.user(user_id, "Warga")
    await citizen.start(f"u_{POLI_UMUM}")
    await citizen.press(await citizen.next_message(within=15), ID.consent_agree())
    await citizen.next_message(within=15)
    await answer_elements(citizen, SCORES, ID)
    await citizen.send("20")
    await citizen.next_new_message(within=15)


async def test_a_redelivered_update_is_not_applied_twice(bot: Harness) -> None:
    siti = bot.user(1301, "Siti")
    await siti.start(f"u_{POLI_UMUM}")
    notice = await siti.next_message()
    tap = await siti.press(notice, ID.consent_agree())
    await siti.next_message()
    await bot.settle()
    await bot.emulator.redeliver(tap)
    await bot.settle()
    await siti.expect_silence(0.3)
    async with bot.application.bot_data.services.database.snapshot() as tx:
        responses = list(await tx.session.scalars(select(models.SurveyResponse)))
    assert len(responses) == 1
    assert bot.application.bot_data.services.metrics.duplicates._value.get() == 1


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_replies_alerts_and_summaries_arrive_once_despite_faults(bot: Harness) -> None:
    """One Bot API call in ten answered 429, 502 or slowly: nothing lost, nothing twice."""
    andi = await supervisor(bot)
    bot.emulator.faults = FaultPlan(
        rate_429=0.04, rate_5xx=0.04, rate_slow=0.02, slow_seconds=0.2, retry_after=1, seed=11
    )
    for user_id in (1401, 1402, 1403):
        await _to_complaint(bot, user_id)
        citizen = bot.emulator.users[user_id]
        await citizen.send(f"Keluhan nomor {user_id}")
        recorded = await citizen.next_new_message(within=15)
        assert "PKM-PAUH-2026-" in (recorded.text or "")
    await bot.settle(within=30)
    bot.emulator.faults = FaultPlan()
    bot.clock.advance(timedelta(minutes=10))
    from bot.messaging.outbox import deliver_outbox

    await deliver_outbox(bot.application.bot, bot.application.bot_data.services)
    alerts = [m.text or "" for m in andi.drain() if m.event == "sent"]
    for user_id in (1401, 1402, 1403):
        assert sum(f"Keluhan nomor {user_id}" in text for text in alerts) == 1, alerts


async def test_retention_removes_identity_and_texts_but_keeps_answers(bot: Harness) -> None:
    await _to_complaint(bot, 1501)
    citizen = bot.emulator.users[1501]
    await citizen.send("Petugas tidak ada di loket")
    await citizen.next_new_message()
    await bot.settle()
    services = bot.application.bot_data.services
    bot.clock.advance(timedelta(days=366))
    done = await apply_retention(services)
    assert done["responses_anonymised"] == 1
    assert done["complaints_redacted"] == 1
    async with services.database.snapshot() as tx:
        response = await tx.session.scalar(select(models.SurveyResponse))
        complaint = await tx.session.scalar(select(models.Complaint))
        answers = list(await tx.session.scalars(select(models.SurveyAnswer)))
    assert response is not None
    assert response.respondent_hash is None
    assert complaint is not None
    assert (complaint.text, complaint.citizen_chat_id, complaint.reporter_hash) == (
        None,
        None,
        None,
    )
    assert complaint.ticket.startswith("PKM-PAUH-2026-")
    assert len(answers) == 9
    assert (await apply_retention(services))["complaints_redacted"] == 0


async def test_every_command_is_tried_by_every_role(bot: Harness) -> None:
    """Scope: each role gets its commands and a polite refusal for the others."""
    await add_staff(bot, 2101, Role.ASN, "PKM-PAUH-UMUM", "Rina")
    await add_staff(bot, 3101, Role.SUPERVISOR, "PKM-PAUH", "Andi")
    people = {
        Role.CITIZEN: bot.user(1601, "Siti"),
        Role.ASN: bot.user(2101, "Rina"),
        Role.SUPERVISOR: bot.user(3101, "Andi"),
    }
    guarded = [
        Command.REPORT,
        Command.HISTORY,
        Command.LEAVE,
        Command.TEAM_REPORTS,
        Command.SUMMARY,
        Command.EXPORT,
    ]
    for role, user in people.items():
        for command in guarded:
            await user.send(f"/{command.value}")
            reply = await user.next_message(within=15)
            refused = reply.text == ID.not_allowed()
            assert refused is (command not in COMMANDS_BY_ROLE[role]), (role, command)
            user.drain()
            await bot.settle()


async def test_hostile_text_is_kept_literally_or_refused_politely(bot: Harness) -> None:
    andi = await supervisor(bot)
    await _to_complaint(bot, 1701)
    citizen = bot.emulator.users[1701]
    await citizen.send("x" * 4096)
    assert ID.answer_problem(AnswerProblem.TOO_LONG) in (
        (await citizen.next_new_message()).text or ""
    )
    hostile = "'; DROP TABLE complaints; -- <a href='http://x'>klik</a> \u202egnp.exe"
    await citizen.send(hostile)
    await citizen.next_new_message()
    alert = await andi.next_message()
    assert "&lt;a href=&#x27;http://x&#x27;&gt;klik&lt;/a&gt;" in (alert.text or "")
    async with bot.application.bot_data.services.database.snapshot() as tx:
        stored = await tx.session.scalar(select(models.Complaint.text))
    assert stored == "'; DROP TABLE complaints; -- <a href='http://x'>klik</a> gnp.exe"


def test_logs_are_json_lines_without_tokens() -> None:
    record = logging.LogRecord(
        "kinerja",
        logging.INFO,
        __file__,
        1,
        "POST https://api.telegram.org/bot123456789:AAbbCCddEEffGGhhIIjjKK/getMe",
        None,
        None,
    )
    record.update_id = 42
    entry = json.loads(JsonFormatter().format(record))
    assert "123456789:AA" not in entry["message"]
    assert MASK in entry["message"]
    assert entry["update_id"] == 42
    assert datetime.fromisoformat(entry["time"]).tzinfo == UTC
