"""Sending a summary: its messages, the drill-down keyboard and the chart."""

from __future__ import annotations

from telegram import Bot
from telegram.constants import ParseMode

from bot.charts import summary_chart
from bot.context import Services
from bot.render.summary import summary_keyboard, summary_messages
from bot.texts import Texts, texts_for
from bot.usecases.alerts import recipient_language
from bot.usecases.summaries import Figures, Sender, chart_history
from kinerja.engine import applies_to
from kinerja.periods import current_period, period_containing
from kinerja.summary import Summary
from kinerja.types import IndicatorSource, Language, PeriodKind, Person


async def chart_png(services: Services, texts: Texts, summary: Summary, figures: Figures) -> bytes:
    catalog = figures.now.catalog
    end = min(summary.period.end, services.clock().astimezone(services.settings.zone).date())
    week = current_period(PeriodKind.WEEK, services.clock(), services.settings.zone)
    if end < week.start:
        week = period_containing(PeriodKind.WEEK, end)
    keys, results = await chart_history(services, summary.main.unit.code, week)
    units = [summary.main.unit, *(c.unit for c in summary.children)]
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
    return summary_chart(
        keys,
        results,
        ikm,
        {u.code: u.name for u in units},
        summary.main.unit.code,
        main_lines,
        (texts.chart_ikm(), texts.chart_capaian(summary.main.unit.name)),
    )


async def send_summary(
    bot: Bot, services: Services, chat_id: int, texts: Texts, summary: Summary, figures: Figures
) -> None:
    messages = summary_messages(texts, summary)
    keyboard = summary_keyboard(texts, summary, figures.now.unit_ids)
    for index, text in enumerate(messages):
        last = index == len(messages) - 1
        await bot.send_message(
            chat_id, text, parse_mode=ParseMode.HTML, reply_markup=keyboard if last else None
        )
    await bot.send_photo(chat_id, await chart_png(services, texts, summary, figures))


def telegram_sender(bot: Bot, services: Services) -> Sender:
    """Each supervisor in their own language."""

    async def send(person: Person, summary: Summary, figures: Figures) -> None:
        assert person.telegram_user_id is not None  # noqa: S101 - supervisors() filters
        async with services.database.snapshot() as session:
            language = await recipient_language(services, session, person.telegram_user_id)
        await send_summary(
            bot, services, person.telegram_user_id, texts_for(language), summary, figures
        )

    return send
