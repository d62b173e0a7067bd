"""`kkrbot check`: validate every knowledge file, naming file and field."""
from __future__ import annotations

import argparse
import sys

from bot.cli.common import add_knowledge_arg
from bot.knowledge.store import KnowledgeBase, KnowledgeError, load_knowledge
from bot.search.dense import vector_status

SHOWN_VECTOR_PROBLEMS = 10  # files listed by name; the rest counted


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `check` subcommand."""
    p = sub.add_parser("check", help="kontrollér vidensbasens filer")
    add_knowledge_arg(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print one line per problem; a summary when all is well."""
    try:
        kb, errors = load_knowledge(args.knowledge, strict=False)
    except KnowledgeError as exc:
        print(f"fejl: {exc}", file=sys.stderr)
        return 1
    for line in errors:
        print(f"fejl: {line}", file=sys.stderr)
    _vector_lines(kb)
    items = sum(len(m.items) for m in kb.meetings)
    decisions = sum(1 for _, item in kb.items() if item.decision)
    print(f"{count(len(kb.meetings), 'møde', 'møder')}, {count(items, 'punkt', 'punkter')}, "
          f"{count(decisions, 'beslutning', 'beslutninger')} i {args.knowledge}"
          + (f"; {count(len(errors), 'fil', 'filer')} med fejl" if errors else ": alt i orden"))
    return 1 if errors else 0


def count(n: int, one: str, many: str) -> str:
    """'1 møde', '2 møder'."""
    return f"{n} {one if n == 1 else many}"


def _vector_lines(kb: KnowledgeBase) -> None:
    """Warnings on standard output (not errors: search falls back to keywords) about semantic
    search and the vectors."""
    reason, problems = vector_status(kb)
    if reason:
        print(f"advarsel: semantisk søgning kan ikke bruges her ({reason}); der søges kun med ord")
    for line in problems[:SHOWN_VECTOR_PROBLEMS]:
        print(f"advarsel: {line}")
    if len(problems) > SHOWN_VECTOR_PROBLEMS:
        print(f"advarsel: og {len(problems) - SHOWN_VECTOR_PROBLEMS} andre vektorproblemer; de berørte møder "
              "søges kun med ord (kkrbot vectors laver de manglende)")
