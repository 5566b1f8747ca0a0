"""The agents' results document (:mod:`mututrack.report.restitution`) as one self-contained HTML
page and as a PDF printed from it.

The page needs nothing but itself: CSS inline, each chart a PNG data URI drawn offline by
:mod:`mututrack.report.render`, no script, no font or image fetched, so it can sit on an intranet or
be mailed. Each chart has a text alternative and its data as a table (``charts.text``), tables
have header cells with ``scope``, the layout reflows down to 320 px, and every colour pair reaches
a contrast of 4.5:1 or more (WCAG 2.1 1.4.3). The PDF is that same page printed by the Chromium
that already draws the charts (``--print-to-pdf``), on a local file, with no network needed.
"""

from __future__ import annotations

import base64
import html
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import plotly.graph_objects as go

from mututrack import charts
from mututrack.charts.layout import MARKUP
from mututrack.charts.text import chart_data, chart_sentence
from mututrack.i18n import fmt_date, t
from mututrack.report import render
from mututrack.report.restitution import Restitution, build
from mututrack.store import Store

__all__ = ["Chart", "PdfError", "documents", "figures", "file_stem", "print_pdf", "to_html", "write"]

TEMPLATES = Path(__file__).parent / "templates"
CHART_PIXELS = (900, 420)  # layout pixels of a chart, drawn at twice that for sharp print
PRINT_SECONDS = 120
Progress = Callable[[str, float], None]



class PdfError(RuntimeError):
    """Chromium could not print the page to PDF."""


@dataclass(frozen=True)
class Chart:
    """A chart as the page shows it: image, title (its alt text), sentence and data rows."""

    src: str
    title: str
    sentence: str
    width: int
    height: int
    series: bool
    rows: list[dict[str, Any]]


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True,
    )


def figures(doc: Restitution) -> list[go.Figure]:
    """The page's charts: participation per wave, then WHO-5 per wave, both up to the document's wave.

    WHO-5's changes are written without the significance star (the text says in words whether a
    change is clear); an agent reads no test."""
    rates = charts.response_rate_bars(doc.rates, target=doc.target, style=charts.SCREEN)
    trend = doc.trend.assign(who5_significant=False)
    who5 = charts.who5_trend(trend, k=doc.k, style=charts.SCREEN)
    return [rates, who5.update_layout(title=t("restitution.chart.who5_title"))]


def _chart(figure: go.Figure) -> Chart:
    table = chart_data(figure)
    width, height = CHART_PIXELS[0], int(figure.layout.height or CHART_PIXELS[1])
    png = render.png(figure, width=width, height=height, scale=2)
    title = " ".join(html.unescape(MARKUP.sub(" ", str(figure.layout.title.text or ""))).split())
    return Chart(
        src="data:image/png;base64," + base64.b64encode(png).decode("ascii"),
        title=title,
        sentence=chart_sentence(figure, table),
        width=width,
        height=height,
        series=table["series"].nunique() > 1,
        rows=table[["series", "label", "shown"]].to_dict(orient="records"),
    )


def to_html(doc: Restitution, *, progress: Progress | None = None) -> str:
    """The document as one self-contained HTML page (charts drawn offline by Chromium)."""
    report = progress or (lambda step, fraction: None)
    report(t("restitution.progress.charts"), 0.4)
    drawn = [_chart(figure) for figure in figures(doc)]
    title = t("restitution.html.title", wave=doc.wave)
    return _environment().get_template("restitution.html").render(
        doc=doc,
        t=t,
        css=(TEMPLATES / "restitution.css").read_text(encoding="utf-8").strip(),
        lang=t("restitution.html.lang"),
        title=title,
        subtitle=t("restitution.html.subtitle", territory=doc.territory, date=fmt_date(doc.made_on)),
        provisional_text=t("restitution.html.provisional_text", wave=doc.wave, date=fmt_date(doc.closes)),
        charts=drawn,
        footer=t("restitution.html.footer", date=fmt_date(doc.made_on), k=doc.k),
    )


def print_pdf(page: str, *, seconds: float = PRINT_SECONDS) -> bytes:
    """``page`` printed to PDF (A4) by headless Chromium, from a temporary local file.

    Raises :class:`render.BrowserMissingError` without Chromium, :class:`PdfError` when it fails."""
    browser = render.browser_path()
    if browser is None:
        raise render.BrowserMissingError()
    with tempfile.TemporaryDirectory(prefix="mututrack-pdf-") as folder:
        source, target = Path(folder) / "page.html", Path(folder) / "page.pdf"
        source.write_text(page, encoding="utf-8")
        command = [
            browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--no-pdf-header-footer", f"--user-data-dir={Path(folder) / 'profile'}",
            f"--print-to-pdf={target}", source.as_uri(),
        ]
        try:
            done = subprocess.run(command, capture_output=True, timeout=seconds, check=False)
        except (OSError, subprocess.TimeoutExpired) as error:
            raise PdfError(t("restitution.pdf_failed", error=error)) from error
        if not target.is_file() or not target.read_bytes().startswith(b"%PDF"):
            said = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise PdfError(t("restitution.pdf_failed", error=said[-1] if said else done.returncode))
        return target.read_bytes()


def file_stem(wave: str) -> str:
    """``restitution-<wave>``: the name of both files, the wave made safe for a file name."""
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in wave)
    return f"restitution-{safe}"


def documents(
    store: Store, *, wave: str | None = None, progress: Progress | None = None
) -> tuple[Restitution, str, bytes]:
    """The document of ``wave`` (default: the latest closed one) as (data, HTML, PDF bytes)."""
    report = progress or (lambda step, fraction: None)
    render.warm_up()  # Chromium starts while the published figures are read
    report(t("restitution.progress.data"), 0.05)
    doc = build(store, wave=wave)
    page = to_html(doc, progress=report)
    report(t("restitution.progress.pdf"), 0.8)
    pdf = print_pdf(page)
    report(t("restitution.progress.done"), 1.0)
    return doc, page, pdf


def write(
    store: Store, folder: Path, *, wave: str | None = None, progress: Progress | None = None
) -> list[Path]:
    """Write ``restitution-<wave>.html`` and ``.pdf`` into ``folder`` (created if needed)."""
    doc, page, pdf = documents(store, wave=wave, progress=progress)
    folder.mkdir(parents=True, exist_ok=True)
    html_path, pdf_path = folder / f"{file_stem(doc.wave)}.html", folder / f"{file_stem(doc.wave)}.pdf"
    html_path.write_text(page, encoding="utf-8")
    pdf_path.write_bytes(pdf)
    return [html_path, pdf_path]
