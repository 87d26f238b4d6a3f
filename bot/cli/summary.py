"""`kinerja summary`: the supervisors' IKU summary of a period, shown here or sent to them."""

from __future__ import annotations

from typing import Annotated

import typer

from bot.cli.options import PeriodOption, period_or_fail
from bot.cli.output import fail, out, say
from bot.cli.resources import command_bot, settings_and_texts, token_or_fail, with_services
from bot.messaging.delivery import telegram_sender
from bot.render import plain_text
from bot.render.summary import summary_messages
from bot.services import Services
from bot.texts import texts_for
from bot.texts.markup import Html
from bot.usecases.exports import UnknownUnit
from bot.usecases.summary import DeliveryReport, deliver_period, figures_for, summary_for
from kinerja.periods import Period
from kinerja.types import Language

summary_app = typer.Typer(help="Supervisors' IKU summaries.", no_args_is_help=True)


@summary_app.command("show")
def summary_show(
    period: PeriodOption,
    unit: Annotated[str | None, typer.Option(help="Unit code (default: the top unit)")] = None,
    lang: Annotated[Language | None, typer.Option(help="id or en")] = None,
) -> None:
    """Print the summary a supervisor of the unit would get for the period."""
    settings, texts = settings_and_texts()
    chosen = period_or_fail(texts, period)

    async def work(services: Services) -> list[Html]:
        figures = await figures_for(services, chosen)
        code = unit or next(u.code for u in figures.now.catalog.units if u.parent_code is None)
        if figures.now.catalog.unit(code) is None:
            raise UnknownUnit(code)
        summary = await summary_for(services, figures, code)
        return summary_messages(texts_for(lang or settings.default_language), summary)

    try:
        messages = with_services(settings, texts, work)
    except UnknownUnit:
        fail(texts.cli_unknown_unit(unit or ""))
    for message in messages:
        say(plain_text(message))
        out.print()


@summary_app.command("send")
def summary_send(
    period: PeriodOption,
    resend: Annotated[bool, typer.Option(help="Send again to those who already got it")] = False,
) -> None:
    """Send the period's summary to every supervisor now (idempotent unless --resend)."""
    settings, texts = settings_and_texts()
    chosen: Period = period_or_fail(texts, period)
    token = token_or_fail(settings, texts)

    def waiting(count: int) -> None:
        say(texts.cli_summaries_waiting(count, 2 * settings.claim_lease_seconds))

    async def work(services: Services) -> DeliveryReport:
        async with command_bot(settings, token) as bot:
            return await deliver_period(
                services,
                chosen,
                telegram_sender(bot, services),
                resend=resend,
                wait_for_others=True,
                on_wait=waiting,
            )

    report = with_services(settings, texts, work)
    say(
        texts.cli_summaries_sent(
            chosen.key,
            sent=report.sent,
            resumed=report.resumed,
            already_sent=report.already_sent,
            pending=report.pending,
            failed=report.failed,
        )
    )
