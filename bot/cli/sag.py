"""`kkrbot sag SØG`: a case's path across meetings (by case number, else by topic), as text or JSON."""
from __future__ import annotations

import argparse
import json
import sys

from bot.cases import CaseIndex, find_timeline, render_timeline_text, timeline_to_dict
from bot.cli.common import add_knowledge_arg, load_searcher


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `sag` subcommand."""
    p = sub.add_parser("sag", help="en sags forløb: hvert møde, hvor den var på dagsordenen, ældste først")
    p.add_argument("query", nargs="+", metavar="SØG", help="sagsnummer (fx 24-001234) eller emne (ord fra titlen)")
    add_knowledge_arg(p)
    p.add_argument("--json", action="store_true", help="forløbet som JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the case's path; exit 1 when no case matches (or the knowledge base can't be read)."""
    query = " ".join(args.query).strip()
    if not query:
        print('Skriv et sagsnummer eller et emne, fx: kkrbot sag "DK2020-klimapartnerskabet"', file=sys.stderr)
        return 2
    searcher = load_searcher(args.knowledge)
    if searcher is None:
        return 1
    index = CaseIndex(searcher.kb)
    timeline = find_timeline(index, searcher, query)
    if timeline is None:
        why = index.why_not_a_case(query)
        print(f"»{query[:200]}« {why}." if why else
              f"Jeg fandt ingen sag, der passer på »{query[:200]}«. Skriv et sagsnummer eller ord fra sagens titel.",
              file=sys.stderr)
        return 1
    if args.json:
        sys.stdout.write(json.dumps(timeline_to_dict(timeline), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(render_timeline_text(timeline))
    return 0
