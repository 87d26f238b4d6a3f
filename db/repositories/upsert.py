"""INSERT … ON CONFLICT for both backends: one atomic statement, no read-modify-write."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

from sqlalchemy import Table, bindparam
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from db.repositories.dml import rowcount


def insert_for(session: AsyncSession, table: Table) -> Any:
    """The dialect's INSERT, which knows ON CONFLICT; typed loosely as the two differ."""
    return insert_on(session.get_bind().dialect.name, table)


def insert_on(dialect: str, table: Table) -> Any:
    if dialect == "postgresql":
        return postgresql.insert(table)
    if dialect == "sqlite":
        return sqlite.insert(table)
    raise NotImplementedError(f"no upsert for {dialect}")


async def upsert(
    session: AsyncSession,
    table: Table,
    values: Mapping[str, object],
    conflict: Sequence[str],
    update: Sequence[str],
) -> None:
    dialect = session.get_bind().dialect.name
    statement = _upsert_statement(dialect, table, tuple(values), tuple(conflict), tuple(update))
    await session.execute(statement, dict(values))


@cache
def _upsert_statement(
    dialect: str,
    table: Table,
    columns: tuple[str, ...],
    conflict: tuple[str, ...],
    update: tuple[str, ...],
) -> Any:
    """Built once per shape, with a parameter per column: building an upsert costs more than
    SQLite takes to run it, and a survey tap stores one."""
    statement = insert_on(dialect, table).values({c: bindparam(c) for c in columns})
    return statement.on_conflict_do_update(
        index_elements=list(conflict),
        set_={column: statement.excluded[column] for column in update},
    )


async def insert_if_absent(
    session: AsyncSession, table: Table, values: Mapping[str, object], conflict: Sequence[str]
) -> bool:
    """True when this call inserted the row; False when it was already there (a lost claim)."""
    statement = insert_for(session, table).values(**values)
    statement = statement.on_conflict_do_nothing(index_elements=list(conflict))
    result = await session.execute(statement)
    return bool(rowcount(result))
