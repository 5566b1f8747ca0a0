"""Pages' data kept in the store (views/stored.py): exact round trips, never stale, never blocking."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import numpy as np
import pandas as pd
import pytest
import streamlit as st

from mututrack import i18n, ui
from mututrack.filters import Filters
from mututrack.store import Store, default_db_path
from mututrack.views import VIEWS, stored


@pytest.fixture
def demo_store(demo_store: Store) -> Store:
    """The demo without the pages' data its template keeps: these tests watch what gets kept."""
    stored.forget(demo_store)
    return demo_store


def _same(a: Any, b: Any, where: str) -> None:
    if isinstance(a, pd.DataFrame):
        pd.testing.assert_frame_equal(a, b, check_exact=True, obj=where)
        return
    if isinstance(a, np.generic):  # numpy scalars come back as the Python number they equal
        a = a.item()
    assert type(a) is type(b), (where, type(a), type(b))
    if isinstance(a, dict):
        assert list(a) == list(b), where
        for key in a:
            _same(a[key], b[key], f"{where}.{key}")
    elif isinstance(a, (list, tuple)):
        assert len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            _same(x, y, f"{where}[{i}]")
    elif isinstance(a, float) and np.isnan(a):
        assert np.isnan(b), where
    else:
        assert a == b, (where, a, b)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_view_of_the_demo_comes_back_exactly(demo_store: Store, lang: str) -> None:
    i18n.set_language(lang)
    for name, chosen in [(n, Filters()) for n in VIEWS] + [("qvt", Filters(project="VOIRIE")),
                                                             ("overview", Filters(category="C"))]:
        value = stored.compute(demo_store, name, chosen, lang)
        _same(value, stored.decode(stored.encode(value)), name)


