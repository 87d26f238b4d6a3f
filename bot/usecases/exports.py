"""Exports for operators: never an identity, always in the audit log."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from bot.files.exporting import ExportFormat, Table, drain
from bot.services import Services
from bot.texts.format import plain
from bot.usecases.indicators import compute_period
from db.transaction import Transaction
from kinerja.audit import OPERATOR, AuditAction
from kinerja.periods import Period
from kinerja.skm import ELEMENT_CODES
from kinerja.units import subtree_codes

RESPONSE_COLUMNS: tuple[str, ...] = (
    "unit_code",
    "completed_at",
    "template",
    *ELEMENT_CODES,
    "overall",
    "waiting_minutes",
    "verified",
    "channel",
    "flags",
    "complaint_ticket",
)


class UnknownUnit(LookupError):
    pass


Progress = Callable[[int], None]
DayRangeExport = Callable[
    [Services, date, date, str | None, Path, ExportFormat, Progress | None], Awaitable[int]
]


def local_range(services: Services, first: date, last: date) -> tuple[datetime, datetime]:
    """Aware [start, end) of whole local days, `last` included."""
    zone = services.settings.zone
    return (
        datetime.combine(first, time(), zone),
        datetime.combine(last + timedelta(days=1), time(), zone),
    )


async def unit_ids_under(services: Services, unit_code: str | None) -> list[int]:
    """The unit and everything under it, or every unit."""
    async with services.database.snapshot() as tx:
        catalog = await tx.catalog.load()
        codes = [u.code for u in catalog.units]
        if unit_code is not None:
            if catalog.unit(unit_code) is None:
                raise UnknownUnit(unit_code)
            codes = subtree_codes(unit_code, catalog.units)
        return await tx.units.ids_of(codes)


_Rows = Callable[[Services, Transaction, list[int], date, date], AsyncIterator[Sequence[Any]]]
"""The rows of one day-range export: the units' ids and the first and last local day."""


def _day_range_export(
    columns: Sequence[str], sheet: str, action: AuditAction, rows: _Rows
) -> DayRangeExport:
    """An export over whole local days of a unit's subtree: rows streamed to the file in one
    read snapshot, then the export recorded in the audit log."""

    async def export(
        services: Services,
        first: date,
        last: date,
        unit_code: str | None,
        path: Path,
        fmt: ExportFormat,
        progress: Progress | None = None,
    ) -> int:
        ids = await unit_ids_under(services, unit_code)
        async with services.database.snapshot(large=True) as tx:  # rows streamed
            with Table(path, fmt, columns, sheet, progress) as table:
                count = await drain(rows(services, tx, ids, first, last), table)
        async with services.database.transaction() as tx:
            await tx.audit.record(
                services.clock(),
                OPERATOR,
                action,
                unit_code or "*",
                {
                    "from": first.isoformat(),
                    "to": last.isoformat(),
                    "rows": count,
                    "format": fmt.value,
                },
            )
        return count

    return export


async def _response_rows(
    services: Services, tx: Transaction, ids: list[int], first: date, last: date
) -> AsyncIterator[Sequence[Any]]:
    start, end = local_range(services, first, last)
    zone = services.settings.zone
    async for r in tx.exports.completed_responses(ids, start, end):
        yield (
            r.unit_code,
            r.completed_at.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
            r.template,
            *(r.scores.get(code) for code in ELEMENT_CODES),
            r.overall,
            r.waiting_minutes,
            "ya" if r.verified else "tidak",
            r.channel,
            r.flags,
            r.ticket,
        )


export_responses = _day_range_export(
    RESPONSE_COLUMNS, "responses", AuditAction.EXPORT_RESPONSES, _response_rows
)


REPORT_COLUMNS: tuple[str, ...] = (
    "date",
    "nip",
    "name",
    "unit",
    "activity",
    "quantity",
    "unit_of_measure",
    "note",
    "evidence",
    "verified",
    "feedback",
)
"""What e-Kinerja's daily progress (progres harian) asks for, one row per report."""


async def _report_rows(
    services: Services, tx: Transaction, ids: list[int], first: date, last: date
) -> AsyncIterator[Sequence[Any]]:
    async for r in tx.reports.stream(ids, first, last):
        quantity = plain(r.value)
        if r.denominator is not None:
            quantity += f"/{plain(r.denominator)}"
        yield (
            r.day.isoformat(),
            r.nip or "",
            r.person_name,
            r.unit_code,
            r.metric.name,
            quantity,
            r.metric.unit_of_measure,
            r.note or "",
            "ya" if r.has_evidence else "tidak",
            "ya" if r.verified else "tidak",
            r.feedback or "",
        )


export_reports = _day_range_export(
    REPORT_COLUMNS, "reports", AuditAction.EXPORT_REPORTS, _report_rows
)


INDICATOR_COLUMNS: tuple[str, ...] = (
    "period",
    "unit_code",
    "indicator",
    "name",
    "source",
    "polarity",
    "target",
    "realisation",
    "n",
    "capaian",
    "capaian_capped",
    "category",
    "grade",
    "sample_required",
    "sample_ok",
)


async def export_indicator_results(
    services: Services, period: Period, path: Path, fmt: ExportFormat
) -> int:
    figures = await compute_period(services, period)
    by_code = {i.code: i for i in figures.catalog.indicators}
    with Table(path, fmt, INDICATOR_COLUMNS, "indicators") as table:
        for (code, unit_code), o in sorted(figures.outcomes.items()):
            indicator = by_code[code]
            target = plain(indicator.target.low)
            if indicator.target.high is not None:
                target += f"-{plain(indicator.target.high)}"
            table.row(
                (
                    period.key,
                    unit_code,
                    code,
                    indicator.name,
                    indicator.source.value,
                    indicator.polarity.value,
                    target,
                    None if o.realisation is None else plain(o.realisation),
                    o.n,
                    None if o.result is None else plain(o.result.raw),
                    None if o.result is None else plain(o.result.capped),
                    None if o.result is None else o.result.category.value,
                    None if o.grade is None else o.grade.value,
                    o.sample_required,
                    o.sample_ok,
                )
            )
        rows = table.rows
    async with services.database.transaction() as tx:
        await tx.audit.record(
            services.clock(),
            OPERATOR,
            AuditAction.EXPORT_INDICATORS,
            "*",  # every unit, as the day-range exports without --unit
            {"period": period.key, "rows": rows, "format": fmt.value},
        )
    return rows
