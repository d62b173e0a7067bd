"""`kkrbot eval FILE…`: score search on question files; per kind and per answer tier, misses, calibration."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import yaml

from bot.cli.common import add_knowledge_arg, load_searcher
from bot.cli.danish import os_reason
from bot.knowledge.store import Loader
from bot.search.evaluate import (
    LEGEND,
    Case,
    CaseResult,
    Found,
    Outcome,
    QuestionFileError,
    Report,
    calibration,
    found_of,
    outcome_of,
    parse_cases,
    report,
    run_outcomes,
    score_margins,
    table,
)

THRESHOLDS = [t / 100 for t in range(20, 85, 5)]


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `eval` subcommand."""
    p = sub.add_parser("eval", help="mål søgningen på filer med spørgsmål og svar",
                       description="Stiller hvert spørgsmål til vidensbasen og viser top-1, MRR@5 og rigtige "
                                   "'ikke fundet' i alt, pr. art (kind) og pr. svarniveau, og de spørgsmål, "
                                   "søgningen fik forkert.")
    p.add_argument(
        "questions", type=Path, nargs="+", metavar="SPØRGSMÅL.yaml",
        help="spørgsmål i formatet fra tests/search/questions-greve.yaml (answer: {body, date, item}) "
             "eller questions-dev.yaml (meeting + item)",
    )
    add_knowledge_arg(p)
    p.add_argument("--calibrate", action="store_true", help="vis resultatet ved forskellige tærskler for 'ikke fundet'")
    p.add_argument("--json", action="store_true", help="tallene som ét JSON-objekt")
    p.add_argument("--summary", action="store_true",
                   help="kun tallene: ingen spørgsmål vises (til spørgsmål, der skal forblive usete)")
    p.set_defaults(func=run)


def read_cases(path: Path) -> list[Case] | str:
    """A question file's cases, or a Danish reason why it can't be used."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=Loader)
        return parse_cases(data)
    except OSError as exc:
        return os_reason(exc)
    except UnicodeDecodeError:
        return "filen er ikke UTF-8-tekst"
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return "ugyldig YAML" + (f" (linje {mark.line + 1})" if mark else "")
    except QuestionFileError as exc:
        return str(exc)
    except ValueError:  # a value YAML can't build (a date that doesn't exist)
        return "ugyldig YAML"


def run(args: argparse.Namespace) -> int:
    """Print each file's misses and table, the total over all files, and the calibration when asked;
    1 when the search failed on a question (the others are still scored)."""
    files: list[tuple[Path, list[Case]]] = []
    for path in args.questions:
        cases = read_cases(path)
        if isinstance(cases, str):
            print(f"fejl: {path}: {cases}", file=sys.stderr)
            return 2
        files.append((path, cases))
    searcher = load_searcher(args.knowledge)
    if searcher is None:
        return 1

    def ask(question: str) -> Outcome:
        return outcome_of(searcher.ask(question, limit=5))

    def rank(question: str) -> list[Found]:
        return [found_of(h) for h in searcher.ask(question, limit=5, threshold=0.0).hits]

    runs = [(path, run_outcomes(cases, ask, rank if args.calibrate else None)) for path, cases in files]
    everything = [r for _, results in runs for r in results]
    if args.json:
        print(json.dumps(_json(runs, everything, args), ensure_ascii=False, indent=1))
        return 1 if any(r.error for r in everything) else 0
    for path, results in runs:
        _print_report(f"{path} ({len(results)} spørgsmål)", report(results), args.summary)
    total = report(everything)
    if len(runs) > 1:
        _print_report(f"alle {len(runs)} filer ({len(everything)} spørgsmål)", total, True)
    print(f"\n{LEGEND}")
    if args.calibrate:
        _print_calibration(everything)
    print(_last_line(total))
    return 1 if total.overall.errors else 0


def _print_report(title: str, rep: Report, summary_only: bool) -> None:
    print(f"\n== {title} ==")
    if not summary_only:
        for miss in rep.misses:
            print(miss)
        if rep.misses:
            print()
    print("\n".join(table(rep)))
    if len(rep.bodies) > 1:
        print()
        print("\n".join(table(rep, by_body=True)))


def _print_calibration(results: list[CaseResult]) -> None:
    """Today's single threshold tried at other values (from the rankings without it)."""
    right, unanswerable = score_margins(results)
    print("\ntærskel  top-1  MRR@5  'ikke fundet'")
    for s in calibration(results, THRESHOLDS):
        print(f"  {s.threshold:.2f}   {s.top1:3d}/{s.answerable}  {s.mrr5:.3f}  {s.not_found:3d}/{s.unanswerable}")
    if right:
        print(f"laveste score for et rigtigt svar: {right[0]:.3f} (næste: {', '.join(f'{x:.3f}' for x in right[1:4])})")
    if unanswerable:
        before = ", ".join(f"{x:.3f}" for x in unanswerable[-4:-1])
        print(f"højeste score uden svar: {unanswerable[-1]:.3f} (før: {before})")


def _last_line(rep: Report) -> str:
    s = rep.overall
    top1 = f"{s.top1}/{s.answerable} ({s.top1 / s.answerable:.0%})" if s.answerable else "–"
    return (f"top-1 {top1}  MRR@5 {s.mrr5:.3f}  korrekt 'ikke fundet' {s.not_found}/{s.unanswerable}  "
            f"({s.questions} spørgsmål)" + (f"  FEJL {s.errors}" if s.errors else ""))


def _json(runs: list[tuple[Path, list[CaseResult]]], everything: list[CaseResult],
          args: argparse.Namespace) -> dict[str, object]:
    data: dict[str, object] = {
        "knowledge": str(args.knowledge),
        "files": [{"file": str(path), **report(results).as_dict()} for path, results in runs],
        "all": report(everything).as_dict(),
    }
    if not args.summary:
        data["misses"] = report(everything).misses
    if args.calibrate:
        data["calibration"] = [{"threshold": s.threshold, "top1": s.top1, "answerable": s.answerable,
                                "mrr5": round(s.mrr5, 4), "not_found": s.not_found, "unanswerable": s.unanswerable}
                               for s in calibration(everything, THRESHOLDS)]
    return data
