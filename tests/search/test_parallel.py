"""Building the index in two processes gives exactly the index built in one."""
from __future__ import annotations

import dataclasses
import functools
import logging
import os
from itertools import pairwise

import numpy as np
import pytest

from bot.search import parallel
from bot.search.build import BATCH, build_index


def needs_fork(test):
    """Skip a test where a child can't be forked (no fork, or other threads running)."""
    def run(*args, **kwargs):
        if not parallel.can_fork():
            pytest.skip("no fork here (platform, or other threads running)")
        return test(*args, **kwargs)
    return functools.wraps(test)(run)


@pytest.fixture(scope="module")
def varied_docs(kb):
    """The real items many times over: later copies reversed and with words of their own,
    so the second half meets words in another order and words the first half lacks."""
    real = list(kb.items())
    docs = []
    for copy in range(3 * BATCH // len(real) + 1):
        for meeting, item in (real if copy % 2 == 0 else real[::-1]):
            title = f"{item.title} tillæg{copy} ekstraord{copy % 7}" if copy > BATCH // len(real) else item.title
            docs.append((meeting, dataclasses.replace(item, title=title)))
    return docs


def _same_index(a, b) -> None:
    assert a.keys == b.keys and a.surface == b.surface and a.vocab == b.vocab
    for name in ("df", "offsets", "post_doc", "post_tfn", "post_field", "doc_meeting", "appointing"):
        assert np.array_equal(getattr(a, name), getattr(b, name)), name
    assert [id(m) for m in a.meetings] == [id(m) for m in b.meetings]
    assert a.acronyms == b.acronyms and a.by_length == b.by_length and a.components == b.components


@needs_fork
def test_two_processes_build_the_same_index(varied_docs, caplog):
    one = build_index(varied_docs, workers=1)
    with caplog.at_level(logging.WARNING, logger="bot.search.parallel"):
        two = build_index(varied_docs, workers=2)
    assert not caplog.records  # the child did its share
    assert len(one.keys) > 1000 and "ssu" in one.acronyms  # the real vocabulary and acronyms
    assert any(k.startswith("tillag") for k in one.keys)  # words only the later items have
    _same_index(one, two)


@needs_fork
def test_a_failing_child_is_redone_here(caplog):
    parent = os.getpid()

    def squares(items, lo, hi):
        if os.getpid() != parent:
            raise RuntimeError("child trouble")
        return [x * x for x in items[lo:hi]]

    with caplog.at_level(logging.WARNING, logger="bot.search.parallel"):
        parts = parallel.map_slices(squares, list(range(10)), workers=2)
    assert [x for part in parts for x in part] == [x * x for x in range(10)]
    assert "child trouble" in caplog.text


def test_slices_cover_everything_once():
    for n, workers, align in [(0, 2, 1), (5, 2, 1), (100_000, 2, 512), (1000, 3, 7), (3, 4, 1)]:
        ranges = parallel.slices(n, workers, align)
        assert ranges[0][0] == 0 and ranges[-1][1] == n
        assert all(a[1] == b[0] for a, b in pairwise(ranges))
        assert all(lo % align == 0 for lo, _ in ranges)
    first, second = parallel.slices(100_000, 2, 512)
    assert first[1] - first[0] > second[1] - second[0]  # this process takes the larger share


def test_small_knowledge_bases_stay_in_one_process():
    assert parallel.default_workers(parallel.MIN_ITEMS - 1) == 1
