"""Worker processes forked from the build, so that they share what it has loaded (the
dictionaries, the pages read, the indexes) instead of receiving it pickled."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor


def can_fork() -> bool:
    """Whether there are two CPUs or more and processes can be forked (not on Windows)."""
    return (os.cpu_count() or 1) > 1 and "fork" in multiprocessing.get_all_start_methods()


def each(task: Callable, shared, items: list) -> list:
    """``task(shared, item)`` for every item: side by side in forked processes (Forked),
    one per item and CPU, where there are two CPUs or more; else one after the other."""
    if not can_fork() or len(items) < 2:
        return [task(shared, item) for item in items]
    with Forked(task, shared, min(len(items), os.cpu_count() or 1)) as pool:
        return list(pool.map(items))


class Forked:
    """Processes that each call ``task(shared, item)`` for the items given to ``map``.
    ``shared`` reaches them through the fork (the pool's initializer arguments are not
    pickled when it forks); only the items and the answers are."""

    def __init__(self, task: Callable, shared, workers: int):
        self.pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_receive,
            initargs=(task, shared),
        )

    def map(self, items: Iterable, chunksize: int = 1) -> Iterator:
        """The answers, in the items' order."""
        return self.pool.map(_call, items, chunksize=chunksize)

    def shutdown(self) -> None:
        self.pool.shutdown()

    def __enter__(self) -> Forked:
        return self

    def __exit__(self, *exc) -> None:
        self.shutdown()


_given: tuple[Callable, object] | None = None
"""In a worker process only: the task and what it shares, as the fork handed them over."""


def _receive(task: Callable, shared) -> None:
    global _given
    _given = (task, shared)


def _call(item):
    task, shared = _given
    return task(shared, item)
