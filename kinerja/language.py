"""Which language a person reads: chosen with /bahasa, else the one their Telegram app was
last seen in, else the default.

Messages the bot sends on its own (reminders, alerts, feedback, summaries) have no update to
read a language from, so the language seen on a staff member's updates is stored; a choice made
with /bahasa is stored as chosen and an app's language never replaces it.
"""

from __future__ import annotations

from dataclasses import dataclass

from kinerja.types import Language


@dataclass(frozen=True, slots=True)
class StoredLanguage:
    language: Language
    chosen: bool
    """Chosen with /bahasa; otherwise the language last seen on the person's updates."""


def language_from_code(code: str | None) -> Language | None:
    """Telegram's `language_code` (an IETF tag such as "en" or "en-GB") as one of ours."""
    if not code:
        return None
    primary = code.split("-")[0].lower()
    return next((language for language in Language if language.value == primary), None)


def reading_language(
    stored: StoredLanguage | None, seen: Language | None, default: Language
) -> Language:
    """The language of this update's answers: a choice, then the app's language now, then the
    one seen before, then the default."""
    if stored is not None and stored.chosen:
        return stored.language
    if seen is not None:
        return seen
    return stored.language if stored is not None else default


def seen_language_to_store(stored: StoredLanguage | None, seen: Language | None) -> Language | None:
    """The language to record as seen on this update, or None when nothing is to change: no
    language seen, a chosen one (which stays), or the same as stored."""
    if seen is None or (stored is not None and (stored.chosen or stored.language is seen)):
        return None
    return seen


def recipient_language(stored: StoredLanguage | None, default: Language) -> Language:
    """The language of a message the bot sends on its own: what the person chose or was last
    seen reading."""
    return stored.language if stored is not None else default


def language_from_accept(header: str | None) -> Language | None:
    """The browser's most wanted language of ours, from an Accept-Language header
    ("en-GB,en;q=0.9,id;q=0.8"); None when it names none of them."""
    best: tuple[float, Language] | None = None
    for part in (header or "").split(",")[:20]:
        tag, _, params = part.strip().partition(";")
        language = language_from_code(tag.strip())
        if language is None:
            continue
        quality = 1.0
        name, _, value = params.strip().partition("=")
        if name.strip() == "q":
            try:
                quality = float(value)
            except ValueError:
                continue
        if quality > 0 and (best is None or quality > best[0]):
            best = (quality, language)
    return None if best is None else best[1]
