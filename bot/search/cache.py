"""On-disk cache of a loaded knowledge base and its built index.

Parsing YAML and indexing take most of a minute at 100,000 items; starting from the
cache takes a fraction of a second and ~80 MB, because almost nothing is read at start:

- the index's numpy arrays are stored raw and memory-mapped: a question reads only the
  postings of its words (from the page cache);
- every item is pickled on its own, as a tuple of its field values: the items are
  `StoredItem`s that read their fields from the mapped file the first time one is used
  (in practice only the hits of a question);
- a pickled header at the end holds the rest: the meetings (without their items), the
  vocabulary and the other small parts of the index, and where each array is.

The file is named after the knowledge directory and starts with a key made of every
knowledge file's path, mtime and size plus the search code, the data model, the
thesaurus and the Python version, so any change rebuilds it. It lives outside the
knowledge directory ($KKRBOT_CACHE_DIR, else $XDG_CACHE_HOME/kkrbot, else ~/.cache/kkrbot)
and is written atomically (a process that has the old file mapped keeps reading it). A
cache that can't be read or written is only logged.
"""
from __future__ import annotations

import hashlib
import logging
import mmap
import os
import pickle
import sys
from array import array
from dataclasses import fields
from pathlib import Path
from typing import Any

import numpy as np

from bot.knowledge.store import KnowledgeBase, atomic_write, knowledge_files
from bot.model import Appointment, Dissent, Item, Link, Section
from bot.search.index import Index
from bot.search.memory import gc_paused, release_free_memory

log = logging.getLogger(__name__)

FORMAT = 4
MAGIC = b"kkrbot index cache\n"
_KEY_BYTES = 64  # a sha256 in hex
_ALIGN = 64
_ARRAYS = ("doc_meeting", "appointing", "dissenting", "df", "offsets", "post_doc", "post_tfn", "post_field")
_SMALL = ("vocab", "keys", "surface", "acronyms", "by_length", "components")
_CODE_DIR = Path(__file__).parent
_ITEM_FIELDS = tuple(f.name for f in fields(Item))
_NESTED = {"sections": Section, "links": Link, "dissent": Dissent, "appointments": Appointment}
_NESTED_FIELDS = {name: tuple(f.name for f in fields(cls)) for name, cls in _NESTED.items()}
_NESTED_AT = [(_ITEM_FIELDS.index(name), name) for name in _NESTED]


