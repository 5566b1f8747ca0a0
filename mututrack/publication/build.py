"""Building and keeping the stored publication of a wave (tables of migrations 008 and 016).

:func:`ensure` rebuilds a wave's publication when the data changed since it was built
(``data_version()``), inside one write transaction that does not bump the data version (nothing
a page computes from changes meaning). A wave that is collecting answers keeps its atom tree and
each atom keeps its published answers until at least k new respondents have joined it: two
successive publications of an open wave then never differ by fewer than k people. An atom that
lost respondents (an import undone) is rebuilt at once: nothing undone stays published. The
wave's comment atoms (:mod:`.comment_members`: who commented, never what) are built with it, under
the same rule with 10 commenters for k.
"""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd

from mututrack.metrics import participation
from mututrack.metrics import qvt as scoring
from mututrack.publication import atoms as atoms_module
from mututrack.publication import comment_members, rules
from mututrack.queries import execute, sql_text, table_sql
from mututrack.store import Store

__all__ = ["ensure", "refresh_all", "is_provisional", "withheld"]

SCORING = {"who5_poor_below": scoring.WHO5_POOR_BELOW, "who5_depression_max": scoring.WHO5_DEPRESSION_MAX}
# The tables of a wave's publication (migrations 008 and 016), the only ones the publication_*.sql
# that say {table} may name; the state last, written once the rest is.
COMMENT_PARTS = ("publication_comment_members", "publication_comment_atoms", "publication_comment_state")
PARTS = (
    "publication_members", "publication_atoms", "publication_histograms", "publication_residuals",
    *COMMENT_PARTS,
)
TABLES = (*PARTS, "publication_state")


def is_provisional(store: Store, wave: str, *, today: dt.date | None = None) -> bool:
    """True while ``wave`` collects answers (opened, not closed yet)."""
    return wave in open_waves(store, today=today)


def open_waves(store: Store, *, today: dt.date | None = None) -> set[str]:
    """The waves collecting answers on ``today`` (opened, not closed yet)."""
    waves = store.query("wave_dates")
    return set(waves.loc[participation.is_open(waves, today=today or dt.date.today()).to_numpy(), "wave"])


def ensure(store: Store, wave: str, *, today: dt.date | None = None) -> None:
    """Make the stored publication of ``wave`` current (a no-op when it already is).

    Cheap when nothing it is made of changed: a write elsewhere (an attendance sheet, a setting)
    only moves ``data_version``, and the fingerprint of the wave's respondents, the projects'
    scopes, the questions and k tells that the stored publication still holds.
    """
    version = store.data_version()
    state = store.query("publication_state_of_wave", wave=wave)
    if len(state) and int(state["built_version"].iloc[0]) == version:
        return
    k = rules.threshold(store, wave)
    fingerprint = int(store.query("publication_fingerprint", wave=wave, k=k)["fingerprint"].iloc[0])
    with store.transaction(bump_version=False) as cur:
        # Read again under the write lock: another session may have built it meanwhile.
        state = execute(cur, sql_text("publication_state_of_wave"), wave=wave).df()
        if len(state) and int(state["fingerprint"].iloc[0]) == fingerprint:
            execute(cur, sql_text("publication_state_touch"), v=version, wave=wave)
            return
        respondents = cur.execute(sql_text("publication_respondents"), {"wave": wave}).df()
        was_open = len(state) > 0 and bool(state["frozen"].iloc[0])
        was_frozen = was_open and int(state["k"].iloc[0]) == k
        frozen = json.loads(state["tree"].iloc[0]) if was_frozen else None
        tree = atoms_module.tree_of(respondents, k=k, frozen=frozen)
        keep = frozen is not None and tree is frozen
        respondents["atom"] = atoms_module.assign(respondents, tree) if len(respondents) else []
        # comment atoms hold 10 commenters whatever k is: a change of k does not release them again
        comments = _comment_atoms(cur, wave, respondents, frozen=was_open)
        _write(
            cur,
            wave,
            respondents,
            tree,
            k=k,
            version=version,
            old=_published(cur, wave) if keep else None,
            frozen=keep or is_provisional(store, wave, today=today),
            fingerprint=fingerprint,
            comments=comments,
        )


def refresh_all(store: Store, *, today: dt.date | None = None) -> None:
    """:func:`ensure` every survey wave: called after each import, undo and demo, so that pages
    find their figures stored; a wave whose respondents all left keeps no publication."""
    waves = store.query("qvt_waves")["wave"].tolist()
    for wave in waves:
        ensure(store, wave, today=today)
    with store.transaction(bump_version=False) as cur:
        for table in ("publication_state", *PARTS):
            execute(cur, table_sql("publication_keep_waves", table=table, tables=TABLES), waves=waves)


