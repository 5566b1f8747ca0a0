"""The council pack: the chosen slides as a PPTX deck and a PDF, each chart as PNG, the tables as CSV.

Every figure and every table comes from the slides' view data, already through ``privacy``; rows
of hidden groups are dropped from the tables and free-text comments are never included. One
layout, in inches on a 16:9 page, serves both formats: python-pptx places it in the deck, Pillow
draws it on 1600 × 900 pages (× :data:`PAGE_SCALE`) saved as a multi-page PDF, so nothing but the
Chromium that draws the charts is needed at run time.
"""

from __future__ import annotations

import datetime as dt
import importlib
import io
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from PIL import Image, ImageDraw, ImageFont
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Inches, Pt

from mututrack import charts
from mututrack.exports import safe_csv
from mututrack.filters import Filters
from mututrack.i18n import fmt_date, fmt_number, t
from mututrack.publication import suppression as privacy
from mututrack.report import render, slides
from mututrack.store import Store
from mututrack.views import VIEWS

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

PAGE_INCHES = (13.333, 7.5)  # PowerPoint's 16:9
PAGE_DPI = 120  # 1600 × 900 pixels per page at scale 1
PAGE_SCALE = 1.5  # pages and charts drawn at 2400 × 1350: sharp on a projector and on A4 paper
CHART_PIXELS = (1600, 580)  # layout pixels of a chart, the aspect ratio of the chart box below
TEXT_COLOUR = "1A1A1A"
MUTED_COLOUR = "595959"
ACCENT_COLOUR = charts.PALETTE[0].lstrip("#")
SETTING = slides.SELECTION_SETTING  # shared with presentation mode (ui.slide_selection)
HIDDEN_KEYS = ("comment",)  # view entries never exported, whatever the view holds
KINDS = (
    "projects",
    "charter",
    "agents",
    "events",
    "attendance",
    "responses",
    "careers",
    "proposals",
    "questions",
)
KIND_KEYS = {kind: f"pack.kind.{kind}" for kind in KINDS}


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
        data[view] = importlib.import_module(VIEWS[view]).compute(store, filters)
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


# -- the page layout shared by both formats ----------------------------------------------------
@dataclass(frozen=True)
class Box:
    """A rectangle on the page, in inches from the top-left corner."""

    left: float
    top: float
    width: float
    height: float


@dataclass(frozen=True)
class Text:
    """Paragraphs of text in a box; ``title`` marks the slide's title (a real title in the deck)."""

    box: Box
    paragraphs: tuple[str, ...]
    size: int
    bold: bool = False
    colour: str = TEXT_COLOUR
    title: bool = False


@dataclass(frozen=True)
class Rule:
    """A filled rectangle: the accent bar of the cover."""

    box: Box
    colour: str = ACCENT_COLOUR


@dataclass(frozen=True)
class Picture:
    """A PNG fitted into a box, centred, its aspect ratio kept; ``description`` is its alt text."""

    box: Box
    png: bytes
    description: str


Element = Text | Picture | Rule
MARGIN = 0.5
WIDTH = PAGE_INCHES[0] - 2 * MARGIN
BOXES = {
    "title": Box(MARGIN, 0.3, WIDTH, 0.9),
    "chart": Box(MARGIN, 1.25, WIDTH, WIDTH * CHART_PIXELS[1] / CHART_PIXELS[0]),
    "sentence": Box(MARGIN, 5.85, WIDTH, 1.1),  # three lines at 20 pt
    "footer": Box(MARGIN, 7.0, WIDTH, 0.35),
    "cover_rule": Box(MARGIN, 1.9, 1.6, 0.08),
    "cover_title": Box(MARGIN, 2.1, WIDTH, 1.6),  # room for a territory name on two lines
    "cover_lines": Box(MARGIN, 3.9, WIDTH, 2.5),
    "body": Box(MARGIN, 1.4, WIDTH, 5.5),
}
MIN_SIZE = 12  # points: still readable at the back of a council room
LINE_SPACING, PARAGRAPH_SPACING = 1.25, 0.35  # in font sizes
SIZES = {"title": 28, "sentence": 20, "footer": 11, "cover_title": 40, "cover_lines": 22, "body": 17}


def pages(pack: Pack) -> list[list[Element]]:
    """The pages of the pack: the cover, one per chart, the anonymity rule and the sources."""
    total = len(pack.slides) + 2
    charts = [_chart_page(pack, slide, number) for number, slide in enumerate(pack.slides, start=2)]
    return [_cover_page(pack), *charts, _closing_page(pack, total)]


