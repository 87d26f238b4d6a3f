"""How the bot sends: HTML by default, and what a failed call says about whether it arrived."""

from __future__ import annotations

import logging

import httpx
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, InvalidToken, NetworkError, RetryAfter, TimedOut
from telegram.ext import Defaults

from kinerja.delivery import NotDelivered, SendResult

log = logging.getLogger("kinerja.sending")

TELEGRAM_DEFAULTS = Defaults(parse_mode=ParseMode.HTML)
"""Every text and caption the bot sends is HTML (the catalogue escapes what it interpolates).

PTB applies these only to an `ExtBot`: the Application's bot gets them from the builder, and a
bot built for one CLI command must be given them too."""

_NEVER_LEFT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
"""Transport failures before the request was written: Telegram never saw it."""


def may_have_arrived(error: NetworkError) -> bool:
    """True when Telegram may have acted on the request although the call failed.

    PTB raises TimedOut for every timeout (a pool or connect timeout sent nothing; a read
    timeout came after the request was written) and NetworkError for a lost connection (after
    the request) as well as for an error answer from Telegram (which did not act on it).
    Which one it was is the httpx error it was raised from.
    """
    cause = error.__cause__
    if isinstance(cause, _NEVER_LEFT):
        return False
    return isinstance(error, TimedOut) or isinstance(cause, httpx.HTTPError)


def send_result(error: Exception) -> tuple[SendResult, str]:
    """The outcome of a send that raised, and a short description to record."""
    if isinstance(error, Forbidden):  # blocked the bot or deleted the account
        return SendResult.REFUSED, f"forbidden: {error.message}"
    if isinstance(error, BadRequest):  # a NetworkError subclass, but retrying cannot help
        return SendResult.REFUSED, f"bad request: {error.message}"
    if isinstance(error, InvalidToken):  # the operator's to fix; nothing went out
        return SendResult.NOT_SENT, "invalid token"
    if isinstance(error, RetryAfter):
        return SendResult.NOT_SENT, f"retry after {error.retry_after}"
    if isinstance(error, NetworkError):
        if may_have_arrived(error):
            return SendResult.UNCERTAIN, f"timed out or cut off: {error.message}"
        return SendResult.NOT_SENT, f"network: {error.message}"
    return SendResult.REFUSED, f"error: {type(error).__name__}"


def not_delivered(error: Exception) -> NotDelivered:
    """The failure a sender passes on to a use case, which knows nothing of Telegram."""
    return NotDelivered(*send_result(error))
