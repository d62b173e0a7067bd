"""`kkrbot ask QUESTION`: answer a question from the knowledge base (or many, from stdin)."""
from __future__ import annotations

import argparse
import json
import sys
from typing import TextIO

from bot.answer_text import answer_dict, format_answer
from bot.cli.common import add_knowledge_arg, warn_skipped
from bot.dates import parse_date
from bot.knowledge.store import KnowledgeError
from bot.search import MAX_QUESTION_CHARS, Answer, Searcher
from bot.search.scope import canonical_body

EMPTY = 'Skriv et spørgsmål, fx: kkrbot ask "Hvad blev besluttet om DK2020?"'


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `ask` subcommand."""
    p = sub.add_parser("ask", help="stil et spørgsmål til referaterne")
    p.add_argument("question", nargs="*", metavar="SPØRGSMÅL",
                   help="spørgsmålet; '-' læser ét spørgsmål pr. linje fra standard input")
    add_knowledge_arg(p)
    p.add_argument("--limit", type=int, default=5, metavar="N", help="højst så mange svar (standard 5)")
    p.add_argument("--meeting", metavar="DATO",
                   help="kun punkter fra mødet denne dag, fx 2022-11-25, 25-11-2022 eller '25. november 2022'")
    p.add_argument("--body", metavar="NAVN", help="kun punkter fra dette organ, fx 'KKR Hovedstaden'")
    p.add_argument("--json", action="store_true", help="ét JSON-objekt pr. spørgsmål (én linje hver)")
    p.add_argument("--no-cache", action="store_true", help="byg indekset forfra uden at bruge cachen")
    p.set_defaults(func=run)


def problem(question: str) -> str | None:
    """Why a question can't be asked as it is (Danish), or None."""
    if not question.strip():
        return EMPTY
    if len(question) > MAX_QUESTION_CHARS:
        return f"Spørgsmålet er for langt ({len(question)} tegn; højst {MAX_QUESTION_CHARS}). Skriv det kortere."
    return None


def _filters(args: argparse.Namespace, searcher: Searcher) -> str | None:
    """A Danish message when --meeting/--body/--limit can't match anything, else None."""
    if args.limit < 1:
        return "--limit skal være mindst 1"
    if args.meeting:  # the dates Discord takes: 2022-11-25, 25-11-2022, 25. november 2022
        date = parse_date(args.meeting)
        if date is None:
            return f"--meeting skal være en dato, fx 2022-11-25 eller 25-11-2022, fik {args.meeting!r}"
        args.meeting = date
    if (args.meeting or args.body) and searcher.kb.find_meeting(args.meeting, args.body) is None:
        known = ", ".join(f"{m.body} {m.date}" for m in searcher.kb.meetings[:10]) or "ingen"
        wanted = " ".join(x for x in (args.body, args.meeting) if x)
        return f"Vidensbasen har intet møde for {wanted}. Kendte møder: {known}"
    return None


def _answer(searcher: Searcher, question: str, args: argparse.Namespace, out: TextIO) -> bool:
    """Answer one question on out; False when the question itself was unusable."""
    message = problem(question)
    if message:
        if args.json:
            shown = question if len(question) <= 200 else question[:200] + "…"
            out.write(json.dumps({"question": shown, "answers": [], "suggestions": [], "error": message},
                                 ensure_ascii=False) + "\n")
        else:
            out.write(message + "\n")
        return False
    answer: Answer = searcher.ask(question, limit=args.limit, meeting=args.meeting, body=args.body)
    if args.json:
        out.write(json.dumps(answer_dict(answer), ensure_ascii=False) + "\n")
    else:
        out.write(format_answer(answer) + "\n")
    return True


def run(args: argparse.Namespace) -> int:
    """Answer the question (or every line of stdin for '-'); exit 2 on unusable input."""
    from_stdin = args.question == ["-"]
    question = " ".join(args.question)
    if not from_stdin and problem(question):
        print(problem(question), file=sys.stderr)
        return 2
    try:
        searcher = Searcher.from_knowledge(args.knowledge, use_cache=not args.no_cache)
    except KnowledgeError as exc:
        print(f"fejl: {exc}", file=sys.stderr)
        return 1
    warn_skipped(searcher.errors)
    if not searcher.kb.meetings:
        print(f"Vidensbasen i {args.knowledge} er tom: indlæs et referat med 'kkrbot ingest FIL' først.",
              file=sys.stderr)
        return 1
    if args.body:  # 'kkr sjaelland' means KKR Sjælland
        args.body = canonical_body(args.body, [m.body for m in searcher.kb.meetings]) or args.body
    message = _filters(args, searcher)
    if message:
        print(message, file=sys.stderr)
        return 2
    if not from_stdin:
        return 0 if _answer(searcher, question, args, sys.stdout) else 2
    first = True
    for line in sys.stdin:
        if not args.json:
            sys.stdout.write(("" if first else "\n" + "─" * 40 + "\n") + f"Spørgsmål: {line.strip()[:200]}\n\n")
        first = False
        _answer(searcher, line.rstrip("\r\n"), args, sys.stdout)
        sys.stdout.flush()
    return 0
