"""`kkrbot hent` of the real Greve meetings from the stand-in site on 127.0.0.1 (pause 0).

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/fetch.py [--data ../shared/data/greve] [--pause 0] [--cli]

Serves every FirstAgenda JSON file of --data through the site's API (tests/fetch/firstagenda_site.py)
and prints, for a fresh knowledge base and database: the first run (list + every meeting fetched,
ingested and written, the blocking steps in a worker thread as the bot runs them), a second run
(nothing new: the list only), a `--alle` run (every meeting checked: 304 to its ETag, nothing
rewritten), and a first run with the blocking steps inline, as `kkrbot hent` runs them. With --cli,
also the first run through the real `kkrbot hent` command in a subprocess (interpreter start
included). The site itself
(dagsordener.greve.dk) cannot be reached from the development machines; a real run adds the
network and the pause between requests (1 s by default: 373 meetings take at least 6 minutes).
"""
from __future__ import annotations

import argparse
import asyncio
import datetime
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.fetch.client import Politeness  # noqa: E402
from bot.fetch.site import Report, Request, fetch_site, inline  # noqa: E402
from bot.knowledge.store import knowledge_files  # noqa: E402
from bot.state.db import Database  # noqa: E402
from tests.fetch.firstagenda_site import FirstAgendaSite, SiteThread  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "greve"


def _line(label: str, report: Report) -> str:
    per = report.seconds / len(report.outcomes) * 1000 if report.outcomes else 0.0
    items = sum(o.items for o in report.outcomes)
    return (f"{label:<32} {report.seconds:7.2f} s  {len(report.outcomes):4d} meetings  {report.requests:4d} requests  "
            f"{per:6.1f} ms/meeting  {items:5d} items  written {len(report.written)}")


async def library_runs(files: list[Path], pause: float) -> None:
    site = FirstAgendaSite.from_files(files)
    await site.start()
    with tempfile.TemporaryDirectory() as tmp:
        knowledge = Path(tmp) / "knowledge"
        db = Database.open(Path(tmp) / "kkrbot.sqlite3")
        request = Request(site.url, knowledge, kommune="Greve Kommune",
                          politeness=Politeness(pause=pause, timeout=30, retries=3, contact="benchmark@example.org"))
        today = datetime.date(2026, 12, 2)
        first = await fetch_site(request, db, today=today)
        print(_line("first run (as the bot: thread)", first))
        print(f"{'':32} {len(knowledge_files(knowledge))} knowledge files; "
              f"{sum(f.stat().st_size for f in knowledge_files(knowledge)) / 1e6:.1f} MB of YAML from "
              f"{sum(len(b) for b in site.documents.values()) / 1e6:.1f} MB of JSON")
        print(_line("second run (nothing new)", await fetch_site(request, db, today=today)))
        everything = Request(site.url, knowledge, kommune="Greve Kommune", everything=True,
                             politeness=request.politeness)
        print(_line("--alle (304 to each ETag)", await fetch_site(everything, db, today=today)))
        db.close()
    with tempfile.TemporaryDirectory() as tmp:  # as `kkrbot hent` runs it: the blocking steps inline
        db = Database.open(Path(tmp) / "kkrbot.sqlite3")
        request = Request(site.url, Path(tmp) / "knowledge", kommune="Greve Kommune", politeness=request.politeness)
        print(_line("first run (as the CLI: inline)", await fetch_site(request, db, today=today, offload=inline)))
        db.close()
    await site.stop()


def cli_run(files: list[Path], pause: float) -> None:
    with SiteThread(FirstAgendaSite.from_files(files)) as site, tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "config.yaml"
        config.write_text(f"knowledge: knowledge\ndatabase: kkrbot.sqlite3\ncontact: benchmark@example.org\n"
                          f"kommune: Greve Kommune\nfetch: {{pause_seconds: {pause}}}\n", encoding="utf-8")
        started = time.perf_counter()
        # Without vectors: this times the fetch; embedding 373 meetings is the `kkrbot vectors` backfill's figure.
        done = subprocess.run([sys.executable, "-m", "bot", "hent", site.url, "--config", str(config), "--no-vectors"],
                              capture_output=True, text=True, cwd=ROOT, check=False)
        seconds = time.perf_counter() - started
        summary = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "?"
        print(f"{'kkrbot hent (subprocess)':<32} {seconds:7.2f} s  exit {done.returncode}: {summary}")


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="a folder of FirstAgenda JSON files")
    parser.add_argument("--pause", type=float, default=0.0, help="seconds between requests (kkrbot's default is 1)")
    parser.add_argument("--cli", action="store_true", help="also time `kkrbot hent` in a subprocess")
    args = parser.parse_args()
    files = sorted(args.data.glob("*.json"))
    if not files:
        sys.exit(f"no .json files in {args.data} (the Greve data is in ../shared/data/greve)")
    print(f"{len(files)} meetings from {args.data}, pause {args.pause:g} s, stand-in site on 127.0.0.1")
    asyncio.run(library_runs(files, args.pause))
    if args.cli:
        cli_run(files, args.pause)
    print(f"peak RSS of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
