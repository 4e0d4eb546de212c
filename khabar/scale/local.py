"""The local engine: a process pool on this machine (``khabar ingest --workers N``)."""
from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from .engine import Runner
from .work import init_worker


def default_workers() -> int:
    """The cores this process may use (the affinity mask, not the machine's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


class PoolRunner(Runner):
    """Worker processes started by a fork server: they share its clean state (no threads, no open database
    connections) and each builds its Pipeline once."""

    def __init__(self, workers: int):
        self.workers = workers
        methods = multiprocessing.get_all_start_methods()
        self._ctx = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
        self._pool = self._start()

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.workers, mp_context=self._ctx, initializer=init_worker,
                                   initargs=(os.getpid(),))

    def submit(self, fn, *args: Any) -> Future:
        return self._pool.submit(fn, *args)

    def recover(self, exc: BaseException) -> bool:
        if isinstance(exc, BrokenProcessPool):  # a worker died (killed, out of memory, crashed in C)
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = self._start()
            return True
        return False

    def close(self, *, cancel: bool = False) -> None:
        if cancel:
            # stop now: queued chunks are dropped, the workers are ended (their results would be discarded anyway)
            procs = list((getattr(self._pool, "_processes", None) or {}).values())
            self._pool.shutdown(wait=False, cancel_futures=True)
            for p in procs:
                if p.is_alive():
                    p.terminate()
            for p in procs:
                p.join(timeout=5)
        else:
            self._pool.shutdown(wait=True)
