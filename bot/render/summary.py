"""A summary as Telegram messages: within 4,096 characters each, split at section ends."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, WebAppInfo

from bot.messaging.telegram_html import parse_html, utf16_length
from bot.render import callback_data as cd
from bot.texts import Texts
from bot.texts.format import number, number_range
from bot.texts.markup import Html, escape
from kinerja.periods import has_started, next_period, previous_period
from kinerja.summary import IndicatorLine, Measure, Summary, UnitSummary
from kinerja.types import Language

MESSAGE_LIMIT = 4096
"""Telegram's, in UTF-16 code units of the text after entity parsing (`_length`)."""
MAX_DRILL_BUTTONS = 20


def target_text(texts: Texts, line: IndicatorLine) -> str:
    """The target at the line's precision, as its realisation is shown (76,61 · 3,0644 · 60,0)."""
    text = number_range(line.target.low, line.target.high, texts.language, line.places)
    suffix = {
        Measure.MINUTES: " mnt" if texts.language is Language.ID else " min",
        Measure.PERCENT: " %",
    }.get(line.measure, "")
    return text + suffix


def _line(texts: Texts, line: IndicatorLine) -> Html:
    name = line.indicator.name if texts.language is Language.ID else line.indicator.name_en
    shown = line.shown
    realisation = None if shown is None else texts.measure(shown, line.measure, line.places)
    change = None
    if line.change is not None:
        sign = "+" if line.change > 0 else "-" if line.change < 0 else ""
        change = sign + number(abs(line.change), texts.language, line.places)
    capaian = line.result.raw if line.result else None
    return texts.summary_line(
        name, line.status, realisation, target_text(texts, line), capaian, change, line.better
    )


def unit_sections(texts: Texts, unit: UnitSummary) -> list[Html]:
    view = unit.satisfaction
    satisfaction = [
        texts.summary_satisfaction(
            view.ikm, view.grade, view.respondents, view.verified, view.required_sample
        )
    ]
    if view.weakest is not None:
        satisfaction.append(texts.summary_weakest(*view.weakest))
    if view.missing_elements:
        satisfaction.append(texts.summary_missing_elements(list(view.missing_elements)))
    satisfaction.append(
        texts.summary_waiting(view.waiting_mean, view.waiting_within, view.waiting_threshold)
    )
    if view.importance:
        satisfaction.append(
            texts.summary_importance([(i.element, i.votes, i.nrr, i.weak) for i in view.importance])
        )
    if view.flagged:
        satisfaction.append(texts.summary_flagged(view.flagged, view.left_out))
    sections = [Html("\n".join(satisfaction))]
    if unit.lines:
        sections.append(Html("\n".join(_line(texts, line) for line in unit.lines)))
    return sections


def summary_messages(texts: Texts, summary: Summary) -> list[Html]:
    sections = [texts.summary_title(summary.main.unit.name, summary.period, summary.late)]
    sections += unit_sections(texts, summary.main)
    counts = summary.complaints
    sections.append(
        Html(
            texts.summary_complaints(counts.received, counts.closed, counts.overdue)
            + "\n"
            + texts.summary_compliance(summary.compliance)
        )
    )
    if summary.children:
        sections.append(
            texts.summary_children(
                [
                    texts.summary_child(
                        c.unit.name,
                        c.satisfaction.ikm,
                        c.satisfaction.grade,
                        c.satisfaction.respondents,
                        c.satisfaction.required_sample,
                    )
                    for c in summary.children
                ]
            )
        )
    return pack(sections)


def unit_detail_messages(texts: Texts, summary: Summary, unit: UnitSummary) -> list[Html]:
    title = texts.summary_title(unit.unit.name, summary.period, False)
    return pack([title, *unit_sections(texts, unit)])


def pack(sections: list[Html]) -> list[Html]:
    """Join sections into as few messages as fit; a section too long alone is cut by lines."""
    return _join(
        [
            piece
            for section in sections
            for piece in ([section] if _length(section) <= MESSAGE_LIMIT else _by_lines(section))
        ],
        "\n\n",
    )


def _by_lines(section: Html) -> list[Html]:
    """Every line of a catalogue text closes the tags it opens, so lines are whole pieces."""
    return _join([_cut(Html(line)) for line in section.split("\n")], "\n")


def _join(pieces: list[Html], separator: str) -> list[Html]:
    """Pieces joined while they fit; each piece alone must fit."""
    joined: list[Html] = []
    current, size = "", 0
    for piece in pieces:
        length = _length(piece)
        if current and size + len(separator) + length <= MESSAGE_LIMIT:
            current, size = current + separator + piece, size + len(separator) + length
        else:
            if current:
                joined.append(Html(current))
            current, size = piece, length
    if current:
        joined.append(Html(current))
    return joined


def _length(message: Html) -> int:
    return utf16_length(parse_html(message).text)


def _cut(line: Html) -> Html:
    """A line too long for a message loses its formatting and its end, never its validity."""
    if _length(line) <= MESSAGE_LIMIT:
        return line
    text = parse_html(line).text[:MESSAGE_LIMIT]
    while utf16_length(text) > MESSAGE_LIMIT:  # emoji count two
        text = text[:-1]
    return escape(text)


def summary_keyboard(
    texts: Texts,
    summary: Summary,
    unit_ids: dict[str, int],
    today: date,
    dashboard: str | None = None,
) -> InlineKeyboardMarkup:
    """A button per unit below, the workbook, and the period before (and after, once begun);
    with a `dashboard` URL, a button that opens the Mini App on the summary's unit and period."""
    rows = [
        [
            InlineKeyboardButton(
                texts.detail_button(child.unit.name),
                callback_data=cd.drill(unit_ids[child.unit.code], summary.period.key),
            )
        ]
        for child in summary.children[:MAX_DRILL_BUTTONS]
        if child.unit.code in unit_ids
    ]
    unit_id = unit_ids[summary.main.unit.code]
    period = summary.period
    rows.append(
        [InlineKeyboardButton(texts.xlsx_button(), callback_data=cd.workbook(unit_id, period.key))]
    )
    browse = [
        InlineKeyboardButton(
            texts.previous_period_button(period.kind),
            callback_data=cd.browse(unit_id, previous_period(period).key),
        )
    ]
    later = next_period(period)
    if has_started(later, today):
        browse.append(
            InlineKeyboardButton(
                texts.next_period_button(period.kind), callback_data=cd.browse(unit_id, later.key)
            )
        )
    rows.append(browse)
    if dashboard is not None:
        url = f"{dashboard}?" + urlencode({"unit": unit_id, "period": period.key})
        rows.append([InlineKeyboardButton(texts.dashboard_button(), web_app=WebAppInfo(url))])
    return InlineKeyboardMarkup(rows)
