"""Logging: one line per event, JSON on request; never a token or a personal detail.

Handlers log update ids, kinds and durations, never message texts or user ids. The bot token
is in every Bot API URL, so the HTTP client's request log is silenced and any message that
still contains it is scrubbed. Database errors come without their parameters (the engine's
`hide_parameters`), and PostgreSQL's DETAIL line and anything shaped like an identity hash are
scrubbed from messages and tracebacks alike.
"""

from __future__ import annotations

import json
import logging
import re
from datetime import UTC, datetime

_TOKEN = re.compile(r"\d{6,}:[A-Za-z0-9_-]{20,}|bot\d+:[^/\s]+")
_DETAIL = re.compile(r"^DETAIL: .*$", re.MULTILINE)
"""PostgreSQL's detail of an error quotes values: "Failing row contains (…)", "Key (…)=(…)"."""
_HASH = re.compile(r"\b[0-9a-f]{64}\b")
"""An identity or invitation hash, wherever it comes from."""
_EXTRA = ("update_id", "update_type", "duration_ms")


def _scrubbed(text: str) -> str:
    text = _TOKEN.sub("<token>", text)
    text = _DETAIL.sub("DETAIL:  <hidden>", text)
    return _HASH.sub("<hash>", text)


class _Scrub(logging.Filter):
    """Applied to the message and to the traceback, which a formatter would otherwise print
    as it is: a database error's text quotes the row it refused."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        scrubbed = _scrubbed(message)
        if scrubbed != message:
            record.msg = scrubbed
            record.args = ()
        if record.exc_info and not record.exc_text:
            record.exc_text = _TRACEBACKS.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = _scrubbed(record.exc_text)
        return True


_TRACEBACKS = logging.Formatter()


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update({key: getattr(record, key) for key in _EXTRA if hasattr(record, key)})
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["error"] = record.exc_text
        return json.dumps(entry, ensure_ascii=False)


def log_handler(*, json_lines: bool = False) -> logging.Handler:
    """Standard error, scrubbed, as plain or JSON lines."""
    handler = logging.StreamHandler()
    handler.addFilter(_Scrub())
    if json_lines:
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    return handler


def configure_logging(level: str, *, json_lines: bool = False) -> None:
    root = logging.getLogger()
    root.handlers[:] = [log_handler(json_lines=json_lines)]
    root.setLevel(level.upper())
    # httpx logs every request URL, and the URL contains the bot token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
