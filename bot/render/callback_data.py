"""Callback data: short, prefixed strings defined once, parsed into typed values.

Telegram allows 64 bytes and PTB's arbitrary callback data lives only in memory, so buttons
carry short ids that point at rows, never state. Every parser returns None for anything a real
button could not have sent, and the handlers treat that as a stale button. Anyone can send any
data, so "could have sent" includes ranges: ids fit the database's INTEGER columns, days are
real dates and periods real periods, all within the years kinerja reckons with.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from kinerja.errors import InvalidPeriodKey
from kinerja.periods import YEARS, Period, parse_period_key
from kinerja.skm import is_valid_score
from kinerja.survey import Step
from kinerja.tokens import PAYLOAD_ALPHABET
from kinerja.types import Language


class Prefix(enum.StrEnum):
    LANGUAGE = "lang"
    CONSENT = "c"
    POSTER = "p"
    SURVEY = "s"
    COMPLAINT = "k"
    RATING = "r"
    DELETE = "h"
    INVITE = "v"
    REPORT = "l"
    HISTORY = "w"
    TEAM = "t"
    TEAM_DAY = "g"
    DRILL = "u"
    WORKBOOK = "x"
    BROWSE = "n"
    """A summary's ◀ / ▶: the same unit, the period before or after."""


SEPARATOR = ":"
_NONE = "-"
MAX_ID = 2**31 - 1
"""Every primary key is an INTEGER; on PostgreSQL a larger parameter fails the whole query."""
_DIGITS = re.compile(r"[0-9]{1,10}")
"""ASCII only: `str.isdigit` also accepts "²", which `int` refuses."""
_DAY = re.compile(r"[0-9]{8}")


def pattern(prefix: Prefix) -> str:
    """The regex for a `CallbackQueryHandler` of one prefix."""
    return f"^{prefix.value}{SEPARATOR}"


def _join(prefix: Prefix, *parts: object) -> str:
    return SEPARATOR.join((prefix.value, *(str(p) for p in parts)))


_E = TypeVar("_E", bound=enum.Enum)


def _parts(data: str, prefix: Prefix, count: int) -> list[str] | None:
    parts = data.split(SEPARATOR)
    if len(parts) != count + 1 or parts[0] != prefix.value:
        return None
    return parts[1:]


def _number(text: str, low: int, high: int) -> int | None:
    if not _DIGITS.fullmatch(text):
        return None
    value = int(text)
    return value if low <= value <= high else None


def _member(kind: type[_E], text: str) -> _E | None:
    """The enum member with this value; None for a forged or outdated one."""
    try:
        return kind(text)
    except ValueError:
        return None


def _id(text: str) -> int | None:
    return _number(text, 1, MAX_ID)


def _day(text: str) -> date | None:
    """YYYYMMDD, a real day."""
    if not _DAY.fullmatch(text):
        return None
    try:
        day = date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None
    return day if day.year in YEARS else None


# -- language -------------------------------------------------------------------------


def language(value: Language) -> str:
    return _join(Prefix.LANGUAGE, value.value)


def parse_language(data: str) -> Language | None:
    parts = _parts(data, Prefix.LANGUAGE, 1)
    return _member(Language, parts[0]) if parts else None


# -- consent and poster flow ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ConsentChoice:
    agreed: bool
    unit_id: int
    token_payload: str | None


def consent(agreed: bool, unit_id: int, token_payload: str | None) -> str:
    return _join(Prefix.CONSENT, "y" if agreed else "n", unit_id, token_payload or _NONE)


def parse_consent(data: str) -> ConsentChoice | None:
    parts = _parts(data, Prefix.CONSENT, 3)
    if parts is None or parts[0] not in ("y", "n"):
        return None
    unit_id = _id(parts[1])
    token = None if parts[2] == _NONE else parts[2]
    if unit_id is None or (token is not None and not PAYLOAD_ALPHABET.fullmatch(token)):
        return None
    return ConsentChoice(parts[0] == "y", unit_id, token)


def poster(unit_id: int) -> str:
    return _join(Prefix.POSTER, unit_id)


def parse_poster(data: str) -> int | None:
    parts = _parts(data, Prefix.POSTER, 1)
    return _id(parts[0]) if parts else None


# -- survey answers -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SurveyTap:
    response_id: int
    step: Step
    value: str


def survey(response_id: int, step: Step, value: str) -> str:
    return _join(Prefix.SURVEY, response_id, step.value, value)


def parse_survey(data: str) -> SurveyTap | None:
    parts = _parts(data, Prefix.SURVEY, 3)
    if parts is None:
        return None
    response_id = _id(parts[0])
    step = _member(Step, parts[1])
    if step is None or response_id is None or not parts[2] or len(parts[2]) > 12:
        return None
    return SurveyTap(response_id, step, parts[2])


# -- complaints -----------------------------------------------------------------------


class ComplaintAction(enum.StrEnum):
    TAKE = "t"
    CLOSE = "c"


@dataclass(frozen=True, slots=True)
class ComplaintTap:
    action: ComplaintAction
    complaint_id: int


def complaint(action: ComplaintAction, complaint_id: int) -> str:
    return _join(Prefix.COMPLAINT, action.value, complaint_id)


def parse_complaint(data: str) -> ComplaintTap | None:
    parts = _parts(data, Prefix.COMPLAINT, 2)
    if parts is None:
        return None
    complaint_id = _id(parts[1])
    action = _member(ComplaintAction, parts[0])
    return None if action is None or complaint_id is None else ComplaintTap(action, complaint_id)


@dataclass(frozen=True, slots=True)
class RatingTap:
    complaint_id: int
    score: int
    reopen_count: int
    """Which answer is rated: the one sent after this many reopenings."""


