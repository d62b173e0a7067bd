"""On-disk cache of a loaded knowledge base and its built index.

Parsing YAML and indexing take seconds at 100,000 items; the pickled result loads in a
fraction of that. The cache file is named after the knowledge directory and stores a
key made of every knowledge file's path, mtime and size plus the search code and the
thesaurus, so any change to either rebuilds it. It lives outside the knowledge
directory ($KKRBOT_CACHE_DIR, else $XDG_CACHE_HOME/kkrbot, else ~/.cache/kkrbot) and is
written atomically. A cache that can't be read or written is only logged.
"""
from __future__ import annotations

import hashlib
import logging
import os
import pickle
from pathlib import Path
from typing import Any

from bot.knowledge.store import atomic_write, knowledge_files
from bot.search.index import gc_paused, release_free_memory

log = logging.getLogger(__name__)

FORMAT = 1
_CODE_DIR = Path(__file__).parent


def default_cache_dir() -> Path:
    """Where the index cache lives unless told otherwise."""
    if os.environ.get("KKRBOT_CACHE_DIR"):
        return Path(os.environ["KKRBOT_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kkrbot"


def _code_fingerprint() -> str:
    digest = hashlib.sha256(str(FORMAT).encode())
    for path in sorted(_CODE_DIR.glob("*.py")) + sorted(_CODE_DIR.glob("*.yaml")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def cache_key(knowledge: Path) -> str:
    """Fingerprint of the knowledge files (paths, mtimes, sizes) and of the search code."""
    digest = hashlib.sha256(_code_fingerprint().encode())
    for path in knowledge_files(knowledge):
        stat = path.stat()
        digest.update(f"{path.relative_to(knowledge)}\0{stat.st_mtime_ns}\0{stat.st_size}\n".encode())
    return digest.hexdigest()


def cache_path(cache_dir: Path, knowledge: Path) -> Path:
    """The cache file for one knowledge directory (one file per directory, replaced on change)."""
    name = hashlib.sha256(str(knowledge.resolve()).encode()).hexdigest()[:16]
    return cache_dir / f"index-{name}.pickle"


def load(cache_dir: Path, knowledge: Path, key: str) -> Any | None:
    """The cached payload if it was built from exactly these files, else None."""
    path = cache_path(cache_dir, knowledge)
    try:
        with path.open("rb") as handle, gc_paused():
            stored_key, payload = pickle.load(handle)
        release_free_memory()  # the unpickler's buffers
    except FileNotFoundError:
        return None
    except Exception as exc:  # a truncated or foreign file is just a miss
        log.warning("ignoring unreadable index cache %s: %s", path, exc)
        return None
    return payload if stored_key == key else None


def save(cache_dir: Path, knowledge: Path, key: str, payload: Any) -> None:
    """Store the payload atomically; failure to write is logged, never raised."""
    path = cache_path(cache_dir, knowledge)
    try:
        atomic_write(path, pickle.dumps((key, payload), protocol=pickle.HIGHEST_PROTOCOL))
    except OSError as exc:
        log.warning("could not write index cache %s: %s", path, exc)
