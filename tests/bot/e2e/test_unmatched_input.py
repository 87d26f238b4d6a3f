"""A typed text or photo that no flow waits for (spam, a stray "halo") costs one read and no
write transaction; what a flow waits for still reaches it, in the order the flows rank.

The costs are counted on the bot's own engine, statement by statement (SQLite only: there every
transaction starts with a BEGIN we can see, db.engine).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable
from dataclasses import dataclass, field
from typing import Any

import pytest
from sqlalchemy import event, select
from sqlalchemy.engine import Connection

from bot.emulator import EmulatedUser
from bot.texts import CATALOGUES
from bot.usecases import identity
from db import models
from db.engine import Database, begin_statement
from kinerja.awaiting import Awaited, InputFlow
from kinerja.types import Language, Role
from tests.bot.conftest import Harness
from tests.bot.personas import (
    ASN_ID,
    OTHER_SUPERVISOR_ID,
    POLI_UMUM,
    RINA_NIP,
    add_staff,
    complain,
    invite,
    rate_unit,
    staff_speaking,
)
from tests.examples import FIVE_RESPONDENTS

ID = CATALOGUES[Language.ID]
SQLITE = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
WRITE = "BEGIN IMMEDIATE"
TICKET = "PKM-PAUH-2026-000001"
COMPLAINT = "Toilet kotor sejak pagi"


@dataclass
class Transactions:
    """Every statement on the engine, grouped by the transaction it ran in: a begin opens one
    on its connection (with the BEGIN it sends), and a connection runs one transaction at a
    time."""

    log: list[list[str]] = field(default_factory=list)
    _open: dict[int, list[str]] = field(default_factory=dict)

    def begin(self, connection: Connection) -> None:
        opened = [begin_statement(connection)]
        self._open[id(connection)] = opened
        self.log.append(opened)

    def record(self, connection: Any, _cursor: Any, statement: str, *_: Any) -> None:
        self._open[id(connection)].append(statement)


@dataclass(frozen=True, slots=True)
class Cost:
    transactions: list[list[str]]
    """Each starts with its BEGIN."""

    @property
    def writes(self) -> int:
        return sum(t[0] == WRITE for t in self.transactions)

    @property
    def statements(self) -> int:
        """Statements run, BEGINs not counted."""
        return sum(len(t) - 1 for t in self.transactions)


@pytest.fixture
async def transactions(bot: Harness) -> AsyncIterator[Transactions]:
    # Nothing but the updates sent: the scheduled jobs (outbox, expiry, ...) run transactions
    # of their own.
    assert bot.application.job_queue is not None
    for job in bot.application.job_queue.jobs():
        job.schedule_removal()
    recorder = Transactions()
    engines = _database(bot).sync_engines
    for engine in engines:
        event.listen(engine, "begin", recorder.begin)
        event.listen(engine, "before_cursor_execute", recorder.record)
    try:
        yield recorder
    finally:
        for engine in engines:
            event.remove(engine, "begin", recorder.begin)
            event.remove(engine, "before_cursor_execute", recorder.record)


def _database(bot: Harness) -> Database:
    return bot.application.bot_data.services.database


def _is_ledger(transaction: list[str]) -> bool:
    return any(s.startswith("INSERT INTO processed_updates") for s in transaction)


async def _quiet(bot: Harness) -> None:
    """Every update handled and its ledger note written (the runner writes it after the batch)."""
    await bot.settle()
    services = bot.application.bot_data.services
    for _ in range(500):
        if not services.handled:
            return
        await asyncio.sleep(0.01)
    raise TimeoutError("the ledger notes were not written")


async def _cost(bot: Harness, transactions: Transactions, update: Awaitable[int]) -> Cost:
    """What one update cost the database, without the ledger's write, which the runner makes
    once per batch of updates, whatever they are."""
    await _quiet(bot)
    transactions.log.clear()
    await update
    await _quiet(bot)
    ledger = [t for t in transactions.log if _is_ledger(t)]
    assert len(ledger) == 1
    return Cost([t for t in transactions.log if not _is_ledger(t)])


async def _assert_one_read_more(
    bot: Harness, transactions: Transactions, user: EmulatedUser, send: Awaitable[int]
) -> Cost:
    """Compared with /help, which reads the arrival alone: what the chat waits for is asked
    in the arrival's own statement, so the text costs no statement and no transaction more."""
    await user.send("/help")
    await user.next_message()  # also: a first update, so a staff member's language is stored
    arrival = await _cost(bot, transactions, user.send("/help"))
    await user.next_message()
    assert arrival.writes == 0

    cost = await _cost(bot, transactions, send)
    assert (await user.next_message()).text == ID.not_understood()
    assert cost.writes == 0, cost.transactions
    assert cost.statements == arrival.statements, cost.transactions
    assert len(cost.transactions) == len(arrival.transactions), cost.transactions
    return cost


@SQLITE
async def test_a_citizens_stray_text_costs_one_read(
    bot: Harness, transactions: Transactions
) -> None:
    siti = bot.user(1201, "Siti")
    await _assert_one_read_more(bot, transactions, siti, siti.send("halo"))


@SQLITE
async def test_a_citizens_text_after_a_finished_survey_costs_one_read(
    bot: Harness, transactions: Transactions
) -> None:
    siti = bot.user(1201, "Siti")
    await rate_unit(siti, FIVE_RESPONDENTS[0], ID)
    await _assert_one_read_more(bot, transactions, siti, siti.send("terima kasih"))


@SQLITE
async def test_a_citizens_stray_photo_costs_one_read(
    bot: Harness, transactions: Transactions
) -> None:
    siti = bot.user(1201, "Siti")
    await _assert_one_read_more(bot, transactions, siti, siti.send_photo(b"\xff\xd8 foto"))


