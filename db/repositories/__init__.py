"""Repositories take an `AsyncSession`, return `kinerja` dataclasses, and never commit."""

from db.repositories.audit import AuditRepository
from db.repositories.catalog import CatalogChanges, CatalogRepository
from db.repositories.people import PeopleRepository
from db.repositories.preferences import PreferenceRepository

__all__ = [
    "AuditRepository",
    "CatalogChanges",
    "CatalogRepository",
    "PeopleRepository",
    "PreferenceRepository",
]
