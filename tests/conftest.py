"""Shared fixtures. Tests that need ../shared or Neo4j must run in CI (CI=true) and may only skip elsewhere."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def _shared() -> Path:
    env = os.environ.get("SCHOLARGRAPH_SHARED")
    return Path(env) if env else ROOT.parent / "shared"


def need(condition: bool, reason: str) -> None:
    """Skip on a user's machine, fail in CI: a test that needs something must run in CI."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"required in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def shared() -> Path:
    """The ../shared folder (corpora, design)."""
    path = _shared()
    need((path / "corpora").is_dir(), f"../shared/corpora not found at {path} (set SCHOLARGRAPH_SHARED)")
    return path


@pytest.fixture(scope="session")
def corpora(shared: Path) -> Path:
    return shared / "corpora"
