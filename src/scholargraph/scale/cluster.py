"""The Dask cluster the scale engine runs on: an existing one (a ``distributed.Client``, or a scheduler address)
or, by default, a ``LocalCluster`` with one single-threaded worker process per core.

Workers are long-lived processes, so what a task loads once (the spaCy model, see :mod:`.extract`) stays loaded
for the next task and the next job. The same code runs on a laptop and on a cluster started by dask-jobqueue
(SLURM, PBS), dask-kubernetes or a cloud provider: give its scheduler address (``--scheduler``, or
``DASK_SCHEDULER_ADDRESS`` on the command line) or its client (``client=`` in Python). See docs/scale.md.

>>> missing_hint()
"pip install 'scholargraph[scale]' (dask[distributed] and pyarrow)"
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from ..errors import ConfigError

__all__ = ["cluster_client", "n_workers", "missing_hint", "require"]


def missing_hint() -> str:
    return "pip install 'scholargraph[scale]' (dask[distributed] and pyarrow)"


def require() -> Any:
    """The ``distributed`` module, or ConfigError saying how to install the scale extra."""
    try:
        import distributed
        import pyarrow  # noqa: F401  (the tables are Parquet)
    except ImportError as e:
        raise ConfigError(f"the Dask engine needs {e.name}: {missing_hint()}") from None
    return distributed


@contextmanager
def cluster_client(
    client: Any = None, scheduler: str | None = None, *, workers: int | None = None
) -> Iterator[Any]:
    """A ``distributed.Client`` for the duration of the block: ``client`` as it is (not closed here), else a
    client of the scheduler at ``scheduler`` (closed afterwards), else a new LocalCluster with ``workers``
    single-threaded worker processes (default: one per core), shut down afterwards."""
    if client is not None:
        yield client
        return
    distributed = require()
    if scheduler:
        try:
            c = distributed.Client(scheduler)  # waits dask's distributed.comm.timeouts.connect (30 s)
        except (OSError, TimeoutError) as e:
            raise ConfigError(
                f"cannot reach the Dask scheduler at {scheduler!r} ({e}). How to fix: start the cluster first "
                "(docs/scale.md), or leave --scheduler/DASK_SCHEDULER_ADDRESS unset for a local cluster"
            ) from None
        try:
            yield c
        finally:
            c.close()
        return
    n = workers or os.cpu_count() or 1
    cluster = distributed.LocalCluster(
        n_workers=n,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=logging.ERROR,
    )
    c = distributed.Client(cluster, set_as_default=False)
    try:
        yield c
    finally:
        c.close()
        cluster.close()


def n_workers(client: Any) -> int:
    """How many workers the cluster has now (at least 1)."""
    return max(1, len(client.scheduler_info().get("workers", {})))
