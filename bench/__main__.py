"""`python -m bench [--smoke]`: run the benchmarks and write docs/benchmarks.md."""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
from datetime import UTC, datetime
from pathlib import Path

from bench import summary_cost, throughput

DOC = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"


async def main(smoke: bool) -> str:
    citizens = 10 if smoke else 60
    results = await throughput.run(citizens, os.environ.get("KINERJA_TEST_POSTGRES_URL"))
    sizes = (
        [(5, 4, 5_000, 2), (5, 4, 50_000, 20)]
        if smoke
        else [(100, 9, 100_000, 4), (100, 9, 1_000_000, 40)]
    )
    costs = [await summary_cost.measure(*size) for size in sizes]
    lines = [
        "# Benchmarks",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.machine()} "
        f"({os.cpu_count()} cores), Python {platform.python_version()}"
        + (" — **smoke run (reduced sizes)**" if smoke else "")
        + ".",
        "Command: `make bench` (`python -m bench`). One run each; latencies are per tap, from "
        "the button press to the bot's answer.",
        "",
        "## Throughput (citizens answering the SKM concurrently through the emulator)",
        "",
        "| run | taps | taps/s | p50 ms | p99 ms |",
        "|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r.name} | {r.taps} | {r.rate:.0f} | {r.percentile(0.5):.0f} "
            f"| {r.percentile(0.99):.0f} |"
        )
    floor0, kinerja0 = results[0], results[1]
    lines += [
        "",
        f"kinerja / echo floor on loopback: **{kinerja0.rate / floor0.rate:.2f}×** "
        "(target ≥ 0.8×).",
        "",
        "## Computing one week's indicators (SQLite)",
        "",
        "| units | responses in history | compute s | SQL floor s | ratio | peak RSS MB |",
        "|---|---|---|---|---|---|",
    ]
    for c in costs:
        lines.append(
            f"| {c.units} | {c.responses:,} | {c.compute_seconds:.2f} | "
            f"{c.floor_seconds:.2f} | {c.compute_seconds / c.floor_seconds:.1f}× | "
            f"{c.peak_rss_mb:.0f} |"
        )
    growth = costs[1].compute_seconds / costs[0].compute_seconds
    lines += [
        "",
        f"Cost growth for 10× the history, same week: **{growth:.2f}×** (target ≤ 1.2×).",
        "",
    ]
    lines += GAPS
    return "\n".join(lines) + "\n"


GAPS = [
    "## Where the targets are missed, and why",
    "",
    "- **Survey throughput.** Each tap costs the bot roughly 15–25 ms of Python on this machine "
    "(PTB object building, ORM loading of the survey, two Bot API round trips through httpx, and "
    "per-statement thread hops in aiosqlite), so kinerja stays well below the echo floor and the "
    "200 answers/s target. The per-user processor already runs users concurrently; what would "
    "close the gap: load a survey with one query instead of four (today `_load` reads the unit, "
    "the answers and the complaint separately), cache the catalogue's units in memory, answer "
    "the callback and edit the message concurrently, and on PostgreSQL move the identity lookup "
    "into the ledger's read.",
    "- **ASN rush, fan-out at 30 messages/s and the 1,000,000-row export** are not measured yet "
    "(issue 8 stays open); the export streams rows (openpyxl write-only, CSV writer) by design.",
]


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--smoke", action="store_true", help="small sizes, for CI")
    parser.add_argument("--out", type=Path, default=DOC)
    args = parser.parse_args()
    document = asyncio.run(main(args.smoke))
    args.out.write_text(document, encoding="utf-8")
    print(document)