def rating(complaint_id: int, score: int, reopen_count: int = 0) -> str:
    """The first answer's buttons keep the form they always had (`r:ID:SCORE`), so those
    already in citizens' chats still work; a later answer's carry its round."""
    if reopen_count == 0:
        return _join(Prefix.RATING, complaint_id, score)
    return _join(Prefix.RATING, complaint_id, score, reopen_count)


def parse_rating(data: str) -> RatingTap | None:
    parts = _parts(data, Prefix.RATING, 2) or _parts(data, Prefix.RATING, 3)
    if parts is None:
        return None
    complaint_id, score = _id(parts[0]), _number(parts[1], 0, 9)
    reopen_count = _number(parts[2], 1, 99) if len(parts) == 3 else 0
    if complaint_id is None or score is None or reopen_count is None:
        return None
    if not is_valid_score(score):
        return None
    return RatingTap(complaint_id, score, reopen_count)


# -- deletion -------------------------------------------------------------------------


def delete(confirmed: bool) -> str:
    return _join(Prefix.DELETE, "y" if confirmed else "n")


def parse_delete(data: str) -> bool | None:
    parts = _parts(data, Prefix.DELETE, 1)
    if parts is None or parts[0] not in ("y", "n"):
        return None
    return parts[0] == "y"


# -- invitations ----------------------------------------------------------------------


def invite(invitation_id: int, confirmed: bool) -> str:
    return _join(Prefix.INVITE, invitation_id, "y" if confirmed else "n")


def parse_invite(data: str) -> tuple[int, bool] | None:
    parts = _parts(data, Prefix.INVITE, 2)
    if parts is None or parts[1] not in ("y", "n"):
        return None
    invitation_id = _id(parts[0])
    return None if invitation_id is None else (invitation_id, parts[1] == "y")


# -- /lapor ---------------------------------------------------------------------------


class ReportAction(enum.StrEnum):
    START = "go"
    METRIC = "m"
    DAY = "d"
    SKIP = "s"
    SAVE = "ok"
    FINISH = "end"
    """"Selesai" on the menu."""
    CANCEL = "x"
    """"Batal" during an entry: never the same button as FINISH, whose answer differs."""


@dataclass(frozen=True, slots=True)
class ReportTap:
    action: ReportAction
    argument: str = ""
    day: date | None = None
    """Set for DAY: the day the button offers."""


def report(action: ReportAction, argument: object = "") -> str:
    return _join(Prefix.REPORT, action.value, argument)


def report_day(day: date) -> str:
    return report(ReportAction.DAY, day.strftime("%Y%m%d"))


def parse_report(data: str) -> ReportTap | None:
    parts = _parts(data, Prefix.REPORT, 2)
    if parts is None:
        return None
    action = _member(ReportAction, parts[0])
    if action is None:
        return None
    argument = parts[1]
    if action is ReportAction.DAY:
        day = _day(argument)
        return None if day is None else ReportTap(action, day=day)
    valid = {
        ReportAction.METRIC: _id(argument) is not None,
        ReportAction.SKIP: argument in ("note", "evidence"),
    }.get(action, argument == "")
    return ReportTap(action, argument) if valid else None


def history(days: int) -> str:
    return _join(Prefix.HISTORY, days)


def parse_history(data: str) -> int | None:
    parts = _parts(data, Prefix.HISTORY, 1)
    days = _number(parts[0], 0, 99) if parts else None
    return days if days in (7, 30) else None


# -- supervisors: team reports --------------------------------------------------------


class TeamAction(enum.StrEnum):
    DETAIL = "r"
    VERIFY = "v"
    FEEDBACK = "f"
    EVIDENCE = "e"


def team(action: TeamAction, report_id: int) -> str:
    return _join(Prefix.TEAM, action.value, report_id)


def parse_team(data: str) -> tuple[TeamAction, int] | None:
    parts = _parts(data, Prefix.TEAM, 2)
    if parts is None:
        return None
    report_id = _id(parts[1])
    action = _member(TeamAction, parts[0])
    return None if action is None or report_id is None else (action, report_id)


def team_day(unit_id: int, day: date) -> str:
    """/laporan of another day: the unit shown and the day to show."""
    return _join(Prefix.TEAM_DAY, unit_id, day.strftime("%Y%m%d"))


def parse_team_day(data: str) -> tuple[int, date] | None:
    parts = _parts(data, Prefix.TEAM_DAY, 2)
    if parts is None:
        return None
    unit_id, day = _id(parts[0]), _day(parts[1])
    return None if unit_id is None or day is None else (unit_id, day)


# -- summaries ------------------------------------------------------------------------

_PERIOD_KEY = re.compile(r"[0-9]{4}(-W[0-9]{2}|-Q[1-4]|-S[12]|-[0-9]{2})?")


def drill(unit_id: int, period_key: str) -> str:
    return _join(Prefix.DRILL, unit_id, period_key)


def workbook(unit_id: int, period_key: str) -> str:
    return _join(Prefix.WORKBOOK, unit_id, period_key)


def browse(unit_id: int, period_key: str) -> str:
    return _join(Prefix.BROWSE, unit_id, period_key)


def parse_unit_period(data: str, prefix: Prefix) -> tuple[int, Period] | None:
    """A unit and a period that exists (ISO week 53 only in long years) in the reckoned years."""
    parts = _parts(data, prefix, 2)
    if parts is None:
        return None
    unit_id = _id(parts[0])
    if unit_id is None or not _PERIOD_KEY.fullmatch(parts[1]):
        return None
    try:
        return unit_id, parse_period_key(parts[1])
    except InvalidPeriodKey:
        return None
