"""`kkrbot ingest PATH...`: referat PDFs or extracted text -> knowledge files."""
from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from bot.ingest.pipeline import IngestError, ingest_file
from bot.knowledge.store import KnowledgeError, write_meeting

log = logging.getLogger(__name__)


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `ingest` subcommand."""
    from bot.cli import add_knowledge_arg

    p = sub.add_parser("ingest", help="indlæs referater (PDF eller udtrukket tekst) i vidensbasen")
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="referat-filer (.pdf eller .txt)")
    add_knowledge_arg(p)
    p.add_argument("--body", help="mødets organ, fx 'KKR Hovedstaden' (ellers fundet i dokumentet)")
    p.add_argument("--date", help="mødedato ÅÅÅÅ-MM-DD (ellers fundet i dokumentet)")
    p.add_argument("--url", help="dokumentets offentlige adresse; svar linker til URL#page=N")
    p.add_argument("--force", action="store_true", help="overskriv en håndrettet fil (den gamle gemmes som .bak)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Ingest every path; bad files are reported and skipped, the rest still written."""
    failed = 0
    for path in args.paths:
        try:
            meeting = ingest_file(path, body=args.body, date=args.date, url=args.url)
            target, backup = write_meeting(args.knowledge, meeting, force=args.force)
        except (IngestError, KnowledgeError) as exc:
            failed += 1
            message = str(exc)
            if not message.startswith(str(path)):
                message = f"{path}: {message}"
            print(f"fejl: {message}", file=sys.stderr)
            if args.debug:
                log.exception("ingest failed for %s", path)
            continue
        decisions = sum(1 for item in meeting.items if item.decision)
        print(
            f"{meeting.body}\t{meeting.date}\t{len(meeting.items)} punkter\t"
            f"{decisions} beslutninger\t{target}"
        )
        if backup:
            print(f"  bemærk: håndrettet udgave gemt som {backup}", file=sys.stderr)
    return 1 if failed else 0
