"""Everything a wave publishes, as the auditor reads it: which finest cells of respondents each
published figure sums, per measure, and the true class counts of each cell.

The figures are enumerated from what a user can reach: every selection of the sidebar (project,
entity, category, each alone or combined, or none), and inside each, every group of the
breakdowns the pages and the report offer (entity, category, service, and the pooled group). A
figure for a measure sums the cells of the selection's atoms that publish it, plus the measure's
pooled residual when the selection holds all of its atoms: exactly what :func:`figures.histograms`
adds up. The auditor then works on cells, not on atoms: it does not take the atoms' word for it.
"""

from __future__ import annotations

import itertools

import pandas as pd

from mututrack.filters import Filters
from mututrack.publication import atoms as atoms_module
from mututrack.publication import audit, build
from mututrack.publication.figures import WavePublication, load
from mututrack.store import Store

__all__ = ["audit_wave", "selections", "published_sets"]

BREAKDOWN_COLUMNS = ("entity_id", "category", "service")


def selections(store: Store, pub: WavePublication) -> list[Filters]:
    """Every combination of sidebar filters a user can choose for the wave."""
    projects = [None, *store.query("projects_list")["project_id"]]
    entities = [
        None,
        *sorted(set(store.query("entities_list")["entity_id"]) | set(pub.atoms["entity_id"].dropna())),
    ]
    categories = [None, "A", "B", "C", ""]
    combos = itertools.product(projects, entities, categories)
    return [Filters(project=p, entity=e, category=c, wave=pub.wave) for p, e, c in combos]


def published_sets(store: Store, pub: WavePublication) -> set[frozenset[int]]:
    """Every distinct set of atoms a figure of the wave can be published for."""
    found: set[frozenset[int]] = set()
    for chosen in {pub.select(f) for f in selections(store, pub)}:
        if not chosen:
            continue
        found.add(chosen)
        for column in BREAKDOWN_COLUMNS:
            found.update(pub.breakdown(chosen, column).values())
    found.add(pub.everyone())
    return {s for s in found if s}


def audit_wave(store: Store, wave: str) -> audit.AuditReport:
    """The auditor's verdict on everything ``wave`` publishes."""
    pub = load(store, wave)
    people = store.query("publication_respondents", wave=wave)
    members = store.query("publication_members_of_wave", wave=wave)
    people = people.merge(members, on="respondent_id")
    dims = list(atoms_module.DIMENSIONS)
    # Finest cells: people no filter tells apart, and in one atom (a doctored store may split a cell).
    people["cell"] = (
        people.groupby([*dims, "atom"], sort=True).ngroup() if len(people) else pd.Series(dtype="int64")
    )
    cells = people.groupby("cell", as_index=False).size().rename(columns={"size": "respondents"})
    bases = _bases(store, people)
    figures = _figures(store, pub, people, bases)
    return audit.audit(cells, bases, figures, k=pub.k)


def _bases(store: Store, people: pd.DataFrame) -> pd.DataFrame:
    """Per cell, measure and class, how many respondents: the truth the auditor checks against."""
    frame = people[["respondent_id", "cell"]].rename(columns={"cell": "atom"})
    hist = store.query("publication_atom_histograms", frames={"atom_members": frame}, **build.SCORING)
    return (
        hist.groupby(["atom", "measure", "klass"], as_index=False)["n"].sum().rename(columns={"atom": "cell"})
    )


def _figures(store: Store, pub: WavePublication, people: pd.DataFrame, bases: pd.DataFrame) -> pd.DataFrame:
    """One row per (figure, cell): the cells each published figure sums, per measure."""
    cells_of = people.groupby("atom")["cell"].unique().to_dict()
    withheld = store.query("publication_residuals_of_wave", wave=pub.wave)
    held = {m: set(part["atom"]) for m, part in withheld.groupby("measure")}
    pools = {m: frozenset(part["atom"]) for m, part in withheld[withheld["pooled"]].groupby("measure")}
    answered = (
        bases.merge(people[["cell", "atom"]].drop_duplicates(), on="cell").groupby("measure")["atom"].unique()
    )
    rows = []
    for number, atoms in enumerate(sorted(published_sets(store, pub), key=sorted)):
        rows.append((f"{number}:respondents", audit.RESPONDENTS, atoms))
        for measure, given in answered.items():
            shown = (atoms & set(given)) - held.get(measure, set())
            if measure in pools and pools[measure] <= atoms:
                shown |= pools[measure]
            if shown:
                rows.append((f"{number}:{measure}", measure, shown))
    return pd.DataFrame(
        [
            (figure, measure, cell)
            for figure, measure, atoms in rows
            for atom in atoms
            for cell in cells_of.get(atom, [])
        ],
        columns=["figure", "measure", "cell"],
    )
