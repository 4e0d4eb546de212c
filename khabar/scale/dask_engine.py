"""The Dask engine (``khabar ingest --engine dask``): chunks of articles go to the workers of a Dask cluster.

Without ``--scheduler`` a LocalCluster of ``--workers`` single-threaded processes is started here. Workers must
have khabar installed (the tasks refer to ``khabar.scale.work`` by name). On PostgreSQL the workers write their
own results; on SQLite (one writer) and for Parquet the client writes what they return.
"""
from __future__ import annotations

from typing import Any

from ..errors import PipelineError
from .engine import Runner


class DaskRunner(Runner):
    def __init__(self, scheduler: str | None, workers: int):
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError:
            raise PipelineError("the Dask engine needs dask: pip install 'khabar[dask]'") from None
        self._cluster = None
        try:
            if scheduler:
                self.client = Client(scheduler, timeout="20s")
            else:
                self._cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                             dashboard_address=None, silence_logs=40)
                self.client = Client(self._cluster)
        except OSError as exc:
            raise PipelineError(f"cannot reach the Dask scheduler {scheduler or '(local)'}: {exc}") from None
        self.workers = max(1, sum(w.get("nthreads", 1) for w in self.client.scheduler_info()["workers"].values())) \
            if scheduler else workers

    def submit(self, fn, *args: Any):
        return self.client.submit(fn, *args, pure=False)

    def recover(self, exc: BaseException) -> bool:
        return True  # Dask reschedules around lost workers; retry the chunk's articles one by one

    def close(self, *, cancel: bool = False) -> None:
        try:
            self.client.close()  # releases (and so cancels) the futures still pending
        finally:
            if self._cluster is not None:
                self._cluster.close()
