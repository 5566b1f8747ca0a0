"""The look of every chart: one colour grammar, one palette, and a ``Style`` per medium.

A chart is drawn for a screen (a page), a projector (presentation mode) or print (the council pack);
the medium is passed to every chart function as a :class:`Style`, which holds everything that
changes with it: the type, the widths titles and labels wrap at, the height of a chart. So the
projector's larger type and the sizes that follow from it change together, in one place.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

__all__ = [
    "GRAMMAR", "STATUS_COLOURS", "PALETTE", "CHARTER_COLOURS", "CHANGE_SCALE", "ANSWER_SHADES", "FONT_FAMILY",
    "SLIDE_HEIGHT", "SLIDE_PLOT", "Style", "SCREEN", "PROJECTOR", "PRINT", "TEXT_COLOUR",
]

# Okabe & Ito (2008), "Color Universal Design": distinguishable with every common colour-vision deficiency.
# The one colour grammar of screen charts, slides and pack: a colour that judges means the same on
# every chart. Blue is good (at or above target, favourable, better), vermilion bad (below target,
# unfavourable, worse), orange a warning (late, "don't know"), grey no judgement (upcoming), light
# grey masked by the anonymity rules; a figure of a wave still open is drawn in pale blue.
GRAMMAR = {"good": "#0072B2", "bad": "#D55E00", "warning": "#E69F00", "neutral": "#8C8C8C",
           "masked": "#D9D9D9", "provisional": "#A9D3EE"}
STATUS_COLOURS = GRAMMAR
# Series that judge nothing (projects, kinds of event, periods, counts) take colours the grammar
# does not use, so that no project looks "good" and no kind of event "bad". The first is the ink of
# a chart with one series.
PALETTE = ["#56B4E9", "#CC79A7", "#009E73", "#000000", "#F0E442", "#882255"]
# The charter's steps, by how their commitment was kept.
CHARTER_COLOURS = {
    "on_time": GRAMMAR["good"],
    "late": GRAMMAR["warning"],
    "overdue": GRAMMAR["bad"],
    "upcoming": GRAMMAR["neutral"],
}
# Diverging scale for changes: vermilion (worse) - white - blue (better), both Okabe-Ito colours.
CHANGE_SCALE = [[0.0, GRAMMAR["bad"]], [0.5, "#FFFFFF"], [1.0, GRAMMAR["good"]]]
# Answer shades from the least to the most favourable, centred on the neutral grey.
ANSWER_SHADES = {
    "likert5": {1: GRAMMAR["bad"], 2: "#F0A97A", 3: "#CFCFCF", 4: "#8CC3E8", 5: GRAMMAR["good"]},
    "who5": {0: GRAMMAR["bad"], 1: "#E8875A", 2: "#F4C3A2", 3: "#A9D3EE", 4: "#56A5D6", 5: GRAMMAR["good"]},
}
FONT_FAMILY = "DejaVu Sans, Arial, Helvetica, sans-serif"  # ships with Debian; no web font download
# Every word on a chart, labels of coloured lines included: 17:1 on white. The palette's colours are for
# marks; as small text most fall under the 4.5:1 contrast it needs (sky blue 2.2:1, yellow 1.2:1).
TEXT_COLOUR = "#1A1A1A"

# Layout pixels of a slide's chart: the council pack's chart box (report.pack.CHART_PIXELS). A slide's
# figure no taller fills the box at full size; a taller one is drawn smaller on the slide.
SLIDE_HEIGHT = 580
# The plot area of a slide on the smallest projector (1366 × 768, presentation mode), in pixels: a
# chart with many rows or columns writes their names and values small enough to fit there.
SLIDE_PLOT = {"height": 380, "width": 900}
SCREEN_FONT_SIZE = 14


@dataclass(frozen=True)
class Style:
    """How charts are drawn for one medium. ``slide``: one chart a slide high (:data:`SLIDE_HEIGHT`),
    names fitted to :data:`SLIDE_PLOT`, the shorter wordings of a slide."""

    name: str
    font_size: int  # pixels, the text's size; every other size follows from it
    slide: bool
    title_width: int  # characters of a title line
    month_labels: int  # month labels that fit across a full-width date axis
    charter_months: int  # the same beside the charter's step names, which take half the width
    charter_row: float  # a charter row's height, in lines of type: a line of text and a little air
    heat_lines: tuple[float, float]  # a heatmap row's height, the room for title and measure names (lines)
    measure_width: int  # characters of a heatmap column's measure name per line
    question_width: int  # characters of a survey question per line, beside its answers' bars
    stage_width: int  # characters of an adoption stage's name per line, under its bar

    @property
    def scale(self) -> float:
        """How much larger everything is than on screen (the font ratio)."""
        return self.font_size / SCREEN_FONT_SIZE

    @property
    def note_size(self) -> int:
        """The font size of labels written on the plot (date lines, notes): a little under the text's."""
        return round(0.85 * self.font_size)

    def height(self, screen: int) -> int:
        """The height of a chart that does not grow with its rows: ``screen`` on a page, a slide's
        (:data:`SLIDE_HEIGHT`) on a slide."""
        return SLIDE_HEIGHT if self.slide else screen


# 55 characters fit a half-width column (two charts side by side) at the screen's font size. A
# heatmap takes two lines of text per cell on screen.
SCREEN = Style("screen", font_size=SCREEN_FONT_SIZE, slide=False, title_width=55, month_labels=7,
               charter_months=6, charter_row=1.7, heat_lines=(2.7, 11), measure_width=18, question_width=60,
               stage_width=40)
# Larger type, read from the back of a room. Tighter rows (a slide is scaled down to fit), one line
# of text per heatmap cell (up to 17 entities must fit), names narrow enough to stand upright.
PROJECTOR = Style("projector", font_size=24, slide=True, title_width=60, month_labels=6,
                  charter_months=4, charter_row=1.5, heat_lines=(1.25, 8), measure_width=13,
                  question_width=50, stage_width=12)
# The council pack: its charts are drawn into the same 1600 × 580 box as a slide (report.pack.CHART_PIXELS)
# and its pages are projected in the council as often as printed, so they read as the projector's.
PRINT = replace(PROJECTOR, name="print")
