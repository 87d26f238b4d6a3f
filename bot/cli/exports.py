"""`kinerja export`: data as CSV or XLSX for analysis elsewhere, never an identity."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated

import typer

from bot.cli.options import OutFile, PeriodOption, UnitOption, period_or_fail
from bot.cli.output import fail, say, spinner
from bot.cli.resources import settings_and_texts, with_services
from bot.files.exporting import ExportFormat
from bot.usecases.exports import (
    DayRangeExport,
    UnknownUnit,
    export_indicator_results,
    export_reports,
    export_responses,
)

export_app = typer.Typer(
    help="Export data to CSV or XLSX (never an identity).", no_args_is_help=True
)

FirstDay = Annotated[
    datetime, typer.Option("--from", formats=["%Y-%m-%d"], help="First day, YYYY-MM-DD (local)")
]
LastDay = Annotated[
    datetime, typer.Option("--to", formats=["%Y-%m-%d"], help="Last day, YYYY-MM-DD (local)")
]
FormatOption = Annotated[ExportFormat, typer.Option("--format")]


def _day_range_command(exporter: DayRangeExport) -> Callable[..., None]:
    """One command per day-range export: the same options, the same progress and errors."""

    def command(
        first: FirstDay,
        last: LastDay,
        out_file: OutFile,
        fmt: FormatOption = ExportFormat.CSV,
        unit: UnitOption = None,
    ) -> None:
        settings, texts = settings_and_texts()
        with spinner(str(out_file)) as show:

            def advance(rows: int) -> None:
                show(f"{out_file}: {rows:,}")

            try:
                rows = with_services(
                    settings,
                    texts,
                    lambda services: exporter(
                        services, first.date(), last.date(), unit, out_file, fmt, advance
                    ),
                )
            except UnknownUnit:
                fail(texts.cli_unknown_unit(unit or ""))
        say(texts.cli_file_written(str(out_file), rows))

    return command


for _name, _exporter, _help in (
    (
        "responses",
        export_responses,
        "One row per completed survey response: unit, time, U1..U9, waiting, flags, ticket.",
    ),
    (
        "reports",
        export_reports,
        "ASN daily reports, one row each, in the columns of e-Kinerja's progres harian.",
    ),
):
    export_app.command(_name, help=_help)(_day_range_command(_exporter))


@export_app.command("indicators")
def export_indicators(
    period: PeriodOption,
    out_file: OutFile,
    fmt: FormatOption = ExportFormat.CSV,
) -> None:
    """Every indicator result of the period (computed now), one row per unit and IKU."""
    settings, texts = settings_and_texts()
    chosen = period_or_fail(texts, period)
    rows = with_services(
        settings,
        texts,
        lambda services: export_indicator_results(services, chosen, out_file, fmt),
    )
    say(texts.cli_file_written(str(out_file), rows))
