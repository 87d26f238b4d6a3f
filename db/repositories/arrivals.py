"""What every update needs first, in one statement: handled before? which language? staff?"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import BindParameter, Select, bindparam, select
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


_UPDATE_ID: BindParameter[int] = bindparam("update_id")
_SINCE: BindParameter[datetime] = bindparam("since")
_TELEGRAM_USER_ID: BindParameter[int] = bindparam("telegram_user_id")
_IDENTITY_HASH: BindParameter[str] = bindparam("identity_hash")


def _arrival_statement(*, typed: bool) -> Select[Any]:
    """Built once, with parameters: building a statement of seven subqueries costs more than
    SQLite takes to run it, and this runs for every update."""
    preference = select(models.ChatPreference).where(
        models.ChatPreference.identity_hash == _IDENTITY_HASH
    )
    return select(
        select(models.ProcessedUpdate.finished_at)
        .where(*handled_since(_UPDATE_ID, _SINCE))
        .scalar_subquery(),
        preference.with_only_columns(models.ChatPreference.language).scalar_subquery(),
        preference.with_only_columns(models.ChatPreference.chosen).scalar_subquery(),
        select(models.Person.id)
        .where(models.Person.telegram_user_id == _TELEGRAM_USER_ID, models.Person.active.is_(True))
        .limit(1)
        .scalar_subquery(),
        *(awaiting_columns(_TELEGRAM_USER_ID, _IDENTITY_HASH) if typed else ()),
    )


_ARRIVAL = _arrival_statement(typed=False)
_TYPED_ARRIVAL = _arrival_statement(typed=True)


async def read_arrival(
    session: AsyncSession,
    update_id: int,
    since: datetime,
    telegram_user_id: int,
    identity_hash: str,
    *,
    typed: bool = False,
) -> Arrival:
    """Four scalar subqueries (seven when `typed`) in one round trip: this runs for every
    update. `since`: see
    `handled_since`. A `typed` text or photo also asks what the chat waits for, in the same
    statement: most such messages answer nothing (a stray "halo", spam)."""
    parameters = {
        "update_id": update_id,
        "since": since,
        "telegram_user_id": telegram_user_id,
        "identity_hash": identity_hash,
    }
    statement = _TYPED_ARRIVAL if typed else _ARRIVAL
    row = (await session.execute(statement, parameters)).one()
    language = None if row[1] is None else StoredLanguage(row[1], bool(row[2]))
    awaiting = awaiting_of(row[4:]) if typed else None
    return Arrival(row[0] is not None, language, row[3] is not None, awaiting)