def default_cache_dir() -> Path:
    """Where the index cache lives unless told otherwise."""
    if os.environ.get("KKRBOT_CACHE_DIR"):
        return Path(os.environ["KKRBOT_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kkrbot"


def _code_fingerprint() -> str:
    digest = hashlib.sha256(f"{FORMAT} {sys.version} {sys.byteorder}".encode())
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


class _ItemRecords:
    """The items of a mapped cache file, each pickled on its own as a tuple of field values
    (nested dataclasses as tuples too: half the time and size of pickling the objects)."""

    def __init__(self, buffer: mmap.mmap, offsets: np.ndarray) -> None:
        self.buffer = buffer
        self.offsets = offsets

    def fields(self, i: int) -> dict[str, Any]:
        """The field values of item i."""
        lo, hi = int(self.offsets[i]), int(self.offsets[i + 1])
        values = dict(zip(_ITEM_FIELDS, pickle.loads(self.buffer[lo:hi]), strict=True))
        for name, cls in _NESTED.items():
            values[name] = [cls(*v) for v in values[name]]
        return values


def _record(item: Item) -> bytes:
    values = [getattr(item, name) for name in _ITEM_FIELDS]
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
    """An Item in the cache file: its fields are read the first time one is used."""

    def __init__(self, records: _ItemRecords | None = None, position: int = 0, **values: Any) -> None:
        if records is None:  # made from field values, as dataclasses.replace() does
            Item.__init__(self, **values)
        self.__dict__["_records"] = records
        self.__dict__["_position"] = position

    def _restore(self) -> None:
        values = self.__dict__
        for name, value in self._records.fields(self._position).items():
            values.setdefault(name, value)  # a field set meanwhile stays as set

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Item):
            return NotImplemented
        return all(getattr(self, f) == getattr(other, f) for f in _ITEM_FIELDS)

    __hash__ = None  # type: ignore[assignment]  # like Item

    def __reduce__(self) -> tuple:
        """Pickled and copied as a plain Item."""
        return _plain_item, (tuple(getattr(self, f) for f in _ITEM_FIELDS),)


for _name in _ITEM_FIELDS:
    setattr(StoredItem, _name, _stored_field(_name))


def _plain_item(values: tuple) -> Item:
    return Item(**dict(zip(_ITEM_FIELDS, values, strict=True)))


def load(cache_dir: Path, knowledge: Path, key: str) -> tuple[KnowledgeBase, list[str], Index] | None:
    """(knowledge base, errors, index) if the cache was built from exactly these files, else None."""
    path = cache_path(cache_dir, knowledge)
    try:
        with path.open("rb") as handle:
            buffer = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:  # ValueError: an empty file
        log.warning("ignoring unreadable index cache %s: %s", path, exc)
        return None
    try:
        if buffer[:len(MAGIC)] != MAGIC:
            raise ValueError("not an index cache of this version")
        if buffer[len(MAGIC):len(MAGIC) + _KEY_BYTES].decode("ascii") != key:
            return None
        at, size = int.from_bytes(buffer[-16:-8], "little"), int.from_bytes(buffer[-8:], "little")
        with gc_paused():
            return _restore(buffer, pickle.loads(buffer[at:at + size]))
    except Exception as exc:  # a truncated or foreign file is just a miss
        log.warning("ignoring unreadable index cache %s: %s", path, exc)
        return None


def _restore(buffer: mmap.mmap, header: dict[str, Any]) -> tuple[KnowledgeBase, list[str], Index]:
    def array(name: str) -> np.ndarray:
        dtype, count, offset = header["arrays"][name]
        return np.frombuffer(buffer, dtype=np.dtype(dtype), count=count, offset=offset)

    records = _ItemRecords(buffer, array("item_offsets"))
    meetings = header["meetings"]
    docs = []
    position = 0
    for meeting, count in zip(meetings, header["item_counts"], strict=True):
        meeting.items = [StoredItem(records, i) for i in range(position, position + count)]
        docs.extend((meeting, item) for item in meeting.items)
        position += count
    kb = KnowledgeBase(meetings, header["paths"])
    index = Index(docs=docs, meetings=[meetings[i] for i in header["index_meetings"]],
                  **{name: array(name) for name in _ARRAYS}, **header["index"])
    return kb, header["errors"], index


def save(cache_dir: Path, knowledge: Path, key: str, payload: tuple[KnowledgeBase, list[str], Index]) -> None:
    """Store (knowledge base, errors, index) atomically; failure to write is logged, never raised."""
    kb, errors, index = payload
    path = cache_path(cache_dir, knowledge)
    if [id(item) for _, item in index.docs] != [id(item) for _, item in kb.items()]:
        log.warning("not caching an index that is not over the knowledge base's items in order")
        return
    position = {id(m): i for i, m in enumerate(kb.meetings)}
    header: dict[str, Any] = {
        "meetings": [_without_items(m) for m in kb.meetings],
        "item_counts": [len(m.items) for m in kb.meetings],
        "paths": kb.paths,
        "errors": list(errors),
        "index_meetings": [position[id(m)] for m in index.meetings],
        "index": {name: getattr(index, name) for name in _SMALL},
    }
    try:
        data = _layout(key, header, index)
        atomic_write(path, data)
    except (OSError, pickle.PicklingError) as exc:
        log.warning("could not write index cache %s: %s", path, exc)
    finally:
        data = None
        release_free_memory()


def _without_items(meeting: Any) -> Any:
    copy = object.__new__(type(meeting))
    copy.__dict__.update(vars(meeting))
    copy.items = []
    return copy


def _layout(key: str, header: dict[str, Any], index: Index) -> bytearray:
    """The file: magic and key; the index's arrays; every item pickled on its own and
    where each starts; the header (which says where everything is); where the header is."""
    out = bytearray(MAGIC + key.encode("ascii"))
    placed: dict[str, tuple[str, int, int]] = {}

    def add(name: str, values: np.ndarray) -> None:
        out.extend(bytes(-len(out) % _ALIGN))
        placed[name] = (values.dtype.str, len(values), len(out))
        out.extend(memoryview(np.ascontiguousarray(values)).cast("B"))

    for name in _ARRAYS:
        add(name, getattr(index, name))
    offsets = array("q", [len(out)])
    for _, item in index.docs:
        out.extend(_record(item))
        offsets.append(len(out))
    add("item_offsets", np.frombuffer(offsets, dtype=np.int64))
    header["arrays"] = placed
    header_bytes = pickle.dumps(header, protocol=pickle.HIGHEST_PROTOCOL)
    at = len(out)
    out.extend(header_bytes)
    out.extend(at.to_bytes(8, "little") + len(header_bytes).to_bytes(8, "little"))
    return out
