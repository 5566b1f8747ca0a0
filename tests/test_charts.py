"""Charts: one WHO-5 cut-off, one colour grammar, one style per medium, and every chart's n."""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import json
import pkgutil
import re

import pandas as pd
import pytest

from mututrack import charts, i18n
from mututrack.metrics import qvt
from mututrack.metrics.qvt import WHO5_POOR_INDEX_BELOW

LOCALES = i18n.LOCALES_DIR


@pytest.mark.parametrize(("answers", "poor"), [
    ((3, 3, 3, 3, 0), True),  # index 48: the highest poor index (DOMAIN.md's test vector)
    ((3, 3, 3, 2, 2), False),  # index 52: the cut-off itself is not poor
])
def test_the_index_cut_off_is_the_raw_score_cut_off(store, answers: tuple[int, ...], poor: bool) -> None:
    index = store.scalar("select who5_index($raw, 5)", raw=sum(answers))  # the publication's macros
    assert store.scalar("select who5_poor($index, $below)", index=index, below=qvt.WHO5_POOR_BELOW) is poor
    assert bool(index < WHO5_POOR_INDEX_BELOW) is poor


def test_the_who5_chart_draws_its_line_at_the_one_cut_off() -> None:
    trend = pd.DataFrame({"wave": ["2026-T1"], "who5_index_mean": [60.0], "who5_change": [float("nan")],
                          "who5_significant": [False], "suppressed": [False]})
    figure = charts.who5_trend(trend, k=5)
    assert [shape.y0 for shape in figure.layout.shapes] == [WHO5_POOR_INDEX_BELOW]
    assert str(WHO5_POOR_INDEX_BELOW) in figure.data[-1].name


def test_every_text_that_states_the_who5_cut_off_states_the_same_one() -> None:
    from mututrack.catalogue import glossary

    locales = [json.loads(path.read_text(encoding="utf-8")) for path in LOCALES.glob("*.json")]
    texts = [f for wording in locales for v in wording.values()
             for u in v.values() for f in (u.values() if isinstance(u, dict) else [u])]
    terms = glossary.terms()  # the glossary's definitions, which the key figures' tooltips show
    texts += [*terms["definition_fr"], *terms["definition_en"]]
    stated = set()
    for text in texts:
        if "WHO-5" in text or "bien-être faible" in text or "poor well-being" in text:
            stated |= {int(n) for n in re.findall(r"(?:<|sous|below|under|inférieur à)\s*(\d+)", text)}
    assert WHO5_POOR_INDEX_BELOW in stated and stated <= {WHO5_POOR_INDEX_BELOW, qvt.WHO5_POOR_BELOW}, stated


def test_series_colours_never_take_a_judging_colour() -> None:
    assert not set(charts.PALETTE) & set(charts.GRAMMAR.values())


def _colours(figure) -> set[str]:
    found: set[str] = set()
    for trace in figure.data:
        colour = getattr(trace.marker, "color", None) if hasattr(trace, "marker") else None
        found |= set(colour) if isinstance(colour, (list, tuple)) else ({colour} if colour else set())
    return found


def test_a_colour_means_the_same_on_every_chart() -> None:
    projects = pd.DataFrame({"name": ["A", "B"], "early_involvement_rate": [0.8, 0.2]})
    waves = pd.DataFrame({"wave": ["T1", "T2", "T3"], "response_rate": [0.7, 0.3, 0.4],
                          "open": [False, False, True]})
    funnel = pd.DataFrame({"stage_label": ["déposées", "retenues"], "proposals": [10, 4]})
    good, bad = charts.GRAMMAR["good"], charts.GRAMMAR["bad"]
    assert _colours(charts.early_involvement_bars(projects)) == {good, bad}
    provisional = charts.GRAMMAR["provisional"]
    assert _colours(charts.response_rate_bars(waves, target=0.6)) == {good, bad, provisional}
    assert _colours(charts.proposals_funnel(funnel)) == {charts.PALETTE[0]}  # counts judge nothing
    assert charts.CHANGE_SCALE[0][1] == bad and charts.CHANGE_SCALE[-1][1] == good


def _modules() -> list:
    names = [found.name for found in pkgutil.iter_modules(charts.__path__)]
    return [importlib.import_module(f"mututrack.charts.{name}") for name in names]


def test_the_package_exports_every_public_name_of_its_modules() -> None:
    public = {name for module in _modules() for name in module.__all__}
    assert set(charts.__all__) == public and len(charts.__all__) == len(public)
    assert all(hasattr(charts, name) for name in charts.__all__)


