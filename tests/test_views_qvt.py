"""views/qvt.py: the JSON report's wave figures computed by hand, and the anonymity rules checked
against the true counts of random small stores under random filters."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stdout

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mututrack import cli
from mututrack.filters import Filters
from mututrack.publication import collect
from mututrack.store import Store
from mututrack.views import qvt
from tests.fixtures_involvement import insert
from tests.fixtures_qvt import add_wave, who5

# One entity of 3 respondents (e1), its next-smallest sibling (e2, 6), and two shown ones.
MUST_SHOW = (
    [("e1", "A", "RH", {**who5(1, 1, 1, 1, 1), "enps": 0})] * 3
    + [("e2", "B", "RH", {**who5(4, 4, 4, 4, 4), "enps": 10})] * 6
    + [("e3", "C", "RH", {**who5(2, 2, 2, 2, 2), "enps": 5})] * 7
    + [("e4", "A", "RH", {**who5(5, 5, 5, 5, 5), "enps": 9})] * 5
    + [("e4", "B", "RH", {**who5(3, 3, 3, 3, 0), "enps": 7})] * 5
)


def _report(path, *args: str) -> dict:
    out = io.StringIO()
    with redirect_stdout(out):
        assert cli.main(["report", "--db", str(path), "--format", "json", *args]) == 0
    return json.loads(out.getvalue())


def test_report_by_entity_publishes_whole_atoms_only(tmp_path):
    path = tmp_path / "must-show.duckdb"
    store = Store(path)
    add_wave(store, "2026-T1", MUST_SHOW)
    store.close()
    wave = _report(path, "--by", "entity")["waves"][0]
    # The whole wave, by hand: 26 respondents; index (3*20 + 6*80 + 7*40 + 5*100 + 5*48) / 26 = 60;
    # poor: 3 + 7 + 5 = 15; eNPS: promoters 6 + 5, detractors 3 + 7 -> (11 - 10) / 26.
    assert wave["respondents"] == 26
    assert wave["who5_index_mean"] == pytest.approx(60.0)
    assert wave["who5_poor_share"] == pytest.approx(15 / 26)
    assert wave["enps"] == pytest.approx(100 / 26)
    assert wave["item_means"]["who5_5"] == pytest.approx((3 * 1 + 6 * 4 + 7 * 2 + 5 * 5 + 5 * 0) / 26)
    # Atoms (categories first): A = e1 (3, too few alone) with e4 (5): 8 mixed; B = e2 (6), e4 (5);
    # C = e3 (7).
    groups = {g["group"]: g for g in wave["groups"]}
    assert {g: (v["respondents"], v["pooled"]) for g, v in groups.items()} == {
        "e2": (6, False), "e3": (7, False), "e4": (5, False), "Autres groupes (regroupés)": (8, True),
    }
    assert "e1" not in groups  # no atom is e1's alone: nothing is published under its name
    # In e2, e3 and e4's atom of B, everyone answered alike (under 2k): too homogeneous to show.
    for name in ("e2", "e3", "e4"):
        assert groups[name]["who5_index_mean"] is None and groups[name]["enps"] is None
    pooled = groups["Autres groupes (regroupés)"]  # e1's 3 (index 20) and e4's 5 of A (index 100)
    assert pooled["who5_index_mean"] == pytest.approx((3 * 20 + 5 * 100) / 8)
    assert pooled["who5_poor_share"] == pytest.approx(3 / 8)
    assert pooled["enps"] == pytest.approx(100 * (5 - 3) / 8)


def test_report_by_category_and_service(tmp_path):
    path = tmp_path / "must-show.duckdb"
    store = Store(path)
    add_wave(store, "2026-T1", MUST_SHOW)
    store.close()
    groups = {g["group"]: g for g in _report(path, "--by", "category")["waves"][0]["groups"]}
    # A = 3 + 5 = 8, B = 6 + 5 = 11, C = 7: nothing under 5
    assert {g: v["respondents"] for g, v in groups.items()} == {"A": 8, "B": 11, "C": 7}
    assert groups["A"]["who5_index_mean"] == pytest.approx((3 * 20 + 5 * 100) / 8)
    service = _report(path, "--by", "service")["waves"][0]["groups"]
    assert [(g["group"], g["respondents"]) for g in service] == [("RH", 26)]


def test_report_response_rate_against_the_roster(store):
    agents = [(f"a{i}", "e", "RH", "A", "titulaire", None, None) for i in range(10)]
    insert(store, {"entities": [("e", "E", "commune", 100)], "agents": agents})
    add_wave(store, "w", [("e", "A", "RH", {"enps": 9})] * 6, closed_at=pd.Timestamp("2026-01-31").date())
    wave = qvt.wave_summary(store, by="entity")[0]
    assert wave["response_rate"] == 0.6
    assert wave["groups"][0]["response_rate"] == 0.6


def test_wave_summary_without_answers(store):
    assert qvt.wave_summary(store) == []
    with pytest.raises(ValueError):
        qvt.wave_summary(store, by="colour")


def test_published_wave_keeps_its_locked_threshold(store):
    add_wave(
        store,
        "w",
        [("e1", "A", "RH", {"enps": 9})] * 6 + [("e2", "A", "RH", {"enps": 9})] * 8,
        published=False,
    )
    with store.transaction() as cur:
        cur.execute("update waves set published = true, k_threshold = 7")
    groups = {g["group"]: g["respondents"] for g in qvt.wave_summary(store, by="entity")[0]["groups"]}
    assert groups == {"Autres groupes (regroupés)": 14}  # 6 < 7: e1 joins e2 in one atom, neither named


# -- the anonymity property -------------------------------------------------------------------
PERSON = st.tuples(
    st.sampled_from(["e1", "e2", "e3"]),
    st.sampled_from(["A", "B", None]),
    st.sampled_from(["s1", "s2"]),
    st.booleans(),  # answered the whole WHO-5
    st.one_of(st.none(), st.integers(1, 5)),  # inv_informed
    st.one_of(st.none(), st.integers(0, 10)),  # enps
)
FILTERS = st.builds(
    Filters,
    project=st.sampled_from([None, "p1"]),
    entity=st.sampled_from([None, "e1", "e2", "e3"]),
    category=st.sampled_from([None, "A", "B"]),
    wave=st.sampled_from([None, "w1"]),
)


def _answers(person) -> dict:
    _, _, _, complete, informed, enps = person
    given = {**(who5(3, 3, 2, 4, 1) if complete else {"who5_1": 2}), "inv_informed": informed, "enps": enps}
    return {code: value for code, value in given.items() if value is not None}


def _truth(people: dict[str, list], filters: Filters, wave: str) -> pd.DataFrame:
    """One row per respondent of ``wave`` in the project's scope, with what each figure counts."""
    rows = [
        {
            "entity_id": p[0],
            "category": p[1] or "",
            "service": p[2],
            "who5": p[3],
            "involvement": p[4] is not None,
            "enps": p[5] is not None,
            "informed": p[4] is not None,
        }
        for p in people[wave]
    ]
    frame = pd.DataFrame(
        rows, columns=["entity_id", "category", "service", "who5", "involvement", "enps", "informed"]
    )
    if filters.project == "p1":  # p1 pools service s1 of e1 and e2
        frame = frame[(frame["service"] == "s1") & frame["entity_id"].isin(["e1", "e2"])]
    return frame


