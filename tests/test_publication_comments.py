"""The comment atoms kept with each wave's publication (migration 016): the same atoms as computed
from the comments themselves, rebuilt when who commented changes, an open wave's lists moving only
by 10 commenters, and never a comment's text in the tables that keep them."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pandas as pd
import pytest

from mututrack import ingest
from mututrack.filters import Filters
from mututrack.ingest import samples
from mututrack.publication import atoms, build, comment_themes, comments, rules
from mututrack.store import Store
from mututrack.views import comments as comments_view
from tests.fixtures_qvt import add_respondents, add_wave, who5

MARK = "Témoignage-c0ffee-Anatole"  # a comment no other byte of the store could hold by chance
NEW_TABLES = ("publication_comment_members", "publication_comment_atoms", "publication_comment_state")
CLOSED = dt.date(2020, 6, 30)
FIRST_LEAVES = "delete from respondents where respondent_id = (select min(respondent_id) from respondents)"


def _computed(store: Store, wave: str) -> pd.DataFrame:
    """The comment atoms as computed from the comments and respondents, kept in memory only, before
    they were stored with the publication."""
    texts = store.sql(
        "select c.respondent_id, trim(c.text) as text from comments as c "
        "inner join respondents as r on r.respondent_id = c.respondent_id "
        "where r.wave = $wave and trim(c.text) <> '' order by md5(trim(c.text))",
        wave=wave,
    )
    people = store.query("publication_respondents", wave=wave)
    written = people.merge(texts, on="respondent_id")
    if written.empty:
        return pd.DataFrame(columns=comments.COLUMNS)
    commenters = written.drop_duplicates("respondent_id")
    cells = (
        commenters.groupby(list(atoms.DIMENSIONS), as_index=False)
        .size()
        .rename(columns={"size": "respondents"})
    )
    tree = atoms.build_tree(cells, k=rules.COMMENT_THRESHOLD)
    commenters = commenters.assign(atom=atoms.assign(commenters, tree))
    described = atoms.describe(commenters)
    described = described[described["respondents"] >= rules.COMMENT_THRESHOLD]
    placed = written.merge(commenters[["respondent_id", "atom"]], on="respondent_id")
    return placed[["atom", "text"]].merge(described.drop(columns="respondents"), on="atom")


def _comparable(frame: pd.DataFrame) -> list[tuple]:
    """The rows, sorted, a value no dimension shares (None or NaN) read as None."""
    def shared(value):
        return None if pd.isna(value) else value

    return sorted(
        (int(r.atom), r.text, shared(r.entity_id), shared(r.category), shared(r.service), tuple(r.projects))
        for r in frame[comments.COLUMNS].itertuples(index=False)
    )


def _people(count: int, *, start: int = 0, said: str = "avis") -> list[tuple]:
    """``count`` respondents of one entity, category and service, each with a comment."""
    answers = {**who5(3, 3, 3, 3, 3), "enps": 7}
    return [("e", "A", "s", {**answers, "comment": f"{said} {start + i}"}) for i in range(count)]


def _texts(store: Store, wave: str) -> list[str]:
    return sorted(comments.comment_atoms(store, wave)["text"])


# -- the same atoms as computed from the comments ------------------------------------------------
def test_the_stored_comment_atoms_are_the_computed_ones_for_every_wave_of_the_demo(demo_store):
    waves = demo_store.query("qvt_waves")["wave"].tolist()
    together = comments.comment_atoms_of_waves(demo_store, waves)
    released = 0
    for wave in waves:
        stored = comments.comment_atoms(demo_store, wave)
        assert _comparable(stored) == _comparable(_computed(demo_store, wave)), wave
        assert _comparable(together[wave]) == _comparable(stored)
        digests = [hashlib.md5(text.encode()).hexdigest() for text in stored["text"]]
        assert digests == sorted(digests)  # an order that says nothing about who wrote when
        released += len(stored)
    assert released > 100 and len(waves) > 1


def test_a_store_built_before_the_comment_atoms_were_kept_gets_them(demo_store):
    wave = demo_store.query("qvt_waves")["wave"].iloc[-1]
    expected = _comparable(comments.comment_atoms(demo_store, wave))
    with demo_store.transaction() as cur:  # what a store looked like, then migration 016
        for table in NEW_TABLES:
            cur.execute(f"delete from {table}")
        cur.execute("update publication_state set built_version = -1, fingerprint = 0")
    demo_store.memo.clear()
    assert _comparable(comments.comment_atoms(demo_store, wave)) == expected


# -- rebuilt when who commented changes ----------------------------------------------------------
def test_a_new_comment_of_a_respondent_already_there_rebuilds_the_comment_atoms(store):
    silent_one = ("e", "A", "s", {**who5(1, 1, 1, 1, 1), "enps": 2})
    add_wave(store, "T1", [*_people(12), silent_one], closed_at=CLOSED)
    assert len(_texts(store, "T1")) == 12
    silent = store.scalar("select max(respondent_id) from respondents")
    with store.transaction() as cur:
        cur.execute("insert into comments values ($r, 'comment', 'enfin dit', null)", {"r": silent})
    assert "enfin dit" in _texts(store, "T1")
    members = store.sql("select respondent_id from publication_comment_members where wave = 'T1'")
    assert silent in set(members["respondent_id"]) and len(members) == 13


def test_a_removed_commenter_leaves_the_atoms_and_their_list_at_once(store):
    add_wave(store, "T1", _people(11), closed_at=CLOSED)
    assert len(_texts(store, "T1")) == 11
    with store.transaction() as cur:
        cur.execute(FIRST_LEAVES)
    # ten left: still an atom of ten, without the removed one's comment
    assert _texts(store, "T1") == sorted(f"avis {i}" for i in range(1, 11))
    with store.transaction() as cur:
        cur.execute("delete from comments where text = 'avis 1'")
    assert _texts(store, "T1") == []  # nine: under 10, nothing listed
    assert store.scalar("select count(*) from publication_comment_members where wave = 'T1'") == 9


def test_a_replaced_file_with_one_more_comment_changes_the_stored_membership(store):
    answers = samples.answers(40, seed=5)
    first = ingest.import_file(store, "responses", samples.template_csv(answers), "a.csv", wave="T1")
    assert first.ok
    before = store.sql("select respondent_id from publication_comment_members where wave = 'T1'")
    silent = answers.index[answers["comment"].isna() | answers["comment"].eq("")][0]
    answers.loc[silent, "comment"] = "une remarque de plus"
    again = ingest.replace(store, first.import_id, samples.template_csv(answers), "b.csv")
    assert again.ok
    after = store.sql("select respondent_id from publication_comment_members where wave = 'T1'")
    assert len(after) == len(before) + 1
    assert not set(after["respondent_id"]) & set(before["respondent_id"])  # the old ones went
    assert "une remarque de plus" in _texts(store, "T1")


# -- an open wave --------------------------------------------------------------------------------
def test_an_open_wave_lists_new_comments_only_once_ten_joined_their_atom(store):
    add_wave(store, "open", _people(12))  # no close date: collecting answers
    assert build.is_provisional(store, "open")
    assert len(_texts(store, "open")) == 12
    add_respondents(store, "open", _people(9, start=100, said="nouveau"))
    assert len(_texts(store, "open")) == 12  # nine more: the list does not move
    assert comments_view.compute(store, Filters())["total"] == 12
    add_respondents(store, "open", _people(1, start=200, said="nouveau"))
    assert len(_texts(store, "open")) == 22  # the tenth: the atom has grown by 10, its list moves
    with store.transaction() as cur:
        cur.execute(FIRST_LEAVES)
    assert "avis 0" not in _texts(store, "open") and len(_texts(store, "open")) == 21


def test_changing_k_on_an_open_wave_does_not_release_new_comments_early(store):
    add_wave(store, "open", _people(12))
    assert len(_texts(store, "open")) == 12
    add_respondents(store, "open", _people(9, start=100, said="nouveau"))
    store.set_setting("k_threshold", "6")  # the answers' atoms are cut again; the comments' hold 10
    assert len(_texts(store, "open")) == 12


def test_an_open_wave_atom_that_lost_a_commenter_is_released_again_at_once(store):
    add_wave(store, "open", _people(12))
    assert len(_texts(store, "open")) == 12
    add_respondents(store, "open", _people(4, start=100, said="nouveau"))
    assert len(_texts(store, "open")) == 12
    with store.transaction() as cur:
        cur.execute("delete from comments where text = 'avis 0'")
    texts = _texts(store, "open")
    assert "avis 0" not in texts and len(texts) == 15  # its members now, the four new ones included


def test_the_themes_trend_reads_every_wave_from_the_stored_atoms(demo_store):
    waves = demo_store.query("qvt_waves")["wave"].tolist()
    themes = comment_themes.published_themes(demo_store, waves[-1], Filters(), waves=waves)
    released = themes.trend.drop_duplicates("wave").set_index("wave")["released"]
    assert released.to_dict() == {w: len(comments.comment_atoms(demo_store, w)) for w in waves}


# -- never a text --------------------------------------------------------------------------------
def test_the_new_tables_hold_no_text_column(store):
    columns = store.sql(
        "select table_name, column_name from duckdb_columns() where list_contains($t::varchar[], table_name)",
        t=list(NEW_TABLES),
    )
    assert set(map(tuple, columns.to_numpy())) == {
        ("publication_comment_members", "wave"), ("publication_comment_members", "respondent_id"),
        ("publication_comment_members", "atom"),
        ("publication_comment_atoms", "wave"), ("publication_comment_atoms", "atom"),
        ("publication_comment_atoms", "commenters"), ("publication_comment_atoms", "entity_id"),
        ("publication_comment_atoms", "category"), ("publication_comment_atoms", "service"),
        ("publication_comment_atoms", "projects"),
        ("publication_comment_state", "wave"), ("publication_comment_state", "tree"),
    }


def _file_bytes(path: Path) -> bytes:
    wal = Path(f"{path}.wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def _marked_wave() -> bytes:
    frame = samples.answers(40, seed=5)
    frame["comment"] = [f"{MARK} {n} trop de réunions" for n in range(len(frame))]
    return samples.template_csv(frame)


@pytest.mark.parametrize("removal", ["undo", "replace"])
def test_no_comment_is_kept_in_the_comment_atoms_nor_left_in_the_file(tmp_path: Path, removal: str):
    path = tmp_path / "c.duckdb"
    store = Store(path)
    wave = ingest.import_file(store, "responses", _marked_wave(), "a.csv", wave="T1")
    assert wave.ok and len(_texts(store, "T1")) == 40
    for table in NEW_TABLES:
        assert MARK not in store.sql(f"select * from {table}").to_csv(), table
    if removal == "undo":
        assert ingest.undo(store, wave.import_id, user="rh").ok
    else:
        other = samples.template_csv(samples.answers(40, seed=6))
        assert ingest.replace(store, wave.import_id, other, "b.csv").ok
        assert not any(MARK in text for text in _texts(store, "T1"))
    kept = set(store.sql("select respondent_id from publication_comment_members")["respondent_id"])
    assert kept <= set(store.sql("select respondent_id from respondents")["respondent_id"])
    store.close()
    assert MARK.encode() not in _file_bytes(path)


def test_the_first_real_import_leaves_no_comment_atom_of_the_demo(demo_store):
    assert demo_store.scalar("select count(*) from publication_comment_members") > 0
    result = ingest.import_file(demo_store, "responses", _marked_wave(), "a.csv", wave="T1")
    assert result.ok
    assert demo_store.sql("select distinct wave from publication_comment_members")["wave"].tolist() == ["T1"]
    kept = set(demo_store.sql("select respondent_id from publication_comment_members")["respondent_id"])
    assert kept == set(demo_store.sql("select respondent_id from respondents")["respondent_id"])
