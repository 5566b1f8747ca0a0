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

TABLES = {
    "entities": ENTITIES,
    "projects": PROJECTS,
    "project_services": PROJECT_SERVICES,
    "project_entities": PROJECT_ENTITIES,
    "agents": [(key, entity, service, cat, "titulaire", start, end) for key, entity, service, cat, start, end in AGENTS],
    "events": [(eid, pid, date, kind, "Réunion " + eid, entity) for eid, pid, date, kind, entity in EVENTS],
    "attendance": ATTENDANCE,
    "charter_steps": CHARTER,
}


def insert(store: Store, tables: dict[str, list[tuple]]) -> None:
    """Insert rows (without their import_id) under one new import, in one transaction."""
    with store.transaction() as cur:
        import_id = store.next_import_id(cur)
        cur.execute("insert into imports (import_id, kind, rows) values ($id, 'test', 0)", {"id": import_id})
        for table, rows in tables.items():
            for row in rows:
                marks = ", ".join("?" * len(row))
                cur.execute(f"insert into {table} values ({marks}, ?)", [*row, import_id])


def tiny_store() -> Store:
    """The tiny territory in a fresh in-memory store."""
    store = Store()
    insert(store, TABLES)
    return store
