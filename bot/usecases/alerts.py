"""Alerts to the supervisors of a unit, written to the outbox in the caller's transaction."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from bot.services import Services
from db.transaction import Transaction
from kinerja.identity import identity_hash
from kinerja.messages import SupervisorAlert
from kinerja.types import Language


async def recipient_language(
    services: Services, tx: Transaction, telegram_user_id: int
) -> Language:
    stored = await tx.preferences.language_of(identity_hash(services.secret, telegram_user_id))
    return stored or services.settings.default_language


async def alert_supervisors(
    services: Services,
    tx: Transaction,
    unit_id: int,
    alert: SupervisorAlert,
    *,
    cooldown: timedelta | None,
    now: datetime,
) -> tuple[int, ...]:
    """One outbox message per supervisor overseeing the unit, in each one's language.

    With a cooldown, at most one alert of this kind per unit per cooldown (a bad day is one
    message, not fifty), claimed atomically so two processes never both alert.
    """
    if cooldown is not None and not await tx.cooldowns.claim(unit_id, alert.KIND, now, cooldown):
        return ()
    ids: list[int] = []
    for person_id, telegram_user_id in await tx.units.supervisor_chats(unit_id):
        language = await recipient_language(services, tx, telegram_user_id)
        ids.append(
            await tx.outbox.add(
                telegram_user_id, replace(alert, language=language), now, person_id=person_id
            )
        )
    return tuple(ids)
