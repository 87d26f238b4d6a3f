"""`kinerja demo`: several weeks in Pauh in under a minute, with no token and no network.

The real bot runs on the built-in Bot API emulator. Some citizens and ASN use the chat exactly
as people would (every tap an update through Telegram's protocol); the rest of the respondents
go through the same use cases directly, to stay within a minute. Time is moved, not waited: the
scheduler's jobs run at their moments of the simulated weeks, called by the demo, and none runs
by the wall clock. The weeks before the last are lighter (fewer respondents, no chat), enough
for the chart's trend: the units improve, and Poli KIA slides.

The same seed plays the same weeks: every draw comes from one generator in a fixed order (each
chat citizen, answering alongside others, draws from a generator of its own, seeded in turn),
the secret key comes from the seed, and the supervisor's work waits for what it expects rather
than for a moment of the wall clock.
"""

from __future__ import annotations

import asyncio
import hashlib
import random
import shutil
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from rich.console import Console
from rich.progress import Progress

from bot.app import KinerjaApplication, build_application
from bot.cli.demo_people import (
    FIRST_NAMES,
    Staff,
    chat_report,
    direct_citizen,
    direct_report,
    handle_alerts,
    register,
)
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
from bot.usecases.operator import seed_catalog
from bot.usecases.summary import figures_for, summary_for
from bot.usecases.workbooks import skm_report_workbook, summary_workbook
from db import migrate
from db.engine import create_database
from kinerja.audit import OPERATOR
from kinerja.periods import Period, current_period, previous_period, recent_periods
from kinerja.tokens import deep_link, unit_payload
from kinerja.types import Language, PeriodKind, Role, UnitKind

ID = texts_for(Language.ID)
WEEKS = 8
"""Played by default: as many as the summary's chart shows."""
SERVICE_UNITS = (
    "PKM-PAUH-UMUM",
    "PKM-PAUH-KIA",
    "PKM-PAUH-GIGI",
    "PKM-LBUKIT-UMUM",
    "PKM-LBUKIT-KIA",
    "PKM-PAUH-DAFTAR",
)
STRUGGLING = "PKM-PAUH-KIA"
COMPLAINTS = (
    "Toilet ruang tunggu KIA kotor dan airnya mati.",
    "Antrean di pendaftaran lama sekali, loket hanya satu yang buka.",
)
"""Typed by a chat citizen on the first days of the last week, one a day."""


class DemoClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def week_quality(base: dict[str, float], index: int, weeks: int) -> dict[str, float]:
    """Each unit's quality in week `index` of `weeks`: the units get better week by week up to
    `base`, while Poli KIA slides from good to poor; the last week is `base` with Poli KIA at
    its worst."""
    ahead = (weeks - 1 - index) / max(weeks - 1, 1)  # 1 in the first week, 0 in the last
    quality = {code: q - 0.2 * ahead for code, q in base.items()}
    quality[STRUGGLING] = -0.18 + 0.3 * ahead
    return quality


@dataclass
class Town:
    """The running bot and the people of the demo."""

    emulator: BotApiEmulator
    application: KinerjaApplication
    clock: DemoClock
    zone: ZoneInfo
    rng: random.Random
    unit_ids: dict[str, int]
    andi: EmulatedUser
    team: list[Staff] = field(default_factory=list)

    @property
    def services(self) -> Services:
        return self.application.bot_data.services

    def at(self, day: date, hour: int, minute: int = 0) -> None:
        self.clock.now = datetime.combine(day, time(hour, minute), self.zone).astimezone(UTC)

    async def settled(self) -> None:
        """Every update sent so far handled to its end, and whatever it sent, sent."""
        await self.emulator.settled(self.application, within=60)


