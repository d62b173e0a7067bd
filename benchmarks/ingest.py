"""Benchmark: ingest the 32-page KKR Hovedstaden referat as a PDF.

Builds the test fixture PDF from the real referat text (needs the `test` extra for
fpdf2), ingests it several times and prints seconds per page and for the whole
document: the PDF reader alone, and the full ingest (read, parse, decision facts).

    .venv/bin/python benchmarks/ingest.py [--runs 5]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.ingest.pdf import read_pdf  # noqa: E402
from bot.knowledge.sources import ingest_bytes  # noqa: E402
from tests.conftest import REFERAT_TXT  # noqa: E402
from tests.ingest.pdf_fixtures import kkr_referat_pdf  # noqa: E402

GOAL_SECONDS = 3.0


def _timed(fn, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    data = kkr_referat_pdf(REFERAT_TXT.read_text(encoding="utf-8"))
    meeting = ingest_bytes(data, "kkr-hovedstaden-2022-11-25-referat.pdf")  # warm-up: imports, caches
    pages = meeting.pages or 1
    print(f"fixture PDF: {pages} pages, {len(data) / 1024:.0f} KiB, {len(meeting.items)} items")
    for label, fn in [
        ("read_pdf", lambda: read_pdf(data)),
        ("ingest (read+parse+facts)", lambda: ingest_bytes(data, "referat.pdf")),
    ]:
        times = _timed(fn, args.runs)
        med = statistics.median(times)
        print(
            f"{label:28s} median {med:.2f} s  best {min(times):.2f} s  "
            f"= {med / pages * 1000:.0f} ms/page  ({args.runs} runs)"
        )
    verdict = "under" if med < GOAL_SECONDS else "OVER"
    print(f"whole referat: {med:.2f} s, {verdict} the {GOAL_SECONDS:.0f} s goal")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
