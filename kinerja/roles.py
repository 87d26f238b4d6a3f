"""Who may do what, as pure predicates; the shell applies them in one guard."""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence

from kinerja.types import Role


class Command(enum.StrEnum):
    """Chat commands; the names are the Indonesian words users type."""

    START = "start"
    HELP = "help"
    LANGUAGE = "bahasa"
    CANCEL = "batal"
    TICKET_STATUS = "status"
    DELETE_MY_DATA = "hapus"
    REPORT = "lapor"
    HISTORY = "riwayat"
    LEAVE = "cuti"
    TEAM_REPORTS = "laporan"
    SUMMARY = "rekap"
    EXPORT = "ekspor"


# Staff can be citizens too: anyone may follow a ticket of theirs or delete their survey data.
_EVERYONE = (
    Command.START,
    Command.HELP,
    Command.LANGUAGE,
    Command.CANCEL,
    Command.TICKET_STATUS,
    Command.DELETE_MY_DATA,
)
_CITIZEN = _EVERYONE
_ASN = (*_EVERYONE, Command.REPORT, Command.HISTORY, Command.LEAVE)
_SUPERVISOR = (*_ASN, Command.TEAM_REPORTS, Command.SUMMARY, Command.EXPORT)

COMMANDS_BY_ROLE: Mapping[Role, tuple[Command, ...]] = {
    Role.CITIZEN: _CITIZEN,
    Role.ASN: _ASN,
    Role.SUPERVISOR: _SUPERVISOR,
    Role.ADMIN: _SUPERVISOR,
}


def may_use(role: Role, command: Command) -> bool:
    return command in COMMANDS_BY_ROLE[role]


def commands_for(role: Role) -> tuple[Command, ...]:
    return COMMANDS_BY_ROLE[role]


def may_open_dashboard(role: Role) -> bool:
    """The Mini App shows what `/rekap` shows, to whom `/rekap` does."""
    return may_use(role, Command.SUMMARY)


def role_of(person_role: Role | None) -> Role:
    """Anyone not invited as staff is a citizen."""
    return person_role if person_role is not None else Role.CITIZEN


def oversees(overseer: Role, overseer_unit_code: str, target_lineage: Sequence[str]) -> bool:
    """Supervisors (and admins) see a unit and everything under it, nothing beside or above.

    `target_lineage` is the target unit's code followed by its ancestors' codes.
    """
    return overseer in (Role.SUPERVISOR, Role.ADMIN) and overseer_unit_code in target_lineage
