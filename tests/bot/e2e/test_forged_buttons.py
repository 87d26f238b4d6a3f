"""Forged and out-of-range callback data: a stale button, never a handler error.

Anyone can send any callback data, and every handler error also posts to the ops chat, so a
crash here is a way to spam the people on call. Each tap below must be answered as a stale
button (or the polite refusal of the flow) with nothing reaching the error handler.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from hypothesis import HealthCheck, given, settings

from bot.emulator import BotApiEmulator, EmulatedUser
from bot.render import callback_data as cd
from bot.texts import CATALOGUES
from db.engine import Database
from kinerja.roles import Command
from kinerja.staff import LeaveProblem
from kinerja.types import Language, Role
from tests.bot.conftest import Harness, make_settings, start_bot, stop_bot
from tests.bot.forgeries import FORGED
from tests.bot.personas import ASN_ID, POLI_UMUM, PUSKESMAS, SUPERVISOR_ID, add_staff
from tests.clock import FakeClock

ID = CATALOGUES[Language.ID]
OPS_CHAT = 9001
CITIZEN_ID = 1001
TOO_BIG = "999999999999"  # twelve digits: beyond PostgreSQL's INTEGER primary keys


@pytest.fixture
async def watched(
    emulator: BotApiEmulator, catalog_database: Database, database_url: str, clock: FakeClock
) -> AsyncIterator[Harness]:
    """The bot with an ops chat, a citizen, an ASN and a supervisor."""
    settings = make_settings(emulator, database_url, ops_chat_id=OPS_CHAT)
    harness = Harness(emulator, settings, clock, await start_bot(settings, clock))
    harness.user(OPS_CHAT, "Ops")
    await add_staff(harness, ASN_ID, Role.ASN, POLI_UMUM, "Rina Marlina")
    await add_staff(harness, SUPERVISOR_ID, Role.SUPERVISOR, PUSKESMAS, "dr. Andi Pratama")
    try:
        yield harness
    finally:
        await stop_bot(harness.application)


def handler_errors(harness: Harness) -> float:
    counter = harness.application.bot_data.services.metrics.handler_errors
    value: float = counter._value.get()
    return value


async def tap(harness: Harness, user: EmulatedUser, data: str) -> str | None:
    """Tap a button with `data` on a message of the bot; returns the toast it was answered with."""
    before = len(harness.emulator.callback_answers)
    await user.press_data(1, data)
    await harness.settle()
    answers = list(harness.emulator.callback_answers.values())
    return str(answers[-1].get("text")) if len(answers) > before else None


def assert_no_errors(harness: Harness) -> None:
    assert handler_errors(harness) == 0
    assert harness.emulator.messages_in(OPS_CHAT) == []


def _people(harness: Harness) -> dict[Role, EmulatedUser]:
    return {
        Role.CITIZEN: harness.user(CITIZEN_ID, "Siti"),
        Role.ASN: harness.user(ASN_ID, "Rina"),
        Role.SUPERVISOR: harness.user(SUPERVISOR_ID, "Andi"),
    }


# Who taps what: each value is one the parsers used to accept and a handler then crashed on.
FORGERIES = [
    pytest.param(Role.ASN, "l:d:20261399", id="report-day-month-13"),
    pytest.param(Role.ASN, "l:d:00000000", id="report-day-zero"),
    pytest.param(Role.CITIZEN, "l:d:20261399", id="report-day-by-a-citizen"),
    pytest.param(Role.SUPERVISOR, "u:1:9999-W52", id="drill-year-9999"),
    pytest.param(Role.SUPERVISOR, "x:1:9999-W52", id="workbook-year-9999"),
    pytest.param(Role.SUPERVISOR, "u:1:2025-W53", id="drill-week-that-does-not-exist"),
    pytest.param(Role.SUPERVISOR, "u:1:2026-13", id="drill-month-13"),
    pytest.param(Role.SUPERVISOR, "n:1:2026-S3", id="browse-semester-3"),
    pytest.param(Role.SUPERVISOR, "n:1:2100-W01", id="browse-a-week-not-begun"),
    pytest.param(Role.CITIZEN, f"s:{TOO_BIG}:U1:4", id="survey-big-id"),
    pytest.param(Role.CITIZEN, f"c:y:{TOO_BIG}:-", id="consent-big-id"),
    pytest.param(Role.CITIZEN, f"p:{TOO_BIG}", id="poster-big-id"),
    pytest.param(Role.CITIZEN, f"r:{TOO_BIG}:4", id="rating-big-id"),
    pytest.param(Role.CITIZEN, f"v:{TOO_BIG}:y", id="invite-big-id"),
    pytest.param(Role.ASN, f"l:m:{TOO_BIG}", id="report-metric-big-id"),
    pytest.param(Role.SUPERVISOR, f"k:t:{TOO_BIG}", id="complaint-take-big-id"),
    pytest.param(Role.SUPERVISOR, f"k:c:{TOO_BIG}", id="complaint-close-big-id"),
    pytest.param(Role.SUPERVISOR, f"t:r:{TOO_BIG}", id="team-detail-big-id"),
    pytest.param(Role.SUPERVISOR, f"t:v:{TOO_BIG}", id="team-verify-big-id"),
    pytest.param(Role.SUPERVISOR, f"t:e:{TOO_BIG}", id="team-evidence-big-id"),
    pytest.param(Role.SUPERVISOR, f"g:{TOO_BIG}:20261123", id="team-day-big-unit-id"),
    pytest.param(Role.SUPERVISOR, "g:1:20261399", id="team-day-month-13"),
    pytest.param(Role.SUPERVISOR, "g:1:99991231", id="team-day-year-9999"),
    pytest.param(Role.SUPERVISOR, f"u:{TOO_BIG}:2026-W47", id="drill-big-unit-id"),
    pytest.param(Role.SUPERVISOR, f"x:{TOO_BIG}:2026-W47", id="workbook-big-unit-id"),
    pytest.param(Role.CITIZEN, "p:²", id="poster-superscript-digit"),
]


@pytest.mark.parametrize(("role", "data"), FORGERIES)
async def test_a_forged_button_is_answered_as_stale(
    watched: Harness, role: Role, data: str
) -> None:
    user = _people(watched)[role]
    assert await tap(watched, user, data) == ID.stale_button()
    await user.expect_silence(0.1)
    assert_no_errors(watched)


@pytest.mark.parametrize(
    ("command", "problem"),
    [
        pytest.param("/cuti 9999-12-31", LeaveProblem.TOO_FAR_AHEAD, id="last-day-there-is"),
        pytest.param("/cuti 2027-12-31", LeaveProblem.TOO_FAR_AHEAD, id="next-year"),
        pytest.param("/cuti 2026-12-28 9999-12-31", LeaveProblem.TOO_FAR_AHEAD, id="span"),
        pytest.param("/cuti 2026-12-31 2026-12-28", LeaveProblem.ENDS_BEFORE_START, id="reversed"),
        pytest.param("/cuti 2026-10-01", LeaveProblem.TOO_FAR_BACK, id="long-ago"),
        pytest.param("/cuti 2026-12-01 2027-06-01", LeaveProblem.TOO_LONG, id="half-a-year"),
    ],
)
async def test_leave_out_of_range_is_refused_politely(
    watched: Harness, command: str, problem: LeaveProblem
) -> None:
    """/cuti is typed text: the rule it breaks, in the user's language."""
    for texts, user in (
        (ID, watched.user(ASN_ID, "Rina")),
        (CATALOGUES[Language.EN], watched.user(ASN_ID, "Rina", language_code="en")),
    ):
        await user.send(command)
        assert (await user.next_message()).text == texts.leave_refusal(problem)
        await watched.settle()
    assert_no_errors(watched)


