from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import ChatPreference, table_of
from db.repositories.upsert import insert_for, upsert
from kinerja.language import StoredLanguage
from kinerja.types import Language


class PreferenceRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def language_of(self, identity_hash: str) -> StoredLanguage | None:
        row = (
            await self._session.execute(
                select(ChatPreference.language, ChatPreference.chosen).where(
                    ChatPreference.identity_hash == identity_hash
                )
            )
        ).one_or_none()
        return None if row is None else StoredLanguage(row[0], row[1])

    async def languages_of(self, identity_hashes: Collection[str]) -> dict[str, StoredLanguage]:
        """Many accounts' languages in one statement (every supervisor of a unit)."""
        if not identity_hashes:
            return {}
        rows = await self._session.execute(
            select(
                ChatPreference.identity_hash, ChatPreference.language, ChatPreference.chosen
            ).where(ChatPreference.identity_hash.in_(identity_hashes))
        )
        return {row[0]: StoredLanguage(row[1], row[2]) for row in rows}

    async def choose_language(self, identity_hash: str, language: Language, now: datetime) -> None:
        """/bahasa: a choice, which replaces whatever was stored."""
        await upsert(
            self._session,
            table_of(ChatPreference),
            {
                "identity_hash": identity_hash,
                "language": language,
                "chosen": True,
                "updated_at": now,
            },
            conflict=["identity_hash"],
            update=["language", "chosen", "updated_at"],
        )

    async def see_language(self, identity_hash: str, language: Language, now: datetime) -> None:
        """The language an update came in; it never replaces a chosen one, even one chosen
        by a concurrent /bahasa after the caller read the row."""
        table = table_of(ChatPreference)
        statement = insert_for(self._session, table).values(
            identity_hash=identity_hash, language=language, chosen=False, updated_at=now
        )
        statement = statement.on_conflict_do_update(
            index_elements=["identity_hash"],
            set_={"language": statement.excluded.language, "updated_at": now},
            where=table.c.chosen.is_(False),
        )
        await self._session.execute(statement)

    async def forget(self, identity_hash: str) -> None:
        await self._session.execute(
            delete(ChatPreference).where(ChatPreference.identity_hash == identity_hash)
        )
