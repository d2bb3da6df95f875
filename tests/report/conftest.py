"""Headless Chromium for the report tests: screenshots and the DOM after scripts ran.

Chromium comes from Debian (``apt-get install -y chromium``); without it these tests skip locally and fail in
CI (``need``).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from ..conftest import need

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class Chromium:
    def __init__(self, exe: str, profile: Path) -> None:
        self.exe = exe
        self.profile = profile

    def _run(self, extra: list[str], url: str, timeout: float = 120) -> subprocess.CompletedProcess:
        cmd = [self.exe, *FLAGS, f"--user-data-dir={self.profile}", *extra, url]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)

    def screenshot(self, page: Path, png: Path, size: tuple[int, int] = (1280, 2000)) -> Path:
        res = self._run(
            [f"--screenshot={png}", f"--window-size={size[0]},{size[1]}"], page.resolve().as_uri()
        )
        assert png.is_file(), f"chromium wrote no screenshot (exit {res.returncode}): {res.stderr[-2000:]}"
        return png

    @staticmethod
    def image_stats(png: Path) -> dict[str, float]:
        """Distinct colours and the share of non-white pixels of a PNG (read with matplotlib)."""
        import matplotlib.image as mpimg
        import numpy as np

        img = mpimg.imread(str(png))[..., :3]
        flat = (img.reshape(-1, 3) * 255).round().astype(np.uint8)
        colours = len(np.unique(flat[:: max(1, len(flat) // 200_000)], axis=0))
        non_white = float((flat.min(axis=1) < 245).mean())
        return {"colours": colours, "non_white": non_white, "height": img.shape[0], "width": img.shape[1]}

    def dump_dom(self, page: Path) -> str:
        res = self._run(["--dump-dom", "--virtual-time-budget=3000"], page.resolve().as_uri())
        assert res.stdout.strip(), f"chromium printed no DOM (exit {res.returncode}): {res.stderr[-2000:]}"
        return res.stdout


@pytest.fixture(scope="session")
def chromium(tmp_path_factory: pytest.TempPathFactory) -> Chromium:
    exe = next(
        (shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)), None
    )
    need(exe is not None, "chromium is not installed (Debian: apt-get install -y chromium)")
    return Chromium(exe, tmp_path_factory.mktemp("chromium-profile"))
