"""Benchmark: load and validate a ~50 MB knowledge base (the bundled file under many dates).

Writes the bundled meeting's file N times under consecutive dates into a temporary knowledge
directory (850 copies are ~51 MB) and times `load_knowledge` there, split into its steps: YAML
parsing (the C loader), the schema (bot/knowledge/schema.py: validation), and building the
model's dataclasses from the validated document. docs/knowledge.md has the figures and the
comparison with msgspec that chose pydantic.

    .venv/bin/python benchmarks/knowledge.py [--copies 850] [--runs 3]
"""
from __future__ import annotations

import argparse
import datetime
import gc
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.knowledge import schema  # noqa: E402
from bot.knowledge.store import KnowledgeLoader, load_knowledge  # noqa: E402

BUNDLED = ROOT / "knowledge" / "kkr-hovedstaden" / "2022-11-25.yaml"


def make_base(directory: Path, copies: int) -> int:
    """The bundled file under `copies` consecutive dates; returns the bytes written."""
    text = BUNDLED.read_text(encoding="utf-8")
    folder = directory / "kkr-hovedstaden"
    folder.mkdir(parents=True)
    size = 0
    for n in range(copies):
        day = (datetime.date(2000, 1, 1) + datetime.timedelta(days=n)).isoformat()
        copy = text.replace("date: '2022-11-25'", f"date: '{day}'", 1)
        size += (folder / f"{day}.yaml").write_text(copy, encoding="utf-8")
    return size


def best(fn, runs: int) -> float:
    """The best of `runs` timings of fn(), with the collector paused as the loader pauses it."""
    times = []
    for _ in range(runs):
        gc.collect()
        gc.disable()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
        gc.enable()
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=850)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        knowledge = Path(tmp)
        size = make_base(knowledge, args.copies)
        texts = [p.read_text(encoding="utf-8") for p in sorted(knowledge.rglob("*.yaml"))]
        docs = [yaml.load(t, Loader=KnowledgeLoader) for t in texts]
        items = sum(len(d["items"]) for d in docs)
        print(f"{len(texts)} files, {size / 1e6:.1f} MB, {items} items")
        parse = best(lambda: [yaml.load(t, Loader=KnowledgeLoader) for t in texts], args.runs)
        validate = best(lambda: [schema.validate_document(d) for d in docs], args.runs)
        both = best(lambda: [schema.read_document(d) for d in docs], args.runs)
        total = best(lambda: load_knowledge(knowledge), args.runs)
    print(f"YAML parse (C loader)      {parse:6.2f} s")
    print(f"schema: validate           {validate:6.2f} s")
    print(f"schema: validate + build   {both:6.2f} s")
    print(f"load_knowledge (all of it) {total:6.2f} s  ({size / 1e6 / total:.0f} MB/s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
