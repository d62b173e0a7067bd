"""What the buttons under an answer cost: the case path, the answer record, /sag and its autocomplete.

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/discord_answers.py [--items 20000] [--queries 300]

On a synthetic knowledge base made from the real meeting (benchmarks/search.py's), where a
third of the items belong to cases that pass through two to four meetings of different
bodies, it prints median and p95 milliseconds of: the search alone; what an answer adds
(does the item have a case path, building the reply with its controls, recording it in
SQLite); /sag (find_timeline); and /sag's autocomplete. Also: building the case index, and
the longest custom_id and the highlights pages of the bundled meeting.
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import search as search_benchmark  # noqa: E402  (benchmarks/search.py)

from bot.cases import CaseIndex, find_timeline, timeline_for  # noqa: E402
from bot.discord.answers import answer_reply, shown_of  # noqa: E402
from bot.discord.highlight_pages import highlight_pages  # noqa: E402
from bot.highlights import build_highlights  # noqa: E402
from bot.knowledge.store import KnowledgeBase, load_knowledge  # noqa: E402
from bot.search import Searcher  # noqa: E402
from bot.state.answers import record_answer  # noqa: E402
from bot.state.db import Database  # noqa: E402


def with_cases(kb: KnowledgeBase, share: float = 1 / 3, seed: int = 3) -> int:
    """Give a share of the items a case number that two to four later meetings of other bodies share."""
    rng = random.Random(seed)
    meetings = kb.meetings
    cases = 0
    for _, item in kb.items():
        item.case_number = None
    for n, meeting in enumerate(meetings):
        for item in meeting.items:
            if item.case_number or rng.random() > share / 3:
                continue
            number = f"{meeting.date[2:4]}-{cases:06d}"
            cases += 1
            item.case_number = number
            for later in rng.sample(meetings[n + 1:n + 40] or [meeting], k=min(3, len(meetings[n + 1:n + 40]))):
                stage = rng.choice(later.items)
                if not stage.case_number:
                    stage.case_number = number
                    stage.title = item.title
    return cases


def timed(func: Callable[[], object], runs: list[float]) -> object:
    started = time.perf_counter()
    result = func()
    runs.append((time.perf_counter() - started) * 1000)
    return result


def report(name: str, runs: list[float]) -> None:
    print(f"{name:<44} median {statistics.median(runs):7.2f} ms   p95 {search_benchmark.percentile(runs, 95):7.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=20_000)
    parser.add_argument("--queries", type=int, default=300)
    args = parser.parse_args()

    real, _ = load_knowledge(ROOT / "knowledge")
    kb = search_benchmark.synthetic_kb(real, args.items)
    cases = with_cases(kb)
    started = time.perf_counter()
    searcher = Searcher(kb)
    print(f"{args.items} items in {len(kb.meetings)} meetings, {cases} cases; index built in "
          f"{time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    index = CaseIndex(kb)
    print(f"case index: {len(index.by_number)} cases in {(time.perf_counter() - started) * 1000:.0f} ms")

    questions = search_benchmark.questions(real, args.queries)
    search, path, build, record, sag, complete = [], [], [], [], [], []
    answered = 0
    with tempfile.TemporaryDirectory() as tmp:
        db = Database.open(Path(tmp) / "kkrbot.sqlite3")
        for question in questions:
            answer = timed(lambda q=question: searcher.ask(q, limit=4), search)
            timed(lambda q=question: find_timeline(index, searcher, q), sag)
            hits = answer.hits  # type: ignore[attr-defined]
            if not hits:
                continue
            answered += 1
            has_path = timed(lambda h=hits[0]: len(timeline_for(index, searcher, h.meeting, h.item).stages) > 1,
                             path)
            answer_id = timed(lambda q=question, h=hits[0]: record_answer(db, q, shown_of(h)), record)
            timed(lambda h=hits, a=answer_id, p=has_path: answer_reply(h, 0, a, p), build)  # type: ignore[misc]
        db.close()
    rng = random.Random(4)
    titles = [item.title for _, item in kb.items()]
    for _ in range(args.queries):
        title = rng.choice(titles)
        start = rng.randrange(max(1, len(title) - 6))
        typed = title[start:start + rng.randint(2, 8)]
        timed(lambda t=typed: index.choices(t, 25), complete)

    print(f"{len(questions)} questions, {answered} answered")
    report("search alone (Searcher.ask)", search)
    report("+ does the item have a case path", path)
    report("+ record the answer (SQLite, WAL)", record)
    report("+ build the reply and its controls", build)
    report("/sag (find_timeline)", sag)
    report("/sag autocomplete (25 choices)", complete)

    meeting = real.meetings[0]
    pages = highlight_pages(build_highlights(meeting))
    print(f"bundled meeting: highlights in {len(pages)} pages of {', '.join(str(len(p.text)) for p in pages)} "
          "characters")


if __name__ == "__main__":
    main()
