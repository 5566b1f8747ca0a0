"""A director's scope: where it comes from (auth), and what every view, the JSON report and the
council pack keep of other entities once it is applied (views/scoping.py): nothing but the totals."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from mututrack import auth, charts, cli
from mututrack.filters import Filters
from mututrack.report import json_report, pack, render, slides
from mututrack.store import Store
from mututrack.views import VIEWS, scoping, stored

MINE = "MONTAIGU-LES-VIGNES"  # a middle-sized commune of the demo, with events and respondents
OTHER = "BELLERIVE-SUR-SORNE"


def others(store: Store, scope: tuple[str, ...] = (MINE,)) -> list[re.Pattern[str]]:
    """A pattern for each code and name of an entity outside ``scope`` (a code as a whole word:
    ``CA`` inside ``CCAS`` or a longer code is not the agglomeration)."""
    entities = store.query("entities_list")
    outside = entities[~entities["entity_id"].isin(scope)]
    patterns = [re.compile(rf"(?<![\w-]){re.escape(code)}(?![\w-])") for code in outside["entity_id"]]
    mine = set(entities.loc[entities["entity_id"].isin(scope), "name"])
    return patterns + [re.compile(re.escape(name)) for name in outside["name"] if name not in mine]


def text_of(value: object) -> str:
    """Every string of a view's dict (frames as CSV), as one text to search."""
    if isinstance(value, pd.DataFrame):
        return value.to_csv(index=False)
    if isinstance(value, dict):
        return "\n".join(f"{key}\n{text_of(item)}" for key, item in value.items())
    if isinstance(value, list | tuple):
        return "\n".join(text_of(item) for item in value)
    return str(value)


def leaks(text: str, patterns: list[re.Pattern[str]]) -> list[str]:
    return sorted({match.group(0) for pattern in patterns for match in pattern.finditer(text)})


# -- where the scope comes from -------------------------------------------------------------------
@pytest.mark.parametrize(("value", "scope"), [
    (None, None), ("", None), (" , ", None), ("CA", {"CA"}), (" CA, VILLE1 ", {"CA", "VILLE1"}),
    (["CA", "VILLE1"], {"CA", "VILLE1"}),
])
def test_an_office_machine_scope_is_read_from_text_or_a_list(value, scope) -> None:
    assert auth.configured_scope(value) == (frozenset(scope) if scope else None)


def test_a_signed_in_scope_joins_the_groups_table_and_the_entity_claim() -> None:
    settings = {"scopes": {"/maires/v1": ["VILLE1"], "/maires/v2": "VILLE2"}, "scope_claim": "entities"}
    claims = {"groups": ["/maires/v1", "/other"], "entities": ["CCAS"]}
    assert auth.signed_in_scope(claims, settings) == {"VILLE1", "CCAS"}
    assert auth.signed_in_scope({"groups": ["/other"]}, settings) is None  # nothing names it: everything
    assert auth.signed_in_scope({"entities": "VILLE2"}, {"scopes": {}}) is None  # no claim configured


def test_only_a_director_is_scoped_and_codes_take_the_store_spelling() -> None:
    known = ["CA", "VILLE1"]
    assert auth.checked_scope(frozenset({"ville1"}), known, "director") == {"VILLE1"}
    assert auth.checked_scope(frozenset({"VILLE1"}), known, "hr") is None
    assert auth.checked_scope(frozenset({"VILLE1"}), known, "council") is None
    assert auth.checked_scope(None, known, "director") is None


def test_an_unknown_code_is_refused_in_both_languages() -> None:
    with pytest.raises(auth.UnknownScopeError) as raised:
        auth.checked_scope(frozenset({"VILE1", "CA"}), ["CA", "VILLE1"], "director")
    message = str(raised.value)
    assert "VILE1" in message and "VILLE1" in message  # names the typo and what exists
    assert "Collectivité inconnue" in message and "Unknown entity" in message
    assert raised.value.unknown == ["VILE1"]


def test_the_scope_never_comes_from_the_url() -> None:
    assert Filters.from_mapping({"entity": "CA", "scope": "CA"}) == Filters(entity="CA")
    assert Filters(scope=["B", "A", "B"]).scope == ("A", "B")  # read back from a cache key: one spelling


# -- every view -----------------------------------------------------------------------------------
@pytest.mark.parametrize("name", [name for name in VIEWS if name != "comments"])  # comments: HR only
def test_a_scoped_view_holds_no_other_entity(demo_store: Store, name: str) -> None:
    everyone = stored.compute(demo_store, name, Filters(), "fr")
    scoped = stored.compute(demo_store, name, Filters(scope=(MINE,)), "fr")
    patterns = others(demo_store)
    assert leaks(text_of(scoped), patterns) == []
    if name in {"filters", "involvement", "network", "participation", "concertation", "careers"}:
        assert leaks(text_of(everyone), patterns), "the unscoped view names other entities: the test bites"


def test_the_scope_keeps_its_own_rows_and_the_totals(demo_store: Store) -> None:
    scoped = stored.compute(demo_store, "participation", Filters(scope=(MINE,)), "fr")
    groups = scoped["groups"]["entity"]
    assert set(groups["group"].dropna()) == {MINE}
    everyone = stored.compute(demo_store, "participation", Filters(), "fr")
    pd.testing.assert_frame_equal(scoped["waves"], everyone["waves"])  # the territory, for comparison
    options = stored.compute(demo_store, "filters", Filters(scope=(MINE,)), "fr")
    assert list(options["entities"]) == [MINE] and options["territory_masked"] is False


