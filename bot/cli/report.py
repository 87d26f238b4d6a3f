"""`kinerja report`: the official reports a unit publishes."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bot.cli.options import PeriodOption, not_the_database, period_or_fail
from bot.cli.output import fail, say
from bot.cli.resources import settings_and_texts, with_services
from bot.usecases.workbooks import skm_report_workbook
from kinerja.audit import OPERATOR

report_app = typer.Typer(help="Official reports.", no_args_is_help=True)


@report_app.command("skm")
def report_skm(
    unit: Annotated[str, typer.Option(help="Unit code")],
    period: PeriodOption,
    out_file: Annotated[
        Path, typer.Option("--out", help="XLSX file to write", callback=not_the_database)
    ],
) -> None:
    """The SKM report a unit publishes (PermenPAN-RB 14/2017): IKM, NRR per unsur, sample,
    respondent profile, complaints and their follow-up."""
    settings, texts = settings_and_texts()
    chosen = period_or_fail(texts, period)
    try:
        data = with_services(
            settings,
            texts,
            lambda services: skm_report_workbook(services, unit, chosen, actor=OPERATOR),
        )
    except LookupError:
        fail(texts.cli_unknown_unit(unit))
    out_file.parent.mkdir(parents=True, exist_ok=True)
    out_file.write_bytes(data)
    say(texts.cli_file_written(str(out_file), 1))
