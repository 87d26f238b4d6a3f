"""The summary's chart, for the chat (PNG) and the dashboard (SVG): one drawing, two formats."""

from __future__ import annotations

import asyncio

from bot.files.charts import ChartFormat, summary_chart
from bot.services import Services
from bot.texts import Texts
from bot.usecases.summary import Figures, chart_history
from kinerja.engine import applies_to
from kinerja.periods import current_period, period_containing
from kinerja.summary import Summary
from kinerja.types import IndicatorSource, Language, PeriodKind


async def summary_chart_of(
    services: Services,
    texts: Texts,
    summary: Summary,
    figures: Figures,
    image: ChartFormat = ChartFormat.PNG,
) -> bytes:
    """IKM per week of the summary's unit and the units below it, up to the summary's period
    (or today), and the capaian of the unit's weekly IKU."""
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
    async with services.drawing:
        return await asyncio.to_thread(
            summary_chart,
            keys,
            results,
            ikm,
            {u.code: u.name for u in units},
            summary.main.unit.code,
            main_lines,
            (texts.chart_ikm(), texts.chart_capaian(summary.main.unit.name)),
            image,
        )