def _cover_page(pack: Pack) -> list[Element]:
    lines = [t("pack.cover.subtitle"), t("pack.cover.data_date", date=fmt_date(pack.data_date))]
    if pack.is_demo:
        lines.append(t("pack.cover.demo"))
    lines.append(t("pack.cover.edited", date=fmt_date(dt.date.today())))
    return [
        Rule(BOXES["cover_rule"]),
        _text("cover_title", (pack.territory,), bold=True, title=True),
        _text("cover_lines", tuple(lines), colour=MUTED_COLOUR),
    ]


def _chart_page(pack: Pack, slide: PackSlide, number: int) -> list[Element]:
    return [
        _text("title", (slide.title,), bold=True, title=True),
        Picture(BOXES["chart"], slide.png, slide.sentence),
        _text("sentence", (slide.sentence,)),
        _footer(pack, number, len(pack.slides) + 2),
    ]


def _closing_page(pack: Pack, total: int) -> list[Element]:
    rules = [
        t("pack.closing.k_rule", k=pack.k),
        t("pack.closing.complementary"),
        t("pack.closing.comments"),
        t("pack.closing.tables"),
    ]
    sources = [_source_line(row) for row in pack.sources.itertuples()] or [t("pack.closing.no_source")]
    paragraphs = (
        *(f"• {rule}" for rule in rules),
        "",
        t("pack.closing.sources"),
        *(f"• {s}" for s in sources),
    )
    return [
        _text("title", (t("pack.closing.title"),), bold=True, title=True),
        _text("body", paragraphs),
        _footer(pack, total, total),
    ]


def _source_line(row: Any) -> str:
    if row.status == "demo":
        return t("pack.closing.source_demo", date=fmt_date(row.imported_on))
    kind = t(KIND_KEYS[row.kind]) if row.kind in KIND_KEYS else row.kind
    return t(
        "pack.closing.source",
        kind=kind,
        file=row.file_name or "—",
        date=fmt_date(row.imported_on),
        rows=fmt_number(row.rows),
    )


def _text(role: str, paragraphs: tuple[str, ...], **options: Any) -> Text:
    """Text in the box of ``role``, its type made smaller (down to :data:`MIN_SIZE`) until it fits."""
    box, size = BOXES[role], SIZES[role]
    while size > MIN_SIZE and _height(paragraphs, size, options.get("bold", False), box.width) > box.height:
        size -= 1
    return Text(box, paragraphs, size, **options)


def _height(paragraphs: tuple[str, ...], size: int, bold: bool, width: float) -> float:
    """The inches ``paragraphs`` take at ``size`` points, wrapped as the PDF wraps them."""
    font = _font(_pt_to_px(size), bold)
    lines = sum(max(len(_wrap(paragraph, font, _px(width))), 1) for paragraph in paragraphs)
    return (lines * LINE_SPACING + (len(paragraphs) - 1) * PARAGRAPH_SPACING) * size / 72


def _footer(pack: Pack, number: int, total: int) -> Text:
    text = t(
        "pack.footer", territory=pack.territory, date=fmt_date(pack.data_date), number=number, total=total
    )
    return _text("footer", (text,), colour=MUTED_COLOUR)


def _fit(box: Box, pixels: tuple[int, int]) -> Box:
    """The largest box of the image's aspect ratio inside ``box``, centred in it."""
    ratio = min(box.width / pixels[0], box.height / pixels[1])
    width, height = pixels[0] * ratio, pixels[1] * ratio
    return Box(box.left + (box.width - width) / 2, box.top + (box.height - height) / 2, width, height)


# -- PPTX ---------------------------------------------------------------------------------------
TITLE_ONLY_LAYOUT = 5  # in python-pptx's default template