async def run_demo(
    out: Path,
    console: Console,
    *,
    weeks: int = WEEKS,
    chat_citizens: int = 15,
    direct_citizens: int = 165,
    seed: int = 47,
) -> None:
    """Play `weeks` weeks ending with the last full one; `chat_citizens` and `direct_citizens`
    answer in the last week (a fifth as many, all direct, in each week before)."""
    rng = random.Random(seed)
    zone = ZoneInfo("Asia/Jakarta")
    played = recent_periods(
        previous_period(current_period(PeriodKind.WEEK, datetime.now(UTC), zone)), weeks
    )
    week = played[-1]
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    database_url = f"sqlite+aiosqlite:///{out / 'kinerja.db'}"
    clock = DemoClock(datetime.combine(played[0].start, time(7), zone).astimezone(UTC))
    async with BotApiEmulator(token="123456:DEMO", bot_username="kinerja_pauh_bot") as emulator:
        settings = Settings(
            _env_file=None,
            telegram_bot_token=emulator.token,
            telegram_api_url=emulator.url,
            database_url=database_url,
            rate_limit=False,
            # eight weeks in a minute: its people tap far faster than any person could
            user_updates_per_second=0,
            bot_username="kinerja_pauh_bot",
            # its own, for a database thrown away after; from the seed, as every draw is
            secret_key=hashlib.sha256(f"kinerja demo {seed}".encode()).hexdigest(),
            # the runner's web app on any free port: never a running bot's own
            web_listen="127.0.0.1:0",
        )
        database = create_database(database_url)
        await migrate.upgrade(database)
        catalog = read_catalog(EXAMPLE)
        unit_ids = await seed_catalog(database, catalog)
        # the demo runs the jobs itself, at their simulated moments
        application = build_application(settings, database, clock=clock, schedule_jobs=False)
        runner = Runner(application, settings, poll_timeout=2)
        await runner.start()
        town = Town(emulator, application, clock, zone, rng, unit_ids, emulator.user(9001, "Andi"))
        base = {code: rng.uniform(-0.15, 0.2) for code in SERVICE_UNITS}
        try:
            with Progress(console=console, transient=True) as progress:
                task = progress.add_task(ID.demo_progress(), total=weeks + 3)
                await _register_everyone(town)
                progress.advance(task)
                for index, played_week in enumerate(played):
                    last = played_week is week
                    await _play_week(
                        town,
                        index,
                        played_week,
                        week_quality(base, index, weeks),
                        chat_citizens=chat_citizens if last else 0,
                        direct_citizens=direct_citizens if last else direct_citizens // 5,
                        last=last,
                    )
                    progress.advance(task)
                puskesmas = catalog.unit("PKM-PAUH")
                assert puskesmas is not None  # noqa: S101 - the example catalogue's
                chart = await _monday_after(town, week, puskesmas.name)
                progress.advance(task)
                await _write_outputs(town, week, out, chart, console)
                progress.advance(task)
        finally:
            await runner.stop()
    console.print("\n" + ID.demo_done(str(out), week.key), markup=False, highlight=False)


async def _register_everyone(town: Town) -> None:
    """Monday 07:00 of the first week: the supervisor and twenty ASN join through the chat."""
    await register(
        town.services,
        town.andi,
        Role.SUPERVISOR,
        "PKM-PAUH",
        "197903042005011003",
        "dr. Andi Pratama",
    )
    for i, name in enumerate(FIRST_NAMES):
        unit = SERVICE_UNITS[i % 5]
        user = town.emulator.user(9100 + i, name)
        nip = f"19{80 + i % 15:02d}0{1 + i % 9}1{i % 3}20{10 + i % 10}0{1 + i % 2}1{i:03d}"
        full_name = f"{name} {('Putra', 'Sari', 'Hidayat', 'Lestari')[i % 4]}"
        viewer = await register(town.services, user, Role.ASN, unit, nip, full_name)
        town.team.append(Staff(user, unit, reliable=i not in (3, 11), viewer=viewer))


