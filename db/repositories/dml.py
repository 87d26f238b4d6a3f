"""What an UPDATE, DELETE or INSERT statement reports back."""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import CursorResult, Result


def rowcount(result: Result[Any]) -> int:
    """The rows the statement matched. `AsyncSession.execute` is typed to return a plain
    `Result`, but for DML it is a `CursorResult`, which alone carries the count."""
    if not isinstance(result, CursorResult):
        raise TypeError(f"{type(result).__name__} has no row count: not a DML statement")
    return int(result.rowcount)
