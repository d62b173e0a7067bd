"""Benchmark: ingest the Greve corpus (373 FirstAgenda Publication JSON meetings, 5,553 items).

Prints, for the whole directory: the HTML step alone (selectolax, as ingest uses it, against
the stdlib html.parser doing nothing but tokenising, a floor for it), parsing into Meetings,
the decision facts, writing the YAML, the whole `kkrbot ingest` command in a fresh process
(cold and again with every file unchanged), `kkrbot check`, and the knowledge base's size.
The goal: the whole command within 60 s on the 2-core development machine.

    .venv/bin/python benchmarks/firstagenda.py [DIR] [--knowledge OUT]
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.facts import enrich_meeting  # noqa: E402
from bot.ingest.firstagenda import read_publication  # noqa: E402
from bot.ingest.html_text import html_blocks  # noqa: E402
from bot.knowledge.store import dump_meeting  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "data" / "greve"
GOAL_SECONDS = 60.0
SITE = "https://dagsordener.greve.dk"


class _Tokens(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _timed(label: str, fn) -> float:
    start = time.perf_counter()
    fn()
    seconds = time.perf_counter() - start
    print(f"{label:52s} {seconds:6.2f} s")
    return seconds


def _cli(args: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "bot", *args], cwd=ROOT, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode:
        print(done.stderr, file=sys.stderr)
    print(f"  {done.stderr.strip().splitlines()[-1] if done.stderr.strip() else done.stdout.strip()[-120:]}")
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--knowledge", type=Path, default=None, help="where the CLI writes (default: a temp dir)")
    args = parser.parse_args()
    files = sorted(args.folder.glob("*.json"))
    if not files:
        print(f"no .json files in {args.folder}", file=sys.stderr)
        return 1
    raw = [f.read_bytes() for f in files]
    size = sum(len(b) for b in raw) / 1e6
    fields = [str(fld.get("Html") or "") for data in raw for it in json.loads(data)["Dagsordenpunkter"]
              for fld in it.get("Felter") or []]
    print(f"{len(files)} files, {size:.1f} MB of JSON, {len(fields)} HTML fields "
          f"({sum(len(h) for h in fields) / 1e6:.1f} M characters)")

    def tokens() -> None:
        for html in fields:
            p = _Tokens()
            p.feed(html)
            p.close()

    _timed("HTML: stdlib html.parser, tokenising only", tokens)
    _timed("HTML: selectolax (Lexbor), parsing only", lambda: [LexborHTMLParser(h) for h in fields if h])
    _timed("HTML: selectolax -> text blocks (what ingest does)", lambda: [html_blocks(h) for h in fields])
    meetings = []
    _timed("parse: JSON -> Meetings (read_publication)",
           lambda: meetings.extend(read_publication(b, "Greve Kommune", SITE) for b in raw))
    _timed("facts: outcome, dissent, appointments (enrich_meeting)", lambda: [enrich_meeting(m) for m in meetings])
    texts: list[str] = []
    _timed("YAML: dump_meeting", lambda: texts.extend(dump_meeting(m) for m in meetings))
    print(f"items {sum(len(m.items) for m in meetings)}, YAML {sum(len(t.encode()) for t in texts) / 1e6:.1f} MB")

    with tempfile.TemporaryDirectory() as tmp:
        knowledge = args.knowledge or Path(tmp) / "kb"
        command = ["ingest", str(args.folder), "--kommune", "Greve Kommune", "--url", SITE,
                   "--knowledge", str(knowledge)]
        cold = _cli(command)
        print(f"{'CLI: kkrbot ingest DIR (fresh process, empty base)':52s} {cold:6.2f} s")
        warm = _cli(command)
        print(f"{'CLI: kkrbot ingest DIR again (every file unchanged)':52s} {warm:6.2f} s")
        check = _cli(["check", "--knowledge", str(knowledge)])
        print(f"{'CLI: kkrbot check':52s} {check:6.2f} s")
        on_disk = sum(p.stat().st_size for p in knowledge.rglob("*.yaml"))
        print(f"knowledge base: {len(list(knowledge.rglob('*.yaml')))} files, {on_disk / 1e6:.1f} MB")
    verdict = "under" if cold < GOAL_SECONDS else "OVER"
    print(f"whole corpus: {cold:.1f} s, {verdict} the {GOAL_SECONDS:.0f} s goal")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
