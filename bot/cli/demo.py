"""`kinerja demo`: a realistic week in Pauh in under a minute, with no token and no network.

The real bot runs on the built-in Bot API emulator. Some citizens and ASN use the chat exactly
as people would (every tap an update through Telegram's protocol); the rest of the week's
respondents go through the same use cases directly, to stay within a minute. Time is moved, not
waited: the scheduler's jobs run at their moments of the simulated week.
"""

from __future__ import annotations

import asyncio
import random
import secrets
import shutil
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from rich.console import Console
from rich.progress import Progress

from bot.app import build_application
from bot.emulator import BotApiEmulator, EmulatedUser
from bot.emulator.personas import RandomAnswers, take_survey
from bot.files.catalogue import EXAMPLE, read_catalog
from bot.files.poster import write_poster
from bot.render import plain_text
from bot.render.summary import summary_messages
from bot.runtime import jobs
from bot.runtime.context import KinerjaContext
from bot.runtime.runner import Runner
from bot.services import Services
from bot.settings import Settings
from bot.texts import texts_for
from bot.usecases import reports, staff, survey
from bot.usecases.identity import identify_viewer
from bot.usecases.operator import seed_catalog
from bot.usecases.summary import figures_for, summary_for
from bot.usecases.workbooks import skm_report_workbook, summary_workbook
from db import migrate
from db.engine import create_database
from kinerja.audit import OPERATOR
from kinerja.periods import current_period, previous_period
from kinerja.survey import PROFILE_CHOICES, SKIP, Step
from kinerja.tokens import deep_link, issue_visit_token, unit_payload
from kinerja.types import Language, PeriodKind, Role, UnitKind

ID = texts_for(Language.ID)
SERVICE_UNITS = (
    "PKM-PAUH-UMUM",
    "PKM-PAUH-KIA",
    "PKM-PAUH-GIGI",
    "PKM-LBUKIT-UMUM",
    "PKM-LBUKIT-KIA",
    "PKM-PAUH-DAFTAR",
)


class DemoClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


async def direct_citizen(
    services: Services, user_id: int, unit_id: int, rng: random.Random, quality: float
) -> None:
    """The same use cases without the chat, for the bulk of the week's respondents; some came
    with a queue ticket's single-use token (a verified visit)."""
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


@dataclass
class Staff:
    user: EmulatedUser
    unit: str
    reliable: bool


async def register(
    services: Services, user: EmulatedUser, role: Role, unit: str, nip: str, name: str
) -> None:
    payload, _ = await staff.create_invitation(
        services, role=role, unit_code=unit, nip=nip, name=name, days=7
    )
    await user.start(payload)
    prompt = await user.next_message(within=30)
    await user.press(prompt, ID.invite_yes())
    await user.next_message(within=30)


async def chat_report(user: EmulatedUser, value: int) -> None:
    await user.send("/lapor")
    menu = await user.next_new_message(within=30)
    await user.press(menu, "Pasien dilayani")
    await user.next_message(within=30)
    await user.send(str(value))
    await user.press(await user.next_new_message(within=30), ID.skip_note_button())
    await user.press(await user.next_message(within=30), ID.skip_evidence_button())
    await user.press(await user.next_message(within=30), ID.save_button())
    await user.next_message(within=30)


async def direct_report(services: Services, user: EmulatedUser, value: int) -> None:
    viewer = await identify_viewer(services, user.id, user.first_name, "id")
    menu = await reports.begin_report(services, viewer)
    assert isinstance(menu, reports.ReportScreen)  # noqa: S101 - registered ASN
    metric = next(c.id for c in menu.metrics if c.metric.code == "pasien_dilayani")
    await reports.choose_metric(services, viewer, metric)
    await reports.receive_report_text(services, viewer, str(value))
    await reports.skip_step(services, viewer, reports.Step.NOTE)
    await reports.skip_step(services, viewer, reports.Step.EVIDENCE)
    await reports.confirm_report(services, viewer)
    await reports.close_report(services, viewer, reports.Ending.FINISH)


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


