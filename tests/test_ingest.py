"""The importer end to end: every dialect to the same figures, every kind, atomicity, idempotence, undo."""

from __future__ import annotations

import pandas as pd
import pytest

from mututrack import ingest
from mututrack.ingest import samples
from mututrack.store import Store

ENTITIES = (
    "collectivite;nom;type;population\r\n"
    "CA;Communauté d'agglomération du Val de Sorne;epci;95000\r\n"
    "SORNAC-LA-VILLE;Sornac-la-Ville;commune;41200\r\n"
    "CAZELLES;Cazelles;commune;540\r\n"
)
AGENTS = (
    "matricule;collectivite;service;categorie;statut;date_entree;date_sortie\r\n"
    "00712;CA;Ressources humaines;A;titulaire;01/09/2015;\r\n"
    "00713;SORNAC-LA-VILLE;Finances;b;Contractuel;2019-03-01;\r\n"
    "00714;CAZELLES;Accueil;C;;12/05/2010;31/12/2030\r\n"
)
PROJECTS = (
    "code_projet;nom;date_decision;date_mise_en_oeuvre;services;collectivites;objectif\n"
    "RH-FIN;Service commun RH;15/06/2026;01/01/2027;"
    "Ressources humaines | Finances;CA|SORNAC-LA-VILLE;les_deux\n"
)
EVENTS = (
    "code_evenement;code_projet;date;type;intitule;collectivite\n"
    "EV1;RH-FIN;10/03/2026;atelier;Atelier paie;CA\n"
    "EV2;RH-FIN;12/09/2026;information;Réunion;CAZELLES\n"
)
ATTENDANCE = "code_evenement;matricule;presence\nEV1;712;present\nEV1;00713;Excusé\nEV2;00714;\n"


def imported(
    store: Store, kind: str, text: str | bytes, name: str = "f.csv", **options
) -> ingest.ImportResult:
    data = text.encode("utf-8") if isinstance(text, str) else text
    result = ingest.import_file(store, kind, data, name, **options)
    assert result.ok, [p.text("en") for p in result.problems]
    return result


def snapshot(store: Store) -> dict[str, list]:
    """Every table's rows (sorted), the data version: equal snapshots mean an unchanged store."""
    tables = store.sql("select table_name from duckdb_tables() where schema_name = 'main'")["table_name"]
    return {t: sorted(map(repr, store.sql(f"select * from {t}").itertuples(index=False))) for t in tables} | {
        "version": store.data_version()
    }


@pytest.fixture
def territory(store: Store) -> Store:
    for kind, text in (
        ("entities", ENTITIES),
        ("agents", AGENTS),
        ("projects", PROJECTS),
        ("events", EVENTS),
    ):
        imported(store, kind, text, f"{kind}.csv")
    return store


def item_means(store: Store) -> dict[str, float]:
    frame = store.sql(
        "select code, avg(value) as m from answers join question_ids using (question_id) group by all"
    )
    return {row.code: round(row.m, 9) for row in frame.itertuples()}


WAVE = samples.answers(40, seed=11)
DIALECTS = {
    "limesurvey full text": (samples.limesurvey_csv(WAVE), "limesurvey"),
    "limesurvey brackets ;": (
        samples.limesurvey_csv(WAVE, headers="brackets", sep=";", answer_codes=True),
        "limesurvey",
    ),
    "limesurvey CODE_SQ001": (samples.limesurvey_csv(WAVE, headers="underscore"), "limesurvey"),
    "microsoft forms xlsx": (samples.msforms_xlsx(WAVE), "msforms"),
    "google forms": (samples.googleforms_csv(WAVE), "googleforms"),
    "french excel cp1252": (samples.excel_csv(WAVE), "template"),
    "template": (samples.template_csv(WAVE), "template"),
}


@pytest.fixture(scope="module")
def reference_means() -> dict[str, float]:
    store = Store()
    imported(store, "responses", samples.template_csv(WAVE), wave="T1")
    return item_means(store)


@pytest.mark.parametrize("dialect", DIALECTS)
def test_every_dialect_imports_to_the_same_item_means(store: Store, dialect: str, reference_means) -> None:
    data, source = DIALECTS[dialect]
    result = imported(store, None, data, "wave.csv", wave="2026-T1")
    assert (result.kind, result.understood.source_format, result.rows) == ("responses", source, 40)
    assert item_means(store) == reference_means
    assert store.scalar("select count(*) from comments") == (WAVE["comment"] != "").sum()
    choices = store.sql("select choice, count(*) n from choices group by all order by 1")
    assert (
        dict(zip(choices["choice"], choices["n"], strict=True))
        == WAVE["objective_perceived"].value_counts().sort_index().to_dict()
    )


