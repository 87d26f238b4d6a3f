"""`python -m bench [--smoke]`: run the benchmarks and write docs/benchmarks.md."""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

from bench import export_memory, fanout, flood, rush, scaling, summary_cost, throughput

DOC = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"
NOTES = Path(__file__).resolve().parent / "notes.md"


@dataclass(frozen=True)
class Sizes:
    citizens: int
    histories: tuple[tuple[int, int, int, int], tuple[int, int, int, int]]
    supervisors: int
    asn: int
    rush_seconds: float


FULL = Sizes(60, ((100, 9, 100_000, 4), (100, 9, 1_000_000, 40)), 5_000, 5_000, 600.0)
SMOKE = Sizes(10, ((5, 4, 5_000, 2), (5, 4, 50_000, 20)), 60, 100, 12.0)
SHORT = Sizes(60, FULL.histories, 2_000, 2_500, 300.0)
"""The full sizes, but fan-out and rush cut to fit a short session (the rush at the same rate)."""
SIZES = {"full": FULL, "short": SHORT, "smoke": SMOKE}


def _mark(ok: bool) -> str:
    return "met" if ok else "**missed**"


async def main(sizes: Sizes) -> str:
    smoke = sizes is SMOKE
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        runs = await throughput.run(
            sizes.citizens, folder, os.environ.get("KINERJA_TEST_POSTGRES_URL"), smoke
        )
        costs = [await summary_cost.measure(folder, *size) for size in sizes.histories]
        biggest = sizes.histories[1][2]
        history = f"sqlite+aiosqlite:///{folder / f'history-{biggest}.db'}"
        exports = [await export_memory.measure(history, folder, f) for f in ("csv", "xlsx")]
        wave = await fanout.measure(sizes.supervisors, 20_000 if not smoke else 2_000)
        reports = await rush.measure(sizes.asn, sizes.rush_seconds, folder)
        floods = await flood.run(folder, os.environ.get("KINERJA_TEST_POSTGRES_URL"))
        scaled = await scaling.run(folder, os.environ.get("KINERJA_TEST_POSTGRES_URL"), smoke)

    growth = costs[1].compute_seconds / costs[0].compute_seconds
    lines = [
        "# Benchmarks",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.machine()} "
        f"({os.cpu_count()} cores), Python {platform.python_version()}, "
        f"python-telegram-bot {version('python-telegram-bot')}, "
        f"SQLAlchemy {version('sqlalchemy')}"
        + (" — **smoke run (reduced sizes)**" if smoke else "")
        + (" — **short run: fan-out and rush reduced**" if sizes is SHORT else "")
        + ".",
        "Command: `make bench` (`python -m bench`; `make bench-smoke` for the reduced run in CI). "
        "One run each, so ratios compare measurements taken minutes apart on the same machine.",
        "",
    ]
    lines += survey_section(sizes.citizens, runs)
    lines += [
        "## 2. ASN rush",
        "",
        f"{reports.asn:,} ASN start `/lapor` evenly over {reports.window_seconds:.0f} s (the "
        "target's rate: 5,000 in 10 minutes), each going through the whole report "
        "(menu, metric, value, note skipped, evidence skipped, save), timed per step.",
        "",
        "| ASN | steps | errors | reports stored | p50 ms | p99 ms | bot peak RSS MB |",
        "|---|---|---|---|---|---|---|",
        f"| {reports.asn:,} | {len(reports.latencies):,} | {reports.errors} "
        f"| {reports.reports_stored:,} | {reports.percentile(0.5):.0f} "
        f"| {reports.percentile(0.99):.0f} | {reports.peak_rss_mb:.0f} |",
        "",
        f"Target: no error, p99 < 200 ms: "
        f"{_mark(reports.errors == 0 and reports.percentile(0.99) < 200)}.",
        "",
        "## 3. Summary cost",
        "",
        "A province-sized catalogue (100 puskesmas with 9 service units each: 1,001 units) and "
        "a synthetic history of SKM responses, stored in time order as a live system stores them, "
        "and daily ASN reports (one fifth as many); three weekly IKU per puskesmas. Computing "
        "every indicator result of 2026-W47 runs in a process of its own (median of seven, "
        "after one warm-up), so its peak RSS is the "
        "computation's alone. The floor is one hand-written GROUP BY over the same week's "
        "answers.",
        "",
        "| units | responses | ASN reports | compute s | SQL floor s | ratio | peak RSS MB |",
        "|---|---|---|---|---|---|---|",
    ]
    for c in costs:
        lines.append(
            f"| {c.units:,} | {c.responses:,} | {c.responses // 5:,} | {c.compute_seconds:.2f} "
            f"| {c.floor_seconds:.2f} | {c.compute_seconds / c.floor_seconds:.1f}× "
            f"| {c.peak_rss_mb:.0f} |"
        )
    big = costs[1]
    lines += [
        "",
        f"- Under 2 s: {_mark(big.compute_seconds < 2)}. Within 1.5× of the floor: "
        f"{_mark(big.compute_seconds <= 1.5 * big.floor_seconds)}. "
        f"Growth for 10× the history, same week: **{growth:.2f}×** (≤ 1.2×: "
        f"{_mark(growth <= 1.2)}). Peak RSS ≤ 200 MB: {_mark(big.peak_rss_mb <= 200)}.",
        "",
        "## 4. Fan-out",
        "",
        f"{wave.supervisors:,} supervisors (five per puskesmas) receive the weekly summary "
        "(texts and chart) from the bot's own delivery code with its sending limit on, through "
        "an emulator that answers 429 to the 31st message within any second.",
        "",
        "| supervisors | sent | failed | messages | seconds | messages/s | 429 answers |",
        "|---|---|---|---|---|---|---|",
        f"| {wave.supervisors:,} | {wave.sent:,} | {wave.failed} | {wave.messages:,} "
        f"| {wave.seconds:.0f} | {wave.rate:.1f} | {wave.too_many_requests} |",
        "",
        f"Target ≥ 27 messages/s with zero 429: "
        f"{_mark(wave.rate >= 27 and wave.too_many_requests == 0)} (the rate includes computing "
        "the week's figures and drawing one chart per puskesmas).",
        "",
        "## 5. Export memory",
        "",
        f"`kinerja export responses` of the whole {costs[1].responses:,}-response history, as "
        "an operator runs it (it shows a progress bar on a terminal), in its own process.",
        "",
        "| format | rows | seconds | file MB | peak RSS MB |",
        "|---|---|---|---|---|",
    ]
    for e in exports:
        rows = f"{e.rows:,}" if e.rows >= 0 else "(all)"
        lines.append(
            f"| {e.format} | {rows} | {e.seconds:.0f} | {e.size_mb:.0f} | {e.peak_rss_mb:.0f} |"
        )
    lines += [
        "",
        f"Peak RSS ≤ 250 MB: {_mark(all(e.peak_rss_mb <= 250 for e in exports))}.",
        "",
    ]
    lines += flood_section(floods)
    lines += scaling.section(scaled)
    return "\n".join(lines) + "\n" + NOTES.read_text(encoding="utf-8")


