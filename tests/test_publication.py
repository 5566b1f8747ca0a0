"""mututrack/publication: atoms, figures for unions of whole atoms, open waves, and the attacks a
reviewer tried (subtraction between filters, breakdowns against a project, a lone person of a
category), each checked on the figures themselves and by the auditor."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import json
from contextlib import redirect_stderr, redirect_stdout

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mututrack import cli
from mututrack.filters import Filters
from mututrack.publication import atoms, build, collect, load
from mututrack.store import Store
from mututrack.views import comments, overview, qvt
from tests.fixtures_involvement import insert
from tests.fixtures_qvt import add_respondents, add_wave, who5

K = 5
CELL = st.tuples(
    st.sampled_from(["", "P1", "P1|P2"]),
    st.sampled_from(["A", "B", "C", ""]),
    st.sampled_from(["e1", "e2", "e3", "e4"]),
    st.sampled_from(["s1", "s2", "s3"]),
    st.integers(1, 12),
)


# -- atoms --------------------------------------------------------------------------------------
@settings(max_examples=60, deadline=None)
@given(st.lists(CELL, min_size=1, max_size=40, unique_by=lambda c: c[:4]))
def test_every_atom_holds_k_and_every_cell_lands_in_one(cells):
    frame = pd.DataFrame(cells, columns=[*atoms.DIMENSIONS, "respondents"])
    tree = atoms.build_tree(frame, k=K)
    frame["atom"] = atoms.assign(frame, tree)
    sizes = frame.groupby("atom")["respondents"].sum()
    if frame["respondents"].sum() >= K:
        assert sizes.min() >= K
    else:
        assert len(sizes) == 1  # a wave under k is one atom, and it publishes nothing
    assert atoms.build_tree(frame, k=K) == tree  # deterministic


def test_a_value_never_seen_lands_in_an_atom():
    frame = pd.DataFrame(
        [("", "A", "e1", "s1", 6), ("", "A", "e2", "s1", 7), ("", "B", "e1", "s1", 2)],
        columns=[*atoms.DIMENSIONS, "respondents"],
    )
    tree = atoms.build_tree(frame, k=K)
    late = pd.DataFrame([("P9", "C", "e9", "s9")], columns=list(atoms.DIMENSIONS))
    assert atoms.assign(late, tree).iloc[0] in set(atoms.assign(frame, tree))


# -- the reviewer's store: 3 people in an entity, a project over them and 21 others, a lone category
def _people() -> list[tuple]:
    varied = [who5(1, 2, 3, 4, 5), who5(5, 4, 3, 2, 1), who5(2, 2, 3, 3, 4), who5(4, 4, 4, 3, 2)]
    rows = []
    for i in range(3):  # entity x: 3 respondents in the project's service; one of them is category C
        rows.append(("x", "C" if i == 0 else "A", "s", {**varied[i], "enps": i * 4, "comment": f"x dit {i}"}))
    for i in range(21):  # entity y, same service: in the project too
        rows.append(
            ("y", "A" if i % 2 else "B", "s", {**varied[i % 4], "enps": i % 11, "comment": f"y dit {i}"})
        )
    for i in range(30):  # entity z, another service: outside the project
        rows.append(
            (
                "z",
                "B" if i % 3 else "C",
                "t",
                {**varied[(i + 1) % 4], "enps": (i * 7) % 11, "comment": f"z dit {i}"},
            )
        )
    return rows


@pytest.fixture
def reviewer_store() -> Store:
    store = Store()
    insert(
        store,
        {
            "entities": [("x", "X", "commune", 300), ("y", "Y", "commune", 4000), ("z", "Z", "epci", 90000)],
            "projects": [("p", "P", dt.date(2026, 1, 1), None, "economies")],
            "project_services": [("p", "s")],
        },
    )
    add_wave(store, "w", _people(), closed_at=dt.date(2026, 3, 1))
    return store


def _all_filters() -> list[Filters]:
    values = itertools.product([None, "p"], [None, "x", "y", "z"], [None, "A", "B", "C"])
    return [Filters(project=p, entity=e, category=c) for p, e, c in values]


def _respondent_sets(store: Store, wave: str) -> list[frozenset[int]]:
    """The respondents behind every set of atoms a figure can be published for."""
    pub = load(store, wave)
    members = store.sql("select respondent_id, atom from publication_members where wave = $w", w=wave)
    people = members.groupby("atom")["respondent_id"].agg(frozenset).to_dict()
    return [frozenset().union(*(people[a] for a in atoms_)) for atoms_ in collect.published_sets(store, pub)]


def test_no_two_reachable_figures_differ_by_fewer_than_k_people(reviewer_store):
    sets = _respondent_sets(reviewer_store, "w")
    assert sets
    for a, b in itertools.combinations(sets, 2):
        if a < b or b < a:  # one inside the other: their difference is published by subtraction
            assert len(a ^ b) >= K


def test_the_entity_of_three_and_the_lone_person_of_category_c_are_never_shown(reviewer_store):
    for filters in _all_filters():
        data = qvt.compute(reviewer_store, filters)
        if filters.entity == "x":
            assert data["cell_hidden"] and data["trend"]["who5_index_mean"].isna().all()
        for heat in data["heatmaps"].values():
            assert "x" not in set(heat.loc[~heat["suppressed"], "group"].dropna())
        assert comments.compute(reviewer_store, filters)["total"] in (0, *range(10, 100))
    for by in ("entity", "category", "service"):
        groups = qvt.wave_summary(reviewer_store, by=by)[0]["groups"]
        assert all(g["respondents"] >= K for g in groups)
        assert "x" not in {g["group"] for g in groups}


def test_the_project_filter_and_the_service_breakdown_agree_to_the_atom(reviewer_store):
    # report --by service gives s; the project filter gives the project's atoms: never 3 apart
    service = {
        g["group"]: g["respondents"] for g in qvt.wave_summary(reviewer_store, by="service")[0]["groups"]
    }
    project = qvt.compute(reviewer_store, Filters(project="p"))["trend"]["respondents"].iloc[0]
    whole = qvt.compute(reviewer_store, Filters())["trend"]["respondents"].iloc[0]
    for count in service.values():
        assert count == project or abs(count - project) >= K
    assert whole - project == 0 or whole - project >= K


def test_the_auditor_passes_the_reviewer_store_and_fails_a_doctored_one(reviewer_store, tmp_path):
    assert collect.audit_wave(reviewer_store, "w").ok
    # Doctor the stored publication: two people of an atom get an atom of their own, said to hold 5
    # and to be entity x's (so that the filter "x" would publish them alone).
    with reviewer_store.transaction(bump_version=False) as cur:
        (atom,) = cur.execute("select min(atom) from publication_atoms where wave = 'w'").fetchone()
        cur.execute(
            "update publication_members set atom = 999 where respondent_id in "
            "(select respondent_id from publication_members where atom = $a order by respondent_id limit 2)",
            {"a": atom},
        )
        cur.execute(
            "insert into publication_atoms select wave, 999, 5, 'x', category, service, projects "
            "from publication_atoms where atom = $a",
            {"a": atom},
        )
    reviewer_store.memo.clear()  # written behind the layer's back: forget what it read
    report = collect.audit_wave(reviewer_store, "w")
    assert not report.ok
    assert {v.kind for v in report.violations} & {"empty_figure_under_k", "group_under_k"}


def test_check_privacy_on_the_command_line(tmp_path):
    path = tmp_path / "audit.duckdb"
    store = Store(path)
    add_wave(store, "w", _people(), closed_at=dt.date(2026, 3, 1))
    store.close()
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        assert cli.main(["check", "--db", str(path), "--privacy"]) == 0
    result = json.loads(out.getvalue())
    assert result["ok"] and result["privacy"][0]["checked"]["figures"] > 10
    assert "aucun groupe de moins de 5 personnes" in err.getvalue()


# -- per-figure counting ------------------------------------------------------------------------
def test_an_item_answered_by_three_of_twenty_is_not_shown(store):
    people = [
        ("e", "A", "s", {**who5(1 + i % 5, 2, 3, 4, i % 6), "inv_early": 4 if i < 3 else None})
        for i in range(20)
    ]
    add_wave(store, "w", [(e, c, s, {k: v for k, v in a.items() if v is not None}) for e, c, s, a in people])
    items = qvt.compute(store, Filters())["items"].set_index("code")
    assert items.loc["inv_early", "suppressed"] and pd.isna(items.loc["inv_early", "mean_raw"])
    assert not items.loc["who5_1", "suppressed"] and items.loc["who5_1", "answers"] == 20


# -- open waves ---------------------------------------------------------------------------------
def _answers(i: int) -> dict:
    return {**who5(i % 6, (i + 2) % 6, 3, 2, (i * 3) % 6), "enps": i % 11}


def test_an_open_wave_is_provisional_and_moves_only_by_k_people(store):
    add_wave(store, "open", [("e", "A", "s", _answers(i)) for i in range(12)])  # no close date: open
    first = qvt.compute(store, Filters())
    assert first["provisional"] and first["trend"]["provisional"].iloc[0]
    assert qvt.wave_summary(store)[0]["provisional"] is True
    more = [("e", "A", "s", _answers(100 + i)) for i in range(K - 1)]
    add_respondents(store, "open", more)  # four more: nothing published moves
    later = qvt.compute(store, Filters())["trend"].iloc[0]
    assert later["respondents"] == 12
    assert later["who5_index_mean"] == first["trend"]["who5_index_mean"].iloc[0]
    fifth = [("e", "A", "s", _answers(200))]
    add_respondents(store, "open", fifth)  # the atom has grown by k: its figures move
    assert qvt.compute(store, Filters())["trend"]["respondents"].iloc[0] == 12 + K


def test_undoing_answers_of_an_open_wave_is_never_kept_published(store):
    add_wave(store, "open", [("e", "A", "s", _answers(i)) for i in range(12)])
    assert qvt.compute(store, Filters())["trend"]["respondents"].iloc[0] == 12
    with store.transaction() as cur:
        cur.execute(
            "delete from respondents where respondent_id in "
            "(select respondent_id from respondents order by respondent_id limit 2)"
        )
    assert qvt.compute(store, Filters())["trend"]["respondents"].iloc[0] == 10


# -- every selection renders --------------------------------------------------------------------
@pytest.mark.slow  # every sidebar selection of the demo, on every page's view
@pytest.mark.parametrize("nth_project", range(4))  # split so that the test workers share them out
def test_every_selection_of_the_demo_renders(demo_store, nth_project):
    projects = [None, *demo_store.query("projects_list")["project_id"]]
    assert len(projects) == 4, "the demo's projects changed: set the range to their number + 1"
    entities = [None, *demo_store.query("entities_list")["entity_id"]]
    waves = demo_store.query("qvt_waves")["wave"].tolist()
    for entity, category in itertools.product(entities[:6], [None, "A", "C"]):
        filters = Filters(project=projects[nth_project], entity=entity, category=category, wave=waves[-1])
        data = qvt.compute(demo_store, filters)
        assert isinstance(data["headlines"], list)
        comments.compute(demo_store, filters)
    assert len(overview.compute(demo_store, Filters()).get("alert_texts")) >= 1


def test_refresh_after_a_write_elsewhere_keeps_the_publication(demo_store):
    build.refresh_all(demo_store)
    before = demo_store.sql("select wave, built_at from publication_state order by wave")
    demo_store.set_setting("unrelated", "1")  # moves data_version, not what the publication is made of
    build.refresh_all(demo_store)
    after = demo_store.sql("select wave, built_at from publication_state order by wave")
    pd.testing.assert_frame_equal(before, after)


def test_slides_of_an_open_wave_say_provisional(demo_store):
    from mututrack.report import slides

    last = demo_store.query("qvt_waves")["wave"].iloc[-1]
    with demo_store.transaction() as cur:  # whatever the date the suite runs on: the last wave is open
        cur.execute(
            "update waves set opened_at = current_date - 10, closed_at = current_date + 10 where wave = $w",
            {"w": last},
        )
    data = qvt.compute(demo_store, Filters())
    assert data["provisional"] and data["wave"] == last
    assert slides.by_id("who5").statement(data).startswith(f"Provisoire ({data['wave']})")
    closed = qvt.compute(demo_store, Filters(wave=data["previous_wave"]))
    assert not closed["provisional"]
    assert not slides.by_id("who5").statement(closed).startswith("Provisoire")
