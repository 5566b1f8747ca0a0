"""The council pack: deck and PDF structure, CSV neutralisation, and no hidden group in any export."""

from __future__ import annotations

import io
import json
import re
import sys
import types
import zipfile
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from mututrack import cli, exports, i18n
from mututrack.publication import suppression as privacy
from mututrack.report import pack, pack_pages, render, slides
from mututrack.store import Store
from mututrack.views import VIEWS

SMALL_SERVICE = "Piscine Zéta"  # a service only two respondents name: hidden in every breakdown


@pytest.fixture(scope="module")
def demo_pack(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> pack.Pack:
    """The pack of the small demo with every slide, built once for this module."""
    i18n.set_language("fr")
    copy = tmp_path_factory.mktemp("pack") / "demo.duckdb"
    copy.write_bytes(demo_db.read_bytes())
    store = Store(copy)
    try:
        return pack.build(store, selection=slides.DEFAULT_SELECTION)
    finally:
        store.close()


def deck(content: bytes) -> Presentation:
    return Presentation(io.BytesIO(content))


def texts(presentation: Presentation) -> str:
    """Every piece of text of the deck, alt texts of pictures included."""
    parts = []
    for slide in presentation.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if shape.shape_type == MSO_SHAPE_TYPE.PICTURE:
                parts.append(shape._element.nvPicPr.cNvPr.get("descr", ""))
    return "\n".join(parts)


def csv_texts(archive: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        return {name: opened.read(name).decode("utf-8-sig") for name in opened.namelist()}


def pdf_pages(content: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", content))


# -- the demo deck ------------------------------------------------------------------------------
def test_every_default_slide_has_a_chart_on_the_demo(demo_pack: pack.Pack) -> None:
    assert [s.slide_id for s in demo_pack.slides] == slides.DEFAULT_SELECTION


def test_deck_has_cover_one_slide_per_chart_and_closing(demo_pack: pack.Pack) -> None:
    presentation = deck(pack.to_pptx(demo_pack))
    titles = [slide.shapes.title.text for slide in presentation.slides]
    assert titles == [
        demo_pack.territory,
        *[s.title for s in demo_pack.slides],
        "Règles d'anonymat et sources",
    ]
    assert (presentation.slide_width.inches, presentation.slide_height.inches) == pytest.approx(
        (13.333, 7.5), abs=0.01
    )


def test_each_chart_slide_has_its_picture_and_sentence(demo_pack: pack.Pack) -> None:
    chart_slides = list(deck(pack.to_pptx(demo_pack)).slides)[1:-1]
    for slide, expected in zip(chart_slides, demo_pack.slides, strict=True):
        pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pictures) == 1, expected.slide_id
        assert pictures[0].image.content_type == "image/png"
        assert expected.sentence in [s.text_frame.text for s in slide.shapes if s.has_text_frame]


def test_cover_names_territory_data_date_and_demo(demo_pack: pack.Pack) -> None:
    cover = list(deck(pack.to_pptx(demo_pack)).slides)[0]
    text = "\n".join(s.text_frame.text for s in cover.shapes if s.has_text_frame)
    assert demo_pack.territory == "Communauté d'agglomération du Val de Sorne"
    assert re.search(r"Données au \d{2}/\d{2}/\d{4}", text)
    assert "Données de démonstration" in text


def test_closing_slide_states_anonymity_rule_and_sources(demo_pack: pack.Pack) -> None:
    closing = list(deck(pack.to_pptx(demo_pack)).slides)[-1]
    text = "\n".join(s.text_frame.text for s in closing.shapes if s.has_text_frame)
    assert "au moins 5 répondants" in text
    assert "Secret secondaire" in text
    assert "commentaires libres" in text
    assert "Territoire de démonstration généré le" in text


def test_pdf_has_one_page_per_slide(demo_pack: pack.Pack) -> None:
    content = pack.to_pdf(demo_pack)
    assert content.startswith(b"%PDF")
    assert pdf_pages(content) == len(demo_pack.slides) + 2


def test_png_zip_holds_every_chart(demo_pack: pack.Pack) -> None:
    with zipfile.ZipFile(io.BytesIO(pack.png_zip(demo_pack))) as archive:
        names = archive.namelist()
        assert all(archive.read(name).startswith(b"\x89PNG") for name in names)
    assert names == [f"{n:02d}-{s.slide_id}.png" for n, s in enumerate(demo_pack.slides, start=1)]


def test_write_by_suffix(demo_store: Store, tmp_path: Path) -> None:
    selection = slides.DEFAULT_SELECTION[:1]
    pptx = pack.write(demo_store, tmp_path / "pack.PPTX", selection=selection)
    pdf = pack.write(demo_store, tmp_path / "pack.pdf", selection=selection)
    assert len(deck(pptx.read_bytes()).slides) == 3
    assert pdf_pages(pdf.read_bytes()) == 3


def test_cli_writes_the_deck(demo_store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    demo_store.set_setting(
        pack.SETTING, json.dumps(slides.DEFAULT_SELECTION[:2])
    )  # the CLI uses the stored choice
    db = Path(demo_store.path)
    demo_store.close()  # the CLI opens the file itself
    out = tmp_path / "pack.pptx"
    assert cli.main(["report", "--db", str(db), "--out", str(out)]) == 0
    assert json.loads(capsys.readouterr().out) == {"written": str(out)}
    assert len(deck(out.read_bytes()).slides) == 2 + 2


def test_cli_says_which_formats_exist(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["report", "--db", str(tmp_path / "x.duckdb"), "--out", str(tmp_path / "pack.odp")]) == 1
    assert "le dossier s'écrit en .pptx ou en .pdf" in capsys.readouterr().err


@pytest.mark.parametrize("name", ["pack.docx", "pack", "pack.pptx.zip"])
def test_write_refuses_other_formats(store: Store, tmp_path: Path, name: str) -> None:
    with pytest.raises(ValueError, match=r"\.pptx ou en \.pdf"):
        pack.write(store, tmp_path / name)


@pytest.mark.parametrize(
    ("words", "smallest", "largest"),
    [
        (8, 20, 20),  # a usual sentence keeps its size
        (40, 13, 19),  # four lines at 20 pt: smaller, to stay above the footer
        (400, 12, 12),  # far too long: never below 12 pt (it then overflows rather than vanish)
    ],
)
def test_long_text_is_made_smaller_to_fit(words: int, smallest: int, largest: int) -> None:
    text = pack_pages._text("sentence", ("concertation " * words,))
    assert smallest <= text.size <= largest
    if text.size > pack_pages.MIN_SIZE:
        assert pack_pages._height(text.paragraphs, text.size, False, text.box.width) <= text.box.height


@pytest.mark.parametrize(
    ("height", "canvas"),
    [
        (None, (1600, 580)),  # no height of its own: the chart box
        (300, (1600, 580)),  # short figures fill the box
        (1160, (3200, 1160)),  # a tall one keeps its height on a wider canvas, then is scaled down
    ],
)
def test_canvas_keeps_the_box_shape(height: int | None, canvas: tuple[int, int]) -> None:
    assert pack._canvas(go.Figure(layout={"height": height})) == canvas


def test_selection_is_the_stored_one(store: Store) -> None:
    store.set_setting(pack.SETTING, '["headcount", "no_such_slide", "early_involvement"]')
    assert pack.stored_selection(store) == ["headcount", "early_involvement"]


def test_selection_defaults_to_every_slide(store: Store) -> None:
    assert pack.stored_selection(store) == slides.DEFAULT_SELECTION


# -- no hidden group in any export -------------------------------------------------------------
def add_small_group(store: Store) -> None:
    """Two respondents of the latest wave in a service nobody else names, answers copied from others."""
    with store.transaction() as cur:
        cur.execute(
            """
            create temp table small as
            select r.respondent_id as source_id,
                   (select max(respondent_id) from respondents) + row_number() over () as respondent_id,
                   r.wave, r.entity_id, r.category, r.submitted_at, r.import_id
            from respondents as r
            where r.wave = (select wave from waves order by closed_at desc limit 1)
            order by r.respondent_id
            limit 2
            """
        )
        cur.execute(
            "insert into respondents "
            "(respondent_id, wave, entity_id, service, category, submitted_at, import_id) "
            "select respondent_id, wave, entity_id, $service, category, submitted_at, import_id from small",
            {"service": SMALL_SERVICE},
        )
        cur.execute(
            "insert into answers select s.respondent_id, a.question_id, a.value "
            "from answers as a join small as s on a.respondent_id = s.source_id"
        )
        cur.execute(
            "insert into choices select s.respondent_id, c.question_code, c.choice, c.import_id "
            "from choices as c join small as s on c.respondent_id = s.source_id"
        )


def test_no_hidden_group_in_the_demo_exports(demo_store: Store) -> None:
    add_small_group(demo_store)
    assert demo_store.scalar("select count(*) from respondents where service = $s", s=SMALL_SERVICE) == 2
    built = pack.build(demo_store, selection=slides.DEFAULT_SELECTION)
    assert SMALL_SERVICE not in texts(deck(pack.to_pptx(built)))
    assert all(SMALL_SERVICE not in text for text in csv_texts(pack.csv_zip(built)).values())


def hidden_group_view(store: Store, filters: object) -> dict:
    """A view as the real ones are: a breakdown through privacy, and comments it must never export."""
    groups = pd.DataFrame(
        {
            "group": ["Alpha", "Bêta", "Gamma", '=HYPERLINK("http://x")', "Zêta"],
            "respondents": [9, 12, 30, 20, 2],
            "mean": [3.1, 3.4, 3.9, 2.2, 1.0],
        }
    )
    comments = pd.DataFrame({"text": ["un commentaire très personnel"]})
    return {
        "groups": privacy.suppress(groups, values=["mean"]),
        "comments": comments,
        "nested": {"total": groups[["respondents"]].sum().to_frame().T},
    }


@pytest.fixture
def hidden_slide(monkeypatch: pytest.MonkeyPatch) -> None:
    """One slide on :func:`hidden_group_view`, the only slide of the table for this test."""
    monkeypatch.setitem(sys.modules, "fake_hidden_view", types.SimpleNamespace(compute=hidden_group_view))
    monkeypatch.setitem(VIEWS, "hidden", "fake_hidden_view")
    visible = lambda d: d["groups"].loc[~d["groups"]["suppressed"]]  # noqa: E731
    slide = slides.Slide(
        "hidden",
        "slides.headcount.title",
        "hidden",
        lambda d, style: go.Figure(go.Bar(x=visible(d)["mean"], y=visible(d)["group"])),
        lambda d: ", ".join(visible(d)["group"]),
    )
    monkeypatch.setattr(slides, "SLIDES", [slide])
    monkeypatch.setattr(slides, "DEFAULT_SELECTION", ["hidden"])


@pytest.mark.usefixtures("hidden_slide")
def test_hidden_rows_and_comments_never_reach_the_tables(store: Store) -> None:
    built = pack.build(store)
    tables = csv_texts(pack.csv_zip(built))
    assert sorted(tables) == ["hidden-groups.csv", "hidden-nested-total.csv"]
    # Zêta (2) is hidden, and Alpha (9), the smallest sibling, with it: nothing to subtract from.
    assert tables["hidden-groups.csv"] == (
        'group;respondents;mean\r\nBêta;12;3,4\r\nGamma;30;3,9\r\n"\'=HYPERLINK(""http://x"")";20;2,2\r\n'
    )
    everything = texts(deck(pack.to_pptx(built))) + "".join(tables.values())
    for secret in ("Zêta", "Alpha", "très personnel"):
        assert secret not in everything


@pytest.mark.usefixtures("hidden_slide")
def test_a_slide_without_figure_is_left_out(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = slides.Slide("empty", "slides.early.title", "hidden", lambda d, style: None, lambda d: "")
    monkeypatch.setattr(slides, "SLIDES", [*slides.SLIDES, empty])
    built = pack.build(store, selection=["empty", "hidden"])
    assert [s.slide_id for s in built.slides] == ["hidden"]
    assert len(deck(pack.to_pptx(built)).slides) == 3


def test_an_empty_store_gives_cover_and_closing_only(store: Store) -> None:
    built = pack.build(store, selection=[])
    presentation = deck(pack.to_pptx(built))
    assert [s.shapes.title.text for s in presentation.slides] == [
        "Territoire",
        "Règles d'anonymat et sources",
    ]
    assert "Aucune donnée importée." in texts(presentation)


def test_missing_browser_is_said_in_french_and_english(
    store: Store, monkeypatch: pytest.MonkeyPatch, hidden_slide: None
) -> None:
    monkeypatch.setattr(render, "_browser", None)  # as in a fresh process (the real one is restored after)
    monkeypatch.setattr(render, "browser_path", lambda: None)
    with pytest.raises(
        render.BrowserMissingError, match="Chromium est introuvable.*\n.*Chromium was not found"
    ):
        pack.build(store)


def test_browser_path_honours_browser_path_variable(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-chromium-here"))
    assert render.browser_path() is None


# -- CSV neutralisation --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+33 6 12 34 56 78", "'+33 6 12 34 56 78"),  # a phone number is text, shown as typed
        ("-2", "'-2"),  # text that looks like a number: still text
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("  =1", "'  =1"),  # leading spaces do not hide a formula
        ("＝1", "'＝1"),  # full-width equals sign
        ("Voirie", "Voirie"),
        ("a=b", "a=b"),  # only the first character matters
        ("", ""),
        (-2, -2),  # numbers stay numbers
        (None, None),
    ],
)
def test_neutralise(cell: object, expected: object) -> None:
    assert exports.neutralise(cell) == expected


def test_safe_csv_for_french_excel() -> None:
    frame = pd.DataFrame({"theme": ["=cmd|' /C calc'!A0", "Horaires"], "rate": [0.125, -0.5], "=col": [1, 2]})
    assert exports.safe_csv(frame) == (
        "\ufefftheme;rate;'=col\r\n'=cmd|' /C calc'!A0;0,125;1\r\nHoraires;-0,5;2\r\n"
    ).encode("utf-8")
