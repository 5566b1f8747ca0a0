"""Keys and erasure: where the secret lives, a lost key stops imports, rotation, no trace after undo."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mututrack import cli, ingest, keys
from mututrack.i18n import t
from mututrack.ingest import samples
from mututrack.store import Store, migrations, open_store

ROSTER = "matricule;collectivite;service;categorie\n0101;CA;RH;A\n0102;CA;RH;B\n0103;CA;Finances;C\n"
# the same people a month later, spelled differently (leading zeros gone), and one newcomer
ROSTER_LATER = (
    "matricule;collectivite;service;categorie\n101;CA;RH;A\n102;CA;RH;B\n103;CA;Finances;C\n"
    "104;CA;Finances;C\n"
)
MARK = "Témoignage-7f3a9c-Bérénice"  # a comment no other byte of the store could hold by chance


@pytest.fixture
def key_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No MUTUTRACK_SECRET: the secret lives in a key file in a private configuration folder."""
    for name in (keys.SECRET_ENV, keys.NEW_SECRET_ENV, keys.KEY_FILE_ENV, keys.ALLOW_ENV):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path / "config" / "mututrack" / "keys"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """The data folder (the database's folder)."""
    return tmp_path / "data"


def imported(store: Store, kind: str, text: str | bytes, **options) -> ingest.ImportResult:
    content = text.encode() if isinstance(text, str) else text
    result = ingest.import_file(store, kind, content, f"{kind}.csv", **options)
    assert result.ok, [p.text("en") for p in result.problems]
    return result


def agents(store: Store) -> int:
    return store.scalar("select count(*) from agents")


# -- where the secret lives --------------------------------------------------------------------
def test_the_key_file_is_made_outside_the_data_folder_for_the_owner_only(
    key_folder: Path, data: Path
) -> None:
    store = Store(data / "m.duckdb")
    imported(store, "agents", ROSTER)
    key_file = key_folder / f"{keys.store_id(store)}.key"
    assert keys.key_file(store) == key_file and key_file.exists()
    assert oct(key_file.stat().st_mode)[-3:] == "600"
    assert not [p for p in data.iterdir() if "key" in p.name]
    store_key = store.secret()
    store.close()
    content = (data / "m.duckdb").read_bytes()
    assert store_key not in content and key_file.read_bytes() not in content  # only wrapped, never in clear


def test_a_dry_run_on_a_fresh_store_writes_no_key(key_folder: Path, data: Path) -> None:
    store = Store(data / "m.duckdb")
    result = ingest.preview(store, "agents", ROSTER.encode(), "agents.csv")
    assert result.ok and result.rows == 3
    assert not key_folder.exists() and keys.status(store)["state"] == "none_yet"


def test_two_stores_have_two_keys(key_folder: Path, data: Path) -> None:
    first, second = Store(data / "a.duckdb"), Store(data / "b.duckdb")
    assert first.secret() != second.secret()
    assert len(list(key_folder.iterdir())) == 2


