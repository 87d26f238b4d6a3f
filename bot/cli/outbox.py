"""`kinerja outbox`: the messages the bot gave up on, and the operator's decision to resend."""

from __future__ import annotations

from typing import Annotated

import typer

from bot.cli.output import fail, say, table
from bot.cli.resources import (
    command_bot,
    settings_and_texts,
    token_or_fail,
    with_database,
    with_services,
)
from bot.messaging.outbox import deliver_outbox
from bot.services import Services
from bot.usecases.operator import Resent, given_up_messages, resend_given_up

outbox_app = typer.Typer(
    help="Messages the bot must deliver (alerts, follow-ups, reminders).", no_args_is_help=True
)


@outbox_app.command("failed")
def outbox_failed() -> None:
    """Messages given up on: refused (the person blocked the bot or deleted their account),
    of unknown outcome (a send that timed out: it may have arrived, so it is not sent again
    by itself), or cancelled (the recipient was deactivated or left the role)."""
    settings, texts = settings_and_texts()
    table(
        ("id", "kind", "recipient", "status", "at", "error"),
        (
            (
                str(item.id),
                item.kind,
                item.recipient_name or "citizen",
                item.status.value,
                item.at.astimezone(settings.zone).strftime("%Y-%m-%d %H:%M"),
                item.error,
            )
            for item in with_database(settings, texts, given_up_messages)
        ),
    )


@outbox_app.command("resend")
def outbox_resend(
    item_id: Annotated[int, typer.Argument(help="The id shown by `kinerja outbox failed`")],
) -> None:
    """Send a message given up on once more, now: the operator's decision, e.g. after
    checking with the recipient that an alert of unknown outcome never arrived."""
    settings, texts = settings_and_texts()
    token = token_or_fail(settings, texts)

    async def work(services: Services) -> Resent | None:
        async def deliver(ids: list[int]) -> int:
            async with command_bot(settings, token) as bot:
                return await deliver_outbox(bot, services, ids)

        return await resend_given_up(services, item_id, deliver)

    resent = with_services(settings, texts, work)
    if resent is None:
        fail(texts.cli_outbox_not_given_up(item_id))
    status = resent.status.value if resent.status else "?"
    say(texts.cli_outbox_resent(item_id, resent.sent, status))
