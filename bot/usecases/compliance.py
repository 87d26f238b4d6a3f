"""What `kinerja.compliance` needs, loaded the one way the weekly summary, /laporan and the
Excel sheet all use: the active ASN of some units, the local day each registered, their leave and
the days they reported for."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bot.services import Services
from bot.usecases.reports import calendar_of
from db.transaction import Transaction
from kinerja.compliance import Compliance, Reporter, compliance
from kinerja.periods import Period
from kinerja.types import Role


async def compliance_between(
    services: Services, tx: Transaction, unit_ids: Sequence[int], first: date, last: date
) -> list[Compliance]:
    """Every counted ASN of the units from `first` to `last` (local days), in the order of
    unit code and name."""
    zone = services.settings.zone
    rows = await tx.staff.staff(unit_ids, roles=[Role.ASN], active_only=True)
    ids = [row.person.id for row in rows]
    reported = await tx.reports.reported_days(ids, first, last)
    leave = await tx.staff.leave_days(ids, first, last)
    staff = [
        Reporter(
            row.person,
            None if row.registered_at is None else row.registered_at.astimezone(zone).date(),
            frozenset(leave.get(row.person.id, ())),
        )
        for row in rows
    ]
    working_days = calendar_of(services, first).working_days(first, last)
    return compliance(staff, working_days, reported, last)


async def compliance_in_period(
    services: Services, tx: Transaction, unit_ids: Sequence[int], period: Period
) -> list[Compliance]:
    """The period so far: a running week counts up to today, not days still to come."""
    last = min(period.end, services.today())
    return await compliance_between(services, tx, unit_ids, period.start, last)
