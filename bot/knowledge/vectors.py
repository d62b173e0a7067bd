"""Passage vectors stored beside each knowledge file, re-embedded only where the text changed.

For `<dir>/<date>.yaml` there are two files beside it:

- `<date>.vectors.npy`: float16, one row per passage (bot.knowledge.passages), in the order
  of the meeting's items and their passages; read memory-mapped;
- `<date>.vectors.json`: what the rows are: the model and dimension, a checksum of the
  .npy file, and per row the item's index and number, the passage id and the passage's
  text hash (its cache key, `passages.passage_hash`).

`update_vectors` rewrites both after an ingest or a hand correction, embedding only the
passages whose hash is not already in the file; `verify` tells `kkrbot check` (in Danish)
where vectors are missing, stale or don't match the text. Both files are written
atomically (a temporary file, then a rename), the .npy first: the sidecar is what makes a
new set of vectors count, and a sidecar that does not fit its .npy is caught by `verify`.
"""
from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import secrets
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from bot.knowledge.embedder import DIM, MODEL, PASSAGE_PREFIX
from bot.knowledge.passages import DEFAULT, Passage, Strategy, item_passages, passage_hash
from bot.model import Meeting

log = logging.getLogger(__name__)

FORMAT = 1
NPY_SUFFIX = ".vectors.npy"
JSON_SUFFIX = ".vectors.json"
# A stored vector counts as the text's own when re-embedding it gives at least this cosine
# (float16 storage and the 4-bit engine keep the same text at ≥ 0.999).
MATCH_COSINE = 0.98
BATCH = 16

# Texts to embed -> float array (len(texts), dim). The texts come without the "passage: "
# prefix; bot.knowledge.embedder.embed_passages is the real one.
Embed = Callable[[list[str]], np.ndarray]
# Called after each batch with (passages embedded so far, passages to embed).
Progress = Callable[[int, int], None]


class VectorError(Exception):
    """A vector file that cannot be read or does not fit its sidecar (Danish message)."""


@dataclass(frozen=True)
class Row:
    """What one row of the vector file is: the item (index in `meeting.items`, and number), passage id, text hash."""

    item: int
    number: str | None
    passage: str
    hash: str


@dataclass
class Vectors:
    """A meeting's stored vectors: `matrix[i]` (float16, memory-mapped) is the vector of `rows[i]`."""

    model: str
    dim: int
    rows: list[Row]
    matrix: np.ndarray


@dataclass(frozen=True)
class Update:
    """What `update_vectors` did: passages embedded, reused from the old file, rows dropped; file written."""

    embedded: int
    reused: int
    dropped: int
    written: bool


def vector_paths(path: Path) -> tuple[Path, Path]:
    """The (.vectors.npy, .vectors.json) files beside a knowledge file."""
    stem = path.name[: -len(path.suffix)] if path.suffix else path.name
    return path.with_name(stem + NPY_SUFFIX), path.with_name(stem + JSON_SUFFIX)


def meeting_passages(meeting: Meeting, strategy: Strategy = DEFAULT) -> list[tuple[int, Passage]]:
    """Every passage of a meeting under a strategy, with its item's index, in file order."""
    return [(i, p) for i, item in enumerate(meeting.items) for p in item_passages(item, strategy)]


def expected_rows(meeting: Meeting, model: str = MODEL, strategy: Strategy = DEFAULT) -> list[tuple[Row, str]]:
    """The rows a fresh vector file of the meeting has, each with its passage text."""
    return [
        (Row(i, meeting.items[i].number, p.id, passage_hash(p.text, model, PASSAGE_PREFIX)), p.text)
        for i, p in meeting_passages(meeting, strategy)
    ]