async def _play_week(
    town: Town,
    index: int,
    week: Period,
    quality: dict[str, float],
    *,
    chat_citizens: int,
    direct_citizens: int,
    last: bool,
) -> None:
    """Five working days: citizens in the morning, ASN reports after lunch; in the last week
    also the reminders and the supervisor's complaint work in the afternoon. Every citizen is
    someone new (a returning one would be asked to wait before rating again)."""
    rng = town.rng
    complaints = list(COMPLAINTS) if last else []
    first_citizen = 50_000 + index * 10_000
    for day_index, day in enumerate(week.days()[:5]):
        town.at(day, 9)
        chat_group = []
        for n in range(chat_citizens // 5):
            unit = rng.choice(SERVICE_UNITS[:5])
            complaint = complaints.pop() if complaints and n == 0 else None
            user = town.emulator.user(20_000 + day_index * 100 + n, "Warga")
            answers = RandomAnswers(random.Random(rng.getrandbits(64)), quality[unit])
            chat_group.append(take_survey(user, unit, answers, complaint=complaint))
        await asyncio.gather(*chat_group)
        await town.settled()  # the alerts of complaints typed in the chat have gone out
        for n in range(direct_citizens // 5):
            unit = rng.choice(SERVICE_UNITS)
            user_id = first_citizen + day_index * 1_000 + n
            await direct_citizen(town.services, user_id, town.unit_ids[unit], rng, quality[unit])
        town.at(day, 13)
        for member in town.team:
            if not member.reliable and rng.random() < 0.6:
                continue
            value = rng.randint(3, 9)
            if last and day_index == 0 and member is town.team[0]:
                await chat_report(member.user, value)
            else:
                await direct_report(town.services, member.viewer, value)
        if last:
            town.at(day, 15, 5)
            await jobs.send_reminders(KinerjaContext(town.application))
            town.at(day, 16)
            await handle_alerts(town.andi, town.settled)


async def _monday_after(town: Town, week: Period, unit_name: str) -> bytes:
    """Monday 07:00 after the last week: the results, then the summary with its chart. The
    chart kept is the photo that follows this week's summary, whatever else came before."""
    town.at(week.end + timedelta(days=1), 7)
    context = KinerjaContext(town.application)
    await jobs.compute_results(context)
    town.andi.drain()
    await jobs.weekly_summaries(context)
    title = ID.summary_title(unit_name, week, late=False)
    seen_summary = False
    while True:
        message = await town.andi.next_new_message(within=60)
        if message.photo is None:
            seen_summary = seen_summary or (message.text or "").startswith(title)
        elif seen_summary:
            return message.photo


async def _write_outputs(
    town: Town, week: Period, out: Path, chart: bytes, console: Console
) -> None:
    services = town.services
    figures = await figures_for(services, week)
    summary = await summary_for(services, figures, "PKM-PAUH")
    for message in summary_messages(ID, summary):
        console.rule(ID.demo_summary_heading("dr. Andi Pratama"))
        console.print(plain_text(message), markup=False, highlight=False)
    (out / f"grafik-{week.key}.png").write_bytes(chart)
    (out / f"rekap-{week.key}.xlsx").write_bytes(
        await summary_workbook(services, figures, "PKM-PAUH", actor=OPERATOR)
    )
    quarter = current_period(PeriodKind.QUARTER, town.clock.now, town.zone)
    (out / f"laporan-skm-PKM-PAUH-{quarter.key}.xlsx").write_bytes(
        await skm_report_workbook(services, "PKM-PAUH", quarter, actor=OPERATOR)
    )
    catalog = figures.now.catalog
    for service_unit in catalog.units:
        if service_unit.kind is UnitKind.SERVICE_UNIT:
            write_poster(
                out / "poster" / f"{service_unit.code}.png",
                link=deep_link("kinerja_pauh_bot", unit_payload(service_unit.code)),
                unit_name=service_unit.name,
                instruction=ID.poster_instruction(),
                footer=ID.poster_footer(),
            )