def test_dialects_are_recognised() -> None:
    table = ingest.preview(Store(), None, samples.excel_csv(WAVE), "x.csv").understood
    assert (table.encoding, table.separator, table.file_format) == ("windows-1252", ";", "csv")
    ls = ingest.preview(Store(), None, samples.limesurvey_csv(WAVE), "x.csv").understood
    assert (ls.encoding, ls.separator) == ("utf-8-sig", ",")
    assert set(ls.metadata) >= {"ID de la réponse", "Dernière page", "Langue de départ", "Tête de série"}


def test_a_responses_import_creates_its_wave(store: Store) -> None:
    result = imported(store, "responses", samples.limesurvey_csv(WAVE), wave="2026-T1")
    waves = store.sql("select wave, opened_at, closed_at, k_threshold, import_id from waves")
    dates = WAVE["submitted_at"]
    assert waves.to_dict("records") == [{
        "wave": "2026-T1", "opened_at": dates.min().normalize(), "closed_at": dates.max().normalize(),
        "k_threshold": 5, "import_id": result.import_id,
    }]
    assert store.scalar("select count(distinct wave) from respondents") == 1


def test_without_a_wave_label_the_closing_month_is_used(store: Store) -> None:
    result = imported(store, "responses", samples.template_csv(WAVE))
    assert result.wave == WAVE["submitted_at"].max().strftime("%Y-%m")
    assert "wave_defaulted" in [w.code for w in result.warnings]


def test_the_same_wave_twice_is_rejected_with_a_way_out(store: Store) -> None:
    first = imported(store, "responses", samples.template_csv(WAVE), wave="T1")
    again = ingest.import_file(store, "responses", samples.excel_csv(WAVE), "x.csv", wave="T1")
    assert [p.code for p in again.problems] == ["wave_exists"]
    assert str(first.import_id) in again.problems[0].message()


def test_every_kind_imports(territory: Store) -> None:
    imported(
        territory,
        "charter",
        "code_projet;etape;date_prevue;date_realisee\nRH-FIN;Information du CST;01/03/2026;28/02/2026\n",
    )
    imported(territory, "attendance", ATTENDANCE)
    imported(
        territory, "careers", "matricule;date;type;heures;code_projet\n712;02/04/2026;formation;7,5;RH-FIN\n"
    )
    imported(
        territory,
        "proposals",
        "code_proposition;date;collectivite;service;theme;statut;date_decision;reponse\n"
        "P1;01/02/2026;CA;Finances;Horaires;retenue;01/03/2026;Oui\n",
    )
    imported(
        territory,
        "questions",
        "code;libelle;dimension;echelle;inverse\n"
        "q_tele;Le télétravail me convient;working_conditions;likert5;non\n",
    )
    counts = {t: territory.scalar(f"select count(*) from {t}") for t in (
        "entities", "agents", "projects", "project_services", "project_entities", "events", "charter_steps",
        "attendance", "career_events", "proposals")}
    assert counts == {"entities": 3, "agents": 3, "projects": 1, "project_services": 2, "project_entities": 2,
                      "events": 2, "charter_steps": 1, "attendance": 3, "career_events": 1, "proposals": 1}
    assert territory.sql("select status from attendance order by status")["status"].tolist() == [
        "excuse",
        "present",
        "present",
    ]
    assert territory.scalar("select hours from career_events") == 7.5
    assert territory.scalar("select reverse from questions where code = 'q_tele'") is False


def test_matricules_are_pseudonymised_and_agree_across_files(territory: Store) -> None:
    imported(territory, "attendance", ATTENDANCE)
    # "712" in the attendance sheet is agent "00712" of the roster: Excel dropped the zeros
    assert territory.scalar("select count(*) from attendance join agents using (agent_key)") == 3
    keys = territory.sql("select agent_key from agents")["agent_key"]
    assert keys.str.fullmatch(r"[0-9a-f]{64}").all()


@pytest.mark.parametrize("kind", [k for k in ingest.kind_names() if k != "responses"])
def test_kind_is_detected_from_the_template_headers(store: Store, kind: str) -> None:
    from mututrack.ingest import templates

    result = ingest.preview(store, None, templates.csv_bytes(kind), f"{kind}.csv")
    assert result.kind == kind


