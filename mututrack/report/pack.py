"""The council pack: the chosen slides as a PPTX deck and a PDF, each chart as PNG, the tables as CSV.

Every figure and every table comes from the slides' view data, already through ``privacy``; rows
of hidden groups are dropped from the tables and free-text comments are never included. One
layout, in inches on a 16:9 page (:mod:`mututrack.report.pack_pages`), serves both formats
(:mod:`mututrack.report.pack_formats`): python-pptx places it in the deck, Pillow draws it on
1600 × 900 pages (× :data:`PAGE_SCALE`) saved as a multi-page PDF, so nothing but the Chromium that
draws the charts is needed at run time. This module builds the pack and writes it out.
"""

from __future__ import annotations

import datetime as dt
import importlib
import io
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from mututrack import charts
from mututrack.exports import safe_csv
from mututrack.filters import Filters
from mututrack.i18n import t
from mututrack.publication import suppression as privacy
from mututrack.report import render, slides
from mututrack.report.pack_formats import to_pdf, to_pptx
from mututrack.report.pack_pages import CHART_PIXELS, PAGE_SCALE
from mututrack.store import Store
from mututrack.views import VIEWS, scoping

__all__ = [
    "DOWNLOADS",
    "Pack",
    "PackSlide",
    "build",
    "write",
    "to_pptx",
    "to_pdf",
    "png_zip",
    "csv_zip",
    "stored_selection",
]

Progress = Callable[[str, float], None]

SETTING = slides.SELECTION_SETTING  # shared with presentation mode (ui.slide_selection)
HIDDEN_KEYS = ("comment",)  # view entries never exported, whatever the view holds


@dataclass(frozen=True)
class PackSlide:
    """One chart of the pack: its title, sentence and image."""

    slide_id: str
    title: str
    sentence: str
    png: bytes


@dataclass(frozen=True)
class Pack:
    """Everything a pack shows, computed once and written in any format."""

    territory: str
    data_date: dt.date | None
    is_demo: bool
    k: int
    slides: list[PackSlide]
    tables: dict[str, pd.DataFrame]
    sources: pd.DataFrame


# -- building ---------------------------------------------------------------------------------
stored_selection = slides.stored_selection  # one definition, shared with presentation mode


def build(
    store: Store,
    *,
    selection: list[str] | None = None,
    filters: Filters | None = None,
    progress: Progress | None = None,
) -> Pack:
    """The pack of the ``selection`` (default: the stored one) for ``filters``; charts rendered offline."""
    report = progress or (lambda step, fraction: None)
    chosen = [slides.by_id(s) for s in (stored_selection(store) if selection is None else selection)]
    if chosen:
        render.warm_up()  # Chromium starts (~2 s) while the views are computed
    data = _view_data(store, filters or Filters(), sorted({slide.view for slide in chosen}), report)
    built = _charts(chosen, data, report)
    used = sorted({slides.by_id(slide.slide_id).view for slide in built})
    sources = store.query("pack_sources")
    return Pack(
        territory=_territory(store),
        data_date=pd.Timestamp(sources["imported_on"].max()).date() if len(sources) else None,
        is_demo=store.is_demo(),
        k=privacy.threshold(store),
        slides=built,
        tables={name: frame for view in used for name, frame in _tables(view, data[view])},
        sources=sources,
    )


def _charts(chosen: list[slides.Slide], data: dict[str, dict[str, Any]], report: Progress) -> list[PackSlide]:
    """The slides that have something to show, each with its chart drawn; the others are left out."""
    built = []
    for number, slide in enumerate(chosen, start=1):
        report(t("pack.progress.chart", title=slide.title()), 0.2 + 0.75 * number / (len(chosen) + 1))
        figure = slide.chart(data[slide.view], charts.PRINT)
        if figure is not None:
            width, height = _canvas(figure)
            image = render.png(figure, width=width, height=height, scale=PAGE_SCALE * CHART_PIXELS[0] / width)
            built.append(PackSlide(slide.slide_id, slide.title(), slide.statement(data[slide.view]), image))
    return built


