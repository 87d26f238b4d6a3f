"""Several `kinerja run --webhook` processes on one PostgreSQL database behind nginx.

nginx (Debian's, installed here when missing) balances the webhook's requests round robin over
N processes, so one citizen's updates reach different processes; the emulator delivers as
Telegram does (one request in flight per chat's messages and per user's taps, up to
`max_connections`) and posts a share of updates a second time at once, as Telegram does when
an answer timed out. Measured per N: interactions per second, CPU per interaction (the bots'
and nginx's), and the proofs: every survey completed; the processes together handled each
update once and skipped each copy (their /metrics); and each citizen's updates were handled one
after the other, in the order sent (the ledger's start and finish times).
"""

from __future__ import annotations

import asyncio
import itertools
import os
import shutil
import signal
import subprocess
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import httpx
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import select

from bench.databases import completed_surveys, prepare, reset_postgres
from bench.processes import SECRET, BotProcess, free_port, kinerja_environment
from bench.throughput import citizens_survey
from bot.emulator import BotApiEmulator
from bot.runtime.processing import sender_of
from db import models
from db.engine import create_database

COPIES = 0.05
"""The share of updates Telegram posts twice in the runs that prove exactly-once."""
PROCESSES = (1, 2, 3)
SETUPS = ((0.0, 120), (0.05, 240))
"""(round trip, citizens): loopback, and 50 ms with enough citizens to keep every process busy.
Each with N = 1, 2, 3 and no copies (Telegram sends none while answers come in time), then
with N = 3 and copies."""

NGINX_CONF = """\
worker_processes 1;
master_process off;
daemon off;
pid {folder}/nginx.pid;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    upstream kinerja {{
{servers}
        keepalive 64;
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://kinerja;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_read_timeout 60s;
        }}
    }}
}}
"""


def nginx_binary() -> str | None:
    """nginx, installed from Debian's packages first when it is missing (and apt-get is here)."""
    found = shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )
    if found or shutil.which("apt-get") is None:
        return found
    environment = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(
        ["apt-get", "install", "-y", "-q", "nginx-light"],  # noqa: S607
        env=environment,
        check=False,
        capture_output=True,
    )
    return shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )


class Nginx:
    """One nginx process (no master) in front of the bots' webhook listeners."""

    def __init__(self, process: asyncio.subprocess.Process, port: int) -> None:
        self._process = process
        self.port = port

    @classmethod
    async def start(cls, binary: str, folder: Path, upstreams: list[int]) -> Nginx:
        port = free_port()
        conf = _configure(folder, upstreams, port)
        process = await asyncio.create_subprocess_exec(
            binary,
            *("-p", str(folder), "-c", str(conf), "-e", str(folder / "error.log")),
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 20
        while True:
            try:
                _, writer = await asyncio.open_connection("127.0.0.1", port)
                writer.close()
                return cls(process, port)
            except OSError:
                if process.returncode is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"nginx did not start (see {folder}/error.log)") from None
                await asyncio.sleep(0.05)

    def cpu_seconds(self) -> float:
        stat = Path(f"/proc/{self._process.pid}/stat").read_text()
        fields = stat.rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    async def stop(self) -> None:
        if self._process.returncode is None:
            self._process.send_signal(signal.SIGTERM)
            await asyncio.wait_for(self._process.wait(), 10)


