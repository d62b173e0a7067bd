"""Running a function over contiguous slices of a list, the later slices in forked processes.

Indexing 100,000 items is CPU-bound Python and numpy work; on two CPUs, building part of
it in a child process cuts the wall time by about a third (9.3–11 s -> 6.9–8.8 s on the
development VM). A forked child sees the parent's items without copying or pickling them
and sends back only its result.

Forking is used only where it is safe and pays: on Linux, with fork, no other thread
runs (a fork copies just the calling thread, and another thread could hold a lock),
there are at least two usable CPUs and enough items. Anything that goes wrong in a child
(it dies, raises, or its result can't be sent) is logged and the slice is computed in
this process instead, so the result never depends on the path taken.
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
import sys
import threading
from collections.abc import Callable
from itertools import pairwise
from multiprocessing.connection import Connection
from typing import TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")
Job = Callable[[list[T], int, int], R]  # fn(items, lo, hi) -> the result for items[lo:hi]

MIN_ITEMS = 20_000  # below this, forking costs more than it saves
MAX_WORKERS = 2
# This process does more of the work than each child: a child runs ~10-20 % slower (its
# first write to each page it shares with the parent copies the page) and must send its
# result back.
PARENT_WEIGHT = 1.15


def can_fork() -> bool:
    """True when a child process can safely be forked from here (Linux only: on macOS,
    system libraries numpy may use are not safe to fork)."""
    return (sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()
            and threading.active_count() == 1)


def usable_cpus() -> int:
    """CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def default_workers(n_items: int) -> int:
    """How many processes to share n_items between (1: no forking)."""
    if n_items < MIN_ITEMS or not can_fork():
        return 1
    return max(1, min(MAX_WORKERS, usable_cpus()))


def slices(n_items: int, workers: int, align: int = 1) -> list[tuple[int, int]]:
    """`workers` contiguous (lo, hi) ranges covering range(n_items), the first PARENT_WEIGHT
    times the size of the others; inner bounds are multiples of align."""
    total = PARENT_WEIGHT + workers - 1
    bounds = [0]
    for k in range(1, workers):
        share = (PARENT_WEIGHT + k - 1) / total
        bounds.append(min(n_items, max(bounds[-1], round(n_items * share / align) * align)))
    bounds.append(n_items)
    return [(lo, hi) for lo, hi in pairwise(bounds) if hi > lo] or [(0, 0)]


def map_slices(fn: Job, items: list[T], workers: int, align: int = 1) -> list[R]:
    """[fn(items, lo, hi) for each of `workers` slices], the first here, the others in children."""
    ranges = slices(len(items), workers, align)
    children = [_fork(fn, items, lo, hi) for lo, hi in ranges[1:]] if len(ranges) > 1 and can_fork() else []
    results = [fn(items, *ranges[0])]
    for k, (lo, hi) in enumerate(ranges[1:]):
        result = children[k]() if children else None
        results.append(fn(items, lo, hi) if result is None else result[0])
    return results


def _fork(fn: Job, items: list[T], lo: int, hi: int) -> Callable[[], tuple[R] | None]:
    """Start fn(items, lo, hi) in a forked child; the returned call waits for its result
    ((result,), or None when the child failed)."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_run_child, args=(sender, fn, items, lo, hi), daemon=True,
                            name=f"kkrbot-index-{lo}")
    child.start()
    sender.close()

    def result() -> tuple[R] | None:
        try:
            status, value = _receive(receiver)
        except (EOFError, OSError, pickle.UnpicklingError) as exc:
            status, value = "error", f"no result ({exc!r}), exit code {child.exitcode}"
        finally:
            receiver.close()
            child.join()
        if status == "ok":
            return (value,)
        log.warning("items %d-%d: the child process failed (%s); doing them here instead", lo, hi, value)
        return None

    return result


def _run_child(sender: Connection, fn: Job, items: list[T], lo: int, hi: int) -> None:
    try:
        outcome = ("ok", fn(items, lo, hi))
    except BaseException as exc:  # reported to the parent, which redoes the work itself
        outcome = ("error", f"{type(exc).__name__}: {exc}")
    try:
        _send(sender, outcome)
    except Exception as exc:  # e.g. a result that can't be pickled
        _send(sender, ("error", f"sending the result failed: {exc!r}"))
    finally:
        sender.close()


def _send(sender: Connection, value: object) -> None:
    """Pickle a value with its large buffers (numpy arrays) sent apart, uncopied."""
    buffers: list[pickle.PickleBuffer] = []
    data = pickle.dumps(value, protocol=5, buffer_callback=buffers.append)
    sender.send([len(b.raw()) for b in buffers])
    sender.send_bytes(data)
    for buffer in buffers:
        sender.send_bytes(buffer.raw())


def _receive(receiver: Connection) -> object:
    """What _send sent."""
    sizes = receiver.recv()
    data = receiver.recv_bytes()
    buffers = [bytearray(n) for n in sizes]
    for buffer in buffers:
        receiver.recv_bytes_into(buffer)
    return pickle.loads(data, buffers=buffers)
