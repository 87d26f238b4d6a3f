"""Chat preferences: a language chosen with /bahasa is never replaced by one only seen."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from db.engine import Database
from kinerja.language import StoredLanguage
from kinerja.types import Language

NOW = datetime(2026, 11, 25, 3, tzinfo=UTC)
A, B, C = "a" * 64, "b" * 64, "c" * 64


async def test_a_seen_language_replaces_a_seen_one_but_never_a_choice(database: Database) -> None:
    async with database.transaction() as tx:
        await tx.preferences.see_language(A, Language.EN, NOW)
        await tx.preferences.see_language(B, Language.EN, NOW)
        await tx.preferences.choose_language(B, Language.ID, NOW)
    later = NOW + timedelta(hours=1)
    async with database.transaction() as tx:
        await tx.preferences.see_language(A, Language.ID, later)
        await tx.preferences.see_language(B, Language.EN, later)

    async with database.snapshot() as tx:  # a second session reads what was committed
        assert await tx.preferences.languages_of([A, B, C]) == {
            A: StoredLanguage(Language.ID, chosen=False),
            B: StoredLanguage(Language.ID, chosen=True),
        }
        assert await tx.preferences.language_of(C) is None
        assert await tx.preferences.languages_of([]) == {}
        arrival = await tx.arrival(1, NOW, 1, B)
    assert arrival.language == StoredLanguage(Language.ID, chosen=True)
