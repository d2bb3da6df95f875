"""Fixtures of the Dask engine's tests: one LocalCluster per session (two single-threaded worker processes, the
cores CI has), the real corpora, and a WoS store with its Parquet tables."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def dask_client():
    """A ``distributed.Client`` of a LocalCluster with 2 workers, shut down at the end of the session."""
    from scholargraph.scale.cluster import cluster_client

    with cluster_client(workers=2) as client:
        yield client


@pytest.fixture(scope="session")
def wos_files(corpora):
    files = sorted((corpora / "wos-javeriana-cali").glob("*.txt.gz"))
    assert len(files) == 13, f"expected the 13 WoS files of wos-javeriana-cali, found {len(files)}"
    return files


@pytest.fixture(scope="session")
def hf_listing(corpora):
    return corpora / "hf-daily-papers" / "daily-papers-listing.txt"
