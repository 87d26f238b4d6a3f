"""The Bot API's HTTP client: calls beyond the pool wait in line here, not in httpcore's pool."""

from __future__ import annotations

import asyncio

from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import ODVInput
from telegram.error import TimedOut
from telegram.request import BaseRequest, HTTPXRequest, RequestData

POOL_TIMEOUT_SECONDS = 10.0


class GatedRequest(HTTPXRequest):
    """PTB's HTTPX request with a semaphore of the pool's size in front.

    httpcore hands a freed connection over by scanning every request it holds, so under a
    backlog (replies to many citizens at a 50 ms round trip: hundreds of calls waiting for 16
    connections) each hand-over costs in proportion to the backlog, and the backlog as a whole
    its square: 8 % of the bot's CPU in the profile. Here the waiting calls queue on the
    semaphore, first come first served, and httpcore only ever sees as many as it has
    connections. Waiting longer than the pool timeout fails as PTB's own pool timeout does.
    """

    def __init__(self, connection_pool_size: int, pool_timeout: float = POOL_TIMEOUT_SECONDS):
        super().__init__(connection_pool_size=connection_pool_size, pool_timeout=pool_timeout)
        self._gate = asyncio.Semaphore(connection_pool_size)
        self._pool_timeout = pool_timeout

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        # PTB's meaning: the default when not given, and None to wait as long as it takes.
        wait = self._pool_timeout if isinstance(pool_timeout, DefaultValue) else pool_timeout
        try:
            async with asyncio.timeout(wait):
                await self._gate.acquire()
        except TimeoutError as error:
            raise TimedOut("Pool timeout: all connections in the pool are occupied") from error
        try:
            return await super().do_request(
                url,
                method,
                request_data,
                read_timeout=read_timeout,
                write_timeout=write_timeout,
                connect_timeout=connect_timeout,
                pool_timeout=pool_timeout,
            )
        finally:
            self._gate.release()
