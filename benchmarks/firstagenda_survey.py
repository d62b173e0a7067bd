"""Survey: what the Greve corpus (FirstAgenda Publication JSON) holds, as ingest reads it.

Counts the forms the rules in bot/ingest/firstagenda.py and bot/ingest/attendance.py were
written from, and what came out: items, where each decision stands (under `Beslutning`, after
the repeated title, a closed item's text), why an item has no decision, the attendance and
vote lines, and the outcomes. Figures for docs/ingest.md.

    .venv/bin/python benchmarks/firstagenda_survey.py [DIR]
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.facts import enrich_meeting  # noqa: E402
from bot.ingest.firstagenda import read_publication  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "data" / "greve"


def _form(raw: dict) -> str:
    html = raw["Felter"][0]["Html"] if raw.get("Felter") else ""
    if raw["Navn"].startswith("Lukket"):
        return "closed item (its whole text is the decision)"
    if "<h3>Beslutning</h3>" in (html or ""):
        return "under the Beslutning heading"
    if re.search(r"sagsfremstillingContainer'>\s*[^<\s]", html or ""):
        return "after the repeated title (no Beslutning heading)"
    return "no Beslutning heading and no text before the case text"


def _why_none(raw: dict, html: str) -> str:
    text = " ".join(re.sub(r"<[^>]+>", " ", html or "").split())
    if "ikke frigivet" in text and raw["Navn"].startswith("Lukket"):
        return "closed, decision not released (Beslutning ikke frigivet)"
    if raw["Navn"] == "Underskriftsark":
        return "signature sheet (Underskriftsark)"
    if not text:
        return "empty item (no text at all)"
    return "no decision text in the source (case text only, a placeholder or attendance only)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT)
    args = parser.parse_args()
    forms: Counter[str] = Counter()
    none: Counter[str] = Counter()
    positions: Counter[str] = Counter()
    outcomes: Counter[str] = Counter()
    figures: Counter[str] = Counter()
    for path in sorted(args.folder.glob("*.json")):
        data = path.read_bytes()
        doc = json.loads(data)
        meeting = read_publication(data, "Greve Kommune", "https://dagsordener.greve.dk")
        enrich_meeting(meeting)
        figures["meetings"] += 1
        figures["meetings with absence (Moededeltagere)"] += bool(meeting.absent)
        for item, raw in zip(meeting.items, doc["Dagsordenpunkter"], strict=True):
            html = raw["Felter"][0]["Html"] if raw.get("Felter") else ""
            figures["items"] += 1
            figures["closed items"] += item.closed
            figures["items with a case number"] += bool(item.case_number)
            figures["items linked to their page"] += bool(item.url)
            figures["items with earlier decisions (history)"] += bool(item.history)
            forms[_form(raw)] += 1
            if item.decision:
                figures["decisions found"] += 1
            else:
                none[_why_none(raw, html)] += 1
            figures["items with votes"] += bool(item.votes)
            figures["votes"] += len(item.votes)
            positions.update(v.position for v in item.votes)
            figures["items with absence"] += bool(item.absent)
            figures["absences (names)"] += len(item.absent)
            figures["items with absence in ExternalAgendaItemAttendees"] += bool(raw.get("ExternalAgendaItemAttendees"))
            figures["items with dissent"] += bool(item.dissent)
            outcomes[f"{item.outcome} / {item.stage}"] += 1
    for title, counter in (("figures", figures), ("where the decision stands", forms),
                           ("items without a decision", none), ("vote positions", positions),
                           ("outcome / stage", outcomes)):
        print(f"\n{title}:")
        for key, n in (counter.items() if title == "figures" else counter.most_common()):
            print(f"  {n:6d}  {key}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