def test_single_employer_kinds_are_removed_too(demo_store: Store) -> None:
    """The EPCI and the CCAS are each alone of their kind: their kind's row would be their detail."""
    scoped = stored.compute(demo_store, "involvement", Filters(scope=(MINE,)), "fr")
    assert set(scoped["breakdowns"]["entity_kind"]["group"]) == {"commune"}
    overview = stored.compute(demo_store, "overview", Filters(scope=(MINE,)), "fr")
    assert set(overview["headcount"]["kind"]) == {"commune"}


def test_an_entity_outside_the_scope_is_computed_as_the_territory(demo_store: Store) -> None:
    refused = stored.compute(demo_store, "qvt", Filters(entity=OTHER, scope=(MINE,)), "fr")
    territory = stored.compute(demo_store, "qvt", Filters(scope=(MINE,)), "fr")
    assert text_of(refused) == text_of(territory)
    own = stored.compute(demo_store, "participation", Filters(entity=MINE, scope=(MINE,)), "fr")
    assert set(own["groups"]["entity"]["group"].dropna()) <= {MINE}


def test_a_single_other_entity_masks_the_territory(demo_store: Store) -> None:
    """Every entity but one in the scope: the territory minus the scope would be that one entity."""
    land = scoping.territory(demo_store)
    scope = tuple(sorted(land.populated - {OTHER}))
    assert land.masked(scope) and not land.masked((MINE,))
    assert scoping.selection(Filters(scope=scope), land).entity == scope[0]  # never the territory
    options = stored.compute(demo_store, "filters", Filters(scope=scope), "fr")
    assert options["territory_masked"] is True and OTHER not in options["entities"]
    with pytest.raises(scoping.TerritoryMaskedError):
        json_report.build(demo_store, scope=scope)


def test_hr_and_unscoped_directors_see_everything(demo_store: Store) -> None:
    everyone = stored.compute(demo_store, "network", Filters(), "fr")
    assert OTHER in set(everyone["nodes"]["entity_id"])
    assert scoping.restrict("network", everyone, (), scoping.territory(demo_store)) is everyone


# -- the JSON report and the pack ------------------------------------------------------------------
def test_report_scope_leaves_out_other_entities(
    demo_store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    path = demo_store.path
    demo_store.close()
    assert cli.main(["report", "--db", str(path), "--by", "entity"]) == 0
    everyone = capsys.readouterr().out
    assert cli.main(["report", "--db", str(path), "--by", "entity", "--scope", MINE.lower()]) == 0
    scoped = capsys.readouterr().out
    report = json.loads(scoped)
    assert report["scope"] == [MINE]
    assert all(group["group"] == MINE for wave in report["waves"] for group in wave["groups"])
    patterns = others(Store(path))
    assert leaks(everyone, patterns) and leaks(scoped, patterns) == []


def test_report_scope_with_a_typo_says_so(demo_store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    path = demo_store.path
    demo_store.close()
    assert cli.main(["report", "--db", str(path), "--scope", "MONTAIGU"]) == 1
    error = capsys.readouterr().err
    assert "MONTAIGU" in error and "--scope" in error and "Unknown entity" in error


def test_the_scoped_pack_holds_no_other_entity(demo_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """Its tables, sentences and every chart's figure (the PNG is drawn from the same figure)."""
    monkeypatch.setattr(render, "warm_up", lambda: None)
    monkeypatch.setattr(render, "png", lambda figure, **size: figure.to_json().encode("utf-8"))
    every = [slide.slide_id for slide in slides.SLIDES]

    def shown(scope: tuple[str, ...]) -> str:
        built = pack.build(demo_store, selection=every, filters=Filters(scope=scope))
        assert built.slides, "the pack shows something"
        parts = [f"{s.title}\n{s.sentence}\n{s.png.decode()}" for s in built.slides]
        return "\n".join([text_of(built.tables), *parts])

    assert leaks(shown(()), others(demo_store)), "the whole pack names other entities: the test bites"
    assert leaks(shown((MINE,)), others(demo_store)) == []


def test_the_scoped_network_slide_draws_no_other_entity(demo_store: Store) -> None:
    data = stored.compute(demo_store, "network", Filters(scope=(MINE,)), "fr")
    for slide in slides.SLIDES:
        if slide.view == "network":
            figure = slide.chart(data, charts.PRINT)
            assert figure is None or leaks(figure.to_json(), others(demo_store)) == []



def test_action_plans_on_another_entity_are_left_out(demo_store: Store) -> None:
    from mututrack import plans

    with demo_store.transaction() as cur:  # without the demo's own actions
        cur.execute("delete from actions")
    for title, kind, group in [("Chez moi", "entity", MINE), ("Chez eux", "entity", OTHER),
                               ("Partout", "organisation", None)]:
        plans.create(demo_store, plans.Action(title=title, owner="DGS", indicator="who5_mean",
                                              group_kind=kind, group_value=group), user="t", role="hr")
    everyone = stored.compute(demo_store, "actions", Filters(), "fr")
    scoped = stored.compute(demo_store, "actions", Filters(scope=(MINE,)), "fr")
    assert set(everyone["actions"]["title"]) == {"Chez moi", "Chez eux", "Partout"}
    assert set(scoped["actions"]["title"]) == {"Chez moi", "Partout"}
    assert scoped["total"] == scoped["open"] == 2
    assert leaks(text_of(scoped), others(demo_store)) == []