def test_every_public_function_of_a_module_is_in_its_all() -> None:
    for module in _modules():
        functions = {name for name, value in vars(module).items() if inspect.isfunction(value)
                     and value.__module__ == module.__name__ and not name.startswith("_")}
        assert functions <= set(module.__all__), (module.__name__, functions - set(module.__all__))


CHART_MODULES = ("overview", "involvement", "network", "participation", "qvt", "careers")


@pytest.mark.parametrize("module", CHART_MODULES)
def test_every_chart_takes_the_style_of_its_medium(module: str) -> None:
    for name in importlib.import_module(f"mututrack.charts.{module}").__all__:
        style = inspect.signature(getattr(charts, name)).parameters["style"]
        assert style.default is charts.SCREEN and style.kind is inspect.Parameter.KEYWORD_ONLY, name


def test_the_pack_prints_as_the_projector_shows() -> None:
    # The pack's charts fill the same box as a slide: only the medium's name differs.
    assert dataclasses.replace(charts.PRINT, name="projector") == charts.PROJECTOR
    assert charts.PROJECTOR.font_size > charts.SCREEN.font_size and charts.SCREEN.scale == 1.0


@pytest.mark.parametrize(("style", "height", "size"), [
    (charts.SCREEN, 400, 14),
    (charts.PROJECTOR, charts.SLIDE_HEIGHT, 24),  # one slide high, read from the back of the room
    (charts.PRINT, charts.SLIDE_HEIGHT, 24),
])
def test_a_chart_takes_its_mediums_height_and_type(style: charts.Style, height: int, size: int) -> None:
    funnel = pd.DataFrame({"stage_label": ["déposées", "retenues"], "proposals": [10, 4]})
    figure = charts.proposals_funnel(funnel, style=style)
    assert (figure.layout.height, figure.layout.font.size) == (height, size)


# -- text alternatives (RGAA 1.3) -------------------------------------------------------------------
def test_a_charts_text_alternative_says_what_it_writes_and_never_more() -> None:
    """The table and sentence under a chart are read from the figure: its direct labels as written
    (a bound stays a bound), shares as percentages, reference lines and decorations left out."""
    import plotly.graph_objects as go

    from mututrack.charts import text
    from mututrack.charts.layout import _percent_axis as percent_axis
    from mututrack.i18n import fmt_pct

    fig = go.Figure([
        go.Bar(x=[0.69, 0.15, 0.33], y=["RH", "Voirie", "Achats"], orientation="h",
               text=["69 %", "15 %", "< 33 %"]),
        go.Scatter(x=[0.5, 0.5], y=["RH", "Achats"], mode="lines"),  # the target line
    ])
    fig.update_layout(title="Implication (cible &gt; 50 %, alerte < 20 %)<br><sup>précoce</sup>")
    data = text.chart_data(fig)
    written = [["RH", "69 %"], ["Voirie", "15 %"], ["Achats", "< 33 %"]]
    assert data[["label", "shown"]].values.tolist() == written
    sentence = text.chart_sentence(fig, data)
    assert sentence.startswith("Implication (cible > 50 %, alerte < 20 %) précoce : 3 valeurs")
    assert "RH (69 %)" in sentence and "Voirie (15 %)" in sentence and "0,33" not in sentence

    shares = go.Figure(go.Scatter(x=["2026-T1", "2026-T2"], y=[0.3, 0.386], name="WHO-5"))
    percent_axis("y", shares, top=1.0)
    assert text.chart_data(shares)["shown"].tolist() == [fmt_pct(0.3), fmt_pct(0.386)]

    heat = go.Figure([
        go.Heatmap(z=[[1, None]], x=["a", "b"], y=["g"], hoverinfo="skip"),  # the grey of hidden cells
        go.Heatmap(z=[[-3.5, None]], x=["a", "b"], y=["g"], text=[["58 −3,5", ""]]),
    ])
    assert text.chart_data(heat)[["series", "label", "shown"]].values.tolist() == [["g", "a", "58 −3,5"]]
    assert text.chart_sentence(go.Figure()) == "Graphique : aucune valeur à afficher."


def test_a_half_width_title_is_wrapped_narrower_and_keeps_its_n_line() -> None:
    from mututrack.charts.layout import HALF_TITLE_WIDTH, narrow_title, wrap_title

    words = "Part des agents au bien-être faible (indice WHO-5 < 52), intervalle de confiance à 95 %"
    title = wrap_title(words, width=55)
    narrowed = narrow_title(f"{title}<br><sup>n = 234</sup>")
    lines = narrowed.split("<br>")
    assert lines[-1] == "<sup>n = 234</sup>" and all(len(line) <= HALF_TITLE_WIDTH for line in lines[:-1])
    assert " ".join(lines[:-1]) == title.replace("<br>", " ")  # every word kept, in order
