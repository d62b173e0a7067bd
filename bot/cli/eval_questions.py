"""`kkrbot eval QUESTIONS.yaml`: score search on a question file; print misses and totals."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

from bot.cli.common import add_knowledge_arg
from bot.cli.danish import os_reason
from bot.knowledge.store import KnowledgeError, Loader
from bot.search import Searcher
from bot.search.evaluate import (
    QuestionFileError,
    calibration,
    parse_cases,
    run_cases,
    score_margins,
    summarize,
)
from bot.search.rank import ANSWER_THRESHOLD


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `eval` subcommand."""
    p = sub.add_parser("eval", help="mål søgningen på en fil med spørgsmål og svar")
    p.add_argument(
        "questions",
        type=Path,
        metavar="SPØRGSMÅL.yaml",
        help="spørgsmål i formatet fra tests/search/questions-dev.yaml",
    )
    add_knowledge_arg(p)
    p.add_argument("--calibrate", action="store_true", help="vis resultatet ved forskellige tærskler for 'ikke fundet'")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print each miss, then top-1 / MRR@5 / correct 'not found'; 1 when the search failed
    on a question (the others are still scored)."""
    try:
        data = yaml.load(args.questions.read_text(encoding="utf-8"), Loader=Loader)
        cases = parse_cases(data)
    except OSError as exc:
        return _bad(args.questions, os_reason(exc))
    except UnicodeDecodeError:
        return _bad(args.questions, "filen er ikke UTF-8-tekst")
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return _bad(args.questions, "ugyldig YAML" + (f" (linje {mark.line + 1})" if mark else ""))
    except (QuestionFileError, ValueError) as exc:
        return _bad(args.questions, str(exc) if isinstance(exc, QuestionFileError) else "ugyldig YAML")
    try:
        searcher = Searcher.from_knowledge(args.knowledge)
    except KnowledgeError as exc:
        print(f"fejl: {exc}", file=sys.stderr)
        return 1

    def rank(question: str) -> list[tuple[str, str | None, float]]:
        answer = searcher.ask(question, limit=5, threshold=0.0)
        return [(h.meeting.date, h.item.number, h.score) for h in answer.hits]

    results = run_cases(cases, rank)
    summary = summarize(results, ANSWER_THRESHOLD)
    for miss in summary.misses:
        print(miss)
    if args.calibrate:
        right, unanswerable = score_margins(results)
        print("\ntærskel  top-1  MRR@5  'ikke fundet'")
        for s in calibration(results, [t / 100 for t in range(20, 85, 5)]):
            print(f"  {s.threshold:.2f}   {s.top1:3d}/{s.answerable}  {s.mrr5:.3f}  {s.not_found:3d}/{s.unanswerable}")
        if right:
            after = ", ".join(f"{x:.3f}" for x in right[1:4])
            print(
                f"laveste score for et rigtigt svar: {right[0]:.3f} (næste: {after})"
            )
        if unanswerable:
            before = ", ".join(f"{x:.3f}" for x in unanswerable[-4:-1])
            print(
                f"højeste score uden svar: {unanswerable[-1]:.3f} (før: {before})"
            )
    print(summary.line())
    return 1 if summary.errors else 0


def _bad(path: Path, reason: str) -> int:
    print(f"fejl: {path}: {reason}", file=sys.stderr)
    return 2
