"""What every update needs first, in one statement: handled before? which language? staff?"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db import models
from db.repositories.awaiting import Awaiting, awaiting_columns, awaiting_of
from db.repositories.ledger import handled_since
from kinerja.language import StoredLanguage


@dataclass(frozen=True, slots=True)
class Arrival:
    handled: bool
    """Handled to the end recently: a redelivery (see `UpdateLedger.is_handled`)."""
    language: StoredLanguage | None
    is_person: bool
    """An active registered person (ASN, supervisor, admin) uses this Telegram account."""
    awaiting: Awaiting | None = None
    """What the chat waits for, when asked (a typed text or photo)."""


async def read_arrival(
    session: AsyncSession,
    update_id: int,
    since: datetime,
    telegram_user_id: int,
    identity_hash: str,
    *,
    typed: bool = False,
) -> Arrival:
    """Four scalar subqueries in one round trip: this runs for every update. `since`: see
    `handled_since`. A `typed` text or photo also asks what the chat waits for, in the same
    statement: most such messages answer nothing (a stray "halo", spam)."""
    preference = select(models.ChatPreference).where(
        models.ChatPreference.identity_hash == identity_hash
    )
    row = (
        await session.execute(
            select(
                select(models.ProcessedUpdate.finished_at)
                .where(*handled_since(update_id, since))
                .scalar_subquery(),
                preference.with_only_columns(models.ChatPreference.language).scalar_subquery(),
                preference.with_only_columns(models.ChatPreference.chosen).scalar_subquery(),
                select(models.Person.id)
                .where(
                    models.Person.telegram_user_id == telegram_user_id,
                    models.Person.active.is_(True),
                )
                .limit(1)
                .scalar_subquery(),
                *(awaiting_columns(telegram_user_id, identity_hash) if typed else ()),
            )
        )
    ).one()
    language = None if row[1] is None else StoredLanguage(row[1], bool(row[2]))
    awaiting = awaiting_of(row[4:]) if typed else None
    return Arrival(row[0] is not None, language, row[3] is not None, awaiting)
