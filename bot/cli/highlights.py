"""`kkrbot highlights [DATE]`: a meeting's main points for a newsletter, as Markdown, text or JSON."""
from __future__ import annotations

import argparse
import sys

from bot.cli.common import add_knowledge_arg, load_kb
from bot.dates import parse_date
from bot.highlights import (
    build_highlights,
    meeting_not_found,
    render_json,
    render_markdown,
    render_text,
    select_meeting,
)
from bot.search.scope import NEWEST_WORDS, canonical_body

RENDERERS = {"md": render_markdown, "text": render_text, "json": render_json}


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `highlights` subcommand."""
    p = sub.add_parser("highlights", help="hovedpunkter fra et møde til nyhedsmail (Markdown, tekst eller JSON)")
    p.add_argument("date", nargs="?", metavar="DATO",
                   help="mødedato, fx 2022-11-25 eller '25. november 2022' (standard og 'seneste': det nyeste møde)")
    p.add_argument("--body", metavar="NAVN", help="mødets organ, fx 'KKR Hovedstaden'")
    p.add_argument(
        "--format", choices=sorted(RENDERERS), default="md",
        help="md: Markdown til mail og web (standard); text: ren tekst til Word; json: data",
    )
    add_knowledge_arg(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the highlights of the chosen meeting; a Danish message when there is none."""
    date = None
    if args.date and args.date.strip().casefold() not in NEWEST_WORDS:  # "seneste": the newest
        date = parse_date(args.date)
        if not date:
            print(f"fejl: ugyldig dato {args.date!r}; brug ÅÅÅÅ-MM-DD, fx 2022-11-25", file=sys.stderr)
            return 2
    kb = load_kb(args.knowledge)
    if kb is None:
        return 1
    body = args.body and (canonical_body(args.body, [m.body for m in kb.meetings]) or args.body)
    meeting = select_meeting(kb, date, body)
    if meeting is None:
        print(f"fejl: {meeting_not_found(kb, date, body)}", file=sys.stderr)
        return 1
    sys.stdout.write(RENDERERS[args.format](build_highlights(meeting)))
    return 0
