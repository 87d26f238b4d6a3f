"""Writing tables to CSV or XLSX as a stream: a million rows need no more memory than ten.

Every export and workbook writes its cells through `csv_row` or `append_row`, so that text
someone typed (a complaint, a follow-up, an ASN's note) is never a formula in a spreadsheet.
"""

from __future__ import annotations

import csv
import enum
import re
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol

from openpyxl import Workbook
from openpyxl.cell.cell import ERROR_CODES, Cell

FORMULA_STARTS = frozenset("=+-@\t\r\0")
"""First characters that make Excel or LibreOffice evaluate a cell (OWASP "CSV Injection";
ASVS 5.0 requirement 1.2.10 adds NUL)."""
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")


def starts_a_formula(value: object) -> bool:
    """Text a spreadsheet would evaluate. A text that is only a number ("-12.5", a figure as
    `plain` writes it) reads as that number and runs nothing, so it is not; values that are
    numbers (int, Decimal, float) are never text and always stay numbers."""
    return (
        isinstance(value, str)
        and value[:1] in FORMULA_STARTS
        and _PLAIN_NUMBER.fullmatch(value) is None
    )


def csv_row(values: Iterable[Any]) -> list[Any]:
    """OWASP's remedy for CSV: a leading single quote, which spreadsheets take as "this is text"."""
    return [_csv_value(v) for v in values]


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    return "'" + value if starts_a_formula(value) else value


def append_row(sheet: Any, values: Iterable[Any]) -> None:
    """Append to a worksheet (write-only or not) with every text written as a string cell.

    openpyxl stores a string that begins with "=" as a formula and "#N/A" as an error; such text,
    and any text that `starts_a_formula`, becomes a string cell with Excel's quote prefix (what
    Excel itself records when one types '=...): the text is shown unchanged, never evaluated, and
    editing the cell keeps it text.
    """
    sheet.append([_xlsx_value(sheet, v) for v in values])


def _xlsx_value(sheet: Any, value: Any) -> Any:
    if not isinstance(value, str):
        return value
    prefix = starts_a_formula(value)
    if not prefix and value not in ERROR_CODES:
        return value  # openpyxl writes it as a string already; no cell object per value
    cell = Cell(sheet, row=1, column=1, value=value)  # append() moves it to its place
    cell.data_type = "s"
    cell.quotePrefix = prefix
    return cell


class ExportFormat(enum.StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


class TableWriter(Protocol):
    def row(self, values: Sequence[Any]) -> None: ...
    def close(self) -> None: ...


class _CsvWriter:
    def __init__(self, path: Path, header: Sequence[str]) -> None:
        # utf-8-sig so that Excel opens Indonesian text correctly
        self._file = path.open("w", newline="", encoding="utf-8-sig")
        self._writer = csv.writer(self._file)
        self._writer.writerow(csv_row(header))

    def row(self, values: Sequence[Any]) -> None:
        self._writer.writerow(csv_row(values))

    def close(self) -> None:
        self._file.close()


class _XlsxWriter:
    def __init__(self, path: Path, header: Sequence[str], sheet: str) -> None:
        self._path = path
        self._book = Workbook(write_only=True)  # streams rows to a temp file
        self._sheet = self._book.create_sheet(sheet)
        append_row(self._sheet, header)

    def row(self, values: Sequence[Any]) -> None:
        append_row(self._sheet, values)

    def close(self) -> None:
        self._book.save(self._path)


class Table:
    """`with Table(path, format, header) as table: table.row([...])`."""

    def __init__(
        self,
        path: Path,
        fmt: ExportFormat,
        header: Sequence[str],
        sheet: str,
        on_rows: Callable[[int], None] | None = None,
    ) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._on_rows = on_rows
        self._writer: TableWriter = (
            _CsvWriter(path, header)
            if fmt is ExportFormat.CSV
            else _XlsxWriter(path, header, sheet)
        )
        self.rows = 0

    def row(self, values: Sequence[Any]) -> None:
        self._writer.row(values)
        self.rows += 1
        if self._on_rows is not None and self.rows % 1000 == 0:
            self._on_rows(self.rows)

    def __enter__(self) -> Table:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._writer.close()


async def drain(rows: AsyncIterator[Sequence[Any]], table: Table) -> int:
    async for values in rows:
        table.row(values)
    return table.rows
