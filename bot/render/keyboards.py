"""Inline keyboards and command menus, built from domain values and a text catalogue."""

from __future__ import annotations

from telegram import BotCommand, InlineKeyboardButton, InlineKeyboardMarkup

from bot.render import callback_data
from bot.texts import LANGUAGE_NAMES, Texts
from kinerja.roles import commands_for
from kinerja.types import Language, Role


def languages() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(LANGUAGE_NAMES[lang], callback_data=callback_data.language(lang))]
            for lang in Language
        ]
    )


def command_menu(texts: Texts, role: Role) -> list[BotCommand]:
    """The commands Telegram lists for a role: the public menu for citizens, a staff member's
    own menu once they register."""
    return [BotCommand(c.value, texts.command_description(c)) for c in commands_for(role)]
