"""The same survey answers written the way each tool exports them (LimeSurvey, Forms, French Excel).

Used to build ``data/samples/`` (``python -m mututrack.ingest.samples``), by the tests (every dialect
from one set of answers, so each must import to the same figures) and by the benchmark. Answers are
drawn deterministically from a seed; entity ids and services are the demo territory's.
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from mututrack import catalogue

__all__ = [
    "answers",
    "limesurvey_csv",
    "msforms_xlsx",
    "googleforms_csv",
    "googleforms_download_csv",
    "excel_csv",
    "template_csv",
    "files",
    "zip_bytes",
    "write_all",
]

ENTITIES = ("CA", "SORNAC-LA-VILLE", "BELLERIVE-SUR-SORNE", "CHAMPAGNAC", "BEAUCHENE", "CAZELLES")
SERVICES = ("Ressources humaines", "Finances", "Voirie", "Accueil", "Écoles", "Informatique")
COMMENTS = (
    "", "", "", "Plus d'échanges entre les équipes des communes et de l'agglo, svp.",
    "Les ateliers étaient utiles ; on aimerait\nun retour sur nos propositions.", "",
)
# LimeSurvey array questions: code, French question text (the sub-questions are the items)
ARRAYS = {
    "who5": ("WHO5", "Au cours des deux dernières semaines :"),
    "involvement": ("INV", "Votre implication dans la démarche de mutualisation"),
    "change": ("CHG", "Votre regard sur le changement"),
    "working_conditions": ("WC", "Vos conditions de travail"),
    "careers": ("CAR", "Votre parcours"),
}
META_LS = ["id", "submitdate", "lastpage", "startlanguage", "seed", "token"]
META_LS_FULL = [
    "ID de la réponse",
    "Date de soumission",
    "Dernière page",
    "Langue de départ",
    "Tête de série",
    "Code d'accès",
]


def answers(n: int = 40, *, seed: int = 7) -> pd.DataFrame:
    """``n`` respondents: token, entity, service, category, submitted_at, then one column per question code.

    Numeric answers are ints (NA when skipped), the choice question holds its value, the comment text.
    """
    rng = np.random.default_rng(seed)
    questions = catalogue.questions()
    frame = pd.DataFrame({
        "token": [f"tk{rng.integers(10**8, 10**9)}{i}" for i in range(n)],
        "entity": rng.choice(ENTITIES, n),
        "service": rng.choice(SERVICES, n),
        "category": rng.choice(["A", "B", "C"], n, p=[0.2, 0.3, 0.5]),
        "submitted_at": pd.Timestamp("2026-03-02 09:00")
        + pd.to_timedelta(rng.integers(0, 20 * 24 * 60, n), unit="min"),
    })
    for code, scale in zip(questions["code"], questions["scale"], strict=True):
        low, high = {"who5": (0, 5), "likert5": (1, 5), "nps11": (0, 10)}.get(scale, (0, 0))
        if scale in ("who5", "likert5", "nps11"):
            values = pd.array(rng.integers(low, high + 1, n), dtype="Int64")
            values[rng.random(n) < 0.04] = pd.NA  # a few skipped items
            frame[code] = values
        elif scale == "choice":
            frame[code] = rng.choice(["economies", "qualite_service", "les_deux", "ne_sait_pas"], n)
        else:
            frame[code] = rng.choice(COMMENTS, n)
    return frame


def _labels(scale: str, lang: str = "fr") -> dict[str, str]:
    frame = catalogue.scales()
    rows = frame[frame["scale"] == scale]
    return dict(zip(rows["value"], rows[f"label_{lang}"], strict=True))


def _as_labels(frame: pd.DataFrame, lang: str = "fr", *, missing: str = "") -> pd.DataFrame:
    """Answers as the tools show them: scale labels, choice labels; skipped items as ``missing``."""
    out = frame.copy()
    for code, scale in zip(catalogue.questions()["code"], catalogue.questions()["scale"], strict=True):
        if scale in ("who5", "likert5"):
            labels = _labels(scale, lang)
            out[code] = frame[code].map(lambda v, lb=labels: missing if pd.isna(v) else lb[str(int(v))])
        elif scale == "nps11":
            out[code] = frame[code].map(lambda v: missing if pd.isna(v) else str(int(v)))
        elif scale == "choice":
            out[code] = frame[code].map(_labels(f"choice:{code}", lang))
    return out


def _full_text(code: str, text: str, dimension: str) -> str:
    """LimeSurvey's full-text header: ``Question [Sub-question]`` for the items of an array."""
    if dimension not in ARRAYS:
        return text
    _, question = ARRAYS[dimension]
    item = text.split(" : ", 1)[1] if dimension == "who5" else text
    return f"{question} [{item}]"


