"""Which language a person reads, and what an update's app language changes."""

from __future__ import annotations

import pytest

from kinerja.language import (
    StoredLanguage,
    language_from_code,
    reading_language,
    recipient_language,
    seen_language_to_store,
)
from kinerja.types import Language

ID, EN = Language.ID, Language.EN
CHOSE_EN = StoredLanguage(EN, chosen=True)
SEEN_EN = StoredLanguage(EN, chosen=False)
SEEN_ID = StoredLanguage(ID, chosen=False)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("en", EN),
        ("en-GB", EN),
        ("ID", ID),
        ("de", None),
        ("", None),
        (None, None),
    ],
    ids=["english", "a regional tag", "upper case", "unsupported", "empty", "absent"],
)
def test_telegram_language_codes(code: str | None, expected: Language | None) -> None:
    assert language_from_code(code) is expected


@pytest.mark.parametrize(
    ("stored", "seen", "reading", "to_store", "recipient"),
    [
        (None, None, ID, None, ID),
        (None, EN, EN, EN, ID),
        (None, ID, ID, ID, ID),
        (SEEN_EN, None, EN, None, EN),
        (SEEN_EN, EN, EN, None, EN),
        (SEEN_EN, ID, ID, ID, EN),
        (SEEN_ID, EN, EN, EN, ID),
        (CHOSE_EN, ID, EN, None, EN),
        (CHOSE_EN, None, EN, None, EN),
    ],
    ids=[
        "nothing known: the default",
        "first seen in English: stored, reminders so far were Indonesian",
        "first seen in the default language: stored too",
        "no app language now: the one seen before",
        "the same again: nothing to write",
        "the app changed: the new one is stored",
        "the app changed back",
        "a choice wins over the app",
        "a choice without an app language",
    ],
)
def test_choice_then_app_then_default(
    stored: StoredLanguage | None,
    seen: Language | None,
    reading: Language,
    to_store: Language | None,
    recipient: Language,
) -> None:
    assert reading_language(stored, seen, ID) is reading
    assert seen_language_to_store(stored, seen) is to_store
    assert recipient_language(stored, ID) is recipient