def test_mututrack_key_file_puts_the_secret_elsewhere(
    key_folder: Path, data: Path, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setenv(keys.KEY_FILE_ENV, str(tmp_path / "safe" / "agglo.key"))
    store = Store(data / "m.duckdb")
    imported(store, "agents", ROSTER)
    assert (tmp_path / "safe" / "agglo.key").exists() and not key_folder.exists()


def test_a_key_file_named_inside_the_data_folder_is_refused(
    key_folder: Path, data: Path, monkeypatch
) -> None:
    data.mkdir()
    (data / "here.key").write_text("0" * 64)
    monkeypatch.setenv(keys.KEY_FILE_ENV, str(data / "here.key"))
    with pytest.raises(keys.KeyInDataFolderError, match="MUTUTRACK_ALLOW_KEY_IN_DATA"):
        open_store(data / "m.duckdb")


def legacy_store(path: Path, monkeypatch: pytest.MonkeyPatch, secret: str = "ab" * 32) -> None:
    """A store as earlier versions left it: pseudonymised with the secret itself, kept in ``<db>.key``."""
    with monkeypatch.context() as earlier:
        earlier.setattr(Store, "secret", lambda self, **options: secret.encode())
        store = Store(path)
        imported(store, "agents", ROSTER)
        store.close()
    path.with_suffix(".key").write_text(secret)


def test_a_key_beside_the_database_stops_the_app_until_moved(
    key_folder: Path, data: Path, monkeypatch, capsys
) -> None:
    legacy_store(data / "m.duckdb", monkeypatch)
    with pytest.raises(keys.KeyInDataFolderError) as refused:
        open_store(data / "m.duckdb")
    assert f"mututrack key move --db {data / 'm.duckdb'}" in refused.value.fr
    (data / "later.csv").write_text(ROSTER_LATER)
    assert cli.main(["import", "agents", str(data / "later.csv"), "--db", str(data / "m.duckdb")]) == 2
    assert "mututrack key move" in capsys.readouterr().err
    assert cli.main(["key", "move", "--db", str(data / "m.duckdb")]) == 0
    assert not (data / "m.key").exists() and len(list(key_folder.iterdir())) == 1
    store = open_store(data / "m.duckdb")
    assert store.secret() == b"ab" * 32  # adopted as the store's key: every pseudonym stays valid
    result = ingest.replace(store, 1, ROSTER_LATER.encode(), "later.csv")
    assert result.ok and agents(store) == 4


def test_allow_key_in_data_keeps_an_older_installation_running(
    key_folder: Path, data: Path, monkeypatch
) -> None:
    legacy_store(data / "m.duckdb", monkeypatch)
    monkeypatch.setenv(keys.ALLOW_ENV, "1")
    store = open_store(data / "m.duckdb")
    assert store.secret() == b"ab" * 32 and not key_folder.exists()


def test_a_wrong_legacy_secret_is_not_adopted(key_folder: Path, data: Path, monkeypatch) -> None:
    legacy_store(data / "m.duckdb", monkeypatch)
    (data / "m.key").write_text("cd" * 32)  # not the secret its files were sealed with
    monkeypatch.setenv(keys.ALLOW_ENV, "1")
    store = Store(data / "m.duckdb")
    with pytest.raises(keys.KeyUnavailableError):
        store.secret()


# -- a missing or different key ----------------------------------------------------------------
def test_a_lost_key_stops_imports_and_no_new_key_is_made(key_folder: Path, data: Path) -> None:
    """The issue's case: 90 agents must not become 180 after the key file is lost."""
    store = Store(data / "m.duckdb")
    roster = imported(store, "agents", ROSTER)
    key_file = keys.key_file(store)
    key_file.rename(key_file.with_name("elsewhere"))
    for attempt in (
        lambda: ingest.replace(store, roster.import_id, ROSTER_LATER.encode(), "later.csv"),
        lambda: ingest.preview(store, "attendance", b"code_evenement;matricule\nE1;101\n", "a.csv"),
    ):
        result = attempt()
        assert [p.code for p in result.problems] == ["key_unavailable"]
        assert str(key_file) in result.problems[0].text("fr") and "Restaurez" in result.problems[0].text("fr")
    assert not key_file.exists() and agents(store) == 3 and keys.status(store)["state"] == "missing"
    key_file.with_name("elsewhere").rename(key_file)  # restored from the backup
    assert ingest.replace(store, roster.import_id, ROSTER_LATER.encode(), "later.csv").ok
    assert agents(store) == 4


@pytest.mark.parametrize("where", ["file", "env"])
def test_a_different_secret_stops_imports(key_folder: Path, data: Path, monkeypatch, where: str) -> None:
    if where == "env":
        monkeypatch.setenv(keys.SECRET_ENV, "the right one")
    store = Store(data / "m.duckdb")
    imported(store, "agents", ROSTER)
    if where == "env":
        monkeypatch.setenv(keys.SECRET_ENV, "another one")
    else:
        keys.key_file(store).write_text("cd" * 32)
    roster = b"matricule;collectivite;service;categorie\n9;CA;RH;A\n"
    result = ingest.import_file(store, "agents", roster, "b.csv")
    assert [p.code for p in result.problems] == ["key_unavailable"]
    assert ("MUTUTRACK_SECRET" if where == "env" else "n'est pas celui") in result.problems[0].text("fr")
    assert keys.status(store)["state"] == "wrong" and agents(store) == 3


def test_a_fresh_or_demo_store_makes_a_new_key_freely(key_folder: Path, data: Path, demo_db: Path) -> None:
    (data).mkdir()
    (data / "demo.duckdb").write_bytes(demo_db.read_bytes())
    store = Store(data / "demo.duckdb")
    first = store.secret()
    keys.key_file(store).unlink()  # nothing pseudonymised with it yet: the demo has no real people
    assert store.secret() != first and store.is_demo()
    imported(store, "agents", ROSTER)
    assert not store.is_demo()


def test_the_history_lists_every_import_and_undo_works_without_the_key(key_folder: Path, data: Path) -> None:
    store = Store(data / "m.duckdb")
    roster = imported(store, "agents", ROSTER)
    keys.key_file(store).unlink()
    assert ingest.history(store)["import_id"].tolist() == [roster.import_id]
    with pytest.raises(KeyError):
        ingest.original_file(store, roster.import_id)
    assert ingest.undo(store, roster.import_id, user="rh").ok and agents(store) == 0


def test_the_import_page_history_never_raises_after_a_secret_change(monkeypatch) -> None:
    from tests.conftest import open_page

    store = Store(os.environ["MUTUTRACK_DB"])
    imported(store, "agents", ROSTER)
    store.close()
    monkeypatch.setenv(keys.SECRET_ENV, "another-secret")
    at = open_page("app_pages/import.py")
    assert any("n'est pas disponible" in c.value for c in at.caption)
    assert t("ingest.page.history.undo") in [b.label for b in at.button]


# -- rotation --------------------------------------------------------------------------------
def test_rotation_keeps_pseudonyms_history_originals_and_undo(key_folder: Path, data: Path, capsys) -> None:
    store = Store(data / "m.duckdb")
    roster = imported(store, "agents", ROSTER)
    key_file = keys.key_file(store)
    before, pseudonyms = key_file.read_bytes(), sorted(store.sql("select agent_key from agents")["agent_key"])
    store.close()
    assert cli.main(["key", "rotate", "--db", str(data / "m.duckdb")]) == 0
    assert str(key_file) in capsys.readouterr().err
    assert cli.main(["key", "status", "--db", str(data / "m.duckdb")]) == 0
    assert '"state": "ok"' in capsys.readouterr().out
    store = Store(data / "m.duckdb")
    assert key_file.read_bytes() != before and keys.status(store)["state"] == "ok"
    assert sorted(store.sql("select agent_key from agents")["agent_key"]) == pseudonyms
    assert ingest.original_file(store, roster.import_id) == ("agents.csv", ROSTER.encode())
    key_file.write_bytes(before)  # the old secret no longer opens anything
    assert keys.status(store)["state"] == "wrong"


def test_rotation_with_an_environment_secret_takes_the_new_one_from_the_environment(
    key_folder: Path, data: Path, monkeypatch
) -> None:
    monkeypatch.setenv(keys.SECRET_ENV, "old")
    store = Store(data / "m.duckdb")
    imported(store, "agents", ROSTER)
    with pytest.raises(keys.StoreKeyError, match="MUTUTRACK_NEW_SECRET"):
        keys.rotate(store)
    monkeypatch.setenv(keys.NEW_SECRET_ENV, "new")
    assert keys.rotate(store) is None
    assert keys.status(store)["state"] == "wrong"
    monkeypatch.setenv(keys.SECRET_ENV, "new")
    assert keys.status(store)["state"] == "ok" and ingest.undo(store, 1, user="rh").ok


def test_an_interrupted_rotation_is_finished_on_next_use(key_folder: Path, data: Path, monkeypatch) -> None:
    store = Store(data / "m.duckdb")
    imported(store, "agents", ROSTER)
    store_key, key_file = store.secret(), keys.key_file(store)

    def power_cut(*args) -> None:
        raise OSError("power cut")

    with monkeypatch.context() as interrupted, pytest.raises(OSError):
        interrupted.setattr(os, "replace", power_cut)  # the database holds the new wrap, the file is old
        keys.rotate(store)
    assert key_file.with_name(key_file.name + ".new").exists()
    assert store.secret() == store_key
    assert not key_file.with_name(key_file.name + ".new").exists()
    assert keys.status(store)["state"] == "ok"


# -- erasure ---------------------------------------------------------------------------------
def wave_with_marked_comments() -> bytes:
    frame = samples.answers(40, seed=5)
    frame.loc[frame.index[:3], "comment"] = [f"{MARK} {n} mon chef me harcèle" for n in range(3)]
    return samples.template_csv(frame)


def file_bytes(path: Path) -> bytes:
    wal = Path(f"{path}.wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


@pytest.mark.parametrize("removal", ["undo", "replace"])
def test_removed_comments_leave_no_trace_in_the_file_bytes(data: Path, removal: str) -> None:
    path = data / "m.duckdb"
    store = Store(path)
    wave = imported(store, "responses", wave_with_marked_comments(), wave="T1")
    store.cursor().execute("checkpoint")
    assert MARK.encode() in file_bytes(path)  # the measure can see it while it is there
    if removal == "undo":
        assert ingest.undo(store, wave.import_id, user="rh").ok
    else:
        again = samples.template_csv(samples.answers(40, seed=6))
        assert ingest.replace(store, wave.import_id, again, "v2.csv").ok
    assert store.scalar("select count(*) from comments where text like $m", m=f"%{MARK}%") == 0
    store.close()
    assert MARK.encode() not in file_bytes(path)
    assert not Path(f"{path}.rewrite").exists()
    reopened = Store(path)  # the rewritten file is a whole store: history, sequences, settings
    assert reopened.schema_version() == migrations()[-1][0]
    assert ingest.history(reopened)["status"].iloc[-1] == "undone"
    assert imported(reopened, "agents", ROSTER).import_id == wave.import_id + (1 if removal == "undo" else 2)


def test_purge_deletes_the_originals_of_undone_imports_and_rewrites_the_file(data: Path, capsys) -> None:
    path = data / "m.duckdb"
    store = Store(path)
    kept = imported(store, "agents", ROSTER)
    wave = imported(store, "responses", wave_with_marked_comments(), wave="T1")
    assert ingest.undo(store, wave.import_id, user="rh").ok
    store.close()
    assert cli.main(["purge", "--db", str(path)]) == 0
    assert '"purged_files": 1' in capsys.readouterr().out
    store = Store(path)
    with pytest.raises(KeyError):
        ingest.original_file(store, wave.import_id)
    assert ingest.original_file(store, kept.import_id)[1] == ROSTER.encode()
    assert MARK.encode() not in file_bytes(path)


def test_the_settings_page_says_where_the_key_is_and_whether_it_opens(key_folder: Path, monkeypatch) -> None:
    from streamlit.testing.v1 import AppTest

    store = Store(os.environ["MUTUTRACK_DB"])
    imported(store, "agents", ROSTER)
    key_file = keys.key_file(store)
    store.close()
    page = str(Path(__file__).resolve().parent.parent / "app_pages" / "settings.py")
    at = AppTest.from_file(page, default_timeout=60).run()
    assert not at.exception and str(key_file) in "".join(m.value for m in at.markdown)
    assert [s.value for s in at.success] == [t("settings.key.state.ok")]
    key_file.unlink()
    at = AppTest.from_file(page, default_timeout=60).run()
    assert [e.value for e in at.error] == [t("settings.key.state.missing")]


def test_queries_from_other_threads_wait_for_the_rewrite(data: Path) -> None:
    import threading

    store = Store(data / "m.duckdb")
    imported(store, "agents", ROSTER)
    failures: list[BaseException] = []
    done = threading.Event()

    def read() -> None:
        while not done.is_set():
            try:
                assert store.scalar("select count(*) from agents") == 3
            except BaseException as failure:  # noqa: BLE001 - reported below
                failures.append(failure)
                return

    readers = [threading.Thread(target=read) for _ in range(3)]
    for reader in readers:
        reader.start()
    for _ in range(3):
        store.rewrite()
    done.set()
    for reader in readers:
        reader.join()
    assert not failures


def test_the_app_refuses_to_start_with_a_key_beside_the_database(monkeypatch) -> None:
    from streamlit.testing.v1 import AppTest

    db = Path(os.environ["MUTUTRACK_DB"])
    Store(db).close()
    db.with_suffix(".key").write_text("ab" * 32)
    dashboard = str(Path(__file__).resolve().parent.parent / "dashboard.py")
    at = AppTest.from_file(dashboard, default_timeout=60).run()
    assert not at.exception
    assert [f"mututrack key move --db {db}" in e.value for e in at.error] == [True]
    monkeypatch.setenv(keys.ALLOW_ENV, "1")
    assert not AppTest.from_file(dashboard, default_timeout=60).run().error


def test_demo_force_takes_an_older_key_along_with_the_backup(
    key_folder: Path, data: Path, monkeypatch
) -> None:
    legacy_store(data / "m.duckdb", monkeypatch)
    assert cli.main(["demo", "--db", str(data / "m.duckdb"), "--force"]) == 0
    backup = next(data.glob("m.*.backup.duckdb"))
    assert backup.with_suffix(".key").read_text() == "ab" * 32
    assert not (data / "m.key").exists()
    open_store(data / "m.duckdb")  # the new demo store starts: no key of another store beside it


def test_a_store_open_twice_in_one_process_is_not_rewritten_under_the_other(data: Path) -> None:
    first = Store(data / "m.duckdb")
    imported(first, "agents", ROSTER)
    second = Store(data / "m.duckdb")
    with pytest.raises(RuntimeError, match="another connection"):
        first.rewrite()
    assert first.scalar("select count(*) from agents") == second.scalar("select count(*) from agents") == 3
    second.close()
    first.rewrite()
    assert first.scalar("select count(*) from agents") == 3
