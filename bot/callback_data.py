"""Callback data: short, prefixed strings defined once, parsed into typed values.

Telegram allows 64 bytes and PTB's arbitrary callback data lives only in memory, so buttons
carry short ids that point at rows, never state. Every parser returns None for anything a real
button could not have sent, and the handlers treat that as a stale button.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

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
    DRILL = "u"
    WORKBOOK = "x"


SEPARATOR = ":"
_NONE = "-"


def pattern(prefix: Prefix) -> str:
    """The regex for a `CallbackQueryHandler` of one prefix."""
    return f"^{prefix.value}{SEPARATOR}"


def _join(prefix: Prefix, *parts: object) -> str:
    return SEPARATOR.join((prefix.value, *(str(p) for p in parts)))


def _parts(data: str, prefix: Prefix, count: int) -> list[str] | None:
    parts = data.split(SEPARATOR)
    if len(parts) != count + 1 or parts[0] != prefix.value:
        return None
    return parts[1:]


def _int(text: str) -> int | None:
    return int(text) if text.isdigit() and len(text) <= 12 else None


# -- language -------------------------------------------------------------------------


def language(value: Language) -> str:
    return _join(Prefix.LANGUAGE, value.value)


def parse_language(data: str) -> Language | None:
    parts = _parts(data, Prefix.LANGUAGE, 1)
    try:
        return Language(parts[0]) if parts else None
    except ValueError:
        return None


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
    unit_id = _int(parts[1])
    token = None if parts[2] == _NONE else parts[2]
    if unit_id is None or (token is not None and not PAYLOAD_ALPHABET.match(token)):
        return None
    return ConsentChoice(parts[0] == "y", unit_id, token)


def poster(unit_id: int) -> str:
    return _join(Prefix.POSTER, unit_id)


def parse_poster(data: str) -> int | None:
    parts = _parts(data, Prefix.POSTER, 1)
    return _int(parts[0]) if parts else None


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
    response_id = _int(parts[0])
    try:
        step = Step(parts[1])
    except ValueError:
        return None
    if response_id is None or not parts[2] or len(parts[2]) > 12:
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
    complaint_id = _int(parts[1])
    try:
        action = ComplaintAction(parts[0])
    except ValueError:
        return None
    return None if complaint_id is None else ComplaintTap(action, complaint_id)


def rating(complaint_id: int, score: int) -> str:
    return _join(Prefix.RATING, complaint_id, score)


def parse_rating(data: str) -> tuple[int, int] | None:
    parts = _parts(data, Prefix.RATING, 2)
    if parts is None:
        return None
    complaint_id, score = _int(parts[0]), _int(parts[1])
    return None if complaint_id is None or score is None else (complaint_id, score)


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
    invitation_id = _int(parts[0])
    return None if invitation_id is None else (invitation_id, parts[1] == "y")


# -- /lapor ---------------------------------------------------------------------------


class ReportAction(enum.StrEnum):
    START = "go"
    METRIC = "m"
    DAY = "d"
    SKIP = "s"
    SAVE = "ok"
    FINISH = "end"


@dataclass(frozen=True, slots=True)
class ReportTap:
    action: ReportAction
    argument: str = ""


def report(action: ReportAction, argument: object = "") -> str:
    return _join(Prefix.REPORT, action.value, argument)


def parse_report(data: str) -> ReportTap | None:
    parts = _parts(data, Prefix.REPORT, 2)
    if parts is None:
        return None
    try:
        action = ReportAction(parts[0])
    except ValueError:
        return None
    argument = parts[1]
    valid = {
        ReportAction.METRIC: _int(argument) is not None,
        ReportAction.DAY: len(argument) == 8 and argument.isdigit(),
        ReportAction.SKIP: argument in ("note", "evidence"),
    }.get(action, argument == "")
    return ReportTap(action, argument) if valid else None


def history(days: int) -> str:
    return _join(Prefix.HISTORY, days)


def parse_history(data: str) -> int | None:
    parts = _parts(data, Prefix.HISTORY, 1)
    days = _int(parts[0]) if parts else None
    return days if days in (7, 30) else None


# -- supervisors: team reports --------------------------------------------------------


class TeamAction(enum.StrEnum):
    DETAIL = "r"
    VERIFY = "v"
    FEEDBACK = "f"


def team(action: TeamAction, report_id: int) -> str:
    return _join(Prefix.TEAM, action.value, report_id)


def parse_team(data: str) -> tuple[TeamAction, int] | None:
    parts = _parts(data, Prefix.TEAM, 2)
    if parts is None:
        return None
    report_id = _int(parts[1])
    try:
        action = TeamAction(parts[0])
    except ValueError:
        return None
    return None if report_id is None else (action, report_id)


# -- summaries ------------------------------------------------------------------------

_PERIOD_KEY = re.compile(r"^\d{4}(-W\d{2}|-Q[1-4]|-\d{2})?$")


def drill(unit_id: int, period_key: str) -> str:
    return _join(Prefix.DRILL, unit_id, period_key)


def workbook(unit_id: int, period_key: str) -> str:
    return _join(Prefix.WORKBOOK, unit_id, period_key)


def parse_unit_period(data: str, prefix: Prefix) -> tuple[int, str] | None:
    parts = _parts(data, prefix, 2)
    if parts is None:
        return None
    unit_id = _int(parts[0])
    if unit_id is None or not _PERIOD_KEY.match(parts[1]):
        return None
    return unit_id, parts[1]