def _in(frame: pd.DataFrame, entity: str | None, category: str | None) -> pd.DataFrame:
    keep = pd.Series(True, index=frame.index)
    if entity is not None:
        keep &= frame["entity_id"] == entity
    if category is not None:
        keep &= frame["category"] == category
    return frame[keep]


def _assert_heatmaps_hide_small_groups(data: dict, truth: pd.DataFrame, filters: Filters, k: int) -> None:
    measure_base = {"who5": "who5", "involvement": "involvement"}
    for by, column in (("entity", "entity_id"), ("category", "category")):
        heat = data["heatmaps"][by]
        for measure, base in measure_base.items():
            rows = heat[heat["measure"] == measure]
            true_n = {
                row.group: int(
                    _in(
                        truth,
                        row.group if column == "entity_id" else filters.entity,
                        row.group if column == "category" else filters.category,
                    )[base].sum()
                )
                for row in rows[~rows["is_total"] & rows["group"].notna()].itertuples()
            }
            for row in rows[~rows["suppressed"] & ~rows["is_total"] & rows["group"].notna()].itertuples():
                assert true_n[row.group] >= k, (
                    f"{measure} of {row.group} shown from {true_n[row.group]} people"
                )
            total = rows[rows["is_total"]]
            if len(total) and not total["suppressed"].iloc[0]:
                assert int(_in(truth, filters.entity, filters.category)[base].sum()) >= k


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(PERSON, max_size=40), st.lists(PERSON, max_size=40), st.lists(FILTERS, min_size=1, max_size=3)
)
def test_nothing_from_fewer_than_k_leaves_the_view(first, second, filter_sets):
    store = Store()
    insert(
        store,
        {
            "entities": [(e, e.upper(), "commune", 100) for e in ("e1", "e2", "e3")],
            "projects": [("p1", "P1", pd.Timestamp("2026-01-01").date(), None, "economies")],
            "project_services": [("p1", "s1")],
            "project_entities": [("p1", "e1"), ("p1", "e2")],
        },
    )
    people = {"w1": first, "w2": second}
    for wave, persons in people.items():
        add_wave(
            store,
            wave,
            [(p[0], p[1], p[2], _answers(p)) for p in persons],
            closed_at=pd.Timestamp("2026-03-01" if wave == "w1" else "2026-06-01").date(),
        )
    k = 5
    for filters in filter_sets:
        data = qvt.compute(store, filters)
        wave = data["wave"]
        for row in data["trend"].itertuples():
            truth = _in(_truth(people, filters, row.wave), filters.entity, filters.category)
            if not row.suppressed:
                assert len(truth) >= k
            if pd.notna(row.who5_index_mean):
                assert truth["who5"].sum() >= k
            if pd.notna(row.enps):
                assert truth["enps"].sum() >= k
        truth = _truth(people, filters, wave)
        _assert_heatmaps_hide_small_groups(data, truth, filters, k)
        shown_items = data["items"][~data["items"]["suppressed"]]
        cell = _in(truth, filters.entity, filters.category)
        for code in shown_items["code"]:
            base = {"inv_informed": "informed", "enps": "enps"}.get(code, "who5")
            if code == "who5_1":
                continue  # everyone answers who5_1 here, complete or not
            assert cell[base].sum() >= k
        _assert_filter_matches_breakdown(store, filters, data)
    for wave in people:  # and whatever the combination, the auditor finds nothing to pin down
        assert collect.audit_wave(store, wave).ok
    store.close()