def test_rejected_file_leaves_the_store_unchanged(territory: Store) -> None:
    before = snapshot(territory)
    bad = AGENTS.replace("titulaire", "titulaire").replace(";b;", ";D;") + "00800;CA;RH;A;;31/02/2020;\r\n"
    result = ingest.import_file(territory, "agents", bad.encode(), "a.csv")
    assert not result.ok
    assert snapshot(territory) == before


def test_failure_in_the_middle_of_a_load_rolls_everything_back(store: Store, monkeypatch) -> None:
    from mututrack.ingest import load

    imported(store, "entities", ENTITIES)
    before = snapshot(store)
    real = load._insert

    def failing(cur, table, rows, import_id):
        real(cur, table, rows, import_id)
        if table == "answers":
            raise RuntimeError("disk full")

    monkeypatch.setattr(load, "_insert", failing)
    with pytest.raises(RuntimeError):
        ingest.import_file(store, "responses", samples.template_csv(WAVE), "w.csv", wave="T1")
    assert snapshot(store) == before


def test_answers_already_inserted_are_rolled_back_when_another_column_is_wrong(
    store: Store, monkeypatch
) -> None:
    from mututrack.ingest import load

    imported(store, "entities", ENTITIES)
    before = snapshot(store)
    inserted = []
    real = load._insert
    monkeypatch.setattr(
        load,
        "_insert",
        lambda cur, table, rows, import_id: (inserted.append(table), real(cur, table, rows, import_id)),
    )
    lines = samples.template_csv(samples.answers(30, seed=4)).decode("utf-8").split("\n")
    cells = lines[8].split(";")
    cells[4] = "31/02/2026"  # valid answers, one impossible date: found after the answers went in
    lines[8] = ";".join(cells)
    result = ingest.import_file(store, "responses", "\n".join(lines).encode("utf-8"), "w.csv", wave="T1")
    assert [(p.code, p.value) for p in result.problems] == [("bad_date", "31/02/2026")]
    assert "respondents" not in inserted and "answers" in inserted and snapshot(store) == before


def test_a_byte_identical_file_is_already_imported(store: Store) -> None:
    first = imported(store, "entities", ENTITIES)
    before = snapshot(store)
    again = imported(store, "entities", ENTITIES)
    assert (again.status, again.import_id, again.rows) == ("already_imported", first.import_id, 3)
    assert snapshot(store) == before


def test_dry_run_writes_nothing(store: Store) -> None:
    before = snapshot(store)
    result = imported(store, "responses", samples.template_csv(WAVE), wave="T1", dry_run=True)
    assert (result.status, result.rows, result.import_id) == ("dry_run", 40, None)
    assert snapshot(store) == before


def test_undo_restores_the_exact_previous_state(territory: Store) -> None:
    before = snapshot(territory)
    wave = imported(territory, "responses", samples.limesurvey_csv(WAVE), wave="T1")
    imported(territory, "attendance", ATTENDANCE)
    undone = ingest.undo(territory, wave.import_id, user="drh")
    assert undone.status == "undone"
    after = snapshot(territory)
    for table in set(before) - {"imports", "import_files", "version", "meta", "audit_log", "attendance"}:
        assert after[table] == before[table], table
    assert territory.scalar("select count(*) from attendance") == 3  # the other import is untouched
    history = ingest.history(territory).set_index("import_id")
    assert (history.loc[wave.import_id, "status"], history.loc[wave.import_id, "undone_by"]) == (
        "undone",
        "drh",
    )
    again = ingest.undo(territory, wave.import_id, user="drh")
    assert [p.code for p in again.problems] == ["not_undoable"]


def test_a_roster_update_is_a_replacement(territory: Store) -> None:
    roster = territory.scalar("select import_id from imports where kind = 'agents'")
    update = AGENTS.replace(
        "00714;CAZELLES;Accueil;C;;12/05/2010;31/12/2030\r\n", "00715;CA;Voirie;C;;01/03/2026;\r\n"
    )
    duplicate = ingest.import_file(territory, "agents", update.encode(), "agents-mars.csv")
    assert {p.code for p in duplicate.problems} == {"duplicate_in_store"}
    assert f"import n° {roster}" in duplicate.problems[0].message()
    replaced = ingest.replace(territory, roster, update.encode(), "agents-mars.csv", user="drh")
    assert replaced.status == "imported" and replaced.rows == 3
    assert territory.scalar("select count(*) from agents") == 3
    assert territory.scalar("select status from imports where import_id = $i", i=roster) == "undone"


def test_a_rejected_replacement_keeps_the_old_import(territory: Store) -> None:
    roster = territory.scalar("select import_id from imports where kind = 'agents'")
    before = snapshot(territory)
    result = ingest.replace(territory, roster, AGENTS.replace(";b;", ";Z;").encode(), "bad.csv")
    assert not result.ok
    assert snapshot(territory) == before


