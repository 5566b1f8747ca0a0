"""The council pack written as a PowerPoint deck (python-pptx) or a PDF (pages drawn by Pillow),
both from the same page layout (:mod:`mututrack.report.pack_pages`)."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PIL import Image, ImageDraw
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Inches, Pt

from mututrack.i18n import t
from mututrack.report.pack_pages import (
    LINE_SPACING,
    PAGE_DPI,
    PAGE_INCHES,
    PAGE_SCALE,
    PARAGRAPH_SPACING,
    Box,
    Element,
    Picture,
    Rule,
    Text,
    _fit,
    _font,
    _pt_to_px,
    _px,
    _wrap,
    pages,
)

if TYPE_CHECKING:
    from mututrack.report.pack import Pack

__all__ = ["to_pptx", "to_pdf"]


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
