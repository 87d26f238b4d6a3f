"""Logging: one line per event, JSON on request; never a token or a personal detail.

Handlers log update ids, kinds and durations, never message texts or user ids. The bot token
is in every Bot API URL and in PTB's own exceptions, so the HTTP client's request log is
silenced and every formatted line, traceback included, is masked: the configured secrets by
value, and anything shaped like a bot token. Database errors come without their parameters (the
engine's `hide_parameters`), and PostgreSQL's DETAIL line and anything shaped like an identity
hash are masked in messages and tracebacks alike.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable
from datetime import UTC, datetime

_TOKEN = re.compile(r"\d{6,}:[A-Za-z0-9_-]{20,}|bot\d+:[^/\s]+")
_DETAIL = re.compile(r"^DETAIL: .*$", re.MULTILINE)
"""PostgreSQL's detail of an error quotes values: "Failing row contains (…)", "Key (…)=(…)"."""
_HASH = re.compile(r"\b[0-9a-f]{64}\b")
"""An identity or invitation hash, wherever it comes from."""
_EXTRA = ("update_id", "update_type", "duration_ms")
_SHORTEST_SECRET = 6  # shorter values (a test token's "abc") would mask ordinary words
MASK = "<hidden>"


def _longest_first(secrets: Iterable[str]) -> tuple[str, ...]:
    """The secrets worth masking, longest first (a token before its secret part)."""
    return tuple(sorted({s for s in secrets if len(s) >= _SHORTEST_SECRET}, key=len, reverse=True))


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """The text with every given secret, anything shaped like a bot token or an identity hash,
    and PostgreSQL's DETAIL line masked."""
    return _masked(text, _longest_first(secrets))


def _masked(text: str, secrets: tuple[str, ...]) -> str:
    for secret in secrets:
        text = text.replace(secret, MASK)
    text = _TOKEN.sub(MASK, text)
    text = _DETAIL.sub(f"DETAIL:  {MASK}", text)
    return _HASH.sub("<hash>", text)


class PlainFormatter(logging.Formatter):
    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s")
        self._secrets = _longest_first(secrets)  # once, not per line

    def format(self, record: logging.LogRecord) -> str:
        return _masked(super().format(record), self._secrets)


class JsonFormatter(logging.Formatter):
    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self._secrets = _longest_first(secrets)  # once, not per line

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": _masked(record.getMessage(), self._secrets),
        }
        entry.update({key: getattr(record, key) for key in _EXTRA if hasattr(record, key)})
        if record.exc_info:
            entry["error"] = _masked(self.formatException(record.exc_info), self._secrets)
        return json.dumps(entry, ensure_ascii=False)


def log_handler(*, json_lines: bool = False, secrets: Iterable[str] = ()) -> logging.Handler:
    """Standard error, masked, as plain or JSON lines."""
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter(secrets) if json_lines else PlainFormatter(secrets))
    return handler


def configure_logging(level: str, *, json_lines: bool = False, secrets: Iterable[str] = ()) -> None:
    """`secrets`: values no line may show (`Settings.secret_values()`)."""
    root = logging.getLogger()
    root.handlers[:] = [log_handler(json_lines=json_lines, secrets=secrets)]
    root.setLevel(level.upper())
    # httpx logs every request URL, and the URL contains the bot token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    # At DEBUG, aiosqlite repeats every SQL statement with its parameters (user ids, hashes) and
    # PTB's bot every API call with its parameters and answer (user ids, names, complaint texts).
    logging.getLogger("aiosqlite").setLevel(logging.WARNING)
    for bot_logger in ("telegram.Bot", "telegram.ext.ExtBot"):
        logging.getLogger(bot_logger).setLevel(logging.INFO)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    # Alembic's "Context impl SQLiteImpl." on every start says nothing to an operator.
    logging.getLogger("alembic").setLevel(logging.WARNING)
