from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import timedelta

from bot.services import Services, Viewer
from bot.usecases.awaiting import awaited_of
from db.transaction import Transaction
from kinerja import language as languages
from kinerja.awaiting import Awaited
from kinerja.identity import identity_hash
from kinerja.language import (
    StoredLanguage,
    language_from_code,
    reading_language,
    seen_language_to_store,
)
from kinerja.roles import role_of
from kinerja.types import Language, Person

REDELIVERY_WINDOW = timedelta(days=2)
"""How long after it was handled an update id still means that update: Telegram redelivers an
unconfirmed update within 24 hours (it keeps none longer), and a day more covers the clocks of
several instances. An id seen again later is a new update (see `handled_since`); Telegram
repeats ids only after a week without updates, so this stays well below that."""


@dataclass(frozen=True, slots=True)
class AlreadyHandled:
    """A redelivered update that was handled to the end before."""


@dataclass(frozen=True, slots=True)
class Arrived:
    viewer: Viewer
    menu_outdated: bool
    """The staff member's app is in another language than the one their chat's command menu
    and the bot's own messages were in: the menu is to be set again (now stored)."""
    awaited: Awaited | None = None
    """What the chat waits for, read with the arrival of a typed text or photo."""


async def identify_viewer(
    services: Services, telegram_user_id: int, first_name: str, language_code: str | None
) -> Viewer:
    hashed = identity_hash(services.secret, telegram_user_id)
    async with services.database.snapshot() as tx:
        person = await tx.people.active_by_telegram_user(telegram_user_id)
        stored = await tx.preferences.language_of(hashed)
    return _viewer(services, (telegram_user_id, first_name, language_code), hashed, person, stored)


async def begin_update(
    services: Services,
    update_id: int,
    sender: tuple[int, str, str | None] | None,
    *,
    typed: bool = False,
) -> AlreadyHandled | Arrived | None:
    """The ledger check and who is talking (user id, first name, language code), read together:
    every update needs both, and for a citizen it is one statement. A `typed` text or photo
    also gets what the chat waits for in that statement.

    A staff member's app language is stored when it differs from the one stored (and none was
    chosen), for the messages the bot sends them on its own. Citizens' are not: the bot writes
    to a citizen only to answer a complaint, in the language of the complaint or chosen since.
    """
    now = services.clock()
    since = now - REDELIVERY_WINDOW
    async with services.database.snapshot() as tx:
        if sender is None:
            handled = await tx.ledger.is_handled(update_id, since)
            return AlreadyHandled() if handled else None
        telegram_user_id = sender[0]
        hashed = identity_hash(services.secret, telegram_user_id)
        arrival = await tx.arrival(update_id, since, telegram_user_id, hashed, typed=typed)
        if arrival.handled:
            return AlreadyHandled()
        person = (
            await tx.people.active_by_telegram_user(telegram_user_id) if arrival.is_person else None
        )
    viewer = _viewer(services, sender, hashed, person, arrival.language)
    awaited = None if arrival.awaiting is None else awaited_of(arrival.awaiting)
    seen = seen_language_to_store(arrival.language, language_from_code(sender[2]))
    if person is None or seen is None:
        return Arrived(viewer, menu_outdated=False, awaited=awaited)
    async with services.database.transaction() as tx:
        await tx.preferences.see_language(hashed, seen, now)
    before = languages.recipient_language(arrival.language, services.settings.default_language)
    return Arrived(viewer, menu_outdated=seen is not before, awaited=awaited)


def _viewer(
    services: Services,
    sender: tuple[int, str, str | None],
    hashed: str,
    person: Person | None,
    stored: StoredLanguage | None,
) -> Viewer:
    telegram_user_id, first_name, language_code = sender
    default = services.settings.default_language
    return Viewer(
        telegram_user_id=telegram_user_id,
        first_name=first_name,
        identity_hash=hashed,
        role=role_of(person.role if person else None),
        language=reading_language(stored, language_from_code(language_code), default),
        person=person,
    )


async def choose_language(services: Services, viewer: Viewer, language: Language) -> Viewer:
    async with services.database.transaction() as tx:
        await tx.preferences.choose_language(viewer.identity_hash, language, services.clock())
    return replace(viewer, language=language)


async def recipient_languages(
    services: Services, tx: Transaction, telegram_user_ids: Collection[int]
) -> dict[int, Language]:
    """The language of each recipient of a message the bot sends on its own, in one
    statement: what they chose with /bahasa or were last seen reading."""
    hashes = {user_id: identity_hash(services.secret, user_id) for user_id in telegram_user_ids}
    stored = await tx.preferences.languages_of(hashes.values())
    default = services.settings.default_language
    return {
        user_id: languages.recipient_language(stored.get(hashed), default)
        for user_id, hashed in hashes.items()
    }


async def recipient_language(
    services: Services, tx: Transaction, telegram_user_id: int
) -> Language:
    return (await recipient_languages(services, tx, [telegram_user_id]))[telegram_user_id]


async def write_handled(services: Services) -> None:
    """Write the handled updates noted so far, in one transaction.

    Concurrent callers (one per webhook request) take turns: each turn writes every note made
    while the one before it was committing, so a busy webhook writes in batches (group commit).
    When a caller returns, its own notes are written, by its turn or an earlier one. A note
    leaves `services.handled` only once committed, so `begin` sees every update handled here
    in one of the two places; a failed turn leaves its notes for the next.
    """
    async with services.ledger_lock:
        handled = list(services.handled)
        if not handled:
            return
        async with services.database.transaction() as tx:
            await tx.ledger.finish(handled)
        del services.handled[: len(handled)]  # notes are only ever appended meanwhile
