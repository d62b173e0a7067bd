"""`kkrbot udpegninger [QUERY]`: who was appointed to what, by person, body, municipality or party."""
from __future__ import annotations

import argparse
import json

from bot.answer_text import source_line
from bot.cli.common import add_knowledge_arg, load_kb
from bot.search.appointments import AppointmentHit, find_appointments, hit_fields


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `udpegninger` subcommand."""
    p = sub.add_parser(
        "udpegninger",
        help="vis udpegninger: alle, eller dem for en person, et organ, en kommune eller et parti",
    )
    p.add_argument("query", nargs="*", metavar="SØGNING",
                   help="navn, organ, kommune eller parti, fx 'Kasper Damsgaard', 'opgaveudvalg', 'Hvidovre', 'C'")
    p.add_argument("--json", action="store_true", help="skriv resultatet som en JSON-liste")
    add_knowledge_arg(p)
    p.set_defaults(func=run)


def format_hit(hit: AppointmentHit) -> str:
    """One appointment as a block of Danish plain-text lines."""
    fields = [(label, source_line(hit.meeting, hit.page) if label == "Kilde" else value)
              for label, value in hit_fields(hit)]
    head = fields[0][1]
    return "\n".join([head] + [f"  {label}: {value}" for label, value in fields[1:]])


def run(args: argparse.Namespace) -> int:
    """Print the matching appointments, newest meeting first."""
    query = " ".join(args.query).strip()
    kb = load_kb(args.knowledge)
    if kb is None:
        return 1
    hits = find_appointments(kb, query or None)
    if args.json:
        print(json.dumps([h.to_dict() for h in hits], ensure_ascii=False, indent=2))
        return 0
    if not hits:
        if not kb.meetings:
            print(f"Vidensbasen i {args.knowledge} er tom: der er ingen referater indlæst endnu "
                  "(indlæs et med 'kkrbot ingest FIL').")
        elif query:
            print(f"Ingen udpegninger fundet for »{query}«.")
        else:
            print(f"Ingen udpegninger i vidensbasen ({args.knowledge}).")
        return 0
    what = f" for »{query}«" if query else ""
    print(f"{len(hits)} udpegning{'er' if len(hits) != 1 else ''}{what}:\n")
    print("\n\n".join(format_hit(h) for h in hits))
    return 0
