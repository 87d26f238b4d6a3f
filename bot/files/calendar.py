"""The working-day calendar: the shipped (editable) holiday list, and the `holidays` package."""

from __future__ import annotations

import functools
from datetime import date
from pathlib import Path

import holidays
import yaml

from kinerja.calendar import WorkingCalendar

SHIPPED = Path(__file__).parent / "data" / "hari-libur.yaml"


class HolidayFileError(ValueError):
    pass


def read_holiday_file(path: Path) -> dict[int, set[date]]:
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        raise HolidayFileError(f"{path}: {error}") from None
    if not isinstance(document, dict):
        raise HolidayFileError(f"{path}: expected years as keys")
    years: dict[int, set[date]] = {}
    for year, entries in document.items():
        days: set[date] = set()
        for entry in entries or []:
            day = entry.get("date") if isinstance(entry, dict) else None
            if not isinstance(day, date) or day.year != int(year):
                raise HolidayFileError(f"{path}: {entry!r} is not a date of {year}")
            days.add(day)
        years[int(year)] = days
    return years


def working_calendar(path: Path | None, years: range) -> WorkingCalendar:
    """Days off for `years`: the file where it lists the year, the package elsewhere.

    Cached per file version: every report and every period computation asks for it."""
    source = path or SHIPPED
    try:
        version = source.stat().st_mtime_ns
    except OSError:
        version = -1  # read_holiday_file reports the problem
    return _calendar(source, version, years.start, years.stop)


@functools.lru_cache(maxsize=16)
def _calendar(path: Path, version: int, first: int, stop: int) -> WorkingCalendar:
    listed = read_holiday_file(path)
    days: set[date] = set()
    for year in range(first, stop):
        if year in listed:
            days |= listed[year]
        else:
            days |= set(
                holidays.country_holidays("ID", years=year, categories=("public", "government"))
            )
    return WorkingCalendar(frozenset(days))
