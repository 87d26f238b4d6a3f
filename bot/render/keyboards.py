"""Inline keyboards, built from domain values and a text catalogue."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.render import callback_data
from bot.texts import LANGUAGE_NAMES
from kinerja.types import Language


def languages() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(LANGUAGE_NAMES[lang], callback_data=callback_data.language(lang))]
            for lang in Language
        ]
    )
