"""Domain errors carry data, never user text, so the shell can render them in any language."""

from __future__ import annotations


class DomainError(Exception):
    """Base of every rule violation the shell may show to a user."""


class CatalogError(DomainError):
    """A catalogue that breaks a rule; `path` locates the offending value in the document."""

    def __init__(self, path: tuple[str | int, ...], problem: str) -> None:
        super().__init__(f"{'.'.join(str(p) for p in path) or '<root>'}: {problem}")
        self.path = path
        self.problem = problem


class InvalidPeriodKey(DomainError):
    def __init__(self, key: str) -> None:
        super().__init__(f"not a period key: {key!r}")
        self.key = key
