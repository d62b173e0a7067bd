"""On-disk cache of a loaded knowledge base and its built index.

Parsing the YAML files and indexing take a long time on a large knowledge base; starting
from the cache is fast and small, because almost nothing is read at start:

- every numpy array of the index is an `.npy` file (`np.save`), opened with
  `np.load(mmap_mode="r")`: a question reads only the postings of its words;
- every item is pickled on its own, as a tuple of its field values; the records lie end
  to end in one `uint8` array (`items.npy`) with where each starts (`item_offsets.npy`).
  The items are `StoredItem`s that unpickle their fields the first time one is used (in
  practice only the hits of a question);
- one pickle, the cache file proper, holds the key and the rest: the meetings without
  their items, the vocabulary and the other small parts of the index.

The cache file (`index-<dir>.cache`) is named after the knowledge directory; the arrays
stand in a directory named after the key beside it (`index-<dir>-<key>/`). The key is
made of every knowledge file's path, mtime and size plus the search code, the data model,
the thesaurus and the Python version, so any change rebuilds the cache. Writes are
atomic: the arrays' directory is written under a temporary name and renamed, then the
cache file is replaced (a process that still maps the old arrays keeps reading them).
It lives outside the knowledge directory ($KKRBOT_CACHE_DIR, else $XDG_CACHE_HOME/kkrbot,
else ~/.cache/kkrbot). A cache that can't be read or written is only logged.
"""
from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import pickle
import shutil
import sys
import tempfile
import time
from dataclasses import fields
from pathlib import Path
from typing import Any

import numpy as np

from bot.knowledge.store import KnowledgeBase, atomic_write, knowledge_files
from bot.model import Appointment, Dissent, Item, Link, Meeting, PriorDecision, Section, Vote
from bot.search.index import Index

log = logging.getLogger(__name__)

FORMAT = 6
_ARRAYS = ("doc_meeting", "appointing", "dissenting", "voting", "absence", "doc_case", "df", "offsets",
           "post_doc", "post_tfn", "post_field")
_CODE_DIR = Path(__file__).parent
_ITEM_FIELDS = tuple(f.name for f in fields(Item))
_NESTED: dict[str, type] = {
    "sections": Section, "links": Link, "dissent": Dissent, "appointments": Appointment,
    "votes": Vote, "history": PriorDecision,
}
_NESTED_FIELDS = {name: tuple(f.name for f in fields(cls)) for name, cls in _NESTED.items()}
_NESTED_AT = [(_ITEM_FIELDS.index(name), name) for name in _NESTED]

Payload = tuple[KnowledgeBase, list[str], Index]


