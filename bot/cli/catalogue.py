"""`kinerja catalog`: the units, metrics and indicators (IKU) every other command refers to."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.tree import Tree

from bot.cli.output import fail, out, say, table
from bot.cli.resources import settings_and_texts, with_database
from bot.files.catalogue import CatalogFileError, read_catalog
from bot.services import system_clock
from bot.texts import Texts
from bot.texts.format import plain
from bot.usecases.operator import current_catalog, load_catalog
from kinerja.catalog import Catalog
from kinerja.types import Indicator, Language
from kinerja.units import children_index

catalog_app = typer.Typer(help="Units, metrics and indicators (IKU).", no_args_is_help=True)


@catalog_app.command("load")
def catalog_load(
    file: Annotated[Path, typer.Argument(help="The YAML catalogue, e.g. examples/pauh.yaml")],
    if_empty: Annotated[
        bool, typer.Option("--if-empty", help="Load only when the database has no units yet.")
    ] = False,
) -> None:
    """Validate a catalogue file and upsert it; a file with any error changes nothing."""
    settings, texts = settings_and_texts()
    try:
        catalog = read_catalog(file)
    except CatalogFileError as error:
        fail(texts.cli_catalog_error(error.file, error.line, error.where, error.problem))
    changes = with_database(
        settings,
        texts,
        lambda database: load_catalog(
            database, system_clock(), catalog, str(file), only_if_empty=if_empty
        ),
    )
    if changes is None:
        return
    if changes.unchanged:
        say(texts.cli_catalog_unchanged(str(file)))
    elif if_empty:
        say(texts.cli_example_loaded(str(file)))
    else:
        say(
            texts.cli_catalog_loaded(
                str(file), changes.created, changes.updated, changes.deactivated
            )
        )


@catalog_app.command("show")
def catalog_show() -> None:
    """Print the unit tree and the indicators (IKU)."""
    settings, texts = settings_and_texts()
    catalog = with_database(settings, texts, current_catalog)
    if not catalog.units:
        fail(texts.cli_catalog_empty())
    out.print(_unit_tree(catalog, texts))
    english = texts.language is not Language.ID
    table(
        ("IKU", "name", "source", "applies to", "target", "period", "polarity"),
        (_indicator_row(indicator, english=english) for indicator in catalog.indicators),
    )


def _unit_tree(catalog: Catalog, texts: Texts) -> Tree:
    index = children_index(catalog.units)
    tree = Tree("kinerja")

    def add(node: Tree, parent_code: str | None) -> None:
        for unit in index.get(parent_code, []):
            kind = texts.unit_kind(unit.kind)
            add(node.add(f"[bold]{unit.code}[/bold]  {unit.name}  [dim]{kind}[/dim]"), unit.code)

    add(tree, None)
    return tree


def _indicator_row(indicator: Indicator, *, english: bool) -> tuple[str, ...]:
    target = plain(indicator.target.low)
    if indicator.target.high is not None:
        target += f"–{plain(indicator.target.high)}"
    return (
        indicator.code,
        indicator.name_en if english else indicator.name,
        indicator.source.value,
        indicator.unit_code or str(indicator.unit_kind),
        target,
        indicator.period.value,
        indicator.polarity.value,
    )
