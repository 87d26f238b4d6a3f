"""Claims a sending process holds on what it sends, kept alive while it works (summaries and
the outbox share them)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import secrets
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import timedelta

log = logging.getLogger("kinerja.sending")


def claimant() -> str:
    """Who holds a claim: this host and process, and this run (so a renewal never keeps
    another run's claims alive)."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{secrets.token_hex(4)}"


@contextlib.asynccontextmanager
async def claims_renewed(
    renew: Callable[[], Awaitable[None]], lease: timedelta
) -> AsyncIterator[None]:
    """While the body runs, `renew` refreshes this run's claims four times per lease, so
    another process takes a claim over only once its holder has stopped (crashed, killed),
    however long one send takes (rate limits, retries)."""

    async def beat() -> None:
        while True:
            await asyncio.sleep(lease.total_seconds() / 4)
            try:
                await renew()
            except Exception:  # the next beat tries again; the send itself goes on
                log.warning("could not renew delivery claims", exc_info=True)

    task = asyncio.get_running_loop().create_task(beat())
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
