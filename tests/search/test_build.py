"""Building the index: postings gathered in large blocks, the garbage collector paused."""
from __future__ import annotations

import dataclasses
import gc

import numpy as np

from bot.search import build
from bot.search.build import BATCH, build_index, gc_paused

ARRAYS = ("df", "offsets", "post_doc", "post_tfn", "post_field", "doc_meeting", "appointing", "dissenting")


def test_posting_blocks_keep_the_order_across_block_ends(monkeypatch):
    monkeypatch.setattr(build, "BLOCK", 5)
    blocks = build._PostingBlocks()
    chunks = [np.arange(start, start + size, dtype=np.uint64) for start, size in ((0, 3), (3, 0), (3, 9), (12, 2))]
    for chunk in chunks:
        blocks.add(chunk)
    assert len(blocks.blocks) == 3
    assert np.array_equal(blocks.take(), np.arange(14, dtype=np.uint64)) and blocks.blocks == []
    assert len(build._PostingBlocks().take()) == 0


def test_the_index_is_the_same_whatever_the_block_size(kb, monkeypatch):
    real = list(kb.items())
    docs = [(m, dataclasses.replace(item, title=f"{item.title} kopi{n}")) for n in range(BATCH // len(real) + 2)
            for m, item in real]
    whole = build_index(docs)
    monkeypatch.setattr(build, "BLOCK", 1000)
    pieces = build_index(docs)
    assert len(whole.post_doc) > 5 * 1000
    for name in ARRAYS:
        assert np.array_equal(getattr(whole, name), getattr(pieces, name)), name
    assert whole.keys == pieces.keys and whole.components == pieces.components and whole.acronyms == pieces.acronyms


def test_gc_is_paused_during_a_build_and_restored():
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()  # left as it was
    finally:
        gc.enable()
