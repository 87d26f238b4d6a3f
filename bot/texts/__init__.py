"""The text catalogues: every word a user or operator reads, one class per language.

`Texts` is the contract, composed of one protocol per audience, each in the module named after
it: `common` (everyone), `citizen`, `complaints`, `staff`, `summary`, `dashboard` (the
supervisors' Mini App), `operator` and `web` (the web survey). Each
language implements every audience in a module of the same name (`bot/texts/id/citizen.py`,
`bot/texts/en/citizen.py`) and joins them into one class (`Indonesian`, `English`); mypy proves
that both implement every message with the same parameters. The return type says where a text
goes (see `bot.texts.markup`):

- `Html`: a chat message, sent with Telegram's HTML parse mode. The catalogue escapes every
  value it interpolates, so callers pass names, notes and unit names exactly as stored and
  never escape them. A parameter typed `Html` takes a piece another `Html` method rendered.
- `str`: plain text, never escaped: button labels, pop-ups, the command menu, chart labels,
  captions without a parse mode, and everything the operator reads in the terminal.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from bot.texts.citizen import CitizenTexts
from bot.texts.common import CommonTexts
from bot.texts.complaints import ComplaintTexts
from bot.texts.dashboard import DashboardTexts
from bot.texts.en import English
from bot.texts.id import Indonesian
from bot.texts.operator import OperatorTexts
from bot.texts.staff import StaffTexts
from bot.texts.summary import SummaryTexts
from bot.texts.web import WebTexts
from kinerja.types import Language

__all__ = [
    "CATALOGUES",
    "LANGUAGE_NAMES",
    "CitizenTexts",
    "CommonTexts",
    "ComplaintTexts",
    "DashboardTexts",
    "OperatorTexts",
    "StaffTexts",
    "SummaryTexts",
    "Texts",
    "WebTexts",
    "texts_for",
]


class Texts(
    CommonTexts,
    CitizenTexts,
    ComplaintTexts,
    StaffTexts,
    SummaryTexts,
    DashboardTexts,
    OperatorTexts,
    WebTexts,
    Protocol,
):
    """Every message in one language. Code that serves one audience may ask for its part
    (`CitizenTexts`, ...), which every `Texts` is."""


def texts_for(language: Language) -> Texts:
    return CATALOGUES[language]


CATALOGUES: Mapping[Language, Texts] = {Language.ID: Indonesian(), Language.EN: English()}

LANGUAGE_NAMES: Mapping[Language, str] = {Language.ID: "Bahasa Indonesia", Language.EN: "English"}
"""Each language named in itself, the same in every catalogue."""
