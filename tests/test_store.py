import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from mututrack.queries import SQL_DIR, execute, sql_text, table_sql
from mututrack.store import Store, StoreLockedError, migrations, open_store, question_ids
from mututrack.store_schema import MACROS_DIR

EXPECTED_TABLES = {
    "imports", "import_files", "entities", "projects", "project_services", "project_entities",
    "charter_steps", "agents", "events", "attendance", "waves", "questions", "respondents",
    "answers", "choices", "question_ids", "comments", "career_events", "proposals", "column_mappings",
    "settings", "meta",
    "schema_version",
}


def test_new_store_has_every_table_and_the_last_migration(store: Store) -> None:
    tables = set(store.sql("select table_name from duckdb_tables()")["table_name"])
    assert tables >= EXPECTED_TABLES
    assert store.schema_version() == migrations()[-1][0]


def test_standard_questions_are_seeded_once(tmp_path: Path) -> None:
    path = tmp_path / "x.duckdb"
    Store(path).close()
    reopened = Store(path)
    assert reopened.scalar("select count(*) from questions where import_id is null") == 28
    reopened.close()


def test_transaction_bumps_data_version_and_rolls_back_on_error(store: Store) -> None:
    before = store.data_version()
    with store.transaction() as cur:
        cur.execute("insert into entities values ('a', 'A', 'commune', 1, null)")
    assert store.data_version() == before + 1
    with pytest.raises(RuntimeError), store.transaction() as cur:
        cur.execute("insert into entities values ('b', 'B', 'commune', 1, null)")
        raise RuntimeError("bad row")
    assert store.data_version() == before + 1
    assert store.scalar("select count(*) from entities") == 1


def test_query_binds_only_the_parameters_the_sql_uses(store: Store) -> None:
    frame = store.query("headcount_by_kind", on_date="2026-01-01", unused="ignored")
    assert list(frame.columns) == ["kind", "agents", "entities"]
    with pytest.raises(KeyError):
        store.query("headcount_by_kind")


# Queries that read DataFrames registered for them (Store.query(frames=...)): empty ones of the right shape.
FRAMES = {
    "publication_atom_histograms": {
        "atom_members": pd.DataFrame(
            {"respondent_id": pd.Series(dtype="int64"), "atom": pd.Series(dtype="int64")}
        ),
    },
    "publication_group_histograms": {
        "group_atoms": pd.DataFrame({c: pd.Series(dtype="int64" if c == "atom" else "object")
                                     for c in ("wave", "grp", "atom")}),
        "group_pools": pd.DataFrame({c: pd.Series(dtype="object") for c in ("wave", "grp", "measure")}),
    },
    "import_read_dates": {"date_cells": pd.DataFrame({"s": pd.Series(dtype="object")})},
    "import_read_dates_normalised": {"date_cells": pd.DataFrame({"s": pd.Series(dtype="object")})},
    "import_insert_rows": {
        "incoming_rows": pd.DataFrame({c: pd.Series(dtype="object") for c in ("entity_id", "name")}),
    },
    "import_insert_answers": {
        "incoming_rows": pd.DataFrame({
            "respondent_id": pd.Series(dtype="int32"), "question_id": pd.Series(dtype="int16"),
            "value": pd.Series(dtype="int16"),
        }),
    },
    "nulldata_assign_waves": {
        "null_assignment": pd.DataFrame(
            {"respondent_id": pd.Series(dtype="int64"), "wave": pd.Series(dtype="object")}
        ),
    },
    "publication_insert": {
        "rows_to_insert": pd.DataFrame({c: pd.Series(dtype="int64" if c != "wave" else "object")
                                        for c in ("respondent_id", "atom", "wave")}),
    },
}
# Templates whose module writes in a name from a list of its own (load.INSERTABLE, build.TABLES,
# statements.COUNTED):
# planned with one.
FILLED = {
    "import_insert_rows": {"{table}": "entities"},
    "import_rows_of_table": {"{table}": "entities"},
    **{name: {"{table}": "publication_members"} for name in (
        "publication_clear_wave", "publication_keep_waves", "publication_of_wave", "publication_insert"
    )},
}


