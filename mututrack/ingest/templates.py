"""The template of each kind, as CSV (French Excel: ``;``, UTF-8 with BOM) and XLSX: French headers,
one example row from the demo territory. The Import page offers them for download; ``python -m
mututrack.ingest.templates`` writes them into ``data/templates/``.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from mututrack import catalogue
from mututrack.ingest.kinds import KINDS

__all__ = ["headers", "example", "csv_bytes", "xlsx_bytes", "write_all"]

EXAMPLES: dict[str, dict[str, str]] = {
    "entities": {"entity": "CA", "name": "Communauté d'agglomération du Val de Sorne", "kind": "epci",
                 "population": "95000"},
    "projects": {"project_id": "RH-FIN", "name": "Service commun RH et finances",
                 "decision_date": "15/06/2026", "go_live_date": "01/01/2027",
                 "services": "Ressources humaines|Finances", "entities": "CA|SORNAC-LA-VILLE|CAZELLES",
                 "objective": "les_deux"},
    "charter": {"project_id": "RH-FIN", "step": "Information des agents avant la décision",
                "planned_date": "01/03/2026", "actual_date": "27/02/2026"},
    "agents": {"agent_id": "00712", "entity": "SORNAC-LA-VILLE", "service": "Ressources humaines",
               "category": "B", "status": "titulaire", "start_date": "01/09/2015", "end_date": ""},
    "events": {"event_id": "RH-FIN-0001", "project_id": "RH-FIN", "date": "10/03/2026", "kind": "atelier",
               "title": "Atelier : la paie demain", "entity": "CA"},
    "attendance": {"event_id": "RH-FIN-0001", "agent_id": "00712", "status": "present"},
    "careers": {"agent_id": "00712", "date": "02/04/2026", "kind": "formation", "hours": "7",
                "project_id": "RH-FIN"},
    "proposals": {"proposal_id": "PROP-00001", "date": "05/02/2026", "entity": "CAZELLES",
                  "service": "Accueil", "theme": "Horaires d'ouverture", "status": "retenue",
                  "decision_date": "12/03/2026", "answer": "Ouverture le samedi matin à l'essai",
                  "text": "Ouvrir l'accueil le samedi matin pour les habitants qui travaillent en semaine",
                  "owner": "Direction de la relation aux usagers"},
    "questions": {"code": "teletravail", "text_fr": "Le télétravail est bien organisé dans mon service",
                  "text_en": "Remote work is well organised in my team", "dimension": "working_conditions",
                  "scale": "likert5", "reverse": "non"},
    "responses": {"respondent_id": "", "entity": "SORNAC-LA-VILLE", "service": "Finances", "category": "C",
                  "submitted_at": "12/03/2026 10:05"},
}
EXAMPLES["actions"] = {
    "action_id": "PA-0001", "title": "Ateliers sur la charge de travail dans les services mutualisés",
    "owner": "DRH", "due_date": "31/03/2027", "status": "en_cours", "origin_kind": "levier",
    "origin_ref": "wc_intensity", "indicator": "wc_intensity", "group_kind": "project",
    "group_value": "RH-FIN", "created_at": "15/10/2026",
}
ANSWER_EXAMPLES = {"who5": "3", "likert5": "4", "nps11": "8", "choice": "qualite_service", "text": ""}


def headers(kind: str) -> list[str]:
    """The template's French headers (question codes for the survey's answer columns)."""
    names = [f.french for f in KINDS[kind].fields]
    if kind == "responses":
        names += catalogue.questions()["code"].tolist()
    return names


def example(kind: str) -> list[str]:
    """One example row, aligned with :func:`headers`."""
    row = [EXAMPLES[kind].get(f.name, "") for f in KINDS[kind].fields]
    if kind == "responses":
        row += [ANSWER_EXAMPLES[s] for s in catalogue.questions()["scale"]]
    return row


def csv_bytes(kind: str) -> bytes:
    """The CSV template: ``;``, UTF-8 with BOM (Excel opens it with its accents), CRLF."""
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(headers(kind))
    writer.writerow(example(kind))
    return buffer.getvalue().encode("utf-8-sig")


def xlsx_bytes(kind: str) -> bytes:
    """The XLSX template: one sheet, bold headers, every cell text (matricules keep their zeros)."""
    import openpyxl
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = kind
    sheet.append(headers(kind))
    sheet.append(example(kind))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.number_format = "@"
    for column in sheet.columns:
        width = max(12, min(40, len(str(column[0].value)) + 4))
        sheet.column_dimensions[column[0].column_letter].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_all(folder: Path) -> list[Path]:
    """Write every template into ``folder`` (``<kind>.csv`` and ``<kind>.xlsx``); the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in KINDS:
        for suffix, render in (("csv", csv_bytes), ("xlsx", xlsx_bytes)):
            path = folder / f"{kind}.{suffix}"
            path.write_bytes(render(kind))
            written.append(path)
    return written


if __name__ == "__main__":
    for path in write_all(Path(sys.argv[1] if len(sys.argv) > 1 else "data/templates")):
        print(path)
