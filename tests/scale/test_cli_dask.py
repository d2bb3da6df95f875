"""``scholargraph build --engine dask``: the same store as the local build, plus the Parquet tables;
DASK_SCHEDULER_ADDRESS (or --scheduler) points it at a running cluster."""

from __future__ import annotations

import json

import pytest

from scholargraph.cli import main
from scholargraph.errors import ConfigError
from scholargraph.pipeline import build_store
from scholargraph.scale.tables import TABLE_NAMES


def _graph(store):
    data = json.loads((store / "graph.json").read_text(encoding="utf-8"))
    data["meta"]["settings"].pop("engine", None)
    data["meta"]["settings"].pop("inputs")
    return data


def test_build_engine_dask_equals_local(hf_listing, dask_client, tmp_path, monkeypatch, capsys):
    local = tmp_path / "local"
    build_store([hf_listing], local, listing_date="2025-11-20")
    monkeypatch.setenv("DASK_SCHEDULER_ADDRESS", dask_client.scheduler.address)
    out = tmp_path / "dask"
    code = main(["-q", "build", str(hf_listing), "--out", str(out), "--listing-date", "2025-11-20",
                 "--engine", "dask", "--json"])  # fmt: skip
    assert code == 0
    listed = hf_listing.read_text(encoding="utf-8").count("\u00b7")  # one "·" per listed paper
    assert json.loads(capsys.readouterr().out)["papers"] == listed
    for name in ("corpus.jsonl", "annotations.json", "rejects.jsonl", "merges.jsonl", "files.jsonl"):
        assert (out / name).read_bytes() == (local / name).read_bytes(), name
    assert _graph(out) == _graph(local)
    assert json.loads((out / "graph.json").read_text())["meta"]["settings"]["engine"] == "dask"
    manifest = json.loads((out / "manifest.json").read_text())
    assert set(manifest["tables"]) == set(TABLE_NAMES)
    assert manifest["tables"]["papers"]["rows"] == listed
    for name, entry in manifest["tables"].items():
        assert all((out / f).is_file() for f in entry["files"]), name
    # the workers that built it are the fixture's: they loaded the model once and kept it
    assert all(n >= 1 for n in dask_client.run(lambda: len(__import__("scholargraph.scale.extract",
               fromlist=["_MODELS"])._MODELS)).values())  # fmt: skip


def test_scheduler_needs_engine_dask(hf_listing, tmp_path, capsys):
    code = main(["build", str(hf_listing), "--out", str(tmp_path / "s"), "--scheduler", "tcp://127.0.0.1:1"])
    assert code == 2 and "--scheduler needs --engine dask" in capsys.readouterr().err


def test_unreachable_scheduler_is_a_clear_error(hf_listing, tmp_path):
    import dask

    with (
        dask.config.set({"distributed.comm.timeouts.connect": "2s"}),
        pytest.raises(ConfigError, match="cannot reach the Dask scheduler"),
    ):
        build_store([hf_listing], tmp_path / "s", engine="dask", scheduler="tcp://127.0.0.1:9", extract=False,
                    listing_date="2025-11-20")  # fmt: skip