def default_cache_dir() -> Path:
    """Where the index cache lives unless told otherwise."""
    if os.environ.get("KKRBOT_CACHE_DIR"):
        return Path(os.environ["KKRBOT_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kkrbot"


def _code_fingerprint() -> str:
    digest = hashlib.sha256(f"{FORMAT} {sys.version} {sys.byteorder} {np.__version__}".encode())
    model = Path(sys.modules[Item.__module__].__file__ or "")  # what the items are made of
    # ... and what decides which files load and which are skipped (the schema, the loader).
    loading = sorted(Path(sys.modules[KnowledgeBase.__module__].__file__ or "").parent.glob("*.py"))
    for path in sorted(_CODE_DIR.glob("*.py")) + sorted(_CODE_DIR.glob("*.yaml")) + [model] + loading:
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
    return cache_dir / f"index-{name}.cache"


def _arrays_dir(path: Path, key: str) -> Path:
    """Where the arrays of the cache file `path` built under `key` stand."""
    return path.with_name(f"{path.stem}-{key[:16]}")


class _ItemRecords:
    """The items of a cache, each pickled on its own as a tuple of field values (nested
    dataclasses as tuples too: half the time and size of pickling the objects)."""

    def __init__(self, blob: np.ndarray, offsets: np.ndarray) -> None:
        self.blob = blob
        self.offsets = offsets

    def fields(self, i: int) -> dict[str, Any]:
        """The field values of item i."""
        lo, hi = int(self.offsets[i]), int(self.offsets[i + 1])
        values = dict(zip(_ITEM_FIELDS, pickle.loads(self.blob[lo:hi].tobytes()), strict=True))
        for name, cls in _NESTED.items():
            values[name] = [cls(*v) for v in values[name]]
        return values


def _record(item: Item) -> bytes:
    values: list[Any] = [getattr(item, name) for name in _ITEM_FIELDS]
    for i, name in _NESTED_AT:
        values[i] = [tuple(getattr(x, f) for f in _NESTED_FIELDS[name]) for x in values[i]]
    return pickle.dumps(tuple(values), protocol=pickle.HIGHEST_PROTOCOL)


def _stored_field(name: str) -> property:
    def get(self: StoredItem) -> Any:
        values = self.__dict__
        if name not in values:
            self._restore()
        return values[name]

    def set_(self: StoredItem, value: Any) -> None:
        self.__dict__[name] = value

    return property(get, set_)


class StoredItem(Item):
    """An Item in the cache: its fields are read the first time one is used."""

    _records: _ItemRecords | None
    _position: int

    def __init__(self, records: _ItemRecords | None = None, position: int = 0, **values: Any) -> None:
        if records is None:  # made from field values, as dataclasses.replace() does
            Item.__init__(self, **values)
        self.__dict__["_records"] = records
        self.__dict__["_position"] = position

    def _restore(self) -> None:
        values = self.__dict__
        if self._records is None:
            return
        for name, value in self._records.fields(self._position).items():
            values.setdefault(name, value)  # a field set meanwhile stays as set

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Item):
            return NotImplemented
        return all(getattr(self, f) == getattr(other, f) for f in _ITEM_FIELDS)

    __hash__ = None  # type: ignore[assignment]  # like Item

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled and copied as a plain Item."""
        return _plain_item, (tuple(getattr(self, f) for f in _ITEM_FIELDS),)


for _name in _ITEM_FIELDS:
    setattr(StoredItem, _name, _stored_field(_name))


def _plain_item(values: tuple[Any, ...]) -> Item:
    return Item(**dict(zip(_ITEM_FIELDS, values, strict=True)))


def load(cache_dir: Path, knowledge: Path, key: str) -> Payload | None:
    """(knowledge base, errors, index) if the cache was built from exactly these files, else None."""
    path = cache_path(cache_dir, knowledge)
    try:
        with path.open("rb") as handle:
            if handle.read(1) != pickle.PROTO:  # not a pickle: an older cache format, or no cache at all
                log.info("index cache %s is not of this version: building it again", path)
                return None
            handle.seek(0)
            header = pickle.load(handle)
    except FileNotFoundError:
        return None
    except Exception as exc:  # a truncated or foreign file is just a miss
        log.warning("ignoring unreadable index cache %s: %s", path, exc)
        return None
    if not isinstance(header, dict) or header.get("format") != FORMAT or header.get("key") != key:
        return None
    arrays_dir = _arrays_dir(path, key)
    try:
        return _restore(arrays_dir, header)
    except Exception as exc:  # arrays missing or cut short: a miss, and written afresh
        log.warning("ignoring unreadable index cache %s: %s", arrays_dir, exc)
        shutil.rmtree(arrays_dir, ignore_errors=True)
        return None


def _restore(arrays_dir: Path, header: dict[str, Any]) -> Payload:
    def array(name: str) -> np.ndarray:
        return np.load(arrays_dir / f"{name}.npy", mmap_mode="r", allow_pickle=False)

    records = _ItemRecords(array("items"), array("item_offsets"))
    meetings: list[Meeting] = header["meetings"]
    docs: list[tuple[Meeting, Item]] = []
    position = 0
    for meeting, count in zip(meetings, header["item_counts"], strict=True):
        meeting.items = [StoredItem(records, i) for i in range(position, position + count)]
        docs.extend((meeting, item) for item in meeting.items)
        position += count
    if position != len(records.offsets) - 1:
        raise ValueError("the items do not match the meetings")
    small = header["index"]
    index = Index(
        docs=docs, meetings=[meetings[i] for i in header["index_meetings"]],
        doc_meeting=array("doc_meeting"), appointing=array("appointing"),
        vocab=small["vocab"], keys=small["keys"], surface=small["surface"], df=array("df"),
        offsets=array("offsets"), post_doc=array("post_doc"), post_tfn=array("post_tfn"),
        post_field=array("post_field"), acronyms=small["acronyms"], by_length=small["by_length"],
        components=small["components"], dissenting=array("dissenting"), voting=array("voting"),
        absence=array("absence"), doc_case=array("doc_case"),
    )
    return KnowledgeBase(meetings, header["paths"]), header["errors"], index


def save(cache_dir: Path, knowledge: Path, key: str, payload: Payload) -> None:
    """Store (knowledge base, errors, index) atomically; failure to write is logged, never raised."""
    kb, errors, index = payload
    path = cache_path(cache_dir, knowledge)
    if [id(item) for _, item in index.docs] != [id(item) for _, item in kb.items()]:
        log.warning("not caching an index that is not over the knowledge base's items in order")
        return
    position = {id(m): i for i, m in enumerate(kb.meetings)}
    header: dict[str, Any] = {
        "format": FORMAT,
        "key": key,
        "meetings": [_without_items(m) for m in kb.meetings],
        "item_counts": [len(m.items) for m in kb.meetings],
        "paths": kb.paths,
        "errors": list(errors),
        "index_meetings": [position[id(m)] for m in index.meetings],
        "index": {name: getattr(index, name)
                  for name in ("vocab", "keys", "surface", "acronyms", "by_length", "components")},
    }
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        _write_arrays(_arrays_dir(path, key), index)
        atomic_write(path, pickle.dumps(header, protocol=pickle.HIGHEST_PROTOCOL))
    except (OSError, pickle.PicklingError) as exc:
        log.warning("could not write index cache %s: %s", path, exc)
        return
    _remove_old_arrays(path, key)


def _write_arrays(target: Path, index: Index) -> None:
    """Every array of the index, and the item records, as .npy files in `target` (made
    whole and synced under a temporary name, then renamed)."""
    if target.is_dir():  # the same key: already written whole by an earlier run
        return
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    try:
        for name in _ARRAYS:
            _save(tmp / f"{name}.npy", getattr(index, name))
        records = [_record(item) for _, item in index.docs]
        offsets = np.zeros(len(records) + 1, dtype=np.int64)
        np.cumsum([len(r) for r in records], out=offsets[1:])
        _save(tmp / "items.npy", np.frombuffer(b"".join(records), dtype=np.uint8))
        del records
        _save(tmp / "item_offsets.npy", offsets)
        os.rename(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        if not target.is_dir():  # another process may have renamed the same arrays in first
            raise


def _save(path: Path, values: np.ndarray) -> None:
    """np.save, synced to disk: after a crash the renamed directory holds whole files."""
    with path.open("wb") as handle:
        np.save(handle, values, allow_pickle=False)
        handle.flush()
        os.fsync(handle.fileno())


STRAY_AFTER = 3600  # seconds: a temporary directory this old was left by a process that died


def _remove_old_arrays(path: Path, key: str) -> None:
    """Remove the arrays of this cache file's earlier keys (processes mapping them keep
    them), and temporary directories left by a process that died while writing."""
    current = _arrays_dir(path, key)
    for old in path.parent.glob(f"{path.stem}-*"):
        if old != current and old.is_dir():
            shutil.rmtree(old, ignore_errors=True)
    now = time.time()
    for stray in path.parent.glob(f".{path.stem}-*.tmp"):
        with contextlib.suppress(OSError):
            if now - stray.stat().st_mtime > STRAY_AFTER:
                shutil.rmtree(stray, ignore_errors=True)


def _without_items(meeting: Meeting) -> Meeting:
    copy = object.__new__(type(meeting))
    copy.__dict__.update(vars(meeting))
    copy.items = []
    return copy
