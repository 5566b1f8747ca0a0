"""The benchmark's figures on a demo store: page data times, the publication built from scratch,
false alarms on null data, and the observatory's export and queries."""

from __future__ import annotations

import os
import shutil
import statistics
from pathlib import Path
from typing import Any

from mututrack.bench.imports import timed
from mututrack.queries import sql_text

__all__ = [
    "NULL_SHUFFLES",
    "NULL_SEED",
    "OBSERVATORY_TERRITORIES",
    "OBSERVATORY_RUNS",
    "page_figures",
    "publication_seconds",
    "null_figures",
    "observatory_figures",
]

NULL_SHUFFLES = 10
NULL_SEED = 20261204
# Observatory: one territory's export filed this many times over (docs/observatory.md "Scale").
OBSERVATORY_TERRITORIES = (10, 100, 1000)
OBSERVATORY_RUNS = 3  # the three paths interleaved, this many times; the median counts (a noisy machine)


def page_figures(db_path: Path) -> dict[str, Any]:
    """Seconds to get each page's data through ``ui.view``: ``computed_seconds`` (a selection nobody
    opened since the last write: computed from the store), ``cold_seconds`` (the first visit after
    an import, which prepares every page's default view: read back from the store, empty process
    cache), ``warm_seconds`` (the next visits) and ``selection_seconds`` (then, a project nobody
    chose yet, as in a server started after the import: the defaults and the drivers kept, nothing
    in the process's memory); ``prepare_seconds`` is what preparing costs the import
    (views/stored.py)."""
    os.environ["MUTUTRACK_DB"] = str(db_path)
    import streamlit as st

    from mututrack import ui
    from mututrack.filters import Filters
    from mututrack.views import VIEWS, stored

    stored.forget(ui.store())
    pages: dict[str, dict[str, float]] = {}
    for name in VIEWS:
        st.cache_data.clear()
        computed, _ = timed(lambda name=name: ui.view(name, Filters()))
        pages[name] = {"computed_seconds": computed}
    stored.forget(ui.store())
    prepare, _ = timed(lambda: stored.warm(ui.store()))
    for name in VIEWS:
        st.cache_data.clear()
        cold, _ = timed(lambda name=name: ui.view(name, Filters()))
        warm, _ = timed(lambda name=name: ui.view(name, Filters()))
        pages[name].update(cold_seconds=cold, warm_seconds=warm)
    project = ui.store().value("bench_first_project")
    for name in VIEWS:
        st.cache_data.clear()
        ui.store().memo.clear()
        chosen, _ = timed(lambda name=name: ui.view(name, Filters(project=project)))
        pages[name]["selection_seconds"] = chosen
    return {"prepare_seconds": prepare, "pages": pages}


def publication_seconds(db_path: Path) -> float:
    """Seconds to build what every wave publishes from scratch (atoms and their stored frequencies),
    as each import and undo does for the waves it changed."""
    from mututrack.publication import build
    from mututrack.store import Store

    store = Store(db_path)
    try:
        with store.transaction(bump_version=False) as cur:
            cur.execute(sql_text("bench_forget_publications"))
        seconds, _ = timed(lambda: build.refresh_all(store))
    finally:
        store.close()
    return seconds


def null_figures(db_path: Path, shuffles: int = NULL_SHUFFLES) -> dict[str, Any]:
    """Per family, the share of views with a star over ``shuffles`` shuffles of the last two closed
    waves (``heatmap_previous``, ``trend``, ``alerts``), with ``shuffles``, ``views``, ``pair`` and
    ``within_bound`` (each family's starred share summed over shuffles stays within the 99th
    percentile of Binomial(shuffles, 5 %))."""
    from mututrack import nulldata
    from mututrack.store import Store

    store = Store(db_path)
    try:
        found = nulldata.run(store, shuffles, seed=NULL_SEED)
    finally:
        store.close()
    bound = nulldata.alarm_bound(shuffles)
    return {
        **found["shares"],
        "shuffles": shuffles,
        "views": found["views"],
        "pair": list(found["pair"]),
        "within_bound": {f: sum(found["per_shuffle"][f]) <= bound for f in nulldata.FAMILIES},
    }


def observatory_figures(db_path: Path, workdir: Path) -> dict[str, Any]:
    """Seconds to export the territory (every wave) as Parquet, and per number of territories of
    :data:`OBSERVATORY_TERRITORIES` (copies of that export) the observatory's query, its whole JSON
    answer, and a plain DuckDB query of the same files (median and quartiles only), in this run."""
    from mututrack import observatory
    from mututrack.report import parquet
    from mututrack.store import Store, scratch_query

    out = workdir / "observatory"
    store = Store(db_path)
    export_seconds, _ = timed(lambda: parquet.write(store, out, "t0"))
    store.close()
    paths = {
        "query_seconds": lambda: observatory.positions(out),
        "json_seconds": lambda: observatory.compare(out),
        "plain_duckdb_seconds": lambda: scratch_query("observatory_plain", files=observatory.files(out)),
    }
    timed_paths = {}
    for count in OBSERVATORY_TERRITORIES:
        _file_copies(out, count)
        runs = [{name: timed(action)[0] for name, action in paths.items()} for _ in range(OBSERVATORY_RUNS)]
        timed_paths[str(count)] = {name: statistics.median(run[name] for run in runs) for name in paths}
    return {"export_seconds": export_seconds, "observatory": timed_paths}


def _file_copies(out: Path, count: int) -> None:
    """``out`` holds ``count`` territories: ``t0``'s files copied as ``t1``, ``t2``…"""
    for number in range(1, count):
        target = out / f"territory=t{number}"
        if not target.exists():
            shutil.copytree(out / "territory=t0", target)
