"""Sending a summary: its messages, the drill-down keyboard and the chart."""

from __future__ import annotations

import asyncio

from telegram import Bot
from telegram.error import TelegramError

from bot.files.charts import summary_chart
from bot.messaging.ratelimit import bulk_sending
from bot.messaging.sending import not_delivered
from bot.render.summary import summary_keyboard, summary_messages
from bot.services import Services
from bot.texts import Texts, texts_for
from bot.usecases.identity import recipient_language
from bot.usecases.summary import Figures, Sender, chart_history
from kinerja.engine import applies_to
from kinerja.periods import current_period, period_containing
from kinerja.summary import Summary
from kinerja.types import IndicatorSource, Language, PeriodKind, Person


async def chart_png(services: Services, texts: Texts, summary: Summary, figures: Figures) -> bytes:
    catalog = figures.now.catalog
    end = min(summary.period.end, services.today())
    week = current_period(PeriodKind.WEEK, services.clock(), services.settings.zone)
    if end < week.start:
        week = period_containing(PeriodKind.WEEK, end)
    units = [summary.main.unit, *(c.unit for c in summary.children)]
    keys, results = await chart_history(services, [u.code for u in units], week)
    weekly = [i for i in catalog.indicators if i.period is PeriodKind.WEEK]
    ikm = {
        unit.code: indicator.code
        for unit in units
        for indicator in weekly
        if indicator.source is IndicatorSource.IKM and applies_to(indicator, unit)
    }
    main_lines = {
        i.code: (i.name if texts.language is Language.ID else i.name_en)
        for i in weekly
        if applies_to(i, summary.main.unit)
    }
    return await asyncio.to_thread(
        summary_chart,
        keys,
        results,
        ikm,
        {u.code: u.name for u in units},
        summary.main.unit.code,
        main_lines,
        (texts.chart_ikm(), texts.chart_capaian(summary.main.unit.name)),
    )


class ChartCache:
    """Charts of one delivery run: drawn once per unit and language, then sent again by the
    file id Telegram gave the first upload. One drawing at a time, in a worker thread
    (matplotlib does not promise thread safety), while the event loop keeps sending."""

    def __init__(self) -> None:
        self._file_ids: dict[tuple[str, Language], str] = {}
        self._first_upload: dict[tuple[str, Language], asyncio.Lock] = {}
        self._drawing = asyncio.Lock()

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
                async with self._drawing:
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
    keyboard = summary_keyboard(texts, summary, figures.now.unit_ids, today)
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