def test_every_sql_file_prepares_against_the_current_schema(store: Store, tmp_path: Path) -> None:
    files = _empty_export(tmp_path)
    for path in sorted(SQL_DIR.glob("*.sql")):
        text = path.read_text(encoding="utf-8")
        for placeholder, name in FILLED.get(path.stem, {}).items():
            text = text.replace(placeholder, name)
        # Binding NULL to every parameter is enough for DuckDB to plan the query; the observatory's
        # queries read Parquet files ($files), which must exist.
        params = dict.fromkeys(re.findall(r"\$([A-Za-z_]\w*)", text))
        if "files" in params:
            params["files"] = files
        store.sql(f"explain {text}", frames=FRAMES.get(path.stem), **params)


def _empty_export(folder: Path) -> str:
    """One territory's export with no row, in the export's schema: the glob of its files."""
    import pyarrow.parquet as pq

    from mututrack.report import parquet

    path = folder / "territory=t" / "wave=w" / parquet.FILE_NAME
    path.parent.mkdir(parents=True)
    pq.write_table(parquet.SCHEMA.empty_table(), path)
    return str(folder / "territory=*" / "wave=*" / "*.parquet")


def test_demo_flag_and_clear_demo(store: Store) -> None:
    with store.transaction() as cur:
        demo_id = store.next_import_id(cur)
        cur.execute(
            "insert into imports (import_id, kind, status) values ($i, 'demo', 'demo')", {"i": demo_id}
        )
        cur.execute("insert into entities values ('a', 'A', 'commune', 1, $i)", {"i": demo_id})
    assert store.is_demo() and not store.is_empty()
    with store.transaction() as cur:
        assert store.clear_demo(cur) is True
    assert store.is_empty() and not store.is_demo()
    assert store.scalar("select count(*) from entities") == 0


HOLDER = (
    "import duckdb, sys, time; con = duckdb.connect(sys.argv[1]); print('ready', flush=True); "
    "time.sleep(30)"
)


def test_a_file_held_by_another_process_gives_a_clear_bilingual_message(tmp_path: Path) -> None:
    path = str(tmp_path / "held.duckdb")
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, path], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(StoreLockedError) as caught:
            Store(path)
        message = str(caught.value)
        assert "déjà ouverte par un autre programme" in message
        assert "already open in another process" in message
        assert f"PID {holder.pid}" in message
    finally:
        holder.kill()
        holder.wait()


def test_open_store_returns_one_store_per_file(tmp_path: Path) -> None:
    first = open_store(tmp_path / "a.duckdb")
    assert open_store(tmp_path / "a.duckdb") is first
    assert open_store(tmp_path / "b.duckdb") is not first


def test_migration_006_keeps_every_answer_of_an_older_store(tmp_path: Path) -> None:
    """A store made before migration 006 (answers keyed by code, choices among them) loses nothing."""
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute(
        "create table schema_version "
        "(version integer primary key, applied_at timestamp default current_timestamp)"
    )
    for number, migration in migrations():
        if number < 6:
            con.execute(migration.read_text(encoding="utf-8"))
            con.execute("insert into schema_version (version) values ($v)", {"v": number})
    con.execute(
        "insert into questions (code, text_fr, dimension, scale) values "
        "('who5_1', 'q', 'who5', 'who5'), ('objective_perceived', 'q', 'overall', 'choice'), "
        "('custom', 'q', 'x', 'likert5')"
    )
    con.execute("insert into waves (wave) values ('W')")
    con.execute("insert into respondents (respondent_id, wave, import_id) values (1, 'W', 7), (2, 'W', 7)")
    con.execute(
        "insert into answers values (1, 'who5_1', 4, null, 7), (2, 'who5_1', 2, null, 7), "
        "(1, 'custom', 5, null, 7), (1, 'objective_perceived', null, 'economies', 7), "
        "(2, 'gone', 3, null, 7)"  # 'gone': its question was undone
    )
    con.close()
    migrated = Store(path)
    assert migrated.schema_version() == migrations()[-1][0]
    answers = migrated.sql(
        "select respondent_id, code, value from answers join question_ids using (question_id) order by all"
    )
    assert answers.values.tolist() == [[1, "custom", 5], [1, "who5_1", 4], [2, "gone", 3], [2, "who5_1", 2]]
    choices = migrated.sql("select * from choices").values.tolist()
    assert choices == [[1, "objective_perceived", "economies", 7]]
    ids = migrated.sql("select code, question_id from questions")
    assert ids["question_id"].notna().all() and ids["question_id"].is_unique
    migrated.close()


