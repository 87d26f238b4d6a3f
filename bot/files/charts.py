"""The summary chart: IKM per week per unit, and the capaian of the unit's weekly IKU."""

from __future__ import annotations

import enum
import io
from collections.abc import Sequence

from matplotlib.figure import Figure

from db.repositories.results import StoredResult


class ChartFormat(enum.StrEnum):
    PNG = "png"
    """For Telegram, which shows photos, not drawings."""
    SVG = "svg"
    """For the dashboard: sharp at any zoom, and no larger for it."""


def summary_chart(
    week_keys: Sequence[str],
    results: Sequence[StoredResult],
    ikm_code_by_unit: dict[str, str],
    unit_names: dict[str, str],
    main_unit: str,
    weekly_indicators: dict[str, str],
    titles: tuple[str, str],
    image: ChartFormat = ChartFormat.PNG,
) -> bytes:
    """PNG or SVG bytes. `ikm_code_by_unit` says which IKM indicator each unit uses.

    A bare `Figure` (no pyplot and its global figure registry, no display backend), so a chart
    can be drawn in a worker thread while the event loop keeps sending.
    """
    # A phone's width for the dashboard, where the drawing is shown about 360 px wide.
    figure = Figure(figsize=(5, 6) if image is ChartFormat.SVG else (8, 6.5), dpi=110)
    ikm_axes, capaian_axes = figure.subplots(2, 1, sharex=True)
    x = list(range(len(week_keys)))
    by_key = {(r.indicator_code, r.unit_code, r.period_key): r for r in results}
    for unit_code, indicator_code in ikm_code_by_unit.items():
        values = [by_key.get((indicator_code, unit_code, k)) for k in week_keys]
        ys = [float(v.realisation) if v and v.realisation is not None else None for v in values]
        if any(y is not None for y in ys):
            ikm_axes.plot(
                x,
                [y if y is not None else float("nan") for y in ys],
                marker="o",
                label=unit_names.get(unit_code, unit_code),
            )
    ikm_axes.axhline(76.61, color="grey", linestyle="--", linewidth=0.8)
    ikm_axes.axhline(88.31, color="grey", linestyle=":", linewidth=0.8)
    ikm_axes.set_ylim(25, 100)
    ikm_axes.set_title(titles[0])
    if ikm_axes.get_legend_handles_labels()[0]:
        ikm_axes.legend(fontsize=7, loc="lower left")
    for code, name in weekly_indicators.items():
        values = [by_key.get((code, main_unit, k)) for k in week_keys]
        ys = [
            float(v.capaian_capped) if v and v.capaian_capped is not None else float("nan")
            for v in values
        ]
        capaian_axes.plot(x, ys, marker="s", label=name)
    capaian_axes.axhline(100, color="grey", linestyle="--", linewidth=0.8)
    capaian_axes.set_title(titles[1])
    if capaian_axes.get_legend_handles_labels()[0]:
        capaian_axes.legend(fontsize=7, loc="lower left")
    capaian_axes.set_xticks(x, [k.split("-")[-1] for k in week_keys])
    # Fixed margins: tight_layout measured every label and took half of the drawing time.
    left = 0.11 if image is ChartFormat.SVG else 0.07
    figure.subplots_adjust(left=left, right=0.98, top=0.95, bottom=0.06, hspace=0.22)
    out = io.BytesIO()
    if image is ChartFormat.SVG:
        # No date in the file, so the same figures draw the same bytes.
        figure.savefig(out, format="svg", metadata={"Date": None})
    else:
        figure.savefig(out, format="png", pil_kwargs={"compress_level": 3})  # faster, ~20 % larger
    return out.getvalue()