def _configure(folder: Path, upstreams: list[int], port: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    servers = "\n".join(f"        server 127.0.0.1:{p};" for p in upstreams)
    conf = folder / "nginx.conf"
    conf.write_text(NGINX_CONF.format(folder=folder, servers=servers, port=port))
    return conf


@dataclass(frozen=True)
class Scaled:
    processes: int
    latency: float
    citizens: int
    interactions: int
    seconds: float
    bot_cpu: float
    nginx_cpu: float
    completed: int
    sent: int
    """Distinct updates the citizens sent."""
    handled: int
    """Updates the processes handled, summed over their /metrics."""
    copies: int
    skipped: int
    """Copies the processes recognised and skipped."""
    out_of_turn: int
    """A citizen's update handled before the one sent before it had finished."""
    tap_p99_ms: float

    @property
    def rate(self) -> float:
        return self.interactions / self.seconds

    @property
    def cpu_ms(self) -> float:
        return 1000 * self.bot_cpu / self.interactions

    @property
    def exactly_once(self) -> bool:
        return self.handled == self.sent and self.skipped == self.copies


async def _scrape(http: httpx.AsyncClient, port: int) -> tuple[int, int]:
    """(updates handled, copies skipped) from one process's /metrics."""
    text = (await http.get(f"http://127.0.0.1:{port}/metrics")).text
    handled = skipped = 0
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == "kinerja_updates_total":
                handled += int(sample.value)
            elif sample.name == "kinerja_updates_duplicate_total":
                skipped += int(sample.value)
    return handled, skipped


async def _counted(metrics: list[int], sent: int, copies: int) -> tuple[int, int]:
    """The processes' counts, once every update and copy has been answered (or 10 s)."""
    async with httpx.AsyncClient(timeout=5) as http:
        deadline = time.monotonic() + 10
        while True:
            counts = [await _scrape(http, port) for port in metrics]
            handled, skipped = sum(c[0] for c in counts), sum(c[1] for c in counts)
            if (handled >= sent and skipped >= copies) or time.monotonic() > deadline:
                return handled, skipped
            await asyncio.sleep(0.1)


async def _out_of_turn(database_url: str, senders: dict[int, int]) -> int:
    """Updates of a citizen that started before the citizen's previous one had finished."""
    database = create_database(database_url)
    async with database.snapshot() as tx:
        rows = (await tx.session.execute(select(models.ProcessedUpdate))).scalars().all()
    await database.dispose()
    by_sender: dict[int, list[models.ProcessedUpdate]] = defaultdict(list)
    for row in rows:
        if row.update_id in senders:
            by_sender[senders[row.update_id]].append(row)
    late = 0
    for handled in by_sender.values():
        handled.sort(key=lambda row: row.update_id)
        for before, after in itertools.pairwise(handled):
            if before.finished_at is None or after.started_at < before.finished_at:
                late += 1
    return late


async def measure(
    nginx: str,
    processes: int,
    latency: float,
    citizens: int,
    folder: Path,
    database_url: str,
    copies: float = 0.0,
    **settings: str,
) -> Scaled:
    await reset_postgres(database_url)
    await prepare(database_url)
    webhooks = [free_port() for _ in range(processes)]
    metrics = [free_port() for _ in range(processes)]
    balancer = await Nginx.start(nginx, folder / f"nginx-{processes}-{latency}", webhooks)
    bots: list[BotProcess] = []
    try:
        async with BotApiEmulator(latency=latency) as emulator:
            emulator.feed.copies = copies
            for number, (webhook, metric) in enumerate(zip(webhooks, metrics, strict=True)):
                environment = kinerja_environment(
                    emulator,
                    database_url,
                    KINERJA_WEB_LISTEN=f"127.0.0.1:{webhook}",
                    KINERJA_WEBHOOK_URL=f"http://127.0.0.1:{balancer.port}/telegram",
                    KINERJA_WEBHOOK_SECRET=SECRET,
                    KINERJA_METRICS_PORT=str(metric),
                    **settings,
                )
                bots.append(
                    await BotProcess.start(
                        ["-m", "bot", "run", "--webhook"],
                        environment,
                        folder,
                        emulator,
                        "setWebhook",
                        ready_count=number + 1,
                    )
                )

            def cpu() -> float:
                return sum(bot.cpu_seconds() for bot in bots)

            nginx_before = balancer.cpu_seconds()
            taps, seconds, bot_cpu, (latencies, _) = await citizens_survey(emulator, cpu, citizens)
            nginx_cpu = balancer.cpu_seconds() - nginx_before
            sent = dict(emulator.feed.sent)
            handled, skipped = await _counted(metrics, len(sent), emulator.feed.copies_posted)
            copies = emulator.feed.copies_posted
    finally:
        for bot in bots:
            await bot.stop()
        await balancer.stop()
    senders = {update_id: sender_of(update) or 0 for update_id, update in sent.items()}
    ordered = sorted(latencies)
    return Scaled(
        processes,
        latency,
        citizens,
        taps + citizens,
        seconds,
        bot_cpu,
        nginx_cpu,
        await completed_surveys(database_url),
        len(sent),
        handled,
        copies,
        skipped,
        await _out_of_turn(database_url, senders),
        1000 * ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))] if ordered else 0.0,
    )


