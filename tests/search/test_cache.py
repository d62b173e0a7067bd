"""The on-disk index cache: used when fresh, rebuilt when anything changes, never fatal."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from bot.knowledge import embedder
from bot.knowledge.store import KnowledgeError
from bot.search import Searcher, cache
from tests.conftest import BUNDLED_KNOWLEDGE


@pytest.fixture
def knowledge(tmp_path: Path) -> Path:
    target = tmp_path / "knowledge"
    shutil.copytree(BUNDLED_KNOWLEDGE, target)
    return target


def test_cache_is_written_outside_the_knowledge_dir_and_reused(knowledge, tmp_path, monkeypatch):
    cache_dir = tmp_path / "cache"
    first = Searcher.from_knowledge(knowledge, cache_dir=cache_dir)
    files = list(cache_dir.glob("index-*.cache"))
    assert len(files) == 1 and not list(knowledge.rglob("*.cache"))
    assert not list(cache_dir.glob(".*.tmp"))  # written atomically

    def no_loading(*args, **kwargs):
        raise AssertionError("the knowledge files should not be parsed again")

    monkeypatch.setattr("bot.search.load_knowledge", no_loading)
    again = Searcher.from_knowledge(knowledge, cache_dir=cache_dir)
    assert again.ask("klimaparnterskab").hits[0].item.number == first.ask("klimaparnterskab").hits[0].item.number


def test_any_change_to_the_files_rebuilds(knowledge, tmp_path):
    cache_dir = tmp_path / "cache"
    key = cache.cache_key(knowledge)
    path = next(knowledge.rglob("*.yaml"))
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert cache.cache_key(knowledge) != key
    Searcher.from_knowledge(knowledge, cache_dir=cache_dir)
    key = cache.cache_key(knowledge)
    assert cache.load(cache_dir, knowledge, key) is not None
    path.write_text(path.read_text(encoding="utf-8").replace("Movia", "Movja"), encoding="utf-8")
    assert cache.load(cache_dir, knowledge, cache.cache_key(knowledge)) is None
    rebuilt = Searcher.from_knowledge(knowledge, cache_dir=cache_dir)
    assert "movja" in rebuilt.index.vocab


def test_broken_or_unwritable_cache_is_only_a_miss(knowledge, tmp_path):
    cache_dir = tmp_path / "cache"
    cache_dir.mkdir()
    path = cache.cache_path(cache_dir, knowledge)
    for broken in (b"not a cache", b""):
        path.write_bytes(broken)
        assert Searcher.from_knowledge(knowledge, cache_dir=cache_dir).ask("SSU").hits
    whole = path.read_bytes()
    path.write_bytes(whole[: len(whole) // 2])  # cut off: the header at the end is gone
    assert cache.load(cache_dir, knowledge, cache.cache_key(knowledge)) is None
    assert Searcher.from_knowledge(knowledge, cache_dir=cache_dir).ask("SSU").hits
    blocked = tmp_path / "file-not-dir"
    blocked.write_text("x")
    assert Searcher.from_knowledge(knowledge, cache_dir=blocked / "cache").ask("SSU").hits


def test_bad_files_are_skipped_and_listed_or_refused_when_strict(knowledge, tmp_path):
    (knowledge / "kkr-hovedstaden" / "2023-01-01.yaml").write_text("meeting: [", encoding="utf-8")
    searcher = Searcher.from_knowledge(knowledge, cache_dir=tmp_path / "cache")
    assert len(searcher.errors) == 1 and "2023-01-01.yaml" in searcher.errors[0]
    assert searcher.ask("SSU").hits
    with pytest.raises(KnowledgeError, match="2023-01-01.yaml"):  # also when served from the cache
        Searcher.from_knowledge(knowledge, cache_dir=tmp_path / "cache", strict=True)


def test_items_from_the_cache_behave_like_the_loaded_ones(knowledge, tmp_path, kb):
    import copy
    import dataclasses
    import pickle

    from bot.model import Item
    from bot.search.cache import StoredItem

    cache_dir = tmp_path / "cache"
    Searcher.from_knowledge(knowledge, cache_dir=cache_dir)
    cached = Searcher.from_knowledge(knowledge, cache_dir=cache_dir)
    items = [item for _, item in cached.kb.items()]
    assert all(isinstance(item, StoredItem) for item in items)
    originals = [item for _, item in kb.items()]
    assert items == originals and [i.sections for i in items] == [i.sections for i in originals]
    assert [m.date for m in cached.kb.meetings] == [m.date for m in kb.meetings]
    item = items[3]
    assert type(pickle.loads(pickle.dumps(item))) is Item and copy.deepcopy(item) == item
    assert dataclasses.replace(item, title="ny titel").title == "ny titel"
    assert repr(item) == repr(originals[3]).replace("Item(", "StoredItem(", 1)


def test_the_cached_index_keeps_every_per_item_array(knowledge, tmp_path):
    import numpy as np

    built = Searcher.from_knowledge(knowledge, use_cache=False).index
    Searcher.from_knowledge(knowledge, cache_dir=tmp_path / "cache")
    cached = Searcher.from_knowledge(knowledge, cache_dir=tmp_path / "cache")
    for name in ("doc_meeting", "appointing", "dissenting", "voting", "absence", "doc_case", "df", "offsets",
                 "post_doc", "post_tfn", "post_field"):
        assert np.array_equal(getattr(cached.index, name), getattr(built, name)), name
    assert cached.index.dissenting.any()  # 3.6 records Enhedslisten's dissent
    assert cached.ask("Hvem stemte imod?").hits[0].item.number == "3.6"


def test_the_cache_is_npy_arrays_and_one_pickle(knowledge, tmp_path):
    import pickle

    import numpy as np

    cache_dir = tmp_path / "cache"
    built = Searcher.from_knowledge(knowledge, cache_dir=cache_dir).index
    key = cache.cache_key(knowledge)
    header = pickle.loads(cache.cache_path(cache_dir, knowledge).read_bytes())
    assert header["key"] == key and header["format"] == cache.FORMAT
    arrays = [p for p in cache_dir.iterdir() if p.is_dir() and p.name.startswith("index-")]
    assert len(arrays) == 1
    post_doc = np.load(arrays[0] / "post_doc.npy", mmap_mode="r")
    assert isinstance(post_doc, np.memmap) and np.array_equal(post_doc, built.post_doc)
    offsets = np.load(arrays[0] / "item_offsets.npy")
    assert len(offsets) == built.size + 1 and offsets[-1] == len(np.load(arrays[0] / "items.npy", mmap_mode="r"))


def test_a_miss_builds_and_saves_without_reading_back(knowledge, tmp_path, monkeypatch):
    from bot.search.cache import StoredItem

    loads = []
    real_load = cache.load
    monkeypatch.setattr(cache, "load", lambda *a: loads.append(a) or real_load(*a))
    searcher = Searcher.from_knowledge(knowledge, cache_dir=tmp_path / "cache")
    assert len(loads) == 1  # looked up once, not again after writing
    assert not any(isinstance(item, StoredItem) for _, item in searcher.kb.items())
    assert searcher.ask("SSU").hits


def test_a_changed_base_replaces_the_old_arrays(knowledge, tmp_path):
    cache_dir = tmp_path / "cache"
    Searcher.from_knowledge(knowledge, cache_dir=cache_dir)
    first = {p.name for p in cache_dir.iterdir() if p.is_dir()}
    path = next(knowledge.rglob("*.yaml"))
    path.write_text(path.read_text(encoding="utf-8").replace("Movia", "Movja"), encoding="utf-8")
    Searcher.from_knowledge(knowledge, cache_dir=cache_dir)
    second = {p.name for p in cache_dir.iterdir() if p.is_dir()}
    # One directory of index arrays and (the bundled meeting has vectors) one of vectors, both new.
    assert len([n for n in second if n.startswith("index-")]) == 1 and not second & first
    assert len([n for n in second if n.startswith("dense-")]) == (1 if embedder.available() else 0)
    assert "movja" in Searcher.from_knowledge(knowledge, cache_dir=cache_dir).index.vocab


def test_damaged_arrays_are_a_miss_and_written_again(knowledge, tmp_path):
    cache_dir = tmp_path / "cache"
    Searcher.from_knowledge(knowledge, cache_dir=cache_dir)
    arrays = next(p for p in cache_dir.iterdir() if p.is_dir() and p.name.startswith("index-"))
    (arrays / "post_doc.npy").write_bytes(b"\x93NUMPY broken")
    assert cache.load(cache_dir, knowledge, cache.cache_key(knowledge)) is None
    assert Searcher.from_knowledge(knowledge, cache_dir=cache_dir).ask("SSU").hits
    assert cache.load(cache_dir, knowledge, cache.cache_key(knowledge)) is not None
