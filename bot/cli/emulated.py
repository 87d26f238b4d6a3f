"""`kinerja chat` and `kinerja demo`: the real bot on the built-in Bot API emulator, with no
token and no network. Their modules (`chat`, `demo`) load the whole bot, so they are imported
only when one of these commands runs."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated

import typer

from bot.cli.options import hits_database, not_around_the_database, not_the_database
from bot.cli.output import fail, one_line, out, say
from bot.cli.resources import settings_and_texts
from bot.runtime.logs import configure_logging
from bot.settings import SettingsProblem
from kinerja.types import Role

commands = typer.Typer()


@commands.command()
def chat(
    as_role: Annotated[
        Role, typer.Option("--as", help="citizen, asn or supervisor")
    ] = Role.CITIZEN,
    unit: Annotated[str | None, typer.Option(help="The unit to try it at")] = None,
    database: Annotated[
        Path | None,
        typer.Option(
            "--database",
            help="The chat's own SQLite file (default: chat.db beside the configured database)",
            callback=not_the_database,
        ),
    ] = None,
    fresh: Annotated[bool, typer.Option(help="Start the chat's database over")] = False,
) -> None:
    """Talk to the bot from this terminal through the built-in emulator (no Telegram), on a
    database of its own: what is tried here never reaches the real summaries."""
    from bot.cli.chat import chat_database, run_chat

    settings, texts = settings_and_texts()
    configure_logging("ERROR", secrets=settings.secret_values())
    if as_role is Role.ADMIN:
        fail(texts.cli_setting_problem("--as", "citizen, asn or supervisor"))
    path = database or chat_database(settings)
    if database is None and hits_database(settings, path):  # a configured file named chat.db
        fail(texts.cli_output_is_database("--database", str(path)))
    try:
        settings.secret_bytes()  # the bot needs it; a weak one ends here, in one line
    except SettingsProblem as problem:
        fail(one_line(texts, settings, problem))

    async def read_line() -> str | None:
        try:
            return await asyncio.get_running_loop().run_in_executor(None, input, "> ")
        except EOFError:
            return None

    try:
        asyncio.run(
            run_chat(settings, as_role, unit, read_line, say, database_path=path, fresh=fresh)
        )
    except LookupError:
        fail(texts.cli_unknown_unit(unit or ""))


@commands.command()
def demo(
    out_dir: Annotated[
        Path,
        typer.Option("--out", help="Where to write the results", callback=not_around_the_database),
    ] = Path("demo-output"),
    weeks: Annotated[
        int, typer.Option(min=1, max=26, help="Weeks played, ending with the last full one")
    ] = 8,
    seed: Annotated[int, typer.Option(help="The same seed plays the same weeks")] = 47,
) -> None:
    """Play weeks in Pauh on the built-in emulator: no token, no network, under a minute."""
    from bot.cli.demo import run_demo

    configure_logging("WARNING")
    asyncio.run(run_demo(out_dir, out, weeks=weeks, seed=seed))
