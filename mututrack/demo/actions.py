"""The demo's action plans: what the territory decided after its surveys, so that the "Plans
d'action" page, the digest and the agents' results document have a story to tell (one action late,
one due soon, others done or under way), each on an indicator the survey measures."""

from __future__ import annotations

import pandas as pd

__all__ = ["build_actions"]

# title, owner, created, due, status, origin, origin's reference, indicator, group kind, group
# fmt: off
ACTIONS = (
    ("Entretiens de carrière pour les agents transférés au service commun", "Service formation",
     "2026-07-08", "2026-10-31", "fait", "levier", "car_prospects", "car_prospects", "project", "RH-FIN"),
    ("Point mensuel du comité de pilotage avec les représentants du personnel", "Direction générale",
     "2026-07-15", "2026-12-31", "en_cours", "autre", None, "inv_heard", "organisation", None),
    ("Réunions d'information sur la future organisation de la voirie, équipe par équipe",
     "Direction des services techniques", "2026-10-09", "2026-11-20", "en_cours", "alerte",
     "wellbeing_drop · Mutualisation voirie et informatique", "wc_security", "project", "VOIRIE-SI"),
    ("Revoir la répartition des dossiers de paie entre les gestionnaires", "DRH mutualisée",
     "2026-10-14", "2026-12-11", "a_faire", "levier", "wc_intensity", "wc_intensity", "project", "RH-FIN"),
    ("Ouvrir les salles de réunion des mairies annexes aux équipes mutualisées", "Secrétariat général",
     "2026-10-20", "2027-01-29", "a_faire", "proposition", None, "wc_relations", "organisation", None),
)
# fmt: on


def build_actions(projects: tuple[str, ...]) -> pd.DataFrame:
    """The demo's actions (those on a project of this scale only), numbered ``PA-0001``..., all
    created before the demo's "today" (``territory.TODAY``)."""
    rows = [row for row in ACTIONS if row[8] != "project" or row[9] in projects]
    frame = pd.DataFrame(rows, columns=["title", "owner", "created_at", "due_date", "status", "origin_kind",
                                        "origin_ref", "indicator", "group_kind", "group_value"])
    created = pd.to_datetime(frame["created_at"]) + pd.Timedelta(hours=10)
    return frame.assign(
        action_id=[f"PA-{n:04d}" for n in range(1, len(frame) + 1)],
        due_date=pd.to_datetime(frame["due_date"]).dt.date,
        created_at=created,
        updated_at=created,
    )
