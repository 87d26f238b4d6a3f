"""The declarative base every table shares: naming convention, column types, enum storage.

Enums are stored as their string values (no native enum types) so that adding a member needs no
ALTER TYPE on PostgreSQL and the same migration runs on SQLite.
"""

from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Enum, MetaData, Numeric, String, Table
from sqlalchemy.orm import DeclarativeBase

from db.types import UTCDateTime

# Deterministic constraint names on both backends, so migrations can alter or drop them.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def enum_column(enum_type: type[enum.Enum], length: int = 32) -> Enum:
    return Enum(
        enum_type,
        native_enum=False,
        length=length,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


HASH = String(64)
"""Hex HMAC-SHA256: how a citizen's chat identity is kept (domain.md §5)."""


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: dict[Any, Any] = {  # noqa: RUF012 - SQLAlchemy reads it at class creation
        datetime: UTCDateTime(),
        Decimal: Numeric(14, 4),
    }


def table_of(model: type[Base]) -> Table:
    """The model's `Table`. SQLAlchemy types `__table__` as any `FromClause` (a mapped class may
    map a join or a subquery); ours are all plain tables, which Core's insert and upsert need."""
    table = model.__table__
    if not isinstance(table, Table):
        raise TypeError(f"{model.__name__} is not mapped to a table")
    return table