def load_vectors(path: Path) -> Vectors:
    """Read the vectors beside a knowledge file (the matrix memory-mapped); VectorError if missing or broken."""
    npy, sidecar = vector_paths(path)
    try:
        meta = json.loads(sidecar.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise VectorError(f"{sidecar}: vektorfilens beskrivelse mangler") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise VectorError(f"{sidecar}: kan ikke læses ({exc})") from None
    model, dim, rows = _parse_sidecar(meta, sidecar)
    if not npy.exists():
        raise VectorError(f"{npy}: vektorfilen mangler (beskrivelsen {sidecar.name} findes)")
    try:
        matrix = np.load(npy, mmap_mode="r", allow_pickle=False) if rows else _read_small(npy)
    except (OSError, ValueError) as exc:
        raise VectorError(f"{npy}: kan ikke læses som .npy ({exc})") from None
    if matrix.dtype != np.float16 or matrix.shape != (len(rows), dim):
        raise VectorError(
            f"{npy}: passer ikke til {sidecar.name}: {matrix.dtype} {tuple(matrix.shape)}, "
            f"forventet float16 ({len(rows)}, {dim})"
        )
    return Vectors(model, dim, rows, matrix)


def pending(meeting: Meeting, path: Path, model: str = MODEL, strategy: Strategy = DEFAULT) -> int:
    """How many passages `update_vectors` would embed for a knowledge file (0: nothing to embed)."""
    wanted = {row.hash for row, _ in expected_rows(meeting, model, strategy)}
    old = _old_vectors(path, model, quiet=True)
    if old is None:
        return len(wanted)
    have = {row.hash for row, unit in zip(old.rows, _unit_rows(old), strict=True) if unit}
    return len(wanted - have)


def update_vectors(
    meeting: Meeting,
    path: Path,
    embed: Embed,
    model: str = MODEL,
    strategy: Strategy = DEFAULT,
    progress: Progress | None = None,
) -> Update:
    """Bring the vectors beside a knowledge file up to date, embedding only passages not already in it."""
    wanted = expected_rows(meeting, model, strategy)
    rows = [row for row, _ in wanted]
    old = _old_vectors(path, model)
    usable = _unit_rows(old) if old is not None else []
    if old is not None and old.rows == rows and all(usable):
        return Update(embedded=0, reused=len(rows), dropped=0, written=False)
    old_index: dict[str, int] = {}  # hash -> a usable row of the old file
    for i, row in enumerate(old.rows if old is not None else []):
        if usable[i]:
            old_index.setdefault(row.hash, i)
    todo: dict[str, str] = {}  # hash -> text, each new text once
    for row, text in wanted:
        if row.hash not in old_index:
            todo.setdefault(row.hash, text)
    wanted_hashes = {row.hash for row in rows}
    dropped = 0 if old is None else sum(1 for row in old.rows if row.hash not in wanted_hashes)

    fresh = _embed_all(list(todo.values()), embed, progress)
    dim = fresh.shape[1] if len(fresh) else (old.dim if old is not None else DIM)
    if old is not None and old.dim != dim:
        raise VectorError(f"modellen gav vektorer med {dim} tal, men {path.name}s vektorer har {old.dim}")
    new_index = {h: i for i, h in enumerate(todo)}
    matrix = np.zeros((len(rows), dim), dtype=np.float16)
    embedded = [(r, new_index[row.hash]) for r, row in enumerate(rows) if row.hash in new_index]
    kept = [(r, old_index[row.hash]) for r, row in enumerate(rows) if row.hash not in new_index]
    if embedded:
        matrix[[r for r, _ in embedded]] = fresh[[i for _, i in embedded]]
    if kept and old is not None:
        matrix[[r for r, _ in kept]] = old.matrix[[i for _, i in kept]]
    reused = len(kept)
    del old  # let go of the memory map before its file is replaced
    write_vectors(path, model, rows, matrix, strategy)
    log.info("vectors for %s: %d embedded, %d reused, %d dropped", path.name, len(todo), reused, dropped)
    return Update(embedded=len(todo), reused=reused, dropped=dropped, written=True)


def write_vectors(path: Path, model: str, rows: Sequence[Row], matrix: np.ndarray,
                  strategy: Strategy = DEFAULT) -> None:
    """Write the vector file and its sidecar beside a knowledge file, atomically, the .npy first."""
    npy, sidecar = vector_paths(path)
    matrix = np.ascontiguousarray(matrix, dtype=np.float16)
    if matrix.ndim != 2 or matrix.shape[0] != len(rows):
        raise ValueError(f"{len(rows)} rows but a matrix of shape {matrix.shape}")
    buffer = io.BytesIO()
    np.save(buffer, matrix, allow_pickle=False)
    data = buffer.getvalue()
    meta = {
        "format": FORMAT,
        "model": model,
        "dim": int(matrix.shape[1]),
        "dtype": "float16",
        "strategy": asdict(strategy),
        "vectors_sha256": hashlib.sha256(data).hexdigest(),
        "rows": [asdict(row) for row in rows],
    }
    _atomic_write(npy, data)
    _atomic_write(sidecar, (json.dumps(meta, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))


def verify(
    meeting: Meeting,
    path: Path,
    model: str = MODEL,
    strategy: Strategy = DEFAULT,
    embed: Embed | None = None,
    sample: int = 3,
) -> list[str]:
    """Danish problem lines when a knowledge file's vectors are missing, stale or don't match its text; [] if fine.

    With `embed`, `sample` rows (first, middle, last, …) are also re-embedded and compared
    with the stored vectors, which catches vectors that belong to another text.
    """
    npy, sidecar = vector_paths(path)
    if not npy.exists() and not sidecar.exists():
        return [f"{npy}: vektorer mangler; mødet søges kun med ord (lav dem med `kkrbot vectors`)"]
    try:
        stored = load_vectors(path)
    except VectorError as exc:
        return [str(exc)]
    if stored.model != model:
        return [f"{sidecar}: vektorerne er lavet med modellen {stored.model!r}, ikke {model!r}; de skal laves igen"]
    problems = []
    meta = json.loads(sidecar.read_text(encoding="utf-8"))
    if meta.get("vectors_sha256") != hashlib.sha256(npy.read_bytes()).hexdigest():
        problems.append(f"{npy}: filen er ændret efter {sidecar.name} blev skrevet (kontrolsummen passer ikke)")
    wanted = expected_rows(meeting, model, strategy)
    rows = [row for row, _ in wanted]
    have = {row.hash for row in stored.rows}
    stale = [row for row in rows if row.hash not in have]
    if stale:
        problems.append(f"{sidecar}: {len(stale)} af {len(rows)} tekststykker er nye eller ændret, siden "
                        f"vektorerne blev lavet: {_labels(stale)}")
    wanted_hashes = {row.hash for row in rows}
    extra = [row for row in stored.rows if row.hash not in wanted_hashes]
    if extra:
        problems.append(f"{sidecar}: {len(extra)} rækker hører til tekst, der ikke længere står i mødet: "
                        f"{_labels(extra)}")
    if not stale and not extra and stored.rows != rows:
        problems.append(f"{sidecar}: rækkerne passer ikke til punkternes numre og rækkefølge")
    problems += _bad_rows(stored, npy)
    if embed is not None and not problems:
        problems += _mismatched(stored, wanted, embed, sample, npy)
    return problems


# --- helpers ----------------------------------------------------------------

def _parse_sidecar(meta: Any, sidecar: Path) -> tuple[str, int, list[Row]]:
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise VectorError(f"{sidecar}: ukendt format (forventet format {FORMAT})")
    model, dim, raw = meta.get("model"), meta.get("dim"), meta.get("rows")
    if not isinstance(model, str) or not isinstance(dim, int) or dim < 1 or not isinstance(raw, list):
        raise VectorError(f"{sidecar}: mangler model, dim eller rows")
    rows = []
    for j, entry in enumerate(raw):
        try:
            row = Row(**entry)
        except TypeError:
            raise VectorError(f"{sidecar}: rows[{j}] skal have item, number, passage og hash") from None
        if not isinstance(row.item, int) or not isinstance(row.hash, str) or not isinstance(row.passage, str):
            raise VectorError(f"{sidecar}: rows[{j}] har forkerte typer")
        rows.append(row)
    return model, dim, rows


def _read_small(npy: Path) -> np.ndarray:
    # An empty matrix can't be memory-mapped; read it plainly.
    return np.load(npy, allow_pickle=False)


def _old_vectors(path: Path, model: str, quiet: bool = False) -> Vectors | None:
    """The existing vectors to reuse, or None (missing, unreadable or of another model: all re-embedded)."""
    npy, sidecar = vector_paths(path)
    level = logging.DEBUG if quiet else logging.WARNING
    if not npy.exists() and not sidecar.exists():
        return None
    try:
        old = load_vectors(path)
    except VectorError as exc:
        log.log(level, "re-embedding all of %s: %s", path.name, exc)
        return None
    if old.model != model:
        log.log(min(level, logging.INFO), "re-embedding all of %s: vectors of model %s, now %s",
                path.name, old.model, model)
        return None
    meta = json.loads(sidecar.read_text(encoding="utf-8"))
    if meta.get("vectors_sha256") != hashlib.sha256(npy.read_bytes()).hexdigest():
        log.log(level, "re-embedding all of %s: %s does not match its checksum", path.name, npy.name)
        return None
    return old


def _embed_all(texts: list[str], embed: Embed, progress: Progress | None) -> np.ndarray:
    parts = []
    for start in range(0, len(texts), BATCH):
        batch = texts[start:start + BATCH]
        vectors = np.asarray(embed(batch), dtype=np.float32)
        if vectors.ndim != 2 or vectors.shape[0] != len(batch):
            raise ValueError(f"embed returned shape {vectors.shape} for {len(batch)} texts")
        parts.append(vectors)
        if progress is not None:
            progress(start + len(batch), len(texts))
    return np.concatenate(parts) if parts else np.zeros((0, DIM), dtype=np.float32)


def _unit_rows(stored: Vectors) -> list[bool]:
    """Per row: is it a unit vector? NaN, zero or overwritten rows are no embedding."""
    if not stored.rows:
        return []
    with np.errstate(invalid="ignore", over="ignore"):
        norms = np.linalg.norm(np.asarray(stored.matrix, dtype=np.float32), axis=1)
    return [bool(np.isfinite(n) and abs(n - 1.0) <= 0.01) for n in norms]


def _bad_rows(stored: Vectors, npy: Path) -> list[str]:
    """Rows that are not unit vectors, named."""
    bad = [i for i, unit in enumerate(_unit_rows(stored)) if not unit]
    if not bad:
        return []
    return [f"{npy}: {len(bad)} rækker er ikke gyldige vektorer: {_labels([stored.rows[i] for i in bad])}"]


def _mismatched(stored: Vectors, wanted: list[tuple[Row, str]], embed: Embed, sample: int, npy: Path) -> list[str]:
    """Re-embed a few rows' texts and compare: a stored vector must be its own text's."""
    if not wanted or sample < 1:
        return []
    picks = sorted({round(k * (len(wanted) - 1) / max(1, sample - 1)) for k in range(sample)})
    fresh = np.asarray(embed([wanted[i][1] for i in picks]), dtype=np.float32)
    problems = []
    for k, i in enumerate(picks):
        mine = np.asarray(stored.matrix[i], dtype=np.float32)
        cosine = float(mine @ fresh[k] / (np.linalg.norm(mine) * np.linalg.norm(fresh[k]) or 1.0))
        if cosine < MATCH_COSINE:
            problems.append(f"{npy}: vektoren for {_labels([wanted[i][0]])} passer ikke til teksten "
                            f"(cosinus {cosine:.2f})")
    return problems


def _labels(rows: Sequence[Row], most: int = 5) -> str:
    names = [f"punkt {row.number or row.item + 1} ({row.passage})" for row in rows[:most]]
    more = f" og {len(rows) - most} flere" if len(rows) > most else ""
    return ", ".join(names) + more


def _atomic_write(path: Path, data: bytes) -> None:
    """Write via a temporary file in the same directory and a rename; created 0666 less the umask, as open() does."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
