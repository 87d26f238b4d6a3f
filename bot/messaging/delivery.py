"""Sending a summary: its messages, the drill-down keyboard and the chart."""

from __future__ import annotations

import asyncio

from telegram import Bot
from telegram.error import TelegramError

from bot.messaging.ratelimit import bulk_sending
from bot.messaging.sending import not_delivered
from bot.render.summary import summary_keyboard, summary_messages
from bot.services import Services
from bot.texts import Texts, texts_for
from bot.usecases.charts import summary_chart_of
from bot.usecases.identity import recipient_language
from bot.usecases.summary import Figures, Sender
from kinerja.summary import Summary
from kinerja.types import Language, Person


async def chart_png(services: Services, texts: Texts, summary: Summary, figures: Figures) -> bytes:
    return await summary_chart_of(services, texts, summary, figures)


class ChartCache:
    """Charts of one delivery run: drawn once per unit and language, then sent again by the
    file id Telegram gave the first upload; `summary_chart_of` draws one at a time, in a
    worker thread, while the event loop keeps sending."""

    def __init__(self) -> None:
        self._file_ids: dict[tuple[str, Language], str] = {}
        self._first_upload: dict[tuple[str, Language], asyncio.Lock] = {}

    async def send(
        self,
        bot: Bot,
        services: Services,
        chat_id: int,
        texts: Texts,
        summary: Summary,
        figures: Figures,
    ) -> None:
        key = (summary.main.unit.code, texts.language)
        async with self._first_upload.setdefault(key, asyncio.Lock()):
            file_id = self._file_ids.get(key)
            if file_id is None:
                png = await chart_png(services, texts, summary, figures)
                sent = await bot.send_photo(chat_id, png)
                if sent.photo:
                    self._file_ids[key] = sent.photo[-1].file_id
                return
        await bot.send_photo(chat_id, file_id)


async def send_summary(
    bot: Bot,
    services: Services,
    chat_id: int,
    texts: Texts,
    summary: Summary,
    figures: Figures,
    charts: ChartCache | None = None,
) -> None:
    messages = summary_messages(texts, summary)
    today = services.today()
    dashboard = services.settings.dashboard_url()
    keyboard = summary_keyboard(texts, summary, figures.now.unit_ids, today, dashboard)
    for index, text in enumerate(messages):
        last = index == len(messages) - 1
        await bot.send_message(chat_id, text, reply_markup=keyboard if last else None)
    await (charts or ChartCache()).send(bot, services, chat_id, texts, summary, figures)


def telegram_sender(bot: Bot, services: Services) -> Sender:
    """Each supervisor in their own language."""
    charts = ChartCache()

    async def send(person: Person, summary: Summary, figures: Figures) -> None:
        assert person.telegram_user_id is not None  # noqa: S101 - supervisors() filters
        async with services.database.snapshot() as tx:
            language = await recipient_language(services, tx, person.telegram_user_id)
        try:
            with bulk_sending():
                await send_summary(
                    bot,
                    services,
                    person.telegram_user_id,
                    texts_for(language),
                    summary,
                    figures,
                    charts,
                )
        except TelegramError as failure:
            raise not_delivered(failure) from failure

    return send
