"""Process memory housekeeping around big builds (indexing, loading the cache)."""
from __future__ import annotations

import ctypes
import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many objects at once.

    Loading 100,000 items creates millions of objects, and each collection pass walks
    all of them; pausing makes unpickling ~3x and indexing ~1.2x faster.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def release_free_memory() -> None:
    """Hand the build's freed temporaries back to the system (glibc keeps them otherwise)."""
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: nothing to do
        pass


# mallopt() parameters (glibc's malloc.h).
_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
_KEEP = 1 << 30
# After a build: glibc's own ceilings for its adaptive thresholds (64-bit), so arrays of
# up to 32 MB, such as a query's per-item scores, reuse freed memory rather than mapping
# fresh pages.
_MMAP_AFTER = 32 << 20
_TRIM_AFTER = 64 << 20


@contextmanager
def freed_memory_reused(enabled: bool = True) -> Iterator[None]:
    """Let malloc reuse freed memory instead of returning it to the system while building.

    A build allocates and frees arrays of many MB per batch. By default glibc serves each
    from fresh pages (mmap), and every first touch of a page costs a page fault: ~10-15 %
    of the index build on a virtual machine. Here freed memory stays in the heap for
    the next batch; afterwards it is handed back (release_free_memory). No-op off glibc,
    and when not enabled (small builds).
    """
    mallopt = _mallopt() if enabled else None
    if mallopt is not None:
        mallopt(_M_MMAP_THRESHOLD, _KEEP)
        mallopt(_M_TRIM_THRESHOLD, _KEEP)
    try:
        yield
    finally:
        if mallopt is not None:
            mallopt(_M_MMAP_THRESHOLD, _MMAP_AFTER)
            mallopt(_M_TRIM_THRESHOLD, _TRIM_AFTER)
            release_free_memory()


def _mallopt() -> Callable[[int, int], int] | None:
    try:
        return ctypes.CDLL("libc.so.6").mallopt
    except (OSError, AttributeError):  # not glibc
        return None