def _assert_filter_matches_breakdown(store: Store, filters: Filters, data: dict) -> None:
    """Choosing an entity in the filters shows exactly what the breakdown by entity shows for it."""
    if filters.entity is None:
        return
    parent = qvt.compute(
        store, Filters(project=filters.project, category=filters.category, wave=filters.wave)
    )
    heat = parent["heatmaps"]["entity"]
    as_group = heat[(heat["group"] == filters.entity) & ~heat["is_total"]].set_index("measure")
    mine = data["heatmaps"]["entity"]
    as_total = mine[mine["is_total"]].set_index("measure")
    common = as_group.index.intersection(as_total.index)
    if common.empty:
        return
    pd.testing.assert_series_equal(as_group.loc[common, "suppressed"], as_total.loc[common, "suppressed"])
    pd.testing.assert_series_equal(as_group.loc[common, "score"], as_total.loc[common, "score"])


# -- the demo's story -------------------------------------------------------------------------
@pytest.mark.parametrize("project", [None, "VOIRIE-SI"])
def test_demo_dip_around_the_badly_consulted_decision_then_recovery(demo_store, project):
    decision = demo_store.scalar("select decision_date from projects where project_id = 'VOIRIE-SI'")
    waves = demo_store.query("qvt_waves")
    dip_wave = waves.loc[pd.to_datetime(waves["closed_at"]).dt.date >= decision, "wave"].iloc[0]
    trend = qvt.compute(demo_store, Filters(project=project))["trend"].set_index("wave")
    position = list(trend.index).index(dip_wave)
    dip, recovery = trend.iloc[position], trend.iloc[position + 1]
    assert dip["who5_change"] < 0 and dip["who5_significant"]
    assert dip["who5_poor_change"] > 0 and dip["who5_poor_significant"]
    assert recovery["who5_change"] > 0 and recovery["who5_significant"]


