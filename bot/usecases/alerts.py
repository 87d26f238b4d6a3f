"""Alerts to the supervisors of a unit, written to the outbox in the caller's transaction."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from bot.services import Services
from bot.usecases.identity import recipient_languages
from db.transaction import Transaction
from kinerja.messages import SupervisorAlert


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
    chats = await tx.units.supervisor_chats(unit_id)
    languages = await recipient_languages(services, tx, [chat for _, chat in chats])
    for person_id, telegram_user_id in chats:
        language = languages[telegram_user_id]
        ids.append(
            await tx.outbox.add(
                telegram_user_id, replace(alert, language=language), now, person_id=person_id
            )
        )
    return tuple(ids)
