"""Exporting every response of the history to CSV and XLSX: time and the exporter's peak RSS."""

from __future__ import annotations

import asyncio
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench.processes import ROOT, SECRET


@dataclass
class Export:
    format: str
    rows: int
    seconds: float
    peak_rss_mb: float
    size_mb: float


async def measure(database_url: str, folder: Path, file_format: str) -> Export:
    """`kinerja export responses` over the whole history, as an operator would run it."""
    out = folder / f"responses.{file_format}"
    peak = folder / f"export-{file_format}-peak"
    log = folder / f"export-{file_format}.log"
    environment = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": database_url,
        "KINERJA_SECRET_KEY": SECRET,
    }
    started = time.perf_counter()
    with log.open("wb") as sink:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            *("-m", "bench.measured", str(peak), "bot", "export", "responses"),
            *("--from", "2020-01-01", "--to", "2026-12-31"),
            *("--out", str(out), "--format", file_format),
            env=environment,
            cwd=folder,
            stdout=sink,
            stderr=sink,
        )
        code = await process.wait()
    seconds = time.perf_counter() - started
    if code != 0:
        raise RuntimeError(f"export failed:\n{log.read_text()[-2000:]}")
    rows = _csv_rows(out) if file_format == "csv" else -1
    size = out.stat().st_size / 1024 / 1024
    out.unlink()
    return Export(file_format, rows, seconds, float(peak.read_text()), size)


def _csv_rows(path: Path) -> int:
    with path.open("rb") as lines:
        return sum(1 for _ in lines) - 1