def _ls_code(code: str, dimension: str, style: str) -> str:
    if dimension not in ARRAYS:
        return code.replace("_", "").upper()
    base, _ = ARRAYS[dimension]
    sub = code.split("_", 1)[1]
    sub = f"SQ{int(sub):03d}" if sub.isdigit() else sub
    return f"{base}[{sub}]" if style == "brackets" else f"{base}_{sub}"


def limesurvey_csv(
    frame: pd.DataFrame, *, headers: str = "full", sep: str = ",", answer_codes: bool = False
) -> bytes:
    """A LimeSurvey export: UTF-8 with BOM, every field quoted, CRLF, metadata columns first.

    ``headers``: ``full`` (question text, French), ``brackets`` (``WHO5[SQ001]``) or ``underscore``
    (``WHO5_SQ001``); ``answer_codes`` writes numeric answers instead of the labels.
    """
    questions = catalogue.questions()
    body = frame if answer_codes else _as_labels(frame)
    out = pd.DataFrame({
        "id": range(1, len(frame) + 1),
        "submitdate": frame["submitted_at"].dt.strftime("%Y-%m-%d %H:%M:%S"),
        "lastpage": 4, "startlanguage": "fr", "seed": 123456789, "token": frame["token"],
        "collectivite": frame["entity"], "service": frame["service"], "categorie": frame["category"],
    })
    names = list(META_LS_FULL if headers == "full" else META_LS) + (
        ["Votre collectivité", "Votre service", "Votre catégorie"]
        if headers == "full"
        else ["COLL", "SERV", "CAT"]
    )
    for code, dimension, text in zip(
        questions["code"], questions["dimension"], questions["text_fr"], strict=True
    ):
        out[code] = body[code].astype("object").where(body[code].notna(), "")
        names.append(
            _full_text(code, text, dimension) if headers == "full" else _ls_code(code, dimension, headers)
        )
    return _csv(out.set_axis(names, axis=1), sep=sep, encoding="utf-8-sig", quote_all=True)


def googleforms_csv(frame: pd.DataFrame) -> bytes:
    """A Google Forms CSV: ``Horodateur`` first, question texts as headers, every field quoted."""
    questions = catalogue.questions()
    body = _as_labels(frame)
    out = pd.DataFrame({
        "Horodateur": frame["submitted_at"].dt.strftime("%d/%m/%Y %H:%M:%S"),
        "Collectivité": frame["entity"],
        "Service": frame["service"],
        "Catégorie": frame["category"],
    })
    for code, text in zip(questions["code"], questions["text_fr"], strict=True):
        out[text] = body[code].astype("object").where(body[code].notna(), "")
    return _csv(out, sep=",", encoding="utf-8", quote_all=True)


def googleforms_download_csv(frame: pd.DataFrame) -> bytes:
    """Google Forms' own "Télécharger les réponses (.csv)": like :func:`googleforms_csv`, but its
    timestamps are ``2026/03/02 09:05:00 AM UTC+1`` (year first, 12-hour clock, the form's time zone)."""
    out = pd.read_csv(io.BytesIO(googleforms_csv(frame)), dtype=str, keep_default_na=False)
    out["Horodateur"] = frame["submitted_at"].dt.strftime("%Y/%m/%d %I:%M:%S %p UTC+1").to_numpy()
    return _csv(out, sep=",", encoding="utf-8", quote_all=True)


