"""Benchmark: each publishing system's referat, read without --body/--date, against its ground truth.

For the three real PDFs (tests/fixtures/referater/) and the re-drawn FirstAgenda and KL
pages, prints a Markdown table: items found/expected, decisions exact, body and date
right, and the time to ingest (read, parse, decision facts; median of a few runs).

    .venv/bin/python benchmarks/ingest_layouts.py [--runs 5]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.knowledge.sources import ingest_bytes  # noqa: E402
from tests.ingest import expected_real_referater as real  # noqa: E402
from tests.ingest import system_fixtures as redrawn  # noqa: E402
from tests.ingest.test_publishing_systems import FIRSTAGENDA_ITEMS  # noqa: E402

Case = tuple[str, str, Callable[[], bytes], str, str, list[tuple[str, str, int, int | None, str]]]


def _cases() -> list[Case]:
    cases: list[Case] = [
        (e.file, e.system, e.path.read_bytes, e.body, e.date, e.items) for e in real.ALL
    ]
    cases.append(("firstagenda_pdf() (re-drawn Aarhus Byråd)", "FirstAgenda", redrawn.firstagenda_pdf,
                  "Aarhus Byråd", "2025-09-24", FIRSTAGENDA_ITEMS))
    return cases


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print("| file | system | items found/expected | decisions exact | body/date | pages | time to ingest |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for name, system, load, body, date, items in _cases():
        data = load()
        meeting = ingest_bytes(data, "referat.pdf")  # warm-up: imports, caches
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            ingest_bytes(data, "referat.pdf")
            times.append(time.perf_counter() - start)
        got = {i.number: i for i in meeting.items}
        found = sum(1 for number, title, *_ in items if number in got and got[number].title == title)
        exact = sum(1 for number, _, _, _, decision in items if number in got and got[number].decision == decision)
        right = "yes" if (meeting.body, meeting.date) == (body, date) else f"NO ({meeting.body}, {meeting.date})"
        extra = len(meeting.items) - found
        print(
            f"| {name} | {system} | {found}/{len(items)}{f' (+{extra})' if extra else ''} | {exact}/{len(items)} "
            f"| {right} | {meeting.pages} | {statistics.median(times):.2f} s |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
