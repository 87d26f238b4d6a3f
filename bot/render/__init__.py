"""Pure functions from a domain result and a text catalogue to a message: testable offline."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from telegram import InlineKeyboardMarkup


@dataclass(frozen=True, slots=True)
class Rendered:
    text: str
    keyboard: InlineKeyboardMarkup | None = None


def plain_text(message: str) -> str:
    """A message as a terminal shows it: the few HTML tags the catalogues use, removed."""
    return html.unescape(re.sub(r"</?(b|i|code)>", "", message))