def to_pptx(pack: Pack) -> bytes:
    """The pack as a 16:9 PowerPoint deck."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(PAGE_INCHES[0]), Inches(PAGE_INCHES[1])
    deck.core_properties.title = t("pack.cover.subtitle")
    for page in pages(pack):
        slide = deck.slides.add_slide(deck.slide_layouts[TITLE_ONLY_LAYOUT])
        for element in page:
            PPTX_DRAW[type(element)](slide, element)
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


def _place(shape: Any, box: Box) -> None:
    shape.left, shape.top = Inches(box.left), Inches(box.top)
    shape.width, shape.height = Inches(box.width), Inches(box.height)


def _pptx_text(slide: Any, text: Text) -> None:
    shape = slide.shapes.title if text.title else slide.shapes.add_textbox(0, 0, 0, 0)
    _place(shape, text.box)
    frame = shape.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = MSO_ANCHOR.TOP  # as the PDF draws it
    for number, content in enumerate(text.paragraphs):
        paragraph = frame.paragraphs[0] if number == 0 else frame.add_paragraph()
        paragraph.alignment = PP_ALIGN.LEFT
        run = paragraph.add_run()
        run.text = content
        run.font.size, run.font.bold = Pt(text.size), text.bold
        run.font.color.rgb = RGBColor.from_string(text.colour)


def _pptx_picture(slide: Any, picture: Picture) -> None:
    box = _fit(picture.box, Image.open(io.BytesIO(picture.png)).size)
    shape = slide.shapes.add_picture(
        io.BytesIO(picture.png), Inches(box.left), Inches(box.top), Inches(box.width), Inches(box.height)
    )
    shape._element.nvPicPr.cNvPr.set("descr", picture.description)  # alt text for screen readers


def _pptx_rule(slide: Any, rule: Rule) -> None:
    box = rule.box
    shape = slide.shapes.add_shape(
        MSO_SHAPE.RECTANGLE, Inches(box.left), Inches(box.top), Inches(box.width), Inches(box.height)
    )
    shape.fill.solid()
    shape.fill.fore_color.rgb = RGBColor.from_string(rule.colour)
    shape.line.fill.background()


PPTX_DRAW: dict[type, Callable[[Any, Any], None]] = {
    Text: _pptx_text,
    Picture: _pptx_picture,
    Rule: _pptx_rule,
}


# -- PDF ----------------------------------------------------------------------------------------
FONT_FILES = {  # DejaVu ships with Debian (fonts-dejavu-core); Liberation with many desktops
    False: (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    ),
    True: (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
    ),
}


def to_pdf(pack: Pack) -> bytes:
    """The pack as a PDF, one 16:9 page per slide."""
    images = [_draw(page) for page in pages(pack)]
    buffer = io.BytesIO()
    images[0].save(
        buffer,
        "PDF",
        save_all=True,
        append_images=images[1:],
        resolution=PAGE_DPI * PAGE_SCALE,
        quality=92,
        subsampling=0,
        title=t("pack.cover.subtitle"),
        creator="MutuTrack",
    )
    return buffer.getvalue()


def _px(inches: float) -> int:
    return round(inches * PAGE_DPI * PAGE_SCALE)


def _pt_to_px(points: int) -> int:
    return round(points / 72 * PAGE_DPI * PAGE_SCALE)


def _draw(page: list[Element]) -> Image.Image:
    canvas = Image.new("RGB", (_px(PAGE_INCHES[0]), _px(PAGE_INCHES[1])), "white")
    pen = ImageDraw.Draw(canvas)
    for element in page:
        if isinstance(element, Text):
            _draw_text(pen, element)
        elif isinstance(element, Rule):
            box = element.box
            pen.rectangle(
                (_px(box.left), _px(box.top), _px(box.left + box.width), _px(box.top + box.height)),
                fill=f"#{element.colour}",
            )
        else:
            _draw_picture(canvas, element)
    return canvas


def _draw_text(pen: ImageDraw.ImageDraw, text: Text) -> None:
    size = _pt_to_px(text.size)
    font = _font(size, text.bold)
    top = _px(text.box.top)
    for content in text.paragraphs:
        for line in _wrap(content, font, _px(text.box.width)) or [""]:
            pen.text((_px(text.box.left), top), line, font=font, fill=f"#{text.colour}")
            top += round(size * LINE_SPACING)
        top += round(size * PARAGRAPH_SPACING)


def _draw_picture(canvas: Image.Image, picture: Picture) -> None:
    image = Image.open(io.BytesIO(picture.png)).convert("RGB")
    box = _fit(picture.box, image.size)
    resized = image.resize((_px(box.width), _px(box.height)), Image.Resampling.LANCZOS)
    canvas.paste(resized, (_px(box.left), _px(box.top)))


GLUED_AFTER = ("«", "“")  # French typography: no line break inside « … » nor before : ; ? ! %
GLUED_BEFORE = ("»", "”", ":", ";", "?", "!", "%")


def _words(content: str) -> list[str]:
    """The words of ``content``, a guillemet or a high punctuation mark kept with its neighbour."""
    words: list[str] = []
    for word in content.split(" "):
        if words and (words[-1].endswith(GLUED_AFTER) or word.startswith(GLUED_BEFORE)):
            words[-1] = f"{words[-1]} {word}"
        elif word:
            words.append(word)
    return words


def _wrap(content: str, font: Any, width: int) -> list[str]:
    """The lines of ``content`` that fit in ``width`` pixels, cut between words."""
    lines: list[str] = []
    for word in _words(content):
        if lines and font.getlength(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


@cache
def _font(size: int, bold: bool) -> Any:
    for path in FONT_FILES[bold]:
        if Path(path).is_file():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size)  # Pillow's own scalable font: no accent is lost


WRITERS.update({".pptx": to_pptx, ".pdf": to_pdf})
DOWNLOADS: dict[str, tuple[Callable[[Pack], bytes], str]] = {  # file suffix -> (writer, MIME type)
    "pptx": (to_pptx, "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    "pdf": (to_pdf, "application/pdf"),
    "png.zip": (png_zip, "application/zip"),
    "csv.zip": (csv_zip, "application/zip"),
}
