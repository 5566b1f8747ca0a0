"""The agents' results document: ``mututrack restitution`` writes a self-contained, accessible HTML
page and its PDF, from the published figures only (the same as ``mututrack report``)."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from mututrack import cli, i18n
from mututrack.i18n import fmt_number, fmt_pct
from mututrack.report import restitution, restitution_html
from mututrack.store import Store
from mututrack.views import participation


class Page(HTMLParser):
    """What the tests read of a page: its tags with attributes, headings, table rows and text."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.headings: list[tuple[int, str]] = []
        self.rows: list[list[str]] = []  # each table row's cells, in order
        self.row_classes: list[str] = []
        self.title = ""
        self._open: list[str] = []
        self._text: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "tr":
            self.rows.append([])
            self.row_classes.append(dict(attrs).get("class") or "")
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6", "th", "td", "title"):
            self._open.append(tag)
            self._text = []

    def handle_data(self, data):
        self._text.append(data)

    def handle_endtag(self, tag):
        if self._open and self._open[-1] == tag:
            self._open.pop()
            text = " ".join("".join(self._text).split())
            if tag in ("th", "td"):
                self.rows[-1].append(text)
            elif tag == "title":
                self.title = text
            else:
                self.headings.append((int(tag[1]), text))


def _run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = cli.main(list(argv))
    return code, out.getvalue()


