"""The proposals waiting for an answer, as a director acts on them: the most urgent first, their owner,
and their text kept apart (HR and the directors only, never kept, within a director's scope)."""

from __future__ import annotations

import pandas as pd
import pytest

from mututrack import auth, i18n
from mututrack.filters import Filters
from mututrack.metrics import alerts
from mututrack.store import Store
from mututrack.views import proposal_texts, proposals, scoping, stored
from mututrack.views.alert_texts import alert_text
from tests.fixtures_involvement import TODAY, tiny_store

# The tiny territory's open proposals: pr1 (c1, 326 days), pr2 (c1, 30 days), pr3 (agglo, 91 days),
# pr7 (agglo, exactly 60 days: not late). agglo has 5 agents in post, c1 and c2 two each (k = 5).
OWNERS = {"pr1": "DRH", "pr2": None, "pr3": "  ", "pr7": "DSI"}  # pr3: blank, so nobody
TEXTS = {"pr1": "Des horaires d'été", "pr2": "Un agenda partagé", "pr3": "x" * 5000, "pr4": "Décidée"}


@pytest.fixture
def tiny() -> Store:
    store = tiny_store()
    with store.transaction() as cur:
        for proposal_id, owner in OWNERS.items():
            cur.execute("update proposals set owner = ? where proposal_id = ?", [owner, proposal_id])
        for proposal_id, text in TEXTS.items():
            cur.execute("update proposals set text = ? where proposal_id = ?", [text, proposal_id])
    return store


def _raw(store: Store):
    return lambda chosen: proposals.compute(store, chosen, today=TODAY)


def test_the_late_and_the_unassigned_come_first_the_oldest_first_within(tiny: Store) -> None:
    waiting = proposals.compute(tiny, Filters(), today=TODAY)["waiting"]
    expected = pd.DataFrame({
        "proposal_id": ["pr3", "pr1", "pr2", "pr7"],
        "days_open": [91, 326, 30, 60],
        "late": [True, True, False, False],
        "owner": [None, "DRH", None, "DSI"],
        "owner_label": ["Non attribuée", "DRH", "Non attribuée", "DSI"],
        "status_label": ["À l'étude", "Déposée", "Déposée", "Déposée"],
    })
    pd.testing.assert_frame_equal(waiting[list(expected.columns)], expected, check_dtype=False)
    # neither the free text (never kept with the page's data) nor the entity (it would point at the
    # author: a scope reads it from entity_of, which no export writes)
    assert not {"text", "entity_id", "service"} & set(waiting.columns)


def test_the_owner_reads_not_assigned_in_english(tiny: Store) -> None:
    i18n.set_language("en")
    waiting = proposals.compute(tiny, Filters(), today=TODAY)["waiting"]
    assert waiting["owner_label"].tolist() == ["Not assigned", "DRH", "Not assigned", "DSI"]


def test_texts_are_those_of_the_waiting_proposals_whole(tiny: Store) -> None:
    texts = proposal_texts.compute(tiny, Filters(), today=TODAY)["texts"]
    assert texts.set_index("proposal_id")["text"].to_dict() == {
        "pr1": "Des horaires d'été", "pr2": "Un agenda partagé", "pr3": "x" * 5000}  # pr4 is decided


def test_an_entity_too_small_shows_no_text(tiny: Store) -> None:
    assert proposal_texts.compute(tiny, Filters(entity="c1"), today=TODAY)["texts"].empty
    shown = proposal_texts.compute(tiny, Filters(entity="agglo"), today=TODAY)["texts"]
    assert shown["proposal_id"].tolist() == ["pr3"]


@pytest.mark.parametrize(
    ("scope", "waiting", "said"),
    [
        (("agglo",), ["pr3", "pr7"], ["pr4"]),
        (("agglo", "c1"), ["pr3", "pr7"], ["pr4"]),  # c2 alone outside: agglo's figures instead
        (("c1",), [], []),  # c1's two agents: its proposals would point at them
        ((), ["pr3", "pr1", "pr2", "pr7"], ["pr5", "pr6", "pr4"]),  # no scope: the whole territory
    ],
)
def test_a_scoped_director_sees_only_the_proposals_of_the_scope(tiny: Store, scope, waiting, said) -> None:
    data = scoping.compute(tiny, "proposals", Filters(scope=scope), _raw(tiny))
    assert data["waiting"]["proposal_id"].tolist() == waiting
    assert data["you_said"]["proposal_id"].tolist() == said  # the decided ones, latest decision first
    if scope:
        assert set(data["entity_of"]) == {*waiting, *said} and set(data["entity_of"].values()) <= set(scope)
    texts = scoping.compute(tiny, "proposal_texts", Filters(scope=scope),
                            lambda chosen: proposal_texts.compute(tiny, chosen, today=TODAY))["texts"]
    assert set(texts["entity_id"]) <= set(scope or ("agglo", "c1", "c2"))


def test_a_scoped_director_of_an_entity_of_k_agents_sees_its_proposals(tiny: Store) -> None:
    with tiny.transaction() as cur:  # c1 grows to five agents in post: its proposals are listed
        for key in ("b1", "b2", "b3"):
            cur.execute("insert into agents (agent_key, entity_id, service, category, status) "
                        "values (?, 'c1', 'RH', 'C', 'titulaire')", [key])
    data = scoping.compute(tiny, "proposals", Filters(scope=("c1",)), _raw(tiny))
    assert data["waiting"]["proposal_id"].tolist() == ["pr1", "pr2"] and data["you_said"].empty
    assert data["entity_of"] == {"pr1": "c1", "pr2": "c1"}


def test_the_texts_are_never_kept_with_the_pages_data(tiny: Store) -> None:
    stored.compute(tiny, "proposal_texts", Filters(), "fr")
    stored.compute(tiny, "proposals", Filters(), "fr")
    kept = set(tiny.sql("select view from view_results")["view"])
    assert "proposals" in kept and "proposal_texts" not in kept


@pytest.mark.parametrize(("role", "reads"), [("hr", True), ("director", True), ("council", False)])
def test_only_hr_and_the_directors_read_the_text(role: str, reads: bool) -> None:
    assert auth.may_read_text(role, "proposals") is reads
    assert auth.may_read_text(role, "anything else") is False


def test_the_overview_alert_says_how_many_late_ones_nobody_is_in_charge_of(tiny: Store) -> None:
    listed = tiny.query("proposals_list", entity=None)
    found = alerts.waiting_proposals(listed, today=TODAY, days=60).to_dict(orient="records")[0]
    assert (found["value"], found["details"]["unassigned"]) == (2, 1)  # pr1 (DRH) and pr3 (nobody)
    assert alert_text(found) == ("2 propositions d'agents attendent une réponse depuis plus de 60 jours. "
                                 "1 d'entre elles n'a pas encore de responsable.")
    assigned = alerts.waiting_proposals(listed.assign(owner="DRH"), today=TODAY, days=60)
    assert alert_text(assigned.to_dict(orient="records")[0]).endswith("depuis plus de 60 jours.")
    without_owners = alerts.waiting_proposals(listed.drop(columns="owner"), today=TODAY, days=60)
    assert without_owners["details"][0]["unassigned"] == 0  # an older caller: no sentence about owners
