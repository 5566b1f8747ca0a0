"""The pages of the council pack, laid out once for both formats: in inches on a 16:9 page, each
text in a box, its type made smaller until it fits (measured with the fonts the PDF draws with)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PIL import ImageFont

from mututrack import charts
from mututrack.i18n import fmt_date, fmt_number, t

if TYPE_CHECKING:  # the pack's own module builds a Pack and writes it with these pages
    from mututrack.report.pack import Pack, PackSlide

__all__ = [
    "PAGE_INCHES", "PAGE_DPI", "PAGE_SCALE", "CHART_PIXELS", "Box", "Text", "Rule", "Picture", "Element",
    "BOXES", "SIZES", "MIN_SIZE", "pages",
]


PAGE_INCHES = (13.333, 7.5)  # PowerPoint's 16:9
PAGE_DPI = 120  # 1600 × 900 pixels per page at scale 1
PAGE_SCALE = 1.5  # pages and charts drawn at 2400 × 1350: sharp on a projector and on A4 paper
CHART_PIXELS = (1600, 580)  # layout pixels of a chart, the aspect ratio of the chart box below
TEXT_COLOUR = "1A1A1A"
MUTED_COLOUR = "595959"
ACCENT_COLOUR = charts.PALETTE[0].lstrip("#")
# The kinds of imported file, as the closing page names each source.
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


# -- text measured and wrapped as the PDF draws it ----------------------------------------------
def _px(inches: float) -> int:
    return round(inches * PAGE_DPI * PAGE_SCALE)


def _pt_to_px(points: int) -> int:
    return round(points / 72 * PAGE_DPI * PAGE_SCALE)


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