@pytest.fixture(scope="module")
def written(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The command run once on a copy of the small demo (default wave, French), with the JSON report."""
    folder = tmp_path_factory.mktemp("restitution")
    db = folder / "demo.duckdb"
    db.write_bytes(demo_db.read_bytes())
    code, out = _run("restitution", "--db", str(db), "--out", str(folder / "out"))
    assert code == 0
    _, report = _run("report", "--db", str(db), "--format", "json", "--by", "entity")
    i18n.set_language("fr")
    return {"db": db, "paths": [Path(p) for p in json.loads(out)["written"]], "report": json.loads(report)}


@pytest.fixture(scope="module")
def page(written: dict) -> tuple[str, Page]:
    text = written["paths"][0].read_text(encoding="utf-8")
    return text, Page(text)


def _wave(written: dict, wave: str) -> dict:
    return next(w for w in written["report"]["waves"] if w["wave"] == wave)


def test_the_command_writes_the_html_and_the_pdf_of_the_latest_closed_wave(written: dict) -> None:
    closed = [w["wave"] for w in written["report"]["waves"] if not w["provisional"]]
    html_path, pdf_path = written["paths"]
    stem = f"restitution-{closed[-1]}"
    assert (html_path.name, pdf_path.name) == (f"{stem}.html", f"{stem}.pdf")
    pdf = pdf_path.read_bytes()
    assert pdf.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) >= 1


def test_the_page_fetches_nothing_and_runs_no_script(page: tuple[str, Page]) -> None:
    text, parsed = page
    for tag, attrs in parsed.tags:
        for name in ("src", "href", "action", "srcset", "data", "poster"):
            value = (attrs.get(name) or "").strip().lower()
            assert not value or value.startswith(("data:", "#")), (tag, name, value[:40])
    assert not [tag for tag, _ in parsed.tags if tag in ("script", "link", "iframe", "object", "embed")]
    assert not re.search(r"url\(\s*['\"]?(?!data:)", text) and "@import" not in text
    assert re.search(r"src=\"data:image/png;base64,", text)  # the charts are inside the page


def test_lang_title_and_headings_in_order(page: tuple[str, Page], written: dict) -> None:
    text, parsed = page
    assert re.search(r"<html lang=\"fr\">", text)
    wave = written["paths"][0].stem.removeprefix("restitution-")
    assert parsed.title == f"Vos réponses, nos actions : enquête {wave}"
    levels = [level for level, _ in parsed.headings]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(after <= before + 1 for before, after in zip(levels, levels[1:], strict=False)), levels
    assert [h for level, h in parsed.headings if level == 2] == [
        "Qui a répondu ?", "Les résultats de l'ensemble des agents", "Les résultats par groupe",
        "Vous avez dit, nous avons fait", "Et maintenant ?",
    ]


def test_tables_have_scoped_headers_and_charts_a_text_alternative(page: tuple[str, Page]) -> None:
    _, parsed = page
    headers = [attrs for tag, attrs in parsed.tags if tag == "th"]
    assert headers and all(attrs.get("scope") in ("col", "row") for attrs in headers)
    images = [attrs for tag, attrs in parsed.tags if tag == "img"]
    assert len(images) == 2 and all((attrs.get("alt") or "").strip() for attrs in images)
    captions = [attrs for tag, attrs in parsed.tags if tag == "figcaption"]
    assert len(captions) == len(images)


def test_participation_and_who5_are_the_json_reports(page: tuple[str, Page], written: dict) -> None:
    text, _ = page
    wave = _wave(written, written["paths"][0].stem.removeprefix("restitution-"))
    assert f"soit un taux de réponse de {fmt_pct(wave['response_rate'])}" in text
    assert f"{fmt_number(wave['respondents'])} agents ont répondu" in text
    assert f"{fmt_number(wave['who5_index_mean'], decimals=1)} sur 100" in text
    assert f"<td class=\"value\">{fmt_pct(wave['who5_poor_share'])}</td>" in text


def test_groups_show_what_the_report_publishes_and_name_the_others_masked(
    page: tuple[str, Page], written: dict
) -> None:
    _, parsed = page
    wave = _wave(written, written["paths"][0].stem.removeprefix("restitution-"))
    store = Store(written["db"])
    entities = store.query("entities_list")
    names = dict(zip(entities["entity_id"], entities["name"], strict=True))
    store.close()
    shown = {names.get(g["group"], g["group"]): g for g in wave["groups"] if not g["suppressed"]}
    masked = "résultats masqués (moins de 5 répondants)"
    rows: dict[str, list[str]] = {}
    for cells in parsed.rows:  # the entity table comes first: its "Autres groupes" row is kept
        if len(cells) == 5 or masked in cells:
            rows.setdefault(cells[0], cells)
    for name in set(names.values()) - set(shown):
        assert rows[name] == [name, masked]  # a masked group: its name and nothing else
    for name, group in shown.items():
        assert rows[name][1] == fmt_number(group["respondents"]) and group["respondents"] >= 5
        if group["who5_index_mean"] is not None:
            assert rows[name][3] == fmt_number(group["who5_index_mean"], decimals=1)


def test_no_count_of_respondents_under_k_anywhere(page: tuple[str, Page]) -> None:
    _, parsed = page
    header = next(cells for cells in parsed.rows if "Répondants" in cells)
    counts = [cells[header.index("Répondants")] for cells in parsed.rows
              if len(cells) == len(header) and cells != header]
    assert counts and all(int(c.replace("\u202f", "").replace("\xa0", "")) >= 5 for c in counts)


def test_a_wave_of_few_respondents_says_fewer_than_k_and_bounds_its_rate() -> None:
    frame = pd.DataFrame({"wave": ["W"], "respondents": [3], "agents_active": [40],
                          "response_rate": [3 / 40]})
    row = participation.few_respondents(frame, 5).iloc[0]
    sentence = restitution._participation(row, 5)
    assert sentence.startswith("moins de 5 agents ont répondu")
    assert "< 10\u202f%" in sentence and "3" not in sentence  # at most 4 of 40; the 3 never shown


def test_an_open_wave_is_marked_provisional_and_a_closed_one_is_not(written: dict) -> None:
    closed, last = written["report"]["waves"][-2:]
    assert last["provisional"] and not closed["provisional"]  # the demo's last wave is still collecting
    store = Store(written["db"])
    try:
        assert restitution.build(store, wave=closed["wave"]).provisional is False
        doc = restitution.build(store, wave=last["wave"])
        text = restitution_html.to_html(doc)
    finally:
        store.close()
    assert doc.provisional is True
    assert "Résultats provisoires" in text and 'class="provisional"' in text
    assert "Résultats provisoires" not in written["paths"][0].read_text(encoding="utf-8")


def test_the_english_document(written: dict) -> None:
    store = Store(written["db"])
    try:
        i18n.set_language("en")
        doc = restitution.build(store)
        text = restitution_html.to_html(doc)
    finally:
        i18n.set_language("fr")
        store.close()
    parsed = Page(text)
    assert '<html lang="en">' in text and parsed.title == f"Your answers, our actions: survey {doc.wave}"
    assert "You said, we did" in [h for _, h in parsed.headings]
    assert "Qui a répondu" not in text


def test_said_and_done_takes_pairs_and_the_page_escapes_them(written: dict) -> None:
    lines = restitution.said_and_done([("Des salles de réunion", "Deux salles ouvertes"), (" ", "ignored"),
                                       ("<b>gras</b>", "<script>x</script>")])
    assert [(line.said, line.done) for line in lines] == [
        ("Des salles de réunion", "Deux salles ouvertes"), ("<b>gras</b>", "<script>x</script>")
    ]
    store = Store(written["db"])
    try:
        doc = dataclasses.replace(restitution.build(store), said_done=lines)
    finally:
        store.close()
    text = restitution_html.to_html(doc)
    assert "&lt;b&gt;gras&lt;/b&gt;" in text and "<script>" not in text


def test_proposals_answered_between_the_surveys_are_given_back(page: tuple[str, Page]) -> None:
    _, parsed = page
    header = next(cells for cells in parsed.rows if cells == ["Vous avez dit", "Nous avons fait"])
    assert header
    answered = [cells for cells in parsed.rows if len(cells) == 2 and cells[0].startswith("Une proposition")]
    assert answered and all(" le " in done for _, done in answered)


def test_an_unknown_wave_and_an_empty_store_say_so(store: Store, tmp_path: Path, capsys) -> None:
    with pytest.raises(ValueError, match="Aucune enquête n'a encore été importée"):
        restitution.build(store)
    empty = str(tmp_path / "none.duckdb")
    code = cli.main(["restitution", "--db", empty, "--out", str(tmp_path), "--wave", "X"])
    assert code == 1 and "Aucune enquête ne s'appelle «\u00a0X\u00a0»" in capsys.readouterr().err
    assert not list(tmp_path.glob("restitution-*"))


def test_actions_decided_in_the_waves_period_are_told_without_their_owner(demo_store) -> None:
    from mututrack import plans

    for title, status in [("Revoir la charge des équipes de voirie", "en_cours"),
                          ("Idée écartée", "abandonnee")]:
        plans.create(demo_store, plans.Action(title=title, owner="Mme Exemple", status=status,
                                              indicator="who5_mean", due_date=dt.date(2027, 3, 1)),
                     user="test", role="hr")
    latest = demo_store.query("qvt_waves")["wave"].iloc[-1]  # its period runs until today
    lines = restitution.build(demo_store, wave=latest).said_done
    told = [line for line in lines if "Revoir la charge" in line.done]
    assert len(told) == 1 and told[0].said.startswith("Vos réponses à l'enquête sur «\u00a0")
    assert "(en cours), échéance le 01/03/2027" in told[0].done
    assert not any("Idée écartée" in line.done or "Mme Exemple" in line.done + line.said for line in lines)
