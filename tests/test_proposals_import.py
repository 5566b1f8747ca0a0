"""Proposals carry what is needed to act on them: their text and who must answer them (two optional
columns, migration 015), imported from CSV and XLSX under the spellings HR's files use."""

from __future__ import annotations

import io
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from mututrack import ingest
from mututrack.ingest import templates
from mututrack.ingest.headers import match_headers
from mututrack.ingest.kinds import KINDS
from mututrack.store import Store, migrations
from tests.test_ingest import ENTITIES, imported

OLD = "code_proposition;date;collectivite;service;theme;statut\nP1;01/02/2026;CA;Finances;Horaires;deposee\n"
LONG = ("Ouvrir l'accueil le samedi matin " * 200)[:4999] + "."


def _stored(store: Store) -> list[list]:
    frame = store.sql("select proposal_id, text, owner from proposals order by proposal_id").astype(object)
    return frame.where(frame.notna(), None).values.tolist()


def _xlsx(frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.to_excel(buffer, index=False)
    return buffer.getvalue()


@pytest.fixture
def territory(store: Store) -> Store:
    imported(store, "entities", ENTITIES, "entities.csv")
    return store


def test_a_file_without_the_new_columns_imports_as_before(territory: Store) -> None:
    result = imported(territory, None, OLD, "propositions.csv")  # the kind found from the headers
    assert result.kind == "proposals" and not result.problems
    assert _stored(territory) == [["P1", None, None]]


@pytest.mark.parametrize("form", ["csv", "xlsx"])
def test_text_and_owner_import_from_csv_and_xlsx(territory: Store, form: str) -> None:
    frame = pd.DataFrame({
        "code_proposition": ["P1", "P2"], "date": ["01/02/2026", "03/02/2026"], "collectivite": ["CA", "CA"],
        "theme": ["Horaires", "Outils"], "statut": ["deposee", "a_l_etude"],
        "texte": ["Ouvrir l'accueil le samedi matin", ""], "responsable": ["DRH", ""],
    })
    data = (frame.to_csv(sep=";", index=False).encode() if form == "csv" else _xlsx(frame))
    imported(territory, None, data, f"propositions.{form}")
    assert _stored(territory) == [["P1", "Ouvrir l'accueil le samedi matin", "DRH"], ["P2", None, None]]


@pytest.mark.parametrize(
    ("text_header", "owner_header"),
    [
        ("Texte", "Responsable"),
        ("Proposition", "Pilote"),  # beside "Code proposition": the text, not the id
        ("Description", "Référent"),
        ("Intitulé", "Service en charge"),
        ("TEXTE DE LA PROPOSITION", "service_en_charge"),
    ],
)
def test_the_headers_hr_files_use(territory: Store, text_header: str, owner_header: str) -> None:
    csv = (f"Code proposition;Date;Collectivité;Thème;Statut;{text_header};{owner_header}\n"
           "P1;01/02/2026;CA;Horaires;déposée;Des horaires décalés l'été;Services techniques\n")
    imported(territory, None, csv)
    assert _stored(territory) == [["P1", "Des horaires décalés l'été", "Services techniques"]]


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (["Proposition", "date", "theme"], ["proposal_id", "date", "theme"]),  # as before
        (["Proposition", "Texte", "date", "theme"], ["proposal_id", "text", "date", "theme"]),
        (["Proposition", "Numéro", "date", "theme"], ["text", "proposal_id", "date", "theme"]),
    ],
)
def test_proposition_names_the_id_unless_another_column_does(headers: list[str], expected: list[str]) -> None:
    matched, unmatched = match_headers(headers, KINDS["proposals"])
    assert list(matched.values()) == expected and unmatched == []


def test_a_text_of_5000_characters_is_kept_whole(territory: Store) -> None:
    csv = f"code_proposition;date;theme;statut;texte;responsable\nP1;01/02/2026;Horaires;deposee;{LONG};DRH\n"
    imported(territory, "proposals", csv)
    assert _stored(territory) == [["P1", LONG, "DRH"]]


def test_the_template_has_both_columns_and_imports(territory: Store) -> None:
    assert templates.headers("proposals")[-2:] == ["texte", "responsable"]
    imported(territory, "proposals", templates.xlsx_bytes("proposals"), "proposals.xlsx")
    [[_, text, owner]] = _stored(territory)
    assert text.startswith("Ouvrir l'accueil") and owner == "Direction de la relation aux usagers"


def test_a_bad_row_names_its_row_and_column_and_changes_nothing(territory: Store) -> None:
    imported(territory, "proposals", OLD)
    bad = "code_proposition;date;theme;statut;texte\nP2;31/02/2026;Outils;deposee;Un agenda partagé\n"
    result = ingest.import_file(territory, "proposals", bad.encode(), "p.csv")
    assert not result.ok
    assert any("date" in p.text("fr") and "2" in p.text("fr") for p in result.problems)
    assert _stored(territory) == [["P1", None, None]]


def test_migration_015_leaves_the_proposals_already_stored_without_text_or_owner(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute("create table schema_version (version integer primary key, applied_at timestamp)")
    for number, migration in migrations():
        if number < 15:
            con.execute(migration.read_text(encoding="utf-8"))
            con.execute("insert into schema_version (version) values ($v)", {"v": number})
    con.execute("insert into proposals values "
                "('P1', '2026-02-01', 'CA', 'RH', 'Horaires', 'deposee', null, null, 1)")
    con.close()
    migrated = Store(path)
    assert migrated.schema_version() >= 15
    assert _stored(migrated) == [["P1", None, None]]
    migrated.close()
