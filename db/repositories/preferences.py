from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import ChatPreference, table_of
from db.repositories.upsert import upsert
from kinerja.types import Language


class PreferenceRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def language_of(self, identity_hash: str) -> Language | None:
        return await self._session.scalar(
            select(ChatPreference.language).where(ChatPreference.identity_hash == identity_hash)
        )

    async def set_language(self, identity_hash: str, language: Language, now: datetime) -> None:
        await upsert(
            self._session,
            table_of(ChatPreference),
            {"identity_hash": identity_hash, "language": language, "updated_at": now},
            conflict=["identity_hash"],
            update=["language", "updated_at"],
        )

    async def forget(self, identity_hash: str) -> None:
        await self._session.execute(
            delete(ChatPreference).where(ChatPreference.identity_hash == identity_hash)
        )
