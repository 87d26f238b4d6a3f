from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from bot.context import Services, Viewer
from bot.texts import language_of
from db.repositories import PeopleRepository, PreferenceRepository
from db.repositories.ledger import UpdateLedger
from kinerja.identity import identity_hash
from kinerja.roles import role_of
from kinerja.types import Language


@dataclass(frozen=True, slots=True)
class AlreadyHandled:
    """A redelivered update that was handled to the end before."""


async def identify_viewer(
    services: Services, telegram_user_id: int, first_name: str, language_code: str | None
) -> Viewer:
    async with services.database.snapshot() as session:
        return await _viewer_in(session, services, telegram_user_id, first_name, language_code)


async def begin_update(
    services: Services,
    update_id: int,
    sender: tuple[int, str, str | None] | None,
) -> AlreadyHandled | Viewer | None:
    """The ledger check and who is talking (user id, first name, language code), in one read:
    every update needs both, and one snapshot is cheaper than two."""
    async with services.database.snapshot() as session:
        if await UpdateLedger(session).is_handled(update_id):
            return AlreadyHandled()
        return None if sender is None else await _viewer_in(session, services, *sender)


async def _viewer_in(
    session: AsyncSession,
    services: Services,
    telegram_user_id: int,
    first_name: str,
    language_code: str | None,
) -> Viewer:
    hashed = identity_hash(services.secret, telegram_user_id)
    person = await PeopleRepository(session).active_by_telegram_user(telegram_user_id)
    stored = await PreferenceRepository(session).language_of(hashed)
    return Viewer(
        telegram_user_id=telegram_user_id,
        first_name=first_name,
        identity_hash=hashed,
        role=role_of(person.role if person else None),
        language=language_of(stored, language_code, services.settings.default_language),
        person=person,
    )


async def choose_language(services: Services, viewer: Viewer, language: Language) -> Viewer:
    async with services.database.transaction() as session:
        await PreferenceRepository(session).set_language(
            viewer.identity_hash, language, services.clock()
        )
    return Viewer(
        telegram_user_id=viewer.telegram_user_id,
        first_name=viewer.first_name,
        identity_hash=viewer.identity_hash,
        role=viewer.role,
        language=language,
        person=viewer.person,
    )
