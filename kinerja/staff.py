"""Staff identity and daily reports: NIP, report values and which day a report may be for."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation

from kinerja.types import Metric, MetricType

NIP_PATTERN = re.compile(r"^\d{18}$")


class NipProblem(enum.StrEnum):
    NOT_18_DIGITS = "not_18_digits"
    BAD_BIRTH_DATE = "bad_birth_date"
    BAD_APPOINTMENT = "bad_appointment"
    BAD_SEX_DIGIT = "bad_sex_digit"


def nip_problem(nip: str) -> NipProblem | None:
    """The NIP of an ASN (BKN): birth date YYYYMMDD, appointment YYYYMM, sex 1/2, sequence."""
    if not NIP_PATTERN.match(nip):
        return NipProblem.NOT_18_DIGITS
    try:
        date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        return NipProblem.BAD_BIRTH_DATE
    year, month = int(nip[8:12]), int(nip[12:14])
    if not 1960 <= year <= 2100 or not 1 <= month <= 12:
        return NipProblem.BAD_APPOINTMENT
    if nip[14] not in "12":
        return NipProblem.BAD_SEX_DIGIT
    return None


def mask_nip(nip: str | None) -> str:
    """Shown to the person in chat: enough to recognise, not enough to copy."""
    return "" if not nip else f"{nip[:4]}••••••••••{nip[-4:]}"


def clean_name(name: str) -> str | None:
    cleaned = " ".join(name.split())
    return cleaned if 2 <= len(cleaned) <= 120 else None


# ------------------------------------------------------------------------------ report values


class ValueProblem(enum.StrEnum):
    NOT_A_NUMBER = "not_a_number"
    NOT_WHOLE = "not_whole"
    NEGATIVE = "negative"
    TOO_LARGE = "too_large"
    TOO_SMALL = "too_small"
    RATIO_FORMAT = "ratio_format"
    NUMERATOR_ABOVE_DENOMINATOR = "numerator_above_denominator"
    ZERO_DENOMINATOR = "zero_denominator"


@dataclass(frozen=True, slots=True)
class ReportValue:
    value: Decimal
    denominator: Decimal | None = None


def _number(text: str) -> Decimal | None:
    cleaned = text.strip().replace(" ", "")
    # Indonesian writes 12,5; a dot is a thousands separator only in 1.234-like forms.
    if "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(\.\d{3})+", cleaned):
        cleaned = cleaned.replace(".", "")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _bounded(number: Decimal, metric: Metric, whole: bool) -> ValueProblem | None:
    if whole and number != number.to_integral_value():
        return ValueProblem.NOT_WHOLE
    if number < 0:
        return ValueProblem.NEGATIVE
    if number < metric.minimum:
        return ValueProblem.TOO_SMALL
    if number > metric.maximum:
        return ValueProblem.TOO_LARGE
    return None


def parse_report_value(metric: Metric, text: str) -> ReportValue | ValueProblem:
    """A count ("35"), a decimal ("12,5"), or an observed ratio ("17/20": 17 of 20 complied)."""
    if metric.type is MetricType.RATIO:
        parts = text.replace(" dari ", "/").replace(" of ", "/").split("/")
        if len(parts) != 2:
            return ValueProblem.RATIO_FORMAT
        numerator, denominator = _number(parts[0]), _number(parts[1])
        if numerator is None or denominator is None:
            return ValueProblem.RATIO_FORMAT
        for number in (numerator, denominator):
            problem = _bounded(number, metric, whole=True)
            if problem is not None:
                return problem
        if denominator == 0:
            return ValueProblem.ZERO_DENOMINATOR
        if numerator > denominator:
            return ValueProblem.NUMERATOR_ABOVE_DENOMINATOR
        return ReportValue(numerator, denominator)
    single = _number(text)
    if single is None:
        return ValueProblem.NOT_A_NUMBER
    problem = _bounded(single, metric, whole=metric.type is MetricType.INTEGER)
    return problem if problem is not None else ReportValue(single)


# ------------------------------------------------------------------------------ report dates


def reportable_days(now_local: datetime, yesterday_until: time) -> tuple[date, ...]:
    """Today, and yesterday until the configured hour; never a future day."""
    today = now_local.date()
    if now_local.time() < yesterday_until:
        return (today, today - timedelta(days=1))
    return (today,)


class InviteRefusal(enum.StrEnum):
    UNKNOWN = "unknown"
    USED = "used"
    EXPIRED = "expired"
    RATE_LIMITED = "rate_limited"
    ACCOUNT_TAKEN = "account_taken"
    """This Telegram account already belongs to another active person."""
    DECLINED = "declined"


class ReportRefusal(enum.StrEnum):
    NOT_STAFF = "not_staff"
    NO_METRICS = "no_metrics"
    STALE = "stale"
    """A /lapor button of an old message: the answer points to /lapor."""
    DAY_CLOSED = "day_closed"
    NOT_IN_SCOPE = "not_in_scope"
    REPORT_NOT_FOUND = "report_not_found"
    """A supervisor's team button or feedback for a report they cannot see (or that is gone):
    not STALE, whose answer speaks of a /lapor they never started."""


class LeaveProblem(enum.StrEnum):
    ENDS_BEFORE_START = "ends_before_start"
    TOO_FAR_BACK = "too_far_back"
    TOO_FAR_AHEAD = "too_far_ahead"
    TOO_LONG = "too_long"


LEAVE_DAYS_BACK = 31
"""A month back: sick leave is not announced ahead, so an ASN back at work can still record it and
correct this month's missed streak and per-working-day capaian. Further back is likelier a typo."""
LEAVE_DAYS_AHEAD = 366
"""A year ahead, for planned leave (cuti tahunan is booked months ahead); later is a typo."""
LEAVE_MAX_SPAN = 90
"""Days from the first day of leave to the last (91 days in all), about the three months of the
longest ordinary ASN leave (cuti besar, cuti melahirkan); a longer leave is recorded in parts."""


def leave_problem(first: date, last: date, today: date) -> LeaveProblem | None:
    """Leave is recorded for days near today, which are all that reminders look at; a typo such
    as 9999-12-31 is refused before the working calendar (which overflows there) is built."""
    if last < first:
        return LeaveProblem.ENDS_BEFORE_START
    if first < today - timedelta(days=LEAVE_DAYS_BACK):
        return LeaveProblem.TOO_FAR_BACK
    if last > today + timedelta(days=LEAVE_DAYS_AHEAD):
        return LeaveProblem.TOO_FAR_AHEAD
    if (last - first).days > LEAVE_MAX_SPAN:
        return LeaveProblem.TOO_LONG
    return None


def parse_day(text: str) -> date | None:
    """2026-12-28, 28-12-2026 or 28/12/2026."""
    cleaned = text.strip()
    for pattern in (r"(\d{4})-(\d{1,2})-(\d{1,2})", r"(\d{1,2})[-/](\d{1,2})[-/](\d{4})"):
        match = re.fullmatch(pattern, cleaned)
        if match is None:
            continue
        a, b, c = (int(g) for g in match.groups())
        year, month, day = (a, b, c) if a > 31 else (c, b, a)
        try:
            return date(year, month, day)
        except ValueError:
            return None
    return None
