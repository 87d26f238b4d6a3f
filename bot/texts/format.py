"""Number and date formats per language (Indonesian: 91,48 and 28 November 2026)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal

from kinerja.skm import round_half_up
from kinerja.types import Language

_LOCALES = {Language.ID: "id_ID", Language.EN: "en_GB"}


def number(value: Decimal | float | int, language: Language, places: int = 2) -> str:
    """Rounded half up, as every figure of the regulation is (babel alone would round half to
    even: 2,125 → 2,12); callers that must not round onto a target pass a value already rounded
    (`kinerja.capaian.round_short_of`), which this leaves as it is."""
    pattern = "#,##0" if places == 0 else "#,##0." + "0" * places
    exact = value if isinstance(value, Decimal) else Decimal(str(value))
    rounded = round_half_up(exact, Decimal(1).scaleb(-places))
    return str(format_decimal(rounded, format=pattern, locale=_LOCALES[language]))


def number_range(low: Decimal, high: Decimal | None, language: Language, places: int) -> str:
    """A target, one value or low–high, at one precision: 76,61 · 3,0644 · 80,00–90,00."""
    text = number(low, language, places)
    return text if high is None else f"{text}–{number(high, language, places)}"


def plain(value: Decimal) -> str:
    """A configured value as typed in the catalogue: 76.61, not 76.6100."""
    return format(value.normalize(), "f")


def percent(value: Decimal | float, language: Language) -> str:
    return f"{number(value, language)} %"


def long_date(value: date, language: Language) -> str:
    return str(format_date(value, format="d MMMM y", locale=_LOCALES[language]))


def short_date(value: date, language: Language) -> str:
    """For a button: Jum 20/11, Fri 20/11."""
    return str(format_date(value, format="EEE d/M", locale=_LOCALES[language]))


def date_time(value: datetime, language: Language) -> str:
    return str(format_datetime(value, format="d MMMM y HH:mm", locale=_LOCALES[language]))
