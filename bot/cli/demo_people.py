"""The people of `kinerja demo`: how a citizen, an ASN and the supervisor act in it, through the
chat (every tap an update through the emulator) or through the same use cases directly."""

from __future__ import annotations

import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.emulator import EmulatedUser
from bot.emulator.personas import RandomAnswers
from bot.services import Services, Viewer
from bot.texts import texts_for
from bot.usecases import reports, staff, survey
from bot.usecases.identity import identify_viewer
from kinerja.survey import PROFILE_CHOICES, SKIP, Step
from kinerja.tokens import issue_visit_token
from kinerja.types import Language, Role

ID = texts_for(Language.ID)
WAIT = 30.0
"""Seconds the demo waits for any one answer of the bot before it gives up."""

FIRST_NAMES = (
    "Rina",
    "Budi",
    "Dewi",
    "Andre",
    "Sari",
    "Yusuf",
    "Fitri",
    "Rahmat",
    "Nisa",
    "Hendra",
    "Lia",
    "Fajar",
    "Mega",
    "Doni",
    "Ayu",
    "Rizki",
    "Putri",
    "Iwan",
    "Wulan",
    "Agus",
)


@dataclass
class Staff:
    user: EmulatedUser
    unit: str
    reliable: bool
    viewer: Viewer
    """Who they are to the use cases, resolved once: it does not change during the demo."""


async def direct_citizen(
    services: Services, user_id: int, unit_id: int, rng: random.Random, quality: float
) -> None:
    """The same use cases without the chat, for the bulk of the respondents; some came with a
    queue ticket's single-use token (a verified visit)."""
    viewer = await identify_viewer(services, user_id, "Warga", "id")
    token = None
    if rng.random() < 0.4:
        token = issue_visit_token(services.secret, unit_id, services.clock(), rng.getrandbits(32))
    answers = RandomAnswers(rng, quality)
    outcome: survey.SurveyOutcome = await survey.consent(services, viewer, unit_id, token)
    while isinstance(outcome, survey.Question):
        step = outcome.step
        if step.is_element or step is Step.OVERALL:
            value = str(answers.score(step.value))
        elif step is Step.WAITING:
            value = answers.waiting()
        elif step is Step.IMPORTANCE:
            value = answers.importance()
        elif step in PROFILE_CHOICES:
            value = rng.choice(PROFILE_CHOICES[step])
        else:
            value = SKIP
        outcome = await survey.answer_button(services, viewer, outcome.response.id, step, value)


async def register(
    services: Services, user: EmulatedUser, role: Role, unit: str, nip: str, name: str
) -> Viewer:
    """Invited, and registered through the chat; who they are now."""
    payload, _ = await staff.create_invitation(
        services, role=role, unit_code=unit, nip=nip, name=name, days=7
    )
    await user.start(payload)
    prompt = await user.next_message(within=WAIT)
    await user.press(prompt, ID.invite_yes())
    await user.next_message(within=WAIT)
    return await identify_viewer(services, user.id, user.first_name, user.language_code)


async def chat_report(user: EmulatedUser, value: int) -> None:
    await user.send("/lapor")
    menu = await user.next_new_message(within=WAIT)
    await user.press(menu, "Pasien dilayani")
    await user.next_message(within=WAIT)
    await user.send(str(value))
    await user.press(await user.next_new_message(within=WAIT), ID.skip_note_button())
    await user.press(await user.next_message(within=WAIT), ID.skip_evidence_button())
    await user.press(await user.next_message(within=WAIT), ID.save_button())
    await user.next_message(within=WAIT)


async def direct_report(services: Services, viewer: Viewer, value: int) -> None:
    menu = await reports.begin_report(services, viewer)
    assert isinstance(menu, reports.ReportScreen)  # noqa: S101 - registered ASN
    metric = next(c.id for c in menu.metrics if c.metric.code == "pasien_dilayani")
    await reports.choose_metric(services, viewer, metric)
    await reports.receive_report_text(services, viewer, str(value))
    await reports.skip_step(services, viewer, reports.Step.NOTE)
    await reports.skip_step(services, viewer, reports.Step.EVIDENCE)
    await reports.confirm_report(services, viewer)
    await reports.close_report(services, viewer, reports.Ending.FINISH)


async def handle_alerts(supervisor: EmulatedUser, settled: Callable[[], Awaitable[None]]) -> None:
    """The supervisor takes on each complaint alert that came and closes it with a follow-up.
    Called once the bot has settled, so what came does not depend on the machine's speed."""
    for alert in supervisor.drain():
        if alert.event != "sent" or ID.take_button() not in alert.button_texts:
            continue
        await supervisor.press(alert, ID.take_button())
        await settled()  # the alert's buttons brought up to date: Tutup only
        await supervisor.press(alert.message_id, ID.close_button())
        await supervisor.next_new_message(within=WAIT)
        await supervisor.send(
            "Sudah kami tindak lanjuti: petugas tambahan dijadwalkan mulai besok."
        )
        await supervisor.next_new_message(within=WAIT)