def test_replace_wave_keeps_the_label(store: Store) -> None:
    first = imported(store, "responses", samples.template_csv(WAVE), wave="2026-T1")
    corrected = samples.template_csv(samples.answers(30, seed=3))
    result = ingest.replace_wave(store, first.import_id, corrected, "corrected.csv")
    assert (result.status, result.wave, result.rows) == ("imported", "2026-T1", 30)
    assert store.scalar("select count(*) from respondents") == 30


def test_a_replaced_published_wave_stays_published_with_its_threshold(store: Store) -> None:
    from mututrack.publication import suppression as privacy

    first = imported(store, "responses", samples.template_csv(WAVE), wave="2026-T1")
    privacy.set_threshold(store, 7)
    privacy.publish_wave(store, "2026-T1")
    privacy.set_threshold(store, 3)
    ingest.replace_wave(store, first.import_id, samples.template_csv(samples.answers(30, seed=3)), "v2.csv")
    assert store.sql("select published, k_threshold from waves").values.tolist() == [[True, 7]]


def test_original_file_comes_back_byte_for_byte(store: Store) -> None:
    data = samples.msforms_xlsx(WAVE)
    result = imported(store, "responses", data, "forms.xlsx", wave="T1")
    assert ingest.original_file(store, result.import_id) == ("forms.xlsx", data)


def test_first_real_import_clears_the_demo(store: Store) -> None:
    with store.transaction() as cur:
        cur.execute(
            "insert into imports (import_id, kind, status) values (nextval('import_id_seq'), 'demo', 'demo')"
        )
        cur.execute("insert into entities values ('DEMO', 'Démo', 'epci', 1, currval('import_id_seq'))")
    result = imported(store, "entities", ENTITIES)
    assert result.warnings[0].code == "demo_cleared"
    assert store.scalar("select count(*) from entities where entity_id = 'DEMO'") == 0
    assert not store.is_demo()


def test_no_clear_identifier_reaches_the_database_file(tmp_path) -> None:
    path = tmp_path / "m.duckdb"
    store = Store(path)
    imported(store, "entities", ENTITIES)
    imported(store, "agents", AGENTS)
    imported(store, "projects", PROJECTS)
    imported(store, "events", EVENTS)
    imported(store, "attendance", ATTENDANCE)
    imported(store, "responses", samples.limesurvey_csv(WAVE), wave="T1")
    store.sql("checkpoint")
    store.close()
    content = path.read_bytes()
    assert store_has_originals(path)
    for secret in ["00712", "00713", *WAVE["token"].head(10)]:  # the kept originals are sealed too
        assert secret.encode() not in content, secret


def store_has_originals(path) -> bool:
    store = Store(path)
    try:
        return store.scalar("select count(*) from import_files") == 6
    finally:
        store.close()


def test_originals_are_sealed_with_the_installation_secret(store: Store, monkeypatch) -> None:
    result = imported(store, "entities", ENTITIES)
    assert b"CAZELLES" not in bytes(store.scalar("select content from import_files"))
    monkeypatch.setenv("MUTUTRACK_SECRET", "another-secret")
    with pytest.raises(KeyError):
        ingest.original_file(store, result.import_id)


def test_originals_are_kept_compressed_and_older_uncompressed_ones_still_open(store: Store) -> None:
    import os

    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    from mututrack import vault

    data = samples.template_csv(samples.answers(500, seed=2))
    result = imported(store, "responses", data, "w.csv", wave="T1")
    assert len(bytes(store.scalar("select content from import_files"))) < len(data) / 2
    nonce = os.urandom(vault.NONCE)  # a file sealed before compression: MTV1, the bytes as they came
    older = (
        vault.PLAIN
        + nonce
        + AESGCM(vault._key(store.secret())).encrypt(nonce, b"matricule\n712\n", vault.PLAIN)
    )
    with store.transaction() as cur:
        cur.execute(
            "update import_files set content = $c where import_id = $id", {"c": older, "id": result.import_id}
        )
    assert ingest.original_file(store, result.import_id) == ("w.csv", b"matricule\n712\n")


def own_codes(data: bytes) -> bytes:
    """A LimeSurvey export whose entity and service questions carry codes of HR's own making."""
    return data.replace(b'"COLL"', b'"ORGANISME"', 1).replace(b'"SERV"', b'"AFFECTATION"', 1)


