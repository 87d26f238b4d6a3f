from __future__ import annotations

from bot.context import Services, Viewer
from bot.texts import language_of
from db.repositories import PeopleRepository, PreferenceRepository
from kinerja.identity import identity_hash
from kinerja.roles import role_of
from kinerja.types import Language


async def identify_viewer(
    services: Services, telegram_user_id: int, first_name: str, language_code: str | None
) -> Viewer:
    hashed = identity_hash(services.secret, telegram_user_id)
    async with services.database.snapshot() as session:
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
