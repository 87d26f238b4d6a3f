"""The org-unit hierarchy: kecamatan → puskesmas → service unit."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from kinerja.types import OrgUnit


def children_index(units: Iterable[OrgUnit]) -> dict[str | None, list[OrgUnit]]:
    index: dict[str | None, list[OrgUnit]] = {}
    for unit in units:
        index.setdefault(unit.parent_code, []).append(unit)
    return index


def subtree_codes(root_code: str, units: Iterable[OrgUnit]) -> list[str]:
    """The unit and everything under it, parents before children."""
    index = children_index(units)
    ordered: list[str] = []
    stack = [root_code]
    while stack:
        code = stack.pop()
        ordered.append(code)
        stack.extend(reversed([u.code for u in index.get(code, [])]))
    return ordered


def ancestors(code: str, by_code: Mapping[str, OrgUnit]) -> list[str]:
    """Codes from the unit's parent up to the root."""
    chain: list[str] = []
    current = by_code.get(code)
    while current is not None and current.parent_code is not None:
        chain.append(current.parent_code)
        current = by_code.get(current.parent_code)
    return chain