def msforms_xlsx(frame: pd.DataFrame) -> bytes:
    """A Microsoft Forms export in French (.xlsx): ID, times, e-mail, name, then question texts."""
    import openpyxl

    questions = catalogue.questions()
    body = _as_labels(frame)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Feuil1"
    meta = [
        "ID",
        "Heure de début",
        "Heure de fin",
        "Adresse de messagerie",
        "Nom",
        "Heure de la dernière modification",
    ]
    sheet.append([*meta, "Collectivité", "Service", "Catégorie", *questions["text_fr"]])
    for i, row in enumerate(frame.itertuples(index=False)):
        done = row.submitted_at.to_pydatetime()
        cells = [i + 1, done, done, "anonymous", None, None, row.entity, row.service, row.category]
        cells += [None if pd.isna(v) or v == "" else v for v in body.iloc[i][questions["code"]]]
        sheet.append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def excel_csv(frame: pd.DataFrame) -> bytes:
    """French Excel "CSV (séparateur : point-virgule)": ``;``, Windows-1252, French headers and labels."""
    questions = catalogue.questions()
    body = _as_labels(frame, missing="Sans avis")
    out = pd.DataFrame({
        "identifiant": frame["token"],
        "collectivite": frame["entity"],
        "service": frame["service"],
        "categorie": frame["category"],
        "date_reponse": frame["submitted_at"].dt.strftime("%d/%m/%Y %H:%M"),
    })
    for code in questions["code"]:
        out[code] = body[code]
    return _csv(out, sep=";", encoding="cp1252", quote_all=False)


def template_csv(frame: pd.DataFrame) -> bytes:
    """The template's own form: French headers, question codes, numeric answers, UTF-8, ``;``."""
    out = frame.rename(
        columns={
            "token": "identifiant",
            "entity": "collectivite",
            "category": "categorie",
            "submitted_at": "date_reponse",
        }
    )
    out["date_reponse"] = frame["submitted_at"].dt.strftime("%d/%m/%Y %H:%M")
    return _csv(out, sep=";", encoding="utf-8", quote_all=False)


def _csv(frame: pd.DataFrame, *, sep: str, encoding: str, quote_all: bool) -> bytes:
    buffer = io.StringIO()
    quoting = csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL
    frame.to_csv(buffer, sep=sep, index=False, quoting=quoting, lineterminator="\r\n")
    return buffer.getvalue().encode(encoding)


def files() -> dict[str, bytes]:
    """File name -> content of every sample of the demo territory: the territory's files in the order
    they import, then one survey wave as each tool writes it."""
    from mututrack.ingest import territory_samples

    wave = answers(60, seed=2026)
    return {
        **territory_samples.files(),
        "limesurvey_vague_2026-T1_texte_complet.csv": limesurvey_csv(wave),
        "limesurvey_vague_2026-T1_codes.csv": limesurvey_csv(
            wave, headers="brackets", sep=";", answer_codes=True
        ),
        "msforms_vague_2026-T1.xlsx": msforms_xlsx(wave),
        "googleforms_vague_2026-T1.csv": googleforms_csv(wave),
        "googleforms_telechargement_vague_2026-T1.csv": googleforms_download_csv(wave),
        "excel_vague_2026-T1.csv": excel_csv(wave),
    }


def zip_bytes() -> bytes:
    """Every sample (:func:`files`) in one ``.zip``, numbered in the order they import."""
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files().items():
            archive.writestr(name, content)
    return buffer.getvalue()


def write_all(folder: Path) -> list[Path]:
    """Write the sample files of the demo territory (:func:`files`) into ``folder``; the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in files().items():
        path = folder / name
        path.write_bytes(content)
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write_all(Path(sys.argv[1] if len(sys.argv) > 1 else "data/samples")):
        print(path)