@SQLITE
@pytest.mark.parametrize("role", [Role.ASN, Role.SUPERVISOR])
async def test_staff_text_with_nothing_awaited_costs_one_read(
    bot: Harness, transactions: Transactions, role: Role
) -> None:
    await add_staff(bot, ASN_ID, role, POLI_UMUM, "Rina Marlina")
    rina = bot.user(ASN_ID, "Rina")
    await _assert_one_read_more(bot, transactions, rina, rina.send("selamat pagi"))


@SQLITE
async def test_a_text_at_the_lapor_menu_costs_one_read(
    bot: Harness, transactions: Transactions
) -> None:
    """The menu waits for a tap on an indicator, not for text."""
    await add_staff(bot, ASN_ID, Role.ASN, POLI_UMUM, "Rina Marlina")
    rina = bot.user(ASN_ID, "Rina")
    await rina.send("/lapor")
    await rina.next_new_message()
    await _assert_one_read_more(bot, transactions, rina, rina.send("35"))


@SQLITE
async def test_a_text_while_an_invitation_is_open_costs_one_read(
    bot: Harness, transactions: Transactions
) -> None:
    """The invitation's pending input is answered by its buttons, not by text."""
    rina = bot.user(ASN_ID, "Rina")
    await rina.start(await invite(bot, Role.ASN, POLI_UMUM, RINA_NIP, "Rina Marlina"))
    await rina.next_message()
    await _assert_one_read_more(bot, transactions, rina, rina.send("Rina Marlina"))


@SQLITE
async def test_a_flood_of_stray_texts_writes_nothing(
    bot: Harness, transactions: Transactions
) -> None:
    """The spam account of issue #15, on a small scale: every text answered, nothing written
    but the ledger's notes."""
    spammer = bot.user(1666, "Spam")
    await _quiet(bot)
    transactions.log.clear()
    for n in range(20):
        await spammer.send(f"promo {n}")
    await _quiet(bot)
    assert [m.text for m in spammer.drain()] == [ID.not_understood()] * 20
    writes = [t for t in transactions.log if t[0] == WRITE]
    assert all(_is_ledger(t) for t in writes), writes


async def test_a_note_asked_for_comes_before_a_lapor_and_a_photo_goes_to_the_lapor(
    bot: Harness,
) -> None:
    """Lina, supervisor of Poli Umum, is in the middle of a /lapor (the value of "Pasien
    dilayani" asked) when she closes Siti's complaint: her text is the follow-up note, the photo
    she sends meanwhile and the number after it are the /lapor's."""
    lina = await staff_speaking(
        bot, OTHER_SUPERVISOR_ID, Role.SUPERVISOR, POLI_UMUM, "dr. Lina Sari", Language.ID
    )
    siti = bot.user(1201, "Siti")
    photo_question = await complain(siti, POLI_UMUM, FIVE_RESPONDENTS[0], "15", COMPLAINT, ID)
    await siti.press(photo_question, ID.no_photo_button())
    await siti.press(await siti.next_message(), ID.skip_button())
    assert (await siti.next_message()).text == ID.survey_thanks(TICKET)
    alert = await lina.next_message()
    await lina.send("/lapor")
    await lina.press(await lina.next_new_message(), "Pasien dilayani")
    value_asked = (await lina.next_message()).text or ""
    await lina.press(alert, ID.take_button())
    await lina.press(alert, ID.close_button())
    assert (await lina.next_new_message()).text == ID.ask_follow_up(TICKET)

    await lina.send_photo(b"\xff\xd8 foto")  # not evidence yet: the value is asked again
    assert value_asked in ((await lina.next_new_message()).text or "")
    await lina.send("Toilet sudah dibersihkan.")
    assert (await lina.next_new_message()).text == ID.complaint_closed(TICKET, True)
    assert (await siti.next_message()).text == ID.follow_up_to_citizen(
        TICKET, "Toilet sudah dibersihkan."
    )
    await lina.send("35")
    assert ID.ask_note() in ((await lina.next_new_message()).text or "")

    async with _database(bot).snapshot() as tx:
        draft = await tx.reports.draft(OTHER_SUPERVISOR_ID)
        complaint = await tx.session.scalar(select(models.Complaint))
    assert draft is not None
    assert draft.value == 35
    assert complaint is not None
    assert complaint.follow_up == "Toilet sudah dibersihkan."


@pytest.mark.parametrize(
    ("awaited", "photo"),
    [
        pytest.param(Awaited(InputFlow.FOLLOW_UP), False, id="follow-up"),
        pytest.param(Awaited(InputFlow.FEEDBACK), False, id="feedback"),
        pytest.param(Awaited(report=True), False, id="lapor text"),
        pytest.param(Awaited(survey=True), False, id="survey text"),
        pytest.param(Awaited(report=True), True, id="lapor photo"),
        pytest.param(Awaited(survey=True), True, id="survey photo"),
    ],
)
async def test_a_flow_gone_by_its_own_transaction_leaves_the_input_not_understood(
    bot: Harness, monkeypatch: pytest.MonkeyPatch, awaited: Awaited, photo: bool
) -> None:
    """Between the read and the flow's own transaction the wait may end (a job expires the
    survey, another instance takes the note): here the read reports a wait that never was."""

    def stale(_found: object) -> Awaited:
        return awaited

    monkeypatch.setattr(identity, "awaited_of", stale)
    await add_staff(bot, ASN_ID, Role.ASN, POLI_UMUM, "Rina Marlina")
    rina = bot.user(ASN_ID, "Rina")
    await (rina.send_photo(b"\xff\xd8 foto") if photo else rina.send("35"))
    assert (await rina.next_message()).text == ID.not_understood()
