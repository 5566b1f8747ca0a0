"""A tiny hand-made territory whose involvement figures are computed by hand in the tests.

Entities: the EPCI ``agglo`` (50 000 inhabitants), ``c1`` (800) and ``c2`` (5 000).
Projects: ``p1`` (RH and Finances, every entity, decision 2024-06-01, go-live 2025-01-01) and
``p2`` (Voirie, entities c1 and agglo, decision 2024-09-01).

In scope of p1: a1, a2 (agglo, RH), a3 (c1, RH), a4 (c2, Finances, started on the decision day).
Not in scope of p1: a5 (left the day before the decision), a9 (Informatique, in no project).
In scope of p2: a6 (c1), a10 (agglo). Not: a7 (c2 is not a p2 entity), a8 (arrived after the decision).
"""

from __future__ import annotations

import datetime as dt

from mututrack.store import Store

TODAY = dt.date(2024, 12, 1)
D = dt.date.fromisoformat

ENTITIES = [("agglo", "Agglomération", "epci", 50_000), ("c1", "Petiteville", "commune", 800),
            ("c2", "Moyenneville", "commune", 5_000)]
PROJECTS = [("p1", "RH et finances", D("2024-06-01"), D("2025-01-01"), "economies"),
            ("p2", "Voirie", D("2024-09-01"), None, "qualite_service")]
PROJECT_SERVICES = [("p1", "RH"), ("p1", "Finances"), ("p2", "Voirie")]
PROJECT_ENTITIES = [("p2", "c1"), ("p2", "agglo")]
AGENTS = [
    ("a1", "agglo", "RH", "A", D("2020-01-01"), None),
    ("a2", "agglo", "RH", "B", None, None),
    ("a3", "c1", "RH", "C", D("2019-05-01"), D("2030-01-01")),
    ("a4", "c2", "Finances", "B", D("2024-06-01"), None),       # starts on the decision day: in scope
    ("a5", "c2", "RH", "C", D("2015-01-01"), D("2024-05-31")),  # left the day before: out of scope
    ("a6", "c1", "Voirie", "C", None, None),
    ("a7", "c2", "Voirie", "C", None, None),                    # c2 is not an entity of p2
    ("a8", "agglo", "Voirie", "B", D("2024-09-02"), None),       # arrived after p2's decision
    ("a9", "agglo", "Informatique", "A", None, None),
    ("a10", "agglo", "Voirie", "A", None, None),
]
EVENTS = [
    ("e0", "p1", D("2024-05-01"), "atelier", None),
    ("e1", "p1", D("2024-03-01"), "information", None),
    ("e2", "p1", D("2024-06-01"), "atelier", None),              # on the decision day: not early
    ("e3", "p1", D("2024-07-01"), "formation", None),
    ("e4", "p2", D("2024-10-01"), "atelier", "c1"),
]
ATTENDANCE = [
    ("e1", "a1", "present"), ("e1", "a2", "excuse"), ("e1", "a5", "present"),
    ("e0", "a3", "present"),
    ("e2", "a2", "present"), ("e2", "a4", "absent"),
    ("e3", "a4", "present"), ("e3", "a1", "present"),
    ("e4", "a6", "present"), ("e4", "a10", "present"),
]
CHARTER = [
    ("p1", "Information du CST", D("2024-02-01"), D("2024-01-15")),   # on time
    ("p1", "Ateliers", D("2024-04-01"), D("2024-04-10")),             # late
    ("p1", "Bilan", D("2024-11-01"), None),                           # overdue on TODAY
    ("p1", "Évaluation", D("2025-01-01"), None),                      # upcoming
    ("p2", "Information du CST", D("2024-08-01"), D("2024-08-01")),   # on time (same day)
]
# Agents active on w1's close date (2024-03-31): a1 a2 a9 a10 (agglo), a3 a6 (c1), a5 a7 (c2).
# w2 has no close date and is still open on TODAY: a1 a2 a8 a9 a10 (agglo), a3 a6 (c1), a4 a7 (c2).
WAVES = [("w1", D("2024-03-01"), D("2024-03-31"), None, False), ("w2", D("2024-11-15"), None, None, False)]
RESPONDENTS = [
    (1, "w1", None, "agglo", "RH", "A", None), (2, "w1", None, "agglo", "RH", "B", None),
    (3, "w1", None, "agglo", "Voirie", "A", None), (4, "w1", None, "c1", "RH", "C", None),
    (5, "w2", None, "agglo", "RH", "A", None), (6, "w2", None, "agglo", "RH", "B", None),
    (7, "w2", None, "agglo", "Voirie", "A", None), (8, "w2", None, "agglo", "Voirie", "B", None),
    (9, "w2", None, "c2", "Finances", "B", None),
    (10, "w2", None, None, None, None, None),  # entity not stated
]
PROPOSALS = [
    ("pr1", D("2024-01-10"), "c1", "RH", "Horaires", "deposee", None, None),          # open for 326 days
    ("pr2", D("2024-11-01"), "c1", "RH", "Horaires", "deposee", None, None),          # open for 30 days
    ("pr3", D("2024-09-01"), "agglo", "RH", "Outils", "a_l_etude", None, None),       # open for 91 days
    # decided after 30, 60 and 10 days
    ("pr4", D("2024-02-01"), "agglo", "RH", "Outils", "retenue", D("2024-03-02"), "Logiciel commun"),
    ("pr5", D("2024-02-01"), "c2", "Finances", "Formation", "mise_en_oeuvre", D("2024-04-01"),
     "Plan de formation"),
    ("pr6", D("2024-03-01"), "c2", "Finances", "Locaux", "non_retenue", D("2024-03-11"), "Budget"),
    ("pr7", D("2024-10-02"), "agglo", "Voirie", "Outils", "deposee", None, None),  # exactly 60 days: not over
]

TABLES = {
    "entities": ENTITIES,
    "projects": PROJECTS,
    "project_services": PROJECT_SERVICES,
    "project_entities": PROJECT_ENTITIES,
    "agents": [(key, entity, service, cat, "titulaire", start, end)
               for key, entity, service, cat, start, end in AGENTS],
    "events": [(eid, pid, date, kind, "Réunion " + eid, entity) for eid, pid, date, kind, entity in EVENTS],
    "attendance": ATTENDANCE,
    "charter_steps": CHARTER,
    "waves": WAVES,
    "respondents": RESPONDENTS,
    "proposals": PROPOSALS,
}


def insert(store: Store, tables: dict[str, list[tuple]]) -> None:
    """Insert rows (without their import_id) under one new import, in one transaction."""
    with store.transaction() as cur:
        import_id = store.next_import_id(cur)
        cur.execute("insert into imports (import_id, kind, rows) values ($id, 'test', 0)", {"id": import_id})
        for table, rows in tables.items():
            columns = [c for c in cur.execute(f"select * from {table} limit 0").fetchdf().columns
                       if c != "import_id"]
            for row in rows:  # the first columns, in order; those a later migration added stay NULL
                names = ", ".join([*columns[:len(row)], "import_id"])
                marks = ", ".join("?" * (len(row) + 1))
                cur.execute(f"insert into {table} ({names}) values ({marks})", [*row, import_id])


def tiny_store(path: str = ":memory:") -> Store:
    """The tiny territory in a fresh store (in memory unless ``path`` is given)."""
    store = Store(path)
    insert(store, TABLES)
    return store