async def run(folder: Path, postgres_url: str | None, smoke: bool = False) -> list[Scaled] | str:
    """Every N and round trip; or why it could not run (no PostgreSQL, no nginx)."""
    if not postgres_url:
        return "not measured: KINERJA_TEST_POSTGRES_URL is not set"
    nginx = nginx_binary()
    if nginx is None:
        return "not measured: nginx is not installed and apt-get could not install it"
    if smoke:
        return [await measure(nginx, 2, 0.0, 20, folder, postgres_url, COPIES)]
    found = []
    for latency, citizens in SETUPS:
        for n in PROCESSES:
            found.append(await measure(nginx, n, latency, citizens, folder, postgres_url))
        found.append(await measure(nginx, 3, latency, citizens, folder, postgres_url, COPIES))
    return found


def _mark(ok: bool) -> str:
    return "met" if ok else "**missed**"


def section(found: list[Scaled] | str) -> list[str]:
    """Section 7 of docs/benchmarks.md."""
    lines = [
        "## 7. Several processes",
        "",
        "N `kinerja run --webhook` processes on one PostgreSQL database behind nginx "
        "(Debian's, round robin, keep-alive), citizens taking the whole survey at once, each "
        "waiting for every reply. The emulator delivers as Telegram does (one request in flight "
        "per chat's messages and per user's taps, up to 40 connections); in the runs marked "
        f"*copies* it also posts {COPIES:.0%} of the updates a second time at once, as Telegram "
        "does when an answer timed out. CPU per interaction is the bots' (all N); nginx's is "
        "shown apart. "
        f"This machine has {os.cpu_count()} cores, shared by the bots, PostgreSQL, nginx, the "
        "emulator and the citizens (no pinning).",
        "",
    ]
    if isinstance(found, str):
        return [*lines, f"**{found}.**", ""]
    lines += [
        "| round trip | citizens | processes | interactions/s | × one process "
        "| CPU ms / interaction | nginx CPU ms / interaction | tap p99 ms | completed "
        "| handled / sent | copies skipped | out of turn |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    one = {r.latency: r.rate for r in found if r.processes == 1 and not r.copies}
    for r in found:
        scale = f"{r.rate / one[r.latency]:.2f}×" if r.latency in one else ""
        copied = ", copies" if r.copies else ""
        lines.append(
            f"| {int(r.latency * 1000)} ms | {r.citizens} | {r.processes}{copied} | {r.rate:.0f} "
            f"| {scale} | {r.cpu_ms:.1f} | {1000 * r.nginx_cpu / r.interactions:.2f} "
            f"| {r.tap_p99_ms:.0f} | {r.completed} of {r.citizens} | {r.handled:,} / {r.sent:,} "
            f"| {r.skipped} of {r.copies} | {r.out_of_turn} |"
        )
    proofs = all(r.exactly_once and r.out_of_turn == 0 and r.completed == r.citizens for r in found)
    plain = [r for r in found if not r.copies]
    distant = [r for r in plain if r.latency == 0.05 and r.processes <= 2]
    best = max(distant, key=lambda r: r.rate) if distant else None
    twos = [r.rate / one[r.latency] for r in plain if r.processes == 2 and r.latency in one]
    lines += [
        "",
        "- Exactly once and in turn, in every run: every survey completed, the processes "
        "together handled each update once and skipped every copy, and no citizen's update "
        f"started before the one sent before it had finished: {_mark(proofs)}.",
    ]
    if best is not None:
        lines.append(
            f"- With a 50 ms round trip: **{best.rate:.0f} interactions/s** at best, "
            f"{best.processes} process{'es' if best.processes > 1 else ''} "
            f"(target ≥ 200, two processes if one cannot: {_mark(best.rate >= 200)})."
        )
    if twos:
        lines.append(
            f"- Two processes / one: **{max(twos):.2f}×** at best (target ≥ 1.7× when each "
            f"has its own core: {_mark(max(twos) >= 1.7)}; here the {os.cpu_count()} cores "
            "are shared with everything else, see the findings)."
        )
    return [*lines, ""]


if __name__ == "__main__":
    import sys
    import tempfile

    with tempfile.TemporaryDirectory() as name:
        found = asyncio.run(
            run(Path(name), os.environ.get("KINERJA_TEST_POSTGRES_URL"), "--smoke" in sys.argv)
        )
    for result in [found] if isinstance(found, str) else found:
        print(result)