def test_a_kept_view_is_read_back_without_computing(
    demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = stored.compute(demo_store, "qvt", Filters(), "fr")
    kept = demo_store.sql("select distinct view, lang, data_version from view_results order by view")
    version = demo_store.data_version()  # the page, and the drivers it shows (views/drivers.py)
    assert kept.values.tolist() == [["drivers", "-", version], ["qvt", "fr", version]]

    def refuse(*_: Any, **__: Any) -> None:
        raise AssertionError("computed again")

    monkeypatch.setattr("mututrack.views.qvt.compute", refuse)
    _same(first, stored.compute(demo_store, "qvt", Filters(), "fr"), "qvt")
    with pytest.raises(AssertionError, match="computed again"):  # another selection is computed
        stored.compute(demo_store, "qvt", Filters(category="A"), "fr")


def test_the_drivers_are_kept_once_for_every_selection_and_process(
    demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The levers' bootstrap is the same whatever the selection: computed once after a write, then
    read back from the store by any selection, in any process (a store opened again)."""
    first = stored.compute(demo_store, "qvt", Filters(), "fr")["drivers"]
    assert first["wave"], "the demo has a closed wave to analyse"

    def refuse(*_: Any, **__: Any) -> None:
        raise AssertionError("drivers computed again")

    monkeypatch.setattr("mututrack.publication.drivers.compute", refuse)
    demo_store.memo.clear()  # as in another process
    other = stored.compute(demo_store, "qvt", Filters(category="A"), "fr")["drivers"]
    _same(first, other, "drivers")
    with demo_store.transaction() as cur:  # any write: computed again
        cur.execute("update settings set value = value where false")
    with pytest.raises(AssertionError, match="drivers computed again"):
        stored.compute(demo_store, "qvt", Filters(category="B"), "fr")


def test_a_write_empties_what_was_kept_and_other_days_are_not_read(demo_store: Store) -> None:
    stored.warm(demo_store)
    kept = set(demo_store.sql("select view from view_results")["view"])
    assert kept == set(VIEWS) - stored.NOT_KEPT | {"drivers"}
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    assert stored.fetch(demo_store, "overview", Filters().key(), "fr", day=tomorrow) is None
    assert stored.fetch(demo_store, "overview", Filters().key(), "en") is None  # warmed in French only
    assert stored.fetch(demo_store, "overview", Filters().key(), "fr") is not None
    demo_store.set_setting("anonymity_k", "6")  # any committed write
    assert demo_store.scalar("select count(*) from view_results") == 0


def test_data_changed_while_computing_is_not_kept(demo_store: Store) -> None:
    version = demo_store.data_version()
    demo_store.set_setting("something", "else")
    assert not stored.keep(
        demo_store, "filters", Filters().key(), "fr", {"a": 1}, seconds=0.1, version=version
    )
    assert demo_store.scalar("select count(*) from view_results") == 0


def test_comments_are_never_kept(demo_store: Store) -> None:
    stored.compute(demo_store, "comments", Filters(), "fr")
    assert demo_store.scalar("select count(*) from view_results") == 0


def test_keeping_never_waits_behind_a_write(demo_store: Store) -> None:
    holding, release = threading.Event(), threading.Event()

    def long_write() -> None:
        with demo_store.transaction():
            holding.set()
            release.wait(10)

    writer = threading.Thread(target=long_write)
    writer.start()
    holding.wait(10)
    try:
        assert not stored.keep(demo_store, "filters", Filters().key(), "fr", {"a": 1}, seconds=0.1)
    finally:
        release.set()
        writer.join()
    assert stored.keep(demo_store, "filters", Filters().key(), "fr", {"a": 1}, seconds=0.1)


def test_unknown_values_are_computed_each_time_not_kept(demo_store: Store) -> None:
    with pytest.raises(stored.CodecError):
        stored.encode({"odd": object()})
    assert not stored.keep(demo_store, "filters", Filters().key(), "fr", {"odd": {1: "x"}}, seconds=0.1)


def test_the_app_reads_the_pages_prepared_after_the_demo(demo_app, monkeypatch: pytest.MonkeyPatch) -> None:
    prepared = Store(default_db_path())
    stored.warm(prepared)
    prepared.close()
    st.cache_data.clear()
    for name in VIEWS:
        if name not in stored.NOT_KEPT:
            monkeypatch.setattr(f"{VIEWS[name]}.compute", lambda *_a, **_k: pytest.fail("computed again"))
    assert set(ui.view("overview", Filters())) >= {"kpis", "alerts"}


class _Bar:
    """An ``st.progress`` that remembers how far it went."""

    def __init__(self) -> None:
        self.done: list[float] = []

    def progress(self, value: float, text: str = "") -> None:
        self.done.append(value)


@pytest.mark.parametrize(("role", "computed"), [
    ("hr", 1),
    ("director", 0),  # may not open the comments page: preparing it would be work lost
    ("council", 0),
])
def test_the_comments_are_prepared_only_for_a_role_that_reads_them(
    demo_app, monkeypatch: pytest.MonkeyPatch, role: str, computed: int
) -> None:
    from mututrack.views import comments

    monkeypatch.setenv("MUTUTRACK_ROLE", role)
    calls = []
    real = comments.compute
    monkeypatch.setattr(comments, "compute", lambda *args: calls.append(args) or real(*args))
    bar = _Bar()
    ui.prepare_pages(bar)
    assert len(calls) == computed
    assert bar.done[-1] == 1.0 and bar.done == sorted(bar.done)


def test_a_visitor_not_signed_in_is_not_asked_to_while_the_pages_are_prepared(
    demo_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mututrack.ui import access

    monkeypatch.setattr(access, "_secrets", lambda: {"auth": {"client_id": "test"}})
    monkeypatch.setattr(access, "_only_page", lambda render: pytest.fail("asked to sign in"))
    monkeypatch.setattr("mututrack.views.comments.compute", lambda *_a: pytest.fail("comments computed"))
    bar = _Bar()
    ui.prepare_pages(bar)  # the first start's work: the frame asks them to sign in afterwards
    assert bar.done[-1] == 1.0