async def run_demo(
    out: Path,
    console: Console,
    *,
    chat_citizens: int = 15,
    direct_citizens: int = 165,
    seed: int = 47,
) -> None:
    rng = random.Random(seed)
    zone = ZoneInfo("Asia/Jakarta")
    week = previous_period(current_period(PeriodKind.WEEK, datetime.now(UTC), zone))
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    database_url = f"sqlite+aiosqlite:///{out / 'kinerja.db'}"
    clock = DemoClock(datetime.combine(week.start, time(7), zone).astimezone(UTC))
    async with BotApiEmulator(token="123456:DEMO", bot_username="kinerja_pauh_bot") as emulator:
        settings = Settings(
            _env_file=None,
            telegram_bot_token=emulator.token,
            telegram_api_url=emulator.url,
            database_url=database_url,
            rate_limit=False,
            bot_username="kinerja_pauh_bot",
            secret_key=secrets.token_urlsafe(48),  # its own, for a database thrown away after
        )
        database = create_database(database_url)
        await migrate.upgrade(database)
        catalog = read_catalog(EXAMPLE)
        unit_ids = await seed_catalog(database, catalog)
        application = build_application(settings, database, clock=clock)
        runner = Runner(application, settings, poll_timeout=2)
        await runner.start()
        services = application.bot_data.services
        quality = {code: rng.uniform(-0.15, 0.2) for code in SERVICE_UNITS}
        quality["PKM-PAUH-KIA"] = -0.18  # one unit struggles this week
        try:
            with Progress(console=console, transient=True) as progress:
                task = progress.add_task(ID.demo_progress(), total=9)
                andi = emulator.user(9001, "Andi")
                await register(
                    services,
                    andi,
                    Role.SUPERVISOR,
                    "PKM-PAUH",
                    "197903042005011003",
                    "dr. Andi Pratama",
                )
                team: list[Staff] = []
                for i, name in enumerate(FIRST_NAMES):
                    unit = SERVICE_UNITS[i % 5]
                    user = emulator.user(9100 + i, name)
                    nip = (
                        f"19{80 + i % 15:02d}0{1 + i % 9}1{i % 3}"
                        f"20{10 + i % 10}0{1 + i % 2}1{i:03d}"
                    )
                    await register(
                        services,
                        user,
                        Role.ASN,
                        unit,
                        nip,
                        f"{name} {('Putra', 'Sari', 'Hidayat', 'Lestari')[i % 4]}",
                    )
                    team.append(Staff(user, unit, reliable=i not in (3, 11)))
                progress.advance(task)

                complaints = [
                    "Antrean di pendaftaran lama sekali, loket hanya satu yang buka.",
                    "Toilet ruang tunggu KIA kotor dan airnya mati.",
                ]
                for day_index, day in enumerate(week.days()[:5]):
                    clock.now = datetime.combine(day, time(9), zone).astimezone(UTC)
                    chat_group = []
                    for n in range(chat_citizens // 5):
                        unit = rng.choice(SERVICE_UNITS[:5])
                        complaint = complaints.pop() if complaints and n == 0 else None
                        user = emulator.user(20_000 + day_index * 100 + n, "Warga")
                        chat_group.append(
                            take_survey(
                                user, unit, RandomAnswers(rng, quality[unit]), complaint=complaint
                            )
                        )
                    await asyncio.gather(*chat_group)
                    for n in range(direct_citizens // 5):
                        unit = rng.choice(SERVICE_UNITS)
                        await direct_citizen(
                            services,
                            50_000 + day_index * 1000 + n,
                            unit_ids[unit],
                            rng,
                            quality[unit],
                        )
                    clock.now = datetime.combine(day, time(13), zone).astimezone(UTC)
                    for member in team:
                        if not member.reliable and rng.random() < 0.6:
                            continue
                        value = rng.randint(3, 9)
                        if day_index == 0 and member is team[0]:
                            await chat_report(member.user, value)
                        else:
                            await direct_report(services, member.user, value)
                    clock.now = datetime.combine(day, time(15, 5), zone).astimezone(UTC)
                    await jobs.send_reminders(KinerjaContext(application))
                    await _handle_alerts(andi, clock, zone, day)
                    progress.advance(task)

                clock.now = datetime.combine(
                    week.end + timedelta(days=1), time(7), zone
                ).astimezone(UTC)
                await jobs.compute_results(KinerjaContext(application))
                await jobs.weekly_summaries(KinerjaContext(application))
                progress.advance(task)
                andi.drain()
                figures = await figures_for(services, week)
                summary = await summary_for(services, figures, "PKM-PAUH")
                for message in summary_messages(ID, summary):
                    console.rule(ID.demo_summary_heading("dr. Andi Pratama"))
                    console.print(plain_text(message), markup=False, highlight=False)
                chart = next((m.photo for m in emulator.messages_in(andi.id) if m.photo), None)
                if chart:
                    (out / f"grafik-{week.key}.png").write_bytes(chart)
                (out / f"rekap-{week.key}.xlsx").write_bytes(
                    await summary_workbook(services, figures, "PKM-PAUH", actor=OPERATOR)
                )
                quarter = current_period(PeriodKind.QUARTER, clock.now, zone)
                (out / f"laporan-skm-PKM-PAUH-{quarter.key}.xlsx").write_bytes(
                    await skm_report_workbook(services, "PKM-PAUH", quarter, actor=OPERATOR)
                )
                for service_unit in catalog.units:
                    if service_unit.kind is UnitKind.SERVICE_UNIT:
                        write_poster(
                            out / "poster" / f"{service_unit.code}.png",
                            link=deep_link("kinerja_pauh_bot", unit_payload(service_unit.code)),
                            unit_name=service_unit.name,
                            instruction=ID.poster_instruction(),
                            footer=ID.poster_footer(),
                        )
                progress.advance(task, 2)
        finally:
            await runner.stop()
    console.print("\n" + ID.demo_done(str(out), week.key), markup=False, highlight=False)


async def _handle_alerts(andi: EmulatedUser, clock: DemoClock, zone: ZoneInfo, day: date) -> None:
    """The supervisor takes on each complaint alert and closes it with a follow-up."""
    await asyncio.sleep(0.05)
    for message in [m for m in andi.drain() if m.event == "sent"]:
        if ID.take_button() not in message.button_texts:
            continue
        clock.now = datetime.combine(day, time(16), zone).astimezone(UTC)
        await andi.press(message, ID.take_button())
        await andi.press(message, ID.close_button())
        await andi.next_new_message(within=30)  # past the alert's buttons brought up to date
        await andi.send("Sudah kami tindak lanjuti: petugas tambahan dijadwalkan mulai besok.")
        await andi.next_new_message(within=30)
