"""Shared fixtures: a fresh store per test, and an app pointed at a temporary database."""

from __future__ import annotations

import functools
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit import config as st_config
from streamlit.components.v2 import manifest_scanner
from streamlit.testing.v1 import AppTest

from mututrack import i18n
from mututrack.store import Store, close_all, default_db_path

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test gets its own database path and secret, French, and empty Streamlit caches."""
    monkeypatch.setenv("MUTUTRACK_DB", str(tmp_path / "mututrack.duckdb"))
    monkeypatch.setenv("MUTUTRACK_SECRET", "test-secret")
    monkeypatch.delenv("MUTUTRACK_ROLE", raising=False)
    monkeypatch.chdir(ROOT)  # AppTest reads .streamlit/config.toml from the current directory
    i18n.set_language("fr")
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    close_all()


@pytest.fixture
def store() -> Iterator[Store]:
    """An empty in-memory store."""
    fresh = Store()
    yield fresh
    fresh.close()


@pytest.fixture
def demo_app(demo_db: Path) -> Path:
    """The app's database (``MUTUTRACK_DB``) is a copy of the small demo territory, as on a first run."""
    target = default_db_path()
    shutil.copyfile(demo_db, target)
    return target


@pytest.fixture
def cold_demo_app(demo_app: Path) -> Path:
    """The small demo as :func:`demo_app`, without the pages' data the template keeps: every view is
    computed by the page that asks for it (a test that breaks a view's computation needs that)."""
    from mututrack.views import stored

    store = Store(demo_app)
    stored.forget(store)
    store.close()
    return demo_app


@pytest.fixture
def empty_app() -> None:
    """The app's database holds one real import and no row: nothing to show, and no demo created either."""
    from tests.fixtures_involvement import insert

    store = Store(default_db_path())
    insert(store, {})
    store.close()


def open_page(page: str, *, timeout: int = 90) -> AppTest:
    """The app started from ``dashboard.py`` on ``page`` (as its URL opens it: one run, not the
    Overview's first), which raised nothing."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=timeout)
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small demo territory on disk, generated once per test session (copy it before writing), with
    every page's default view kept in both languages: a page test reads them back, as the app does."""
    from mututrack import demo
    from mututrack.views import stored

    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    built = Store(path)
    demo.generate(built, scale="small", seed=42)
    stored.warm(built, langs=("fr", "en"))  # as the app's first start does, in both languages
    built.close()
    return path


@pytest.fixture
def demo_store(demo_db: Path, tmp_path: Path) -> Iterator[Store]:
    """A private copy of the small demo territory."""
    copy = tmp_path / "demo-copy.duckdb"
    copy.write_bytes(demo_db.read_bytes())
    opened = Store(copy)
    yield opened
    opened.close()


def pytest_configure(config: pytest.Config) -> None:
    # Without this AppTest redacts exception messages, and failures say nothing.
    st_config.set_option("client.showErrorDetails", "full")
    # Each new AppTest scans every installed package for Streamlit components on its first run
    # (about 3 s here, measured); the installed packages do not change during a test run.
    manifest_scanner.scan_component_manifests = functools.cache(manifest_scanner.scan_component_manifests)
    # The same secret for stores a session or module fixture builds and for each test (the autouse
    # fixture sets it too): a secret set by the caller (CI's) would not open their keys.
    os.environ["MUTUTRACK_SECRET"] = "test-secret"


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The slow tests (browser journeys, sweeps, fuzzing: marked ``slow``) first, in their order: the
    test workers start on the long ones and end on short ones, which they share out evenly."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)
