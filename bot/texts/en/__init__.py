"""English: the second language.

One module per audience, named as the protocol it implements (`bot.texts.citizen` is
implemented by `bot.texts.en.citizen`); `English` joins them. Each part is decorated with
`escaping` itself, because the decorator wraps the methods a class defines, not those it inherits.
"""

from __future__ import annotations

from bot.texts.en.citizen import Citizen
from bot.texts.en.common import Common
from bot.texts.en.complaints import Complaints
from bot.texts.en.dashboard import Dashboard
from bot.texts.en.operator import Operator
from bot.texts.en.staff import Staff
from bot.texts.en.summary import Summary
from bot.texts.en.web import Web
from kinerja.types import Language


class English(Common, Citizen, Complaints, Staff, Summary, Dashboard, Operator, Web):
    language = Language.EN
