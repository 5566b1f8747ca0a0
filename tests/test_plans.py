"""Action plans in the store (migration 012): writes audited in their transaction, and the actions
import kind (template, located problems, store unchanged on refusal, undo)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from mututrack import audit, ingest, plans
from mututrack.ingest import templates
from mututrack.ingest.kinds import ENUMS
from mututrack.store import Store, migrations

NOW = dt.datetime(2026, 11, 2, 9, 30)


def _action(**changes) -> plans.Action:
    return plans.Action(**{"title": "Ateliers charge de travail", "owner": "DRH", "indicator": "who5_mean",
                           **changes})


def test_migration_012_makes_the_actions_table(store: Store) -> None:
    assert migrations()[-1][0] >= 12
    columns = store.sql("select column_name from duckdb_columns() where table_name = 'actions'")
    assert set(columns["column_name"]) >= {
        "action_id", "title", "owner", "due_date", "status", "origin_kind", "origin_ref", "indicator",
        "group_kind", "group_value", "created_at", "updated_at", "import_id",
    }


def test_each_write_and_its_audit_entry_are_one_transaction(store: Store) -> None:
    first = plans.create(store, _action(due_date=dt.date(2026, 12, 1)), user="Claire", role="hr", now=NOW)
    second = plans.create(store, _action(title="Immersions"), user="Paul", role="director", now=NOW)
    assert (first, second) == ("PA-0001", "PA-0002")
    plans.set_status(store, first, "en_cours", user="Claire", role="hr")
    changed = _action(title="Immersions croisées", owner="DGS")
    plans.update(store, second, changed, user="Paul", role="director")
    plans.delete(store, first, user="Claire", role="hr")
    rows = plans.listing(store)
    expected = [["PA-0002", "Immersions croisées", "DGS"]]
    assert rows[["action_id", "title", "owner"]].values.tolist() == expected
    assert rows["created_at"].iloc[0] == NOW and rows["updated_at"].iloc[0] > NOW
    entries = audit.history(store).sort_values("done_at", kind="stable")
    assert entries[["user_name", "role", "action", "detail"]].values.tolist() == [
        ["Claire", "hr", "action_plan", "create · PA-0001"],
        ["Paul", "director", "action_plan", "create · PA-0002"],
        ["Claire", "hr", "action_plan", "status · PA-0001 · en_cours"],
        ["Paul", "director", "action_plan", "edit · PA-0002"],
        ["Claire", "hr", "action_plan", "delete · PA-0001"],
    ]
    assert plans.create(store, _action(), user="x", role="hr") == "PA-0003"  # a number is never reused


def test_a_failed_write_leaves_neither_the_action_nor_its_entry(store: Store, monkeypatch) -> None:
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(audit, "record", broken)
    with pytest.raises(RuntimeError):
        plans.create(store, _action(), user="x", role="hr")
    assert plans.listing(store).empty and audit.history(store).empty


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, []),
        ({"title": "  "}, ["title"]),
        ({"owner": ""}, ["owner"]),
        ({"status": "fini"}, ["status"]),
        ({"group_kind": "entity"}, ["group_value"]),  # which entity?
        ({"group_kind": "category", "group_value": "D"}, ["group_value"]),
        ({"group_kind": "project", "group_value": "RH-FIN"}, []),
        ({"origin_kind": "rumeur"}, ["origin"]),
    ],
)
def test_what_cannot_be_saved(changes: dict, expected: list[str]) -> None:
    assert plans.problems(_action(**changes)) == expected


def test_unknown_ids_and_values_are_refused(store: Store) -> None:
    with pytest.raises(KeyError):
        plans.set_status(store, "PA-9999", "fait", user="x", role="hr")
    with pytest.raises(KeyError):
        plans.delete(store, "PA-9999", user="x", role="hr")
    with pytest.raises(ValueError):
        plans.create(store, _action(owner=" "), user="x", role="hr")
    assert audit.history(store).empty


def test_the_import_enums_are_the_plans_values() -> None:
    assert tuple(ENUMS["action_status"]) == plans.STATUSES
    assert tuple(ENUMS["action_origin"]) == plans.ORIGINS
    assert tuple(ENUMS["group_kind"]) == plans.GROUP_KINDS


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_the_template_imports_and_undoes(store: Store, suffix: str) -> None:
    data = getattr(templates, f"{suffix}_bytes")("actions")
    result = ingest.import_file(store, None, data, f"actions.{suffix}")  # recognised by its headers
    assert result.ok and result.kind == "actions" and result.rows == 1
    row = plans.listing(store).iloc[0]
    assert (row["action_id"], row["status"], row["indicator"], row["group_kind"], row["group_value"]) == (
        "PA-0001", "en_cours", "wc_intensity", "project", "RH-FIN")
    assert row["due_date"] == pd.Timestamp(2027, 3, 31) and row["created_at"] == dt.datetime(2026, 10, 15)
    made = plans.create(store, _action(), user="x", role="hr")  # numbered past the imported one
    assert made == "PA-0002"
    assert ingest.undo(store, result.import_id, user="x").ok
    assert plans.listing(store)["action_id"].tolist() == ["PA-0002"]  # what the app created stays


BAD = (
    "code_action;intitule;responsable;echeance;statut;indicateur;type_groupe;groupe\r\n"
    "A-1;Ateliers;DRH;31/12/2026;en cours;who5_mean;organisation;\r\n"
    "A-2;Immersions;DGS;31/12/2026;fini;wc_intensity;categorie;A\r\n"
    "A-3;Charte;;15/01/2027;a faire;nimporte;projet;\r\n"
)


def test_a_bad_row_is_refused_with_its_row_and_column_and_nothing_is_written(store: Store) -> None:
    plans.create(store, _action(), user="x", role="hr")
    before = (plans.listing(store), store.data_version(), len(audit.history(store)))
    result = ingest.import_file(store, "actions", BAD.encode("utf-8"), "actions.csv")
    assert not result.ok
    located = {(p.row, p.column, p.code) for p in result.problems}
    assert located == {
        (3, "statut", "bad_enum"),
        (4, "responsable", "required"),
        (4, "indicateur", "unknown_indicator"),
        (4, "type_groupe", "bad_group"),
    }
    message = next(p for p in result.problems if p.code == "unknown_indicator").message()
    assert "Ligne 4, colonne « indicateur »" in message and 'Row 4, column "indicateur"' in message
    assert plans.listing(store).equals(before[0])
    assert (store.data_version(), len(audit.history(store))) == before[1:]
