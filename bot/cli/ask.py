"""`kkrbot ask QUESTION`: answer a question from the knowledge base (or many, from stdin)."""
from __future__ import annotations

import argparse
import json
import logging
import sys
from typing import TextIO

from bot.answer_text import answer_dict, format_answer
from bot.cli.common import add_knowledge_arg, load_searcher
from bot.dates import parse_date
from bot.search import MAX_QUESTION_CHARS, Answer, Searcher
from bot.search.markup import strip_markup
from bot.search.scope import canonical_body

log = logging.getLogger(__name__)

EMPTY = 'Skriv et spørgsmål, fx: kkrbot ask "Hvad blev besluttet om DK2020?"'
FAILED = "Der gik noget galt med dette spørgsmål (en intern fejl, som er logget); de andre besvares stadig."


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
    if not strip_markup(question):  # nothing but spaces, mentions, emoji or escapes
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


def _shown(question: str) -> str:
    """The question as it may be echoed: no markup or escapes, at most 200 characters."""
    text = strip_markup(question)
    return text if len(text) <= 200 else text[:200] + "…"


def _write_error(question: str, message: str, args: argparse.Namespace, out: TextIO) -> None:
    if args.json:
        out.write(json.dumps({"question": _shown(question), "answers": [], "suggestions": [], "error": message},
                             ensure_ascii=False) + "\n")
    else:
        out.write(message + "\n")


def _answer(searcher: Searcher, question: str, args: argparse.Namespace, out: TextIO) -> bool:
    """Answer one question on out; False when the question itself was unusable."""
    message = problem(question)
    if message:
        _write_error(question, message, args, out)
        return False
    answer: Answer = searcher.ask(question, limit=args.limit, meeting=args.meeting, body=args.body)
    if args.json:
        out.write(json.dumps(answer_dict(answer), ensure_ascii=False) + "\n")
    else:
        out.write(format_answer(answer) + "\n")
    return True


def _answer_lines(searcher: Searcher, lines: TextIO, args: argparse.Namespace, out: TextIO) -> int:
    """Answer every line; one that fails gets an error entry and the others are still
    answered. 1 when any failed, else 0."""
    failed = False
    for n, line in enumerate(lines):
        question = line.rstrip("\r\n")
        if not args.json:
            out.write(("" if n == 0 else "\n" + "─" * 40 + "\n") + f"Spørgsmål: {_shown(question)}\n\n")
        try:
            _answer(searcher, question, args, out)
        except Exception:
            log.exception("question on line %d failed", n + 1)
            _write_error(question, FAILED, args, out)
            failed = True
        out.flush()
    return 1 if failed else 0


def run(args: argparse.Namespace) -> int:
    """Answer the question (or every line of stdin for '-'); exit 2 on unusable input."""
    from_stdin = args.question == ["-"]
    question = " ".join(args.question)
    if not from_stdin and problem(question):
        print(problem(question), file=sys.stderr)
        return 2
    searcher = load_searcher(args.knowledge, use_cache=not args.no_cache)
    if searcher is None:
        return 1
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
    reconfigure = getattr(sys.stdin, "reconfigure", None)
    if reconfigure is not None:  # a line that isn't UTF-8 is still a line to answer
        reconfigure(errors="replace")
    return _answer_lines(searcher, sys.stdin, args, sys.stdout)
