"""Tiny survey stores whose QVT figures are computed by hand in the tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from mututrack.store import Store, question_ids

WHO5 = ("who5_1", "who5_2", "who5_3", "who5_4", "who5_5")


def who5(*values: int) -> dict[str, int]:
    """The five WHO-5 answers as a code → value mapping."""
    return dict(zip(WHO5, values, strict=True))


def add_wave(
    store: Store,
    wave: str,
    people: Iterable[tuple[str | None, str | None, str | None, Mapping[str, Any]]],
    *,
    closed_at: dt.date | None = None,
    published: bool = False,
) -> None:
    """One wave of respondents: each ``(entity, category, service, {code: value or choice})``.

    Numbers go to ``answers`` (by question id), text to ``choices``, except for ``comment`` which goes
    to the ``comments`` table.
    """
    people = list(people)
    with store.transaction() as cur:
        import_id = store.next_import_id(cur)
        cur.execute(
            "insert into imports (import_id, kind, rows, wave) values ($i, 'responses', $n, $w)",
            {"i": import_id, "n": len(people), "w": wave},
        )
        cur.execute(
            "insert into waves (wave, closed_at, published, import_id) values ($w, $c, $p, $i)",
            {"w": wave, "c": closed_at, "p": published, "i": import_id},
        )
        ids = [
            r[0]
            for r in cur.execute(
                "select nextval('respondent_id_seq') from range($n)", {"n": len(people)}
            ).fetchall()
        ]
        respondents, answers, choices, comments = [], [], [], []
        for rid, (entity, category, service, given) in zip(ids, people, strict=True):
            respondents.append((rid, wave, entity, service, category, import_id))
            for code, value in given.items():
                if code == "comment":
                    comments.append((rid, code, value, import_id))
                elif isinstance(value, str):
                    choices.append((rid, code, value, import_id))
                elif value is not None:
                    answers.append((rid, code, int(value), import_id))
        _insert(
            cur, "respondents (respondent_id, wave, entity_id, service, category, import_id)", respondents
        )
        question_id = question_ids(cur, [row[1] for row in answers])
        answers = [(rid, question_id[code], value) for rid, code, value, _ in answers]
        _insert(cur, "answers (respondent_id, question_id, value)", answers)
        _insert(cur, "choices (respondent_id, question_code, choice, import_id)", choices)
        _insert(cur, "comments (respondent_id, question_code, text, import_id)", comments)


def add_respondents(
    store: Store, wave: str, people: Iterable[tuple[str | None, str | None, str | None, Mapping[str, Any]]]
) -> None:
    """More respondents of ``wave``, given as to :func:`add_wave` (an open wave filling up)."""
    add_wave(store, "tmp", people)
    with store.transaction() as cur:
        cur.execute("update respondents set wave = $w where wave = 'tmp'", {"w": wave})
        cur.execute("delete from waves where wave = 'tmp'")


def _insert(cur, target: str, rows: list[tuple]) -> None:
    if not rows:
        return
    columns = target[target.index("(") + 1 : target.index(")")].replace(" ", "").split(",")
    frame = pd.DataFrame(rows, columns=columns)
    cur.register("incoming", frame)
    cur.execute(f"insert into {target} select {', '.join(columns)} from incoming")
    cur.unregister("incoming")
