"""Browser journeys: a real Streamlit server on 127.0.0.1 and Debian's chromium driven by Playwright.

Each journey gets its own server on its own temporary database: a copy of the small demo as the app's
first start leaves it (``server``, ``start``), or an empty one for the first start itself
(``first_server``). A failed journey leaves a screenshot in
``test-artifacts/``. Without chromium the journeys are skipped locally and fail in CI.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "e2e" in item.nodeid:  # a browser journey: run in CI, left out by -m "not slow"
            item.add_marker(pytest.mark.e2e)
            item.add_marker(pytest.mark.slow)


@dataclass
class Server:
    url: str
    db: Path
    process: subprocess.Popen
    log: Path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(
    db: Path, *, env: dict[str, str] | None = None, args: list[str] | None = None, timeout: float = 60
) -> Server:
    """A Streamlit server on a free local port, healthy before this returns (``args``: more options)."""
    port = _free_port()
    log = db.with_suffix(".log")
    environ = {**os.environ, "MUTUTRACK_DB": str(db), "MUTUTRACK_SECRET": "e2e-secret", **(env or {})}
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
         *(args or [])],
        cwd=ROOT, env=environ, stdout=log.open("w"), stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                return Server(url, db, process, log)
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise RuntimeError(f"Streamlit did not become healthy:\n{log.read_text()}")


def _stop(running: Server, request: pytest.FixtureRequest) -> None:
    running.process.terminate()
    try:
        running.process.wait(10)
    except subprocess.TimeoutExpired:
        running.process.kill()
    if _failed(request):  # the server's own log beside the screenshots
        ARTIFACTS.mkdir(exist_ok=True)
        shutil.copy(running.log, ARTIFACTS / f"{request.node.name}-{running.log.stem}.log")


@pytest.fixture
def first_server(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Server]:
    """A server on a fresh, empty database: the first visit creates the demo, as on a new machine."""
    running = start_server(tmp_path / "e2e.duckdb")
    yield running
    _stop(running, request)


@pytest.fixture
def server(start: Callable[..., Server]) -> Server:
    """A server on a copy of the small demo as the app's first start leaves it (its pages' default
    views kept, in both languages): the journey starts where a first visit ends, without creating
    the demo again."""
    return start()


@pytest.fixture
def start(tmp_path: Path, request: pytest.FixtureRequest, demo_db: Path) -> Iterator[Callable[..., Server]]:
    """``start(env={...})``: a server on its own copy of the small demo (see :func:`server`), stopped
    after the test."""
    started: list[Server] = []

    def _start(*, env: dict[str, str] | None = None, args: list[str] | None = None) -> Server:
        db = tmp_path / f"e2e-{len(started)}.duckdb"
        shutil.copyfile(demo_db, db)
        running = start_server(db, env=env, args=args)
        started.append(running)
        return running

    yield _start
    for running in started:
        _stop(running, request)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("chromium is required for the browser journeys in CI")
        pytest.skip("chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS, headless=True)
        yield launched
        launched.close()


@pytest.fixture
def new_page(browser, request: pytest.FixtureRequest) -> Iterator[Callable[..., object]]:
    """``new_page()``: a page in a new browser context (a separate session); each one is saved as a
    screenshot in ``test-artifacts/`` when the test fails."""
    contexts = []

    def _new_page(*, viewport: dict[str, int] | None = None) -> object:
        context = browser.new_context(viewport=viewport or {"width": 1400, "height": 900}, locale="fr-FR",
                                      accept_downloads=True)
        context.set_default_timeout(60_000)  # a loaded 2-core machine runs the app and the browser
        contexts.append(context)
        return context.new_page()

    yield _new_page
    failed = _failed(request)
    for number, context in enumerate(contexts):
        if failed:
            ARTIFACTS.mkdir(exist_ok=True)
            suffix = f"-{number + 1}" if number else ""
            for opened in context.pages:
                opened.screenshot(path=str(ARTIFACTS / f"{request.node.name}{suffix}.png"), full_page=True)
        context.close()


@pytest.fixture
def page(new_page) -> object:
    return new_page()


def _failed(request: pytest.FixtureRequest) -> bool:
    report = getattr(request.node, "rep_call", None)
    return report is not None and report.failed


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


# Connected, no script run and no skeleton, for ``quiet`` ms in a row. The attribute reads
# ``notRunning`` for a moment between a run that calls st.rerun and the next one (the first run
# leaves the legacy pages mode that way), and before a click's rerun reaches the server.
_READY = """quiet => {
  const app = document.querySelector("[data-testid='stApp']");
  const ready = app && app.dataset.testConnectionState === "CONNECTED"
    && app.dataset.testScriptState === "notRunning" && !document.querySelector("[data-testid='stSkeleton']");
  if (!ready) { window.__readySince = undefined; return false; }
  window.__readySince ??= performance.now();
  return performance.now() - window.__readySince >= quiet;
}"""


def wait_ready(page, timeout: float = 60_000, *, quiet: float = 300) -> None:
    """Wait until the app is connected, its script run is over and no skeleton is left, steadily."""
    page.evaluate("window.__readySince = undefined")
    page.wait_for_function(_READY, arg=quiet, timeout=timeout, polling=100)


def goto(page, url: str, timeout: float = 60_000) -> None:
    """Open ``url`` and wait until the page is ready."""
    page.goto(url)
    wait_ready(page, timeout)


def assert_no_exception(page) -> None:
    """No Streamlit exception element anywhere on the page."""
    assert page.locator("[data-testid='stException']").count() == 0, page.locator(
        "[data-testid='stException']").first.inner_text()