# -- comments ---------------------------------------------------------------------------------
def test_comments_of_groups_of_at_least_ten(store):
    from mututrack.views import comments

    people = (
        [("e1", "A", "RH", {"comment": f"e1 remarque {i}"}) for i in range(12)]
        + [("e2", "A", "RH", {"comment": f"e2 remarque {i}"}) for i in range(4)]
        + [("e3", "A", "RH", {"comment": f"e3 remarque {i}"}) for i in range(11)]
    )
    add_wave(store, "w", people)
    data = comments.compute(store, Filters())
    assert data["k"] == 10 and not data["cell_hidden"] and data["total"] == 27
    listed = dict(
        zip(data["comments_by_group"]["group_label"], data["comments_by_group"]["comments"], strict=True)
    )
    assert list(listed) == ["e1"] and sorted(listed["e1"]) == sorted(f"e1 remarque {i}" for i in range(12))
    # e2 (4) is masked and e3 (11), the next-smallest, with it: their 15 comments are pooled, unnamed
    assert sorted(data["comments_pooled"]) == sorted(
        [f"e2 remarque {i}" for i in range(4)] + [f"e3 remarque {i}" for i in range(11)]
    )
    assert comments.compute(store, Filters(entity="e2"))["cell_hidden"]
    assert comments.compute(store, Filters(entity="e3"))[
        "cell_hidden"
    ]  # the complement stays hidden when filtered
    assert not comments.compute(store, Filters(entity="e1"))["cell_hidden"]


def test_no_comment_below_ten_respondents(store):
    from mututrack.views import comments

    add_wave(store, "w", [("e1", "A", "RH", {"comment": "trop peu"})] * 9)
    assert comments.compute(store, Filters())["cell_hidden"]


@settings(max_examples=15, deadline=None)
@given(st.lists(PERSON, max_size=40), st.sampled_from(["entity", "category", "service"]))
def test_report_groups_never_isolate_fewer_than_k(people, by):
    store = Store()
    add_wave(store, "w1", [(p[0], p[1], p[2], _answers(p)) for p in people])
    column = {"entity": 0, "category": 1, "service": 2}[by]
    true_n = pd.Series([p[column] or "" for p in people], dtype=object).value_counts().to_dict()
    for wave in qvt.wave_summary(store, by=by):
        if wave["suppressed"]:
            assert len(people) < 5 and wave["groups"] == []
            continue
        # Every group is a union of whole atoms: at least k, never more than the group holds,
        # and together (with the pooled group) exactly the wave.
        for group in wave["groups"]:
            assert group["respondents"] >= 5
            if not group["pooled"]:
                assert group["respondents"] <= true_n[group["group"]]
        assert sum(g["respondents"] for g in wave["groups"]) == wave["respondents"] == len(people)
    assert collect.audit_wave(store, "w1").ok
