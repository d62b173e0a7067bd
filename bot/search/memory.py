"""Process memory housekeeping around big builds (indexing, loading the cache)."""
from __future__ import annotations

import ctypes
import gc
from contextlib import contextmanager
from typing import Iterator


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
