"""The docs page in a real browser: headless Chromium opens /api/docs from devhost (a subprocess on a free port),
runs Swagger UI, and every operation of the document is listed. A screenshot is saved to
.data/docs-screenshot.png (git-ignored) for a person to look at."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.reservation_race import cli, devhost, environment

CHROMIUM = Path("/usr/bin/chromium")
REPO_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT = REPO_ROOT / ".data" / "docs-screenshot.png"

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed (tools/system-deps.sh installs it)")


def chromium(profile: Path, *arguments: str) -> str:
    """Headless Chromium, isolated and quiet (no sync, updates or background traffic); virtual time lets the
    page's scripts finish before the DOM is dumped or the screenshot taken."""
    command = [
        str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--hide-scrollbars", f"--user-data-dir={profile}", "--virtual-time-budget=20000", *arguments,
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.fixture(scope="module")
def api_base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data = tmp_path_factory.mktemp("docs-browser")
    env = environment(data)
    cli(env, "migrate")
    with devhost(env, data / "devhost.log") as base:
        yield base


def test_the_docs_page_lists_every_operation_of_the_document(api_base: str, tmp_path: Path) -> None:
    document = httpx.get(f"{api_base}/openapi.json", timeout=10).json()
    dom = chromium(tmp_path / "profile", "--dump-dom", f"{api_base}/docs")
    assert "Loading the API reference" not in dom, "Swagger UI did not start"
    for item in document["paths"].values():
        for operation in item.values():
            tag = operation["tags"][0].replace(" ", "_")
            assert f'id="operations-{tag}-{operation["operationId"]}"' in dom, operation["operationId"]
            assert f'>{operation["summary"]}<' in dom, operation["summary"]
    assert "Authorize" in dom  # the key can be entered to try operations


def test_a_screenshot_of_the_docs_page_is_saved(api_base: str, tmp_path: Path) -> None:
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    SCREENSHOT.unlink(missing_ok=True)
    chromium(tmp_path / "profile", "--window-size=1280,2400", f"--screenshot={SCREENSHOT}", f"{api_base}/docs")
    picture = SCREENSHOT.read_bytes()
    assert picture.startswith(b"\x89PNG\r\n\x1a\n")
    # A page that rendered (coloured operation bars, text) compresses far worse than a blank one.
    assert len(picture) > 50_000