@pytest.mark.parametrize("role", [Role.CITIZEN, Role.ASN, Role.SUPERVISOR])
@settings(
    max_examples=80,
    deadline=None,
    # One bot per role and backend serves every example: what one tap leaves behind (a
    # language, a draft, a deleted record) is what the next tap meets, as in a real chat.
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=FORGED)
async def test_no_callback_data_reaches_the_error_handler(
    watched: Harness, role: Role, data: str
) -> None:
    user = _people(watched)[role]
    errors, alerts = handler_errors(watched), len(watched.emulator.messages_in(OPS_CHAT))
    await user.press_data(1, data)
    await watched.settle()
    # This tap's errors only, so that Hypothesis shrinks to the data that caused one.
    assert handler_errors(watched) == errors
    assert len(watched.emulator.messages_in(OPS_CHAT)) == alerts


async def test_a_language_button_tapped_again_is_not_an_error(watched: Harness) -> None:
    """A double tap, or the same menu on a second device: the message already says it."""
    siti = _people(watched)[Role.CITIZEN]
    await siti.send(f"/{Command.LANGUAGE.value}")
    menu = await siti.next_message()
    english = cd.language(Language.EN)
    await siti.press_data(menu.message_id, english)
    assert (await siti.next_message()).text == CATALOGUES[Language.EN].language_changed()
    await siti.press_data(menu.message_id, english)
    await watched.settle()
    assert_no_errors(watched)
