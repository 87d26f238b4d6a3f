"""Writing tables to CSV or XLSX as a stream: a million rows need no more memory than ten."""

from __future__ import annotations

import csv
import enum
from collections.abc import AsyncIterator, Callable, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol

from openpyxl import Workbook


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
        self._writer.writerow(header)

    def row(self, values: Sequence[Any]) -> None:
        self._writer.writerow(["" if v is None else v for v in values])

    def close(self) -> None:
        self._file.close()


class _XlsxWriter:
    def __init__(self, path: Path, header: Sequence[str], sheet: str) -> None:
        self._path = path
        self._book = Workbook(write_only=True)  # streams rows to a temp file
        self._sheet = self._book.create_sheet(sheet)
        self._sheet.append(list(header))

    def row(self, values: Sequence[Any]) -> None:
        self._sheet.append(list(values))

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
