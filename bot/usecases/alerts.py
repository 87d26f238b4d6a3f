"""Alerts to the supervisors of a unit, written to the outbox in the caller's transaction."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.services import Services
from db.repositories.messaging import AlertCooldownRepository, OutboxRepository
from db.repositories.preferences import PreferenceRepository
from db.repositories.units import UnitRepository
from kinerja.identity import identity_hash
from kinerja.types import Language


async def recipient_language(
    services: Services, session: AsyncSession, telegram_user_id: int
) -> Language:
    stored = await PreferenceRepository(session).language_of(
        identity_hash(services.secret, telegram_user_id)
    )
    return stored or services.settings.default_language


async def alert_supervisors(
    services: Services,
    session: AsyncSession,
    unit_id: int,
    kind: str,
    payload: dict[str, Any],
    *,
    cooldown: timedelta | None,
    now: datetime,
) -> tuple[int, ...]:
    """One outbox message per supervisor overseeing the unit, in each one's language.

    With a cooldown, at most one alert of this kind per unit per cooldown (a bad day is one
    message, not fifty), claimed atomically so two processes never both alert.
    """
    if cooldown is not None and not await AlertCooldownRepository(session).claim(
        unit_id, kind, now, cooldown
    ):
        return ()
    outbox = OutboxRepository(session)
    ids: list[int] = []
    for person_id, telegram_user_id in await UnitRepository(session).supervisor_chats(unit_id):
        language = await recipient_language(services, session, telegram_user_id)
        ids.append(
            await outbox.add(
                telegram_user_id,
                kind,
                {**payload, "language": language.value},
                now,
                person_id=person_id,
            )
        )
    return tuple(ids)
