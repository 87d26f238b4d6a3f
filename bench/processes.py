"""Bots under test in their own processes, as deployed: the emulator and the users stay here.

Sharing one event loop with the emulator would charge the emulator's work to the bot; in its own
process the bot also has a peak RSS of its own to report.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import sys
import time
from collections.abc import Mapping
from pathlib import Path

from bot.emulator import BotApiEmulator

ROOT = Path(__file__).resolve().parent.parent
SECRET = "bench-secret-key-of-at-least-32-characters"  # noqa: S105 - a local test key


class BotProcess:
    def __init__(self, process: asyncio.subprocess.Process, log: Path) -> None:
        self._process = process
        self.log = log

    @classmethod
    async def start(
        cls,
        arguments: list[str],
        environment: Mapping[str, str],
        folder: Path,
        emulator: BotApiEmulator,
        ready_call: str = "getUpdates",
        ready_count: int = 1,
    ) -> BotProcess:
        """Start `python <arguments>` and wait until the emulator has had `ready_count` calls
        of `ready_call` (one more than before, when other bots made that call already)."""
        log = folder / f"bot-{time.monotonic_ns()}.log"
        # The bot runs in a scratch folder (no stray .env); `bench` is importable from here.
        path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
        env = {**os.environ, "PYTHONPATH": path, **environment}
        with log.open("wb") as sink:
            process = await asyncio.create_subprocess_exec(
                sys.executable, *arguments, env=env, cwd=folder, stdout=sink, stderr=sink
            )
        bot = cls(process, log)
        deadline = time.monotonic() + 60
        while sum(method == ready_call for method, _ in emulator.calls) < ready_count:
            if process.returncode is not None or time.monotonic() > deadline:
                await bot.stop()
                raise RuntimeError(f"bot did not start:\n{log.read_text()[-3000:]}")
            await asyncio.sleep(0.05)
        return bot

    def peak_rss_mb(self) -> float:
        """VmHWM: the most resident memory the process has had so far."""
        status = Path(f"/proc/{self._process.pid}/status").read_text()
        line = next(x for x in status.splitlines() if x.startswith("VmHWM:"))
        return int(line.split()[1]) / 1024

    def cpu_seconds(self) -> float:
        """User and system CPU time the process (all its threads) has used so far, from
        /proc/<pid>/stat (utime and stime, in clock ticks: 10 ms resolution)."""
        stat = Path(f"/proc/{self._process.pid}/stat").read_text()
        fields = stat.rsplit(")", 1)[1].split()  # after the command name, from field 3 on
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    async def stop(self) -> None:
        if self._process.returncode is None:
            self._process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(self._process.wait(), 30)
            except TimeoutError:
                with contextlib.suppress(ProcessLookupError):
                    self._process.kill()
                await self._process.wait()


def kinerja_environment(
    emulator: BotApiEmulator, database_url: str, **extra: str
) -> dict[str, str]:
    """`kinerja run` against the emulator; no sending limit (the emulator enforces none here)
    and no per-user pace (the simulated people tap as fast as the bot answers, which a real
    person never does; `bench/flood.py` sets both as deployed)."""
    return {
        "TELEGRAM_BOT_TOKEN": emulator.token,
        "TELEGRAM_API_URL": emulator.url,
        "DATABASE_URL": database_url,
        "KINERJA_SECRET_KEY": SECRET,
        "KINERJA_RATE_LIMIT": "false",
        "KINERJA_USER_UPDATES_PER_SECOND": "0",
        # the web app on any free port (the webhook mode names one: `run_arguments`)
        "KINERJA_WEB_LISTEN": "127.0.0.1:0",
        **extra,
    }


def run_arguments(webhook: bool, free_port: int) -> tuple[list[str], dict[str, str], str]:
    """`kinerja run`'s arguments, the environment its webhook mode adds (the web app, which
    serves the webhook, on `free_port`), and the Bot API call that shows it is ready."""
    if not webhook:
        return ["-m", "bot", "run"], {}, "getUpdates"
    environment = {
        "KINERJA_WEB_LISTEN": f"127.0.0.1:{free_port}",
        "KINERJA_WEBHOOK_URL": f"http://127.0.0.1:{free_port}/telegram",
        "KINERJA_WEBHOOK_SECRET": SECRET,
    }
    return ["-m", "bot", "run", "--webhook"], environment, "setWebhook"


def survey_floor_arguments(emulator: BotApiEmulator, webhook: bool) -> tuple[list[str], str]:
    """`bench.survey_floor`'s arguments, and the Bot API call that shows it is ready; in
    webhook mode it binds a free port of its own and sets the webhook there."""
    arguments = ["-m", "bench.survey_floor", emulator.url, emulator.token]
    if not webhook:
        return arguments, "getUpdates"
    return [*arguments, "--webhook", SECRET], "setWebhook"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