def _canvas(figure: go.Figure) -> tuple[int, int]:
    """Layout pixels to draw ``figure`` on: the chart box's shape, at least as tall as the figure asks.

    A figure taller than the box (a row per charter step, a heatmap of every entity) is drawn at its
    own height on a proportionally wider canvas and scaled down: smaller type, but no overlap.
    """
    width, height = CHART_PIXELS
    wanted = int(figure.layout.height or height)
    return (width, height) if wanted <= height else (round(wanted * width / height), wanted)


def _view_data(
    store: Store, filters: Filters, views: list[str], report: Progress
) -> dict[str, dict[str, Any]]:
    data = {}
    for number, view in enumerate(views):
        report(t("pack.progress.data"), 0.2 * number / max(len(views), 1))
        module = importlib.import_module(VIEWS[view])
        data[view] = scoping.compute(store, view, filters, lambda chosen, m=module: m.compute(store, chosen))
    return data


def _territory(store: Store) -> str:
    entities = store.query("entities_list")
    epci = entities.loc[entities["kind"] == "epci", "name"]
    return str(epci.iloc[0]) if len(epci) else t("pack.territory.default")


def _tables(view: str, data: dict[str, Any]) -> Iterator[tuple[str, pd.DataFrame]]:
    """The DataFrames of a view's data, nested dicts included, without hidden rows or comments."""
    for key, value in data.items():
        name = f"{view}-{key}"
        if any(hidden in str(key).lower() for hidden in HIDDEN_KEYS):
            continue
        if isinstance(value, pd.DataFrame):
            yield name, _public(value)
        elif isinstance(value, dict):
            yield from _tables(name, value)


def _public(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``frame`` that privacy left visible: a hidden group's label is not shown either."""
    if "suppressed" not in frame.columns:
        return frame
    hidden = frame["suppressed"].fillna(False).astype(bool)
    return frame.loc[~hidden].drop(columns="suppressed").reset_index(drop=True)


# -- writing ----------------------------------------------------------------------------------
WRITERS: dict[str, Callable[[Pack], bytes]] = {}  # filled below: suffix -> writer


def write(
    store: Store,
    path: Path,
    *,
    selection: list[str] | None = None,
    filters: Filters | None = None,
    progress: Progress | None = None,
) -> Path:
    """Build the pack and write it to ``path``: ``.pptx`` or ``.pdf`` by its suffix."""
    path = Path(path)
    writer = WRITERS.get(path.suffix.lower())
    if writer is None:
        raise ValueError(
            f"Format inconnu « {path.suffix or path.name} » : le dossier s'écrit en .pptx ou en .pdf.\n"
            f"Unknown format “{path.suffix or path.name}”: the pack is written as .pptx or .pdf."
        )
    pack = build(store, selection=selection, filters=filters, progress=progress)
    if progress:
        progress(t("pack.progress.writing"), 0.97)
    path.write_bytes(writer(pack))
    if progress:
        progress(t("pack.progress.done"), 1.0)
    return path


def png_zip(pack: Pack) -> bytes:
    """A zip of every chart as PNG, numbered in the order of the slides."""
    return _zip(
        {f"{number:02d}-{slide.slide_id}.png": slide.png for number, slide in enumerate(pack.slides, start=1)}
    )


def csv_zip(pack: Pack) -> bytes:
    """A zip of the tables behind the charts, as CSV neutralised against formula injection."""
    return _zip({f"{name}.csv": safe_csv(frame) for name, frame in pack.tables.items()})


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


WRITERS.update({".pptx": to_pptx, ".pdf": to_pdf})
DOWNLOADS: dict[str, tuple[Callable[[Pack], bytes], str]] = {  # file suffix -> (writer, MIME type)
    "pptx": (to_pptx, "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    "pdf": (to_pdf, "application/pdf"),
    "png.zip": (png_zip, "application/zip"),
    "csv.zip": (csv_zip, "application/zip"),
}
