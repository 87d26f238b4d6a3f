"""Callback data: short, prefixed strings defined once, parsed into typed values.

Telegram allows 64 bytes and PTB's arbitrary callback data lives only in memory, so buttons
carry short ids that point at rows, never state.
"""

from __future__ import annotations

import enum

from kinerja.types import Language


class Prefix(enum.StrEnum):
    LANGUAGE = "lang"


SEPARATOR = ":"


def pattern(prefix: Prefix) -> str:
    """The regex for a `CallbackQueryHandler` of one prefix."""
    return f"^{prefix.value}{SEPARATOR}"


def language(value: Language) -> str:
    return f"{Prefix.LANGUAGE}{SEPARATOR}{value.value}"


def parse_language(data: str) -> Language | None:
    _, _, value = data.partition(SEPARATOR)
    try:
        return Language(value)
    except ValueError:
        return None
