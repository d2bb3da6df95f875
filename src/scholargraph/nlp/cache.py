"""Content-addressed cache of per-paper extraction records, in one SQLite file inside the store's ``cache/``.

The key of a record is ``sha256(fingerprint + NUL + text)`` where the fingerprint (:func:`fingerprint`) covers
everything that changes the record: model name and version, enabled components, the entity pattern files,
extraction options and the scholargraph version. Changing any of them, or the text, misses the cache.

SQLite gives atomic, crash-safe writes and safe concurrent readers/writers (WAL journal, busy timeout), and
reads thousands of records in one query: much faster than one file per paper.

>>> import tempfile
>>> key = cache_key("Title.\\nAbstract", fingerprint({"model": "m"}))
>>> with tempfile.TemporaryDirectory() as d:
...     with ExtractionCache(d) as cache:
...         cache.put_many({key: {"occ": []}})
...         found = cache.get_many([key, "missing"])
>>> found == {key: {"occ": []}}
True
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from ..errors import StoreError

__all__ = ["ExtractionCache", "cache_key", "fingerprint", "CACHE_FILE"]

CACHE_FILE = "extract-records.sqlite"
_CHUNK = 500


def fingerprint(settings: Mapping[str, Any]) -> str:
    """sha256 of the settings (canonical JSON): one part of every cache key.

    >>> fingerprint({"b": 1, "a": 2}) == fingerprint({"a": 2, "b": 1})
    True
    """
    return hashlib.sha256(
        json.dumps(settings, sort_keys=True, ensure_ascii=False).encode("utf-8")
    ).hexdigest()


def cache_key(text: str, fp: str) -> str:
    """The record key of a text under a settings fingerprint (sha256 hex)."""
    return hashlib.sha256(fp.encode("ascii") + b"\0" + text.encode("utf-8")).hexdigest()


class ExtractionCache:
    """Key -> record (a JSON-able dict) store in ``cache_dir/extract-records.sqlite``. Use as a context manager."""

    def __init__(self, cache_dir: str | Path) -> None:
        self.path = Path(cache_dir) / CACHE_FILE
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.conn = sqlite3.connect(self.path, timeout=60)
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.execute(
                "CREATE TABLE IF NOT EXISTS records (key TEXT PRIMARY KEY, value TEXT NOT NULL)"
            )
            self.conn.commit()
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(
                f"cache_dir: cannot open the extraction cache {self.path}: {exc}. "
                "How to fix: check the folder is writable, or delete the file to rebuild the cache"
            ) from exc

    def __enter__(self) -> ExtractionCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    def __len__(self) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM records").fetchone()[0])

    def get_many(self, keys: Iterable[str]) -> dict[str, dict[str, Any]]:
        """The records stored under those keys (missing keys are absent from the result)."""
        keys = list(dict.fromkeys(keys))
        out: dict[str, dict[str, Any]] = {}
        try:
            for i in range(0, len(keys), _CHUNK):
                part = keys[i : i + _CHUNK]
                rows = self.conn.execute(
                    f"SELECT key, value FROM records WHERE key IN ({','.join('?' * len(part))})", part
                )
                for key, value in rows:
                    out[key] = json.loads(value)
        except (sqlite3.Error, json.JSONDecodeError) as exc:
            raise StoreError(
                f"the extraction cache {self.path} is damaged ({exc}). How to fix: delete that file; "
                "the next run rebuilds it"
            ) from exc
        return out

    def put_many(self, records: Mapping[str, Mapping[str, Any]]) -> None:
        """Store records (one transaction; an existing key is replaced)."""
        rows = [(k, json.dumps(v, ensure_ascii=False, separators=(",", ":"))) for k, v in records.items()]
        try:
            with self.conn:
                self.conn.executemany("INSERT OR REPLACE INTO records (key, value) VALUES (?, ?)", rows)
        except sqlite3.Error as exc:
            raise StoreError(
                f"cannot write the extraction cache {self.path}: {exc}. How to fix: check free space and "
                "permissions, or delete the file"
            ) from exc
