"""A summary as Telegram messages: within 4,096 characters each, split at section ends."""

from __future__ import annotations

from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import callback_data as cd
from bot.texts import Texts
from bot.texts.format import compact, number
from kinerja.summary import IndicatorLine, Measure, Summary, UnitSummary
from kinerja.types import Language

MESSAGE_LIMIT = 4096
MAX_DRILL_BUTTONS = 20


def _target(texts: Texts, line: IndicatorLine) -> str:
    low = compact(line.target.low, texts.language)
    text = low
    if line.target.high is not None:
        text += f"–{compact(line.target.high, texts.language)}"
    suffix = {
        Measure.MINUTES: " mnt" if texts.language is Language.ID else " min",
        Measure.PERCENT: " %",
    }.get(line.measure, "")
    return text + suffix


def _line(texts: Texts, line: IndicatorLine) -> str:
    name = line.indicator.name if texts.language is Language.ID else line.indicator.name_en
    realisation = (
        None if line.realisation is None else texts.measure(line.realisation, line.measure)
    )
    change = None
    if line.change is not None:
        sign = "+" if line.change > 0 else "-" if line.change < 0 else ""
        change = sign + number(abs(line.change), texts.language)
    capaian = line.result.raw if line.result else None
    return texts.summary_line(
        escape(name), line.status, realisation, _target(texts, line), capaian, change, line.better
    )


def unit_sections(texts: Texts, unit: UnitSummary) -> list[str]:
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
    sections = ["\n".join(satisfaction)]
    if unit.lines:
        sections.append("\n".join(_line(texts, line) for line in unit.lines))
    return sections


def summary_messages(texts: Texts, summary: Summary) -> list[str]:
    sections = [texts.summary_title(escape(summary.main.unit.name), summary.period, summary.late)]
    sections += unit_sections(texts, summary.main)
    counts = summary.complaints
    sections.append(
        texts.summary_complaints(counts.received, counts.closed, counts.overdue)
        + "\n"
        + texts.summary_missing_staff(list(summary.missing_staff))
    )
    if summary.children:
        sections.append(
            texts.summary_children(
                [
                    texts.summary_child(
                        escape(c.unit.name),
                        c.satisfaction.ikm,
                        c.satisfaction.grade,
                        c.satisfaction.respondents,
                    )
                    for c in summary.children
                ]
            )
        )
    return pack(sections)


def unit_detail_messages(texts: Texts, summary: Summary, unit: UnitSummary) -> list[str]:
    title = texts.summary_title(escape(unit.unit.name), summary.period, False)
    return pack([title, *unit_sections(texts, unit)])


def pack(sections: list[str]) -> list[str]:
    """Join sections into as few messages as fit; a section too long alone is cut by lines."""
    messages: list[str] = []
    current = ""
    for section in sections:
        pieces = [section] if len(section) <= MESSAGE_LIMIT else _by_lines(section)
        for piece in pieces:
            candidate = f"{current}\n\n{piece}" if current else piece
            if len(candidate) <= MESSAGE_LIMIT:
                current = candidate
            else:
                messages.append(current)
                current = piece
    if current:
        messages.append(current)
    return messages


def _by_lines(section: str) -> list[str]:
    chunks: list[str] = []
    current = ""
    for line in section.split("\n"):
        line = line[:MESSAGE_LIMIT]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) <= MESSAGE_LIMIT:
            current = candidate
        else:
            chunks.append(current)
            current = line
    if current:
        chunks.append(current)
    return chunks


def summary_keyboard(
    texts: Texts, summary: Summary, unit_ids: dict[str, int]
) -> InlineKeyboardMarkup:
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
    rows.append(
        [
            InlineKeyboardButton(
                texts.xlsx_button(),
                callback_data=cd.workbook(unit_ids[summary.main.unit.code], summary.period.key),
            )
        ]
    )
    return InlineKeyboardMarkup(rows)