def test_a_question_keeps_its_id_when_its_code_comes_back(store: Store) -> None:
    with store.transaction() as cur:
        first = question_ids(cur, ["custom_item", "who5_1"])
    with store.transaction() as cur:
        again = question_ids(cur, ["custom_item", "another"])
    assert again["custom_item"] == first["custom_item"]
    assert again["another"] not in first.values()
    assert first["who5_1"] == store.scalar("select question_id from questions where code = 'who5_1'")


def test_backup_is_a_dated_copy_that_opens_as_a_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(tmp_path / "mututrack.duckdb")
    key = store.secret()
    with store.transaction() as cur:
        cur.execute(
            "insert into imports (import_id, kind, file_name, sha256, rows, status) "
            "values (1, 'demo', 'd', 'x', 0, 'demo')"
        )
    first, second = store.backup(), store.backup()
    assert re.fullmatch(r"mututrack\.\d{8}-\d{6}\.backup(-1)?\.duckdb", first.name) and first != second
    assert not list(tmp_path.glob("*.key"))  # no key in the data folder: the copy opens with the same secret
    store.close()
    copy = Store(first)
    assert copy.is_demo() and copy.schema_version() == migrations()[-1][0] and copy.secret() == key
    copy.close()
    assert Store().backup() is None  # an in-memory store has no file to copy


def test_every_macro_is_created_when_the_store_opens(store: Store) -> None:
    created = set(store.sql("select function_name from duckdb_functions() where not internal "
                            "and function_type in ('macro', 'table_macro')")["function_name"])
    defined = {m for path in MACROS_DIR.glob("*.sql")
               for m in re.findall(r"create or replace macro (\w+)", path.read_text(encoding="utf-8"))}
    assert defined and created == defined


def test_a_table_name_outside_the_callers_list_is_refused() -> None:
    assert table_sql("publication_clear_wave", table="waves", tables=("waves",)).startswith("-- ")
    with pytest.raises(ValueError):
        table_sql("publication_clear_wave", table="answers; drop table waves", tables=("waves",))


def test_named_values_and_statements_on_a_cursor(store: Store) -> None:
    assert store.value("qvt_wave_published", wave="none") is False
    with store.transaction() as cur:
        execute(cur, sql_text("audit_log_insert"), user="u", role=None, action="export", detail="", unused=1)
    assert store.scalar("select count(*) from audit_log") == 1


def test_a_database_made_by_an_older_version_gets_the_current_macros(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    Store(path).close()
    con = duckdb.connect(str(path))  # as a version whose migrations froze another formula
    con.execute("create or replace macro who5_index(raw, items) as (raw - 5) * 4")
    con.close()
    reopened = Store(path)
    assert reopened.scalar("select who5_index(25, 5)") == 100
    assert reopened.scalar("select who5_index(20, 4)") is None
    assert reopened.schema_version() == migrations()[-1][0]
    reopened.close()


def test_duckdbs_progress_bar_never_prints_into_a_commands_output(tmp_path) -> None:
    """A query longer than two seconds would draw it on stdout, inside ``report``'s or ``bench``'s JSON."""
    store = Store(tmp_path / "s.duckdb")
    setting = "select current_setting('enable_progress_bar') as on"
    assert store.sql(setting)["on"].tolist() == [False]
    with store.transaction() as cur:  # the cursors the writes use
        assert cur.execute(setting).fetchall() == [(False,)]
    store.close()
