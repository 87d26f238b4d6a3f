"""Which failed Telegram calls may still have delivered their message."""

from __future__ import annotations

import httpx
import pytest
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.messaging.sending import may_have_arrived, send_result
from kinerja.delivery import SendResult


def _raised_from(error: NetworkError, cause: Exception | None) -> NetworkError:
    """The error as PTB raises it: `raise TimedOut from err`."""
    error.__cause__ = cause
    return error


@pytest.mark.parametrize(
    ("error", "arrived"),
    [
        pytest.param(_raised_from(TimedOut(), httpx.ReadTimeout("read")), True, id="read timeout"),
        pytest.param(_raised_from(TimedOut(), httpx.WriteTimeout("w")), True, id="write timeout"),
        pytest.param(_raised_from(TimedOut(), httpx.PoolTimeout("pool")), False, id="pool full"),
        pytest.param(
            _raised_from(TimedOut(), httpx.ConnectTimeout("connect")), False, id="no connect"
        ),
        pytest.param(
            _raised_from(NetworkError("x"), httpx.RemoteProtocolError("gone")),
            True,
            id="cut off after the request",
        ),
        pytest.param(
            _raised_from(NetworkError("x"), httpx.ConnectError("refused")), False, id="refused"
        ),
        pytest.param(_raised_from(NetworkError("Bad Gateway"), None), False, id="a 502 answer"),
        pytest.param(_raised_from(TimedOut(), None), True, id="a timeout of unknown origin"),
    ],
)
def test_may_have_arrived(error: NetworkError, arrived: bool) -> None:
    assert may_have_arrived(error) is arrived


@pytest.mark.parametrize(
    ("error", "result"),
    [
        pytest.param(Forbidden("blocked"), SendResult.REFUSED, id="blocked"),
        pytest.param(BadRequest("chat not found"), SendResult.REFUSED, id="bad request"),
        pytest.param(RetryAfter(3), SendResult.NOT_SENT, id="rate limited"),
        pytest.param(
            _raised_from(TimedOut(), httpx.ReadTimeout("r")), SendResult.UNCERTAIN, id="timeout"
        ),
        pytest.param(NetworkError("Bad Gateway"), SendResult.NOT_SENT, id="502"),
        pytest.param(ValueError("bug"), SendResult.REFUSED, id="our own error: not retried"),
    ],
)
def test_send_result(error: Exception, result: SendResult) -> None:
    assert send_result(error)[0] is result