def _comment_atoms(cur, wave: str, respondents: pd.DataFrame, *, frozen: bool):
    """The wave's comment atoms; an open wave's from its tree and members as last released."""
    commenters = execute(cur, sql_text("publication_commenters"), wave=wave).df()["respondent_id"]
    people = respondents.drop(columns="atom")
    state = _of_wave(cur, "publication_comment_state", wave) if frozen else None
    if state is None or state.empty:
        return comment_members.cut(people, commenters)
    released = _of_wave(cur, "publication_comment_members", wave)
    tree = json.loads(state["tree"].iloc[0])
    return comment_members.cut(people, commenters, frozen=tree, released=released)


def _of_wave(cur, table: str, wave: str) -> pd.DataFrame:
    return execute(cur, table_sql("publication_of_wave", table=table, tables=TABLES), wave=wave).df()


def _write(cur, wave, respondents, tree, *, k, version, old, frozen, fingerprint, comments) -> None:
    for table in TABLES:
        execute(cur, table_sql("publication_clear_wave", table=table, tables=TABLES), wave=wave)
    _insert(cur, "publication_comment_members", comments.members.assign(wave=wave))
    _insert(cur, "publication_comment_atoms", comments.described.assign(wave=wave))
    rule = pd.DataFrame({"wave": [wave], "tree": [json.dumps(comments.tree)]})
    _insert(cur, "publication_comment_state", rule)
    _insert(cur, "publication_members", respondents[["respondent_id", "atom"]].assign(wave=wave))
    described = atoms_module.describe(respondents)
    cur.register("atom_members", respondents[["respondent_id", "atom"]])
    hist = cur.execute(sql_text("publication_atom_histograms"), SCORING).df()
    cur.unregister("atom_members")
    described, hist = _keep_unmoved(described, hist, old, k)
    _insert(cur, "publication_atoms", described.assign(wave=wave))
    _insert(cur, "publication_histograms", hist.assign(wave=wave))
    _insert(cur, "publication_residuals", withheld(hist, k).assign(wave=wave))
    execute(
        cur,
        sql_text("publication_state_insert"),
        wave=wave,
        version=version,
        fingerprint=fingerprint,
        k=k,
        frozen=bool(frozen),
        tree=json.dumps(tree),
    )


def _published(cur, wave: str) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    """The atoms and their answers as last published."""
    atoms, hist = (_of_wave(cur, table, wave) for table in ("publication_atoms", "publication_histograms"))
    return (atoms, hist) if len(atoms) else None


def _keep_unmoved(described, hist, old, k):
    """For an open wave: each atom keeps its last published size and answers until it grew by k."""
    if old is None:
        return described, hist
    before_atoms, before_hist = old
    size_then = described["atom"].map(before_atoms.set_index("atom")["respondents"])
    keep = (
        size_then.notna()
        & (described["respondents"] >= size_then)
        & (described["respondents"] < size_then + k)
    )
    kept = set(described.loc[keep, "atom"])
    sizes = described["respondents"].where(~keep, size_then).astype("int64")
    unmoved = before_hist[before_hist["atom"].isin(kept)]
    return described.assign(respondents=sizes), pd.concat(
        [hist[~hist["atom"].isin(kept)], unmoved], ignore_index=True
    )


def withheld(hist: pd.DataFrame, k: int) -> pd.DataFrame:
    """The (``measure``, ``atom``) pairs whose answers no figure shows on their own, with ``pooled``:
    whether the measure's withheld atoms, together, may be published (only in a figure that holds
    all of them).

    An atom is clear for a measure when at least k of its members answered it and their answers do
    not all fall in one class while fewer than 2k answered (DOMAIN.md "Homogeneity").
    """
    base = hist.groupby(["atom", "measure"], as_index=False).agg(n=("n", "sum"), classes=("klass", "nunique"))
    out = base.loc[~rules.publishable(base["n"], base["classes"], k), ["measure", "atom"]]
    pooled = hist.merge(out, on=["atom", "measure"])
    summary = pooled.groupby("measure").agg(n=("n", "sum"), classes=("klass", "nunique"))
    ok = rules.publishable(summary["n"], summary["classes"], k)
    return out.assign(pooled=out["measure"].map(ok).fillna(False).astype(bool))


def _insert(cur, table: str, frame: pd.DataFrame) -> None:
    cur.register("rows_to_insert", frame)
    cur.execute(table_sql("publication_insert", table=table, tables=TABLES))
    cur.unregister("rows_to_insert")