def test_hand_mapping_is_remembered_for_the_next_wave(store: Store) -> None:
    data = own_codes(samples.limesurvey_csv(WAVE, headers="brackets", sep=";", answer_codes=True))
    first = ingest.preview(store, "responses", data, "w.csv", wave="T1")
    assert first.understood.unmatched == ["ORGANISME", "AFFECTATION"]
    imported(store, "responses", data, wave="T1", mapping={"ORGANISME": "entity", "AFFECTATION": "service"})
    next_wave = own_codes(
        samples.limesurvey_csv(samples.answers(20, seed=12), headers="brackets", sep=";", answer_codes=True)
    )
    second = ingest.preview(store, "responses", next_wave, "w2.csv", wave="T2")
    assert second.understood.unmatched == []
    assert second.understood.columns["ORGANISME"] == "entity"
    assert ingest.remembered_mapping(store, "limesurvey") == {"ORGANISME": "entity", "AFFECTATION": "service"}


def test_history_lists_real_imports_newest_first(territory: Store) -> None:
    history = ingest.history(territory)
    assert history["kind"].tolist() == ["events", "projects", "agents", "entities"]
    assert list(history.columns[:4]) == ["import_id", "kind", "file_name", "rows"]


def test_to_json_has_the_contract_keys(store: Store) -> None:
    payload = imported(store, "entities", ENTITIES).to_json()
    assert {"kind", "status", "rows", "import_id", "warnings"} <= payload.keys()
    assert pd.Series(payload).drop("warnings").notna().any()


@pytest.mark.parametrize("render", ["csv_bytes", "xlsx_bytes"])
def test_every_template_imports_in_order(store: Store, render: str) -> None:
    from mututrack.ingest import templates

    for kind in ingest.kind_names():
        result = ingest.import_file(
            store, kind, getattr(templates, render)(kind), f"{kind}.{render[:4]}", wave="T1"
        )
        assert (result.status, result.rows) == ("imported", 1), (
            kind,
            [p.text("en") for p in result.problems],
        )


def test_store_rows_read_beside_the_file_are_not_used_once_something_was_written(
    store: Store, monkeypatch
) -> None:
    """A survey import reads the known waves while the file is parsed; a write in between makes it read
    them again."""
    from mututrack.ingest import pipeline

    real = pipeline._Lookups.read

    def read_then_another_session_writes(*args):
        lookups = real(*args)
        with store.transaction() as cur:  # another session's wave T1 lands meanwhile
            cur.execute("insert into waves (wave) values ('T1')")
        return lookups

    monkeypatch.setattr(pipeline._Lookups, "read", staticmethod(read_then_another_session_writes))
    result = ingest.import_file(store, "responses", samples.template_csv(WAVE), "w.csv", wave="T1")
    assert [p.code for p in result.problems] == ["wave_exists"]  # the stale rows did not know wave T1
    assert store.scalar("select count(*) from waves") == 1


def test_the_same_file_imported_meanwhile_is_recognised(store: Store, monkeypatch) -> None:
    """The same-file check read beside the file is not trusted once something was written."""
    import hashlib

    from mututrack.ingest import pipeline

    data = samples.template_csv(WAVE)
    real = pipeline._Lookups.read

    def read_then_another_session_imports_it(*args):
        lookups = real(*args)
        with store.transaction() as cur:
            cur.execute(
                "insert into imports (import_id, kind, sha256, rows, wave, status) "
                "values (nextval('import_id_seq'), 'responses', $sha, 40, 'T1', 'imported')",
                {"sha": hashlib.sha256(data).hexdigest()},
            )
        return lookups

    monkeypatch.setattr(pipeline._Lookups, "read", staticmethod(read_then_another_session_imports_it))
    result = ingest.import_file(store, "responses", data, "w.csv", wave="T1")
    assert (result.status, result.rows, result.wave) == ("already_imported", 40, "T1")


def test_a_write_just_before_the_import_transaction_is_seen_too(store: Store, monkeypatch) -> None:
    """The rows read beside the file are checked again inside the transaction."""
    real_secret = store.secret
    landed = []

    # called once the file is read, before the transaction
    def secret_then_another_session_writes(**options) -> bytes:
        if not landed:
            landed.append(True)
            with store.transaction() as cur:
                cur.execute("insert into waves (wave) values ('T1')")
        return real_secret(**options)

    monkeypatch.setattr(store, "secret", secret_then_another_session_writes)
    result = ingest.import_file(store, "responses", samples.template_csv(WAVE), "w.csv", wave="T1")
    assert landed and [p.code for p in result.problems] == ["wave_exists"]
