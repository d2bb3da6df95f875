#!/usr/bin/env bash
# Run the whole test suite: installs the package with its test extras, lints, then pytest.
# pytest's session fixture assembles Neo4j Community 5.26 from Maven Central (cached in
# ~/.cache/scholargraph) and starts/stops a real server on loopback for the Neo4j tests.
set -euo pipefail
cd "$(dirname "$0")/.."
python -m pip install -q --disable-pip-version-check -e ".[test]"
python -m ruff check .
python -m ruff format --check .
python -m pytest "$@"
