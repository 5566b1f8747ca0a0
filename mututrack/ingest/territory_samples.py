"""Sample HR files of the demo territory (Val de Sorne), written the way HR's tools write them.

Entity ids are the demo's (``CA`` for the agglomeration, ``SORNAC-LA-VILLE``...), so the files import
in order into an empty store: entities, projects, charter, roster, events, attendance, careers,
proposals; then a survey wave from :mod:`mututrack.ingest.samples`. They are deliberately as messy as
real exports: French Excel ``;`` in Windows-1252, matricules with and without their leading zeros,
capitalised statuses, a blank line, an ``.xlsx`` with real dates.
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd

__all__ = ["files"]

COMMUNES = (
    ("SORNAC-LA-VILLE", "Sornac-la-Ville", 41_200),
    ("BELLERIVE-SUR-SORNE", "Bellerive-sur-Sorne", 18_600),
    ("MONTAIGU-LES-VIGNES", "Montaigu-les-Vignes", 11_400),
    ("SAINT-AUBIN-DES-PRES", "Saint-Aubin-des-Prés", 7_300),
    ("CHAMPAGNAC", "Champagnac", 2_650),
    ("BEAUCHENE", "Beauchêne", 960),
    ("CAZELLES", "Cazelles", 540),
)
SERVICES = ("Ressources humaines", "Finances", "Voirie", "Accueil", "Écoles", "Informatique")


def _excel_csv(frame: pd.DataFrame) -> bytes:
    """French Excel's "CSV (séparateur : point-virgule)": ``;``, Windows-1252, CRLF."""
    return frame.to_csv(sep=";", index=False, lineterminator="\r\n").encode("cp1252")


def _roster(rng: np.random.Generator) -> pd.DataFrame:
    entities = ["CA"] * 30 + [e for e, _, p in COMMUNES for _ in range(max(2, p // 2500))]
    n = len(entities)
    start = pd.Timestamp("2008-01-01") + pd.to_timedelta(rng.integers(0, 6000, n), unit="D")
    leaving = rng.random(n) < 0.06
    return pd.DataFrame({
        "Matricule": [f"{1000 + i:05d}" for i in range(n)],
        "Collectivité": entities,
        "Service": rng.choice(SERVICES, n),
        "Catégorie": rng.choice(["A", "B", "C"], n, p=[0.15, 0.3, 0.55]),
        "Statut": rng.choice(["Titulaire", "Contractuel"], n, p=[0.8, 0.2]),
        "Date d'entrée": start.strftime("%d/%m/%Y"),
        "Date de sortie": np.where(leaving, "30/06/2026", ""),
    })


def files(seed: int = 2026) -> dict[str, bytes]:
    """File name -> content of each sample (the survey waves are added by ``samples.write_all``)."""
    rng = np.random.default_rng(seed)
    entities = pd.DataFrame(
        [("CA", "Communauté d'agglomération du Val de Sorne", "epci", 95_000),
         ("CCAS-SORNAC-LA-VILLE", "CCAS de Sornac-la-Ville", "autre", None)]
        + [(e, name, "commune", p) for e, name, p in COMMUNES],
        columns=["collectivite", "nom", "type", "population"],
    ).astype({"population": "Int64"})
    projects = pd.DataFrame({
        "code_projet": ["RH-FIN", "VOIRIE-SI"],
        "nom": ["Service commun RH et finances", "Voirie et systèmes d'information"],
        "date_decision": ["15/06/2026", "10/11/2026"],
        "date_mise_en_oeuvre": ["01/01/2027", "01/03/2027"],
        "services": ["Ressources humaines|Finances", "Voirie|Informatique"],
        "collectivites": ["", "CA|SORNAC-LA-VILLE|BELLERIVE-SUR-SORNE"],
        "objectif": ["les_deux", "economies"],
    })
    charter = pd.DataFrame({
        "code_projet": ["RH-FIN"] * 4,
        "etape": [
            "Information de tous les agents",
            "Ateliers avant la décision",
            "Avis du CST",
            "Bilan à six mois",
        ],
        "date_prevue": ["01/02/2026", "15/04/2026", "01/06/2026", "01/07/2027"],
        "date_realisee": ["29/01/2026", "30/04/2026", "", ""],
    })
    roster = _roster(rng)
    events = pd.DataFrame({
        "Code événement": [f"RH-FIN-{i:04d}" for i in range(1, 6)], "Code projet": "RH-FIN",
        "Date": ["05/02/2026", "12/03/2026", "09/04/2026", "21/05/2026", "17/09/2026"],
        "Type": ["Information", "Atelier", "Groupe de travail", "Immersion", "Formation"],
        "Intitulé": ["Réunion d'information", "Atelier : la paie demain", "Groupe de travail carrières",
                     "Vis ma vie à la mairie de Cazelles", "Formation au nouveau logiciel RH"],
        "Collectivité": ["CA", "CA", "SORNAC-LA-VILLE", "CAZELLES", "CA"],
    })
    scope = roster[roster["Service"].isin(["Ressources humaines", "Finances"])]
    sheets = []
    for event in events["Code événement"]:
        invited = scope.sample(frac=0.6, random_state=int(rng.integers(1_000_000)))
        sheets.append(pd.DataFrame({
            "Code événement": event,
            "Matricule": invited["Matricule"].str.lstrip("0"),  # the sheet went through Excel: zeros lost
            "Présence": rng.choice(["Présent", "Présent", "Présent", "Excusé", "Absent"], len(invited)),
        }))
    attendance = pd.concat(sheets, ignore_index=True)
    careers = pd.DataFrame({
        "matricule": scope["Matricule"].head(12).to_numpy(), "date": "14/10/2026",
        "type": ["formation"] * 8 + ["entretien_carriere"] * 3 + ["mobilite"], "heures": ["7"] * 8 + [""] * 4,
        "code_projet": "RH-FIN",
    })
    proposals = pd.DataFrame({
        "code_proposition": ["PROP-00001", "PROP-00002", "PROP-00003"],
        "date": [pd.Timestamp("2026-02-05"), pd.Timestamp("2026-03-20"), pd.Timestamp("2026-09-02")],
        "collectivite": ["CAZELLES", "CA", "BEAUCHENE"], "service": ["Accueil", "Finances", "Écoles"],
        "theme": ["Horaires d'ouverture", "Circuit des factures", "Remplacements"],
        "statut": ["retenue", "mise_en_oeuvre", "a_l_etude"],
        "date_decision": [pd.Timestamp("2026-03-12"), pd.Timestamp("2026-05-02"), None],
        "reponse": ["Ouverture le samedi matin à l'essai", "Dématérialisation en juin", ""],
        "Texte de la proposition": ["Ouvrir l'accueil le samedi matin", "", "Créer un pool de remplaçants "
                                    "entre les écoles des communes voisines"],
        "Service en charge": ["Direction de la relation aux usagers", "Direction des finances", ""],
    })
    buffer = io.BytesIO()
    proposals.to_excel(buffer, index=False)
    return {
        "01_collectivites.csv": _excel_csv(entities),
        "02_projets.csv": _excel_csv(projects),
        "03_charte_concertation.csv": _excel_csv(charter),
        "04_liste_agents_excel.csv": _excel_csv(roster) + b";;;;;;\r\n",  # Excel's trailing empty line
        "05_evenements.csv": _excel_csv(events),
        "06_emargements.csv": _excel_csv(attendance),
        "07_parcours.csv": careers.to_csv(index=False).encode("utf-8-sig"),
        "08_propositions.xlsx": buffer.getvalue(),
    }
