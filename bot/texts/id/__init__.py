"""Bahasa Indonesia: the default language of every message.

One module per audience, named as the protocol it implements (`bot.texts.citizen` is
implemented by `bot.texts.id.citizen`); `Indonesian` joins them. Each part is decorated with
`escaping` itself, because the decorator wraps the methods a class defines, not those it inherits.
"""

from __future__ import annotations

from bot.texts.id.citizen import Citizen
from bot.texts.id.common import Common
from bot.texts.id.complaints import Complaints
from bot.texts.id.dashboard import Dashboard
from bot.texts.id.operator import Operator
from bot.texts.id.staff import Staff
from bot.texts.id.summary import Summary
from bot.texts.id.web import Web
from kinerja.types import Language


class Indonesian(Common, Citizen, Complaints, Staff, Summary, Dashboard, Operator, Web):
    language = Language.ID