def survey_section(citizens: int, runs: throughput.Runs) -> list[str]:
    """Section 1: every run, then kinerja against the survey floor configuration by
    configuration, and the targets of the loopback, SQLite, polling pair."""
    base = runs.pairs[0]  # SQLite, polling, loopback
    ratio = base.kinerja.rate / runs.echo.rate
    lines = [
        "## 1. Survey throughput",
        "",
        f"{citizens} citizens answer the whole SKM at once through the Bot API emulator "
        "(deep link, consent, nine elements, waiting time, complaint skipped, importance), each "
        "waiting for every reply before the next tap. The bot runs as `kinerja run` in its "
        "own process (the emulator and the citizens share the benchmark's). Two floors, each a "
        "bare PTB bot in its own process with no database: the *survey floor* "
        "(`bench/survey_floor.py`) runs the same survey from a dict, with kinerja's messages, "
        "keyboards, HTTP pool and per-user update processing, driven by the same citizens; "
        "the *echo floor* (`bench/echo_bot.py`) answers each tap on one button with the same "
        "two calls (answerCallbackQuery, editMessageText). Latency is from the button press "
        "to the bot's reply. An interaction is any update a citizen sends (taps and the "
        "`/start`, whose latency to the first reply is the *typed* column); CPU is the bot "
        "process's user and system time while the citizens ran. The sending limit is off here "
        "(it holds back bulk sends, not replies). Outside the smoke run each configuration is "
        f"measured {throughput.REPEATS} times, floor and kinerja alternating, and the median "
        "run of each side is shown: one run's rate varies by up to ±20 % on this machine.",
        "",
        "| run | taps | interactions/s | tap p50 ms | tap p99 ms | typed p99 ms "
        "| CPU ms / interaction | completed | bot peak RSS MB |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in runs.results:
        completed = "" if r.completed is None else str(r.completed)
        rss = "" if r.peak_rss_mb is None else f"{r.peak_rss_mb:.0f}"
        cpu = r.cpu_ms_per_interaction
        typed = f"{r.typed_percentile(0.99):.0f}" if r.typed_latencies else ""
        lines.append(
            f"| {r.name} | {r.taps} | {r.interaction_rate:.0f} | {r.percentile(0.5):.0f} "
            f"| {r.percentile(0.99):.0f} | {typed} | {'' if cpu is None else f'{cpu:.1f}'} "
            f"| {completed} | {rss} |"
        )
    lines += [
        "",
        "kinerja against the survey floor, each configuration's floor and kinerja measured one "
        "right after the other (the floor has no database: one floor run serves SQLite and "
        "PostgreSQL). A ratio is the median of the runs' own ratios, listed beside it; the "
        "figures are the median run of each side:",
        "",
        "| configuration | interactions/s floor / kinerja | ratio | each run "
        "| CPU ms per interaction floor / kinerja | ratio (interactions per CPU second) "
        "| each run |",
        "|---|---|---|---|---|---|---|",
    ]
    for pair in runs.pairs:
        f, k = pair.floor, pair.kinerja
        cpu_ratio = "" if pair.cpu_ratio is None else f"**{pair.cpu_ratio:.2f}×**"
        each = ", ".join(f"{r:.2f}" for r in pair.rate_ratios)
        each_cpu = ", ".join(f"{r:.2f}" for r in pair.cpu_ratios)
        lines.append(
            f"| {k.name.removeprefix('kinerja survey (').removesuffix(')')} "
            f"| {f.interaction_rate:.0f} / {k.interaction_rate:.0f} "
            f"| **{pair.rate_ratio:.2f}×** | {each} "
            f"| {f.cpu_ms_per_interaction or 0:.1f} / {k.cpu_ms_per_interaction or 0:.1f} "
            f"| {cpu_ratio} | {each_cpu} |"
        )
    base_cpu = base.cpu_ratio or 0.0
    every_survey_completed = all(
        r.completed == r.typed for r in runs.results if r.completed is not None
    )
    lines += [
        "",
        f"kinerja / survey floor (SQLite, polling, loopback): **{base.rate_ratio:.2f}×** in "
        f"interactions per second and **{base_cpu:.2f}×** in interactions per CPU second "
        f"(target ≥ 0.8× in both: {_mark(base.rate_ratio >= 0.8 and base_cpu >= 0.8)}). "
        f"kinerja / echo floor in taps per second: **{ratio:.2f}×**. "
        + (
            "Every citizen's response was completed in every run (the *completed* column: "
            "stored in the database by kinerja, kept in memory by the survey floor), so nothing "
            "was lost."
            if every_survey_completed
            else "**Some responses were not completed** (the *completed* column)."
        ),
        "",
        *_load_targets(runs),
    ]
    return lines


def _load_targets(runs: throughput.Runs) -> list[str]:
    """The latency and 50 ms round-trip targets (full runs only)."""
    if runs.offered is None:
        return []
    o = runs.offered
    tap, typed = o.percentile(0.99), o.typed_percentile(0.99)
    best = max(runs.distant, key=lambda r: r.interaction_rate)
    whole = all(r.completed == r.typed for r in runs.distant)
    return [
        f"- At {o.interaction_rate:.0f} interactions/s offered ({o.typed} citizens, about 1 s "
        f"between taps): tap p99 **{tap:.0f} ms** (target < 100 ms: {_mark(tap < 100)}); "
        f"typed `/start` p99 **{typed:.0f} ms** (no typed message slower than a tap: "
        f"{_mark(typed <= tap)}).",
        f"- With a 50 ms round trip, {best.typed} citizens: **{best.interaction_rate:.0f} "
        f"interactions/s** at best ({best.name}; target ≥ 200: "
        f"{_mark(best.interaction_rate >= 200)}), one process. Every survey completed "
        f"({'yes' if whole else '**no**'}): a tap out of order is refused as stale and its "
        "survey would stall, so none was reordered.",
        "- Several processes on PostgreSQL behind nginx: section 7.",
        "",
    ]


def flood_section(pairs: list[tuple[flood.Run, flood.Run]]) -> list[str]:
    lines = [
        "## 6. Flood",
        "",
        f"{flood.describe()} The bot runs as `kinerja run` in its own process with the "
        "product's sending limit and per-user pace; each configuration is measured without "
        "the flood (the floor) and with it, one after the other. First reply: from the scan "
        "to the bot's first message; survey: from the scan to the thanks.",
        "",
        "| configuration | first reply p50 / p99 s (floor) | survey p50 s (floor) | "
        "survey ratio | flooder replies | dropped | 429s | surveys stored |",
        "|---|---|---|---|---|---|---|---|",
    ]
    ok = True
    for calm, flooded in pairs:
        ratio = flooded.survey(0.5) / calm.survey(0.5)
        ok = ok and (
            flooded.first_reply(0.99) <= 1.0
            and ratio <= 1.2
            and flooded.too_many_requests == 0
            and calm.too_many_requests == 0
            and flooded.completed == calm.completed == flood.HONEST
        )
        lines.append(
            f"| {flooded.config.name} | {flooded.first_reply(0.5):.2f} / "
            f"{flooded.first_reply(0.99):.2f} ({calm.first_reply(0.5):.2f} / "
            f"{calm.first_reply(0.99):.2f}) | {flooded.survey(0.5):.1f} ({calm.survey(0.5):.1f}) "
            f"| {ratio:.2f}× | {flooded.flooder_replies:,} | {flooded.dropped:,} "
            f"| {flooded.too_many_requests} | {flooded.completed} of {flood.HONEST} |"
        )
    lines += [
        "",
        "Targets, in every configuration: the honest citizens' first reply p99 ≤ 1 s, their "
        "survey ≤ 1.2× its time without the flood, zero 429 answers, every honest survey "
        f"stored: {_mark(ok)}.",
        "",
    ]
    return lines


FINDINGS = "## Findings, causes and fixes"


def measure_one(section: str) -> list[str]:
    """One section measured anew at full size, on its own."""
    postgres = os.environ.get("KINERJA_TEST_POSTGRES_URL")
    if not postgres:  # the section's PostgreSQL rows would silently go
        raise SystemExit("set KINERJA_TEST_POSTGRES_URL to measure a section anew")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        if section == "survey":
            runs = asyncio.run(throughput.run(FULL.citizens, folder, postgres, smoke=False))
            return survey_section(FULL.citizens, runs)
        if section == "flood":
            return flood_section(asyncio.run(flood.run(folder, postgres)))
        found = asyncio.run(scaling.run(folder, postgres))
        if isinstance(found, str):  # keep the section measured before
            raise SystemExit(found)
        return scaling.section(found)


def one_section(out: Path, section: str) -> str:
    """One section measured anew, into the document as it stands (the others kept), with the
    hand-written findings read again: for a session that changes only what it covers."""
    lines = measure_one(section)
    heading = lines[0]
    document = out.read_text(encoding="utf-8")
    head, tail = document[: document.index(FINDINGS)], ""
    if heading in head:
        start = head.index(heading)
        following = head.find("\n## ", start + len(heading))
        head, tail = head[:start], "" if following < 0 else head[following + 1 :]
    stamp = (
        f"Section {heading.split()[1].rstrip('.')} measured "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC on its own (`python -m bench --only "
        f"{section}`); the other sections are from the run above."
    )
    body = "\n".join([*lines[:-1], "", stamp, "", ""])  # each section ends with ""
    return head + body + tail + NOTES.read_text(encoding="utf-8")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--smoke", action="store_true", help="small sizes, for CI")
    parser.add_argument("--sizes", choices=sorted(SIZES), default="full")
    parser.add_argument("--out", type=Path, default=DOC)
    parser.add_argument(
        "--only", choices=["survey", "flood", "processes"], help="measure one section anew"
    )
    args = parser.parse_args()
    if args.only:
        document = one_section(args.out, args.only)
    else:
        document = asyncio.run(main(SMOKE if args.smoke else SIZES[args.sizes]))
    args.out.write_text(document, encoding="utf-8")
    print(document)
