"""Reading, mapping and validation rules of the importer, case by case, and garbage that never crashes it."""

from __future__ import annotations

import hashlib
import hmac
import io

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mututrack import ingest
from mututrack.ingest import answers, headers, pseudonymise, read
from mututrack.ingest.problems import report_csv
from mututrack.store import Store

AGENT_HEADER = "matricule;collectivite;service;categorie;statut;date_entree;date_sortie\r\n"


def problems(store: Store, kind: str | None, data: bytes | str) -> list[tuple]:
    data = data.encode("utf-8") if isinstance(data, str) else data
    result = ingest.import_file(store, kind, data, "f.csv")
    assert not result.ok
    return [(p.code, p.row, p.column, p.value) for p in result.problems]


# -- reading ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("data", "encoding", "separator"),
    [
        (b"a,b\r\n1,2\r\n", "utf-8", ","),
        ("\ufeffa;b\n1;2\n".encode(), "utf-8-sig", ";"),
        ("a\tb\n1\t2\n".encode("utf-16"), "utf-16", "\t"),  # Excel's "Unicode text"
        ("nom;ville\nJosé;Sornac-la-Ville\n".encode("cp1252"), "windows-1252", ";"),
        (b'"a","b"\r\n"x, y","2"\r\n', "utf-8", ","),  # the separator inside quotes is not counted
    ],
)
def test_encodings_and_separators(data: bytes, encoding: str, separator: str) -> None:
    table = read.read(data)
    assert (table.encoding, table.separator, table.headers) == (encoding, separator, table.headers)
    assert table.rows == 1


def test_quoted_multiline_cells_are_one_row_each() -> None:
    data = '"id";"texte";"n"\r\n"1";"ligne un\r\nligne deux";"3"\r\n"2";"ok";"4"\r\n'.encode("utf-8-sig")
    table = read.read(data)
    assert table.arrow.column(1).to_pylist() == ["ligne un\r\nligne deux", "ok"]
    assert table.row_numbers.tolist() == [2, 3]


def test_empty_rows_are_dropped_and_numbers_kept() -> None:
    table = read.read(b"a;b\n1;2\n;\n  ; \n3;4\n")
    assert table.row_numbers.tolist() == [2, 5]


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty_file"),
        (b"   \r\n", "empty_file"),
        (b"a;b;c\r\n", "no_rows"),
        (b"%PDF-1.7 ...", "not_a_table"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "not_a_table_xls"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 50, "not_a_table"),
        (b"PK\x03\x04" + b"\0" * 60, "not_a_table"),  # a zip that is not a workbook
        (b"\x00\x01\x02binary\x00", "not_a_table"),
        ("nom;langue\nMarie;franÁaise\n".encode(), "mojibake_macroman"),
        ("nom;ville\nJosÃ©;Sornac\n".encode(), "mojibake_double"),
        (b"a;b\n1;2;3\n", "bad_row_width"),
    ],
)
def test_files_that_cannot_be_read(data: bytes, code: str) -> None:
    assert problems(Store(), "agents", data)[0][0] == code


def test_mac_roman_mojibake_names_the_damage() -> None:
    result = ingest.import_file(
        Store(), "agents", "matricule;service\n1;Direction franÁaise\n".encode(), "x.csv"
    )
    assert "franÁaise" in result.problems[0].message()


def test_xlsx_cells_become_the_text_a_csv_would_hold() -> None:
    import datetime as dt

    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["matricule", "date", "heures"])
    book.active.append([712, dt.datetime(2026, 3, 2), 7.5])
    book.active.append([None, None, None])
    book.active.append([713, dt.datetime(2026, 3, 2, 9, 30), 7.0])
    buffer = io.BytesIO()
    book.save(buffer)
    table = read.read(buffer.getvalue())
    assert table.arrow.to_pydict() == {
        "c0": ["712", "713"],
        "c1": ["2026-03-02", "2026-03-02 09:30:00"],
        "c2": ["7.5", "7"],
    }
    assert table.row_numbers.tolist() == [2, 4]


# -- mapping ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("header", "code"),
    [
        ("who5_1", "who5_1"),
        ("WHO5_1", "who5_1"),
        ("WHO5[SQ001]", "who5_1"),
        ("WHO5_SQ003", "who5_3"),
        ("INV[informed]", "inv_informed"),
        ("QVTOVERALL", "qvt_overall"),
        ("Au cours des deux dernières semaines : [je me suis senti(e) calme et tranquille]", "who5_2"),
        ("Votre implication [J'ai été associé(e) avant que les décisions soient prises]", "inv_early"),
        ("Over the last two weeks: I woke up feeling fresh and rested", "who5_4"),
        ("  globalement,   ma qualité de vie au travail est BONNE ", "qvt_overall"),
        ("Globalement ma qualite de vie au travail est bonne.", "qvt_overall"),
        ("Je développe des nouvelles compétences", "car_skills"),  # a small rewording still matches
        ("Quelle est votre couleur préférée ?", None),
        ("id", None),
    ],
)
def test_question_headers(header: str, code: str | None) -> None:
    from mututrack import catalogue

    assert headers.match_question(header, headers.questions_key(catalogue.questions())) == code


@pytest.mark.parametrize(
    ("raw", "scale", "value"),
    [
        ("Tout le temps", "who5", 5),
        ("jamais", "who5", 0),
        ("Most of the time", "who5", 4),
        ("Plutôt d'accord", "likert5", 4),
        ("STRONGLY DISAGREE", "likert5", 1),
        ("4,0", "likert5", 4),
        ("Sans avis", "likert5", None),
        ("N/A", "likert5", None),
        ("", "nps11", None),
        ("10", "nps11", 10),
        ("Je ne sais pas", "choice", "ne_sait_pas"),  # an answer of the choice question, not a missing value
        ("Améliorer la qualité du service aux habitants", "choice", "qualite_service"),
    ],
)
def test_answer_labels(raw: str, scale: str, value) -> None:
    assert answers.answer_value(raw, scale, choices=("objective_perceived",)) == value


@pytest.mark.parametrize("raw", ["Parfois", "2.5", "beaucoup"])
def test_unknown_answers_raise(raw: str) -> None:
    with pytest.raises(ValueError):
        answers.answer_value(raw, "likert5")


ANSWER_CELL = st.sampled_from([
    "",
    " ",
    "3",
    " 4",
    "10",
    "-1",
    "+3",
    "3,0",
    "x",
    "é",
    "Jamais",
    "N/A",
    "Sans avis",
]) | st.text(max_size=3)


@settings(max_examples=200, deadline=None)
@given(
    cells=st.lists(ANSWER_CELL, max_size=20),
    scale=st.sampled_from(["who5", "likert5", "nps11"]),
    skip=st.integers(0, 2),
)
def test_answers_read_from_bytes_agree_with_answers_read_as_text(
    cells: list[str], scale: str, skip: int
) -> None:
    import pyarrow as pa

    # a column sliced out of a table, as read gives them
    column = pa.array(["?"] * skip + cells, pa.string()).slice(skip)
    fast, _ = answers.answer_codes(column, scale, "q")
    assert fast.tolist() == [answers._numeric_code(cell, scale) for cell in cells]


def test_headers_match_in_english_french_any_case_and_accents() -> None:
    from mututrack.ingest.kinds import KINDS

    matched, unmatched = headers.match_headers(
        ["Matricule", "Collectivité", "SERVICE", "catégorie", "Date d'entrée", "agent_id", "remarque"],
        KINDS["agents"],
    )
    assert matched == {0: "agent_id", 1: "entity", 2: "service", 3: "category", 4: "start_date"}
    assert unmatched == [5, 6]  # a second column for the same field is not silently merged


# -- validation -------------------------------------------------------------------------------------
def test_every_agent_rule_with_rows_as_the_spreadsheet_shows_them(store: Store) -> None:
    data = AGENT_HEADER + (
        "00712;CA;RH;A;titulaire;01/09/2015;\r\n"  # row 2: fine
        ";CA;RH;A;;;\r\n"  # row 3: matricule missing
        "00714;CA;RH;D;;;\r\n"  # row 4: category D
        "00715;CA;RH;B;stagiaire;31/02/2020;\r\n"  # row 5: 31 February
        "00716;CA;RH;C;vacataire;;\r\n"  # row 6: unknown status
        "712;CA;Voirie;C;;;\r\n"  # row 7: the same agent as row 2 (Excel dropped the zeros)
        "00717;CA;RH;C;;01/01/2020;01/01/2019\r\n"  # row 8: leaves before arriving
    )
    assert problems(store, "agents", data) == [
        ("duplicate_in_file", 2, "matricule", "00712"),
        ("required", 3, "matricule", ""),
        ("bad_enum", 4, "categorie", "D"),
        ("bad_date", 5, "date_entree", "31/02/2020"),
        ("bad_enum", 6, "statut", "vacataire"),
        ("duplicate_in_file", 7, "matricule", "712"),
        ("date_before", 8, "date_sortie", "01/01/2019"),
    ]


def test_missing_required_columns_are_all_listed(store: Store) -> None:
    found = problems(store, "agents", "matricule;nom\n1;x\n")
    assert [(code, column) for code, _, column, _ in found] == [
        ("missing_column", "collectivite"), ("missing_column", "service"), ("missing_column", "categorie")
    ]


def test_references_to_unknown_projects_and_events(store: Store) -> None:
    assert problems(
        store, "events", "code_evenement;code_projet;date;type\nE1;NOPE;01/01/2026;atelier\n"
    ) == [("unknown_project", 2, "code_projet", "NOPE")]
    assert problems(store, "attendance", "code_evenement;matricule\nE9;12\n") == [
        ("unknown_event", 2, "code_evenement", "E9")
    ]


def test_numbers_and_booleans(store: Store) -> None:
    found = problems(
        store,
        "entities",
        "collectivite;nom;type;population\nA;a;commune;12,5\nB;b;commune;-3\nC;c;ville;mille\n",
    )
    assert found == [
        ("bad_integer", 2, "population", "12,5"),
        ("bad_number", 3, "population", "-3"),
        ("bad_number", 4, "population", "mille"),
    ]
    found = problems(store, "questions", "code;libelle;dimension;echelle;inverse\nq1;Q;d;likert5;peut-être\n")
    assert found == [("bad_bool", 2, "inverse", "peut-être")]


def test_one_out_of_range_answer_names_its_row_and_column(store: Store) -> None:
    data = "collectivite;who5_1;inv_early;enps\nCA;3;4;8\nCA;7;Plutôt d'accord;9\nCA;2;Souvent;11\n"
    assert problems(store, "responses", data) == [
        ("answer_out_of_scale", 3, "who5_1", "7"),
        ("answer_out_of_scale", 4, "enps", "11"),
        ("answer_out_of_scale", 4, "inv_early", "Souvent"),
    ]
    assert store.scalar("select count(*) from imports") == 0


def test_a_wholly_wrong_column_is_summarised(store: Store) -> None:
    data = "who5_1\n" + "9\n" * 120
    found = problems(store, "responses", data)
    assert len(found) == 51 and found[-1][0] == "more"
    assert "70" in ingest.import_file(store, "responses", data.encode(), "x.csv").problems[-1].message()


def test_messages_are_french_then_english(store: Store) -> None:
    result = ingest.import_file(store, "agents", (AGENT_HEADER + "1;CA;RH;D;;;\n").encode(), "a.csv")
    french, english = result.problems[0].message().split("\n")
    assert french.startswith("Ligne 2, colonne « categorie », valeur « D » : valeur non prévue")
    assert english.strip().startswith(
        'Row 2, column "categorie", value "D": unexpected value. Possible values: A, B, C.'
    )


def test_error_report_neutralises_formulas(store: Store) -> None:
    result = ingest.import_file(
        store, "agents", (AGENT_HEADER + "=HYPERLINK(1);CA;RH;@SUM;;;\n").encode(), "a.csv"
    )
    report = report_csv(result.problems, "fr").decode("utf-8-sig")
    frame = pd.read_csv(io.StringIO(report), sep=";", dtype=str)
    assert frame["Valeur"].tolist() == ["'@SUM"]
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in frame.fillna("").to_numpy().ravel())


# -- pseudonymisation -------------------------------------------------------------------------------
def test_keys_are_the_hmac_of_the_normalised_identifier() -> None:
    cells = pd.Series(["007", " ag 12 ", "", "7"])
    normalised = pseudonymise.normalise_matricule(cells)
    assert normalised.tolist() == ["7", "AG12", "", "7"]
    keys = pseudonymise.keys(normalised, b"k")
    expected = hmac.new(b"k", b"7", hashlib.sha256).hexdigest()
    assert keys.tolist()[0] == keys.tolist()[3] == expected == pseudonymise.key("7", b"k")
    assert pd.isna(keys.tolist()[2])


# -- garbage never crashes the importer -------------------------------------------------------------
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    data=st.binary(max_size=400),
    kind=st.sampled_from([None, "agents", "responses", "attendance", "projects"]),
)
def test_arbitrary_bytes_give_a_result_never_an_exception(
    store: Store, data: bytes, kind: str | None
) -> None:
    result = ingest.import_file(store, kind, data, "garbage.csv", dry_run=True)
    assert result.ok or all(p.message() for p in result.problems)


CELL = st.text(alphabet=st.sampled_from(list("ab1;,\"\n\r\t é0-/:Á")), max_size=8)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(CELL, min_size=1, max_size=5), min_size=1, max_size=6),
       header=st.sampled_from([AGENT_HEADER, "collectivite;who5_1;enps\n", "code_evenement;matricule\n", ""]))
def test_arbitrary_csv_gives_a_result_never_an_exception(store: Store, rows, header: str) -> None:
    text = header + "\n".join(";".join(r) for r in rows)
    result = ingest.import_file(store, None, text.encode(), "garbage.csv", dry_run=True)
    assert result.ok or all(p.message() for p in result.problems)


def test_limesurvey_anonymous_dates_mean_no_date(store: Store) -> None:
    import datetime as dt

    data = (
        '"id","submitdate","lastpage","startlanguage","seed","WHO5[SQ001]"\r\n'
        '"1","1980-01-01 00:00:00","2","fr","9","3"\r\n'
    )
    result = ingest.import_file(store, None, data.encode("utf-8-sig"), "ls.csv", wave="T1")
    assert (result.status, result.understood.source_format) == ("imported", "limesurvey")
    assert store.scalar("select submitted_at from respondents") is None
    assert store.scalar("select closed_at from waves") == dt.date.today()


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        ("responses", "collectivite;remarque\nCA;ok\n", [("no_questions", None, None, None)]),
        (None, "foo;bar\n1;2\n", [("unknown_kind", None, None, None)]),
        ("salaries", "a;b\n1;2\n", [("bad_kind", None, None, "salaries")]),
        (
            "proposals",
            "code_proposition;date;theme;statut;date_decision\nP1;01/03/2026;T;retenue;01/02/2026\n",
            [("date_before", 2, "date_decision", "01/02/2026")],
        ),  # decided before it was made
        (
            "charter",
            "code_projet;etape;date_prevue\nX;Info;01/01/2026\n",
            [("unknown_project", 2, "code_projet", "X")],
        ),
        (
            "questions",
            "code;libelle;dimension;echelle\nwho5_1;Déjà là;d;likert5\n",
            [("duplicate_in_store", 2, "code", "who5_1")],
        ),  # a standard code cannot be redefined
        (
            "responses",
            "identifiant;who5_1\nT1;3\nT1;4\n",
            [("duplicate_in_file", 2, "identifiant", "T1"), ("duplicate_in_file", 3, "identifiant", "T1")],
        ),
        ("responses", "date_reponse;who5_1\n32/01/2026;3\n", [("bad_date", 2, "date_reponse", "32/01/2026")]),
        # negative numbers are not "missing"
        (
            "responses",
            "who5_1;enps\n-1;8\n3;-99\n",
            [("answer_out_of_scale", 2, "who5_1", "-1"), ("answer_out_of_scale", 3, "enps", "-99")],
        ),
    ],
)
def test_more_rules(store: Store, kind: str | None, text: str, expected: list[tuple]) -> None:
    assert problems(store, kind, text) == expected


def test_a_cell_longer_than_a_parsing_block_is_still_read_and_named() -> None:
    big = '"' + ("z" * 80 + "\n") * 30_000 + '"'  # a 2.4 MB quoted cell with line breaks
    with pytest.raises(read.IngestError) as caught:  # read whole, then refused as over Excel's cell limit
        read.read(("a;b\n1;" + big + "\n2;ok\n").encode(), "x.csv")
    assert [(p.code, p.row, p.column) for p in caught.value.problems] == [("cell_too_long", 2, "b")]


@pytest.mark.parametrize(
    ("data", "row"),
    [
        (b"a;b\n1;2\n3;4;5\n", 3),
        (b"a;b;c;d\r\nx;y", 2),  # a file cut short, no line end
    ],
)
def test_a_row_of_the_wrong_width_is_named(data: bytes, row: int) -> None:
    with pytest.raises(read.IngestError) as caught:
        read.read(data)
    assert [(p.code, p.row) for p in caught.value.problems] == [("bad_row_width", row)]


def test_an_open_quote_in_a_big_file_names_its_row() -> None:
    rows = [f"{i};x{i};{'y' * 40}\n" for i in range(100_000)]  # 5 MB: Arrow reads it in many blocks
    rows[10] = '10;"oops;z\n'
    with pytest.raises(read.IngestError) as caught:
        read.read(("a;b;c\n" + "".join(rows)).encode())
    assert caught.value.problems[0].code == "bad_row_width"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("a\n" + "1\n" * 200_001, "too_many_rows"),  # one row over the limit
        (";".join(f"c{i}" for i in range(501)) + "\n" + "1;" * 500 + "1\n", "too_many_columns"),
    ],
)
def test_a_csv_beyond_the_limits_is_refused_by_name(text: str, code: str) -> None:
    with pytest.raises(read.IngestError) as caught:
        read.read(text.encode(), "export.csv")
    assert [p.code for p in caught.value.problems] == [code]
    assert "export.csv" in caught.value.problems[0].message()


# -- cell values are data ---------------------------------------------------------------------------
AGENTS = "matricule;collectivite;service;categorie\n"


@pytest.mark.parametrize(
    ("kind", "text", "said"),
    [
        ("agents", AGENTS + "1;@Z;Finances;B\n", "@Z"),  # once looked up as the i18n key "Z": KeyError
        # a real key, still said as is
        ("agents", AGENTS + "1;@ingest.problem.required;Finances;B\n", "@ingest.problem.required"),
        ("events", "code_evenement;code_projet;date;type\nE1;@P;01/02/2026;atelier\n", "@P"),
        ("responses", "collectivite;who5_1\n@CA;3\n", "@CA"),
    ],
)
def test_a_value_that_looks_like_a_message_key_is_said_as_is(
    store: Store, kind: str, text: str, said: str
) -> None:
    result = ingest.import_file(store, kind, text.encode(), "f.csv", wave="2026-T1")
    messages = [p.message() for p in result.problems + result.warnings]
    assert any(said in message for message in messages), messages


@pytest.mark.parametrize("value", ["=1+2", "+33 6 00", "-3+4", "@SUM(A1)", "=HYPERLINK(\"http://e\")"])
def test_formula_like_cells_are_stored_as_text(store: Store, value: str) -> None:
    data = f'{AGENTS}1;CA;"{value.replace(chr(34), chr(34) * 2)}";B\n'.encode()
    assert ingest.import_file(store, "agents", data, "f.csv").ok
    assert store.sql("select service from agents").iloc[0, 0] == value


@pytest.mark.parametrize(
    ("kind", "text", "column", "value"),
    [
        (
            "entities",
            "collectivite;nom;type;population\nX;Ville;commune;{}\n",
            "population",
            "1000000000000000000",
        ),
        # once a TypeError
        ("entities", "collectivite;nom;type;population\nX;Ville;commune;{}\n", "population", "1e30"),
        # once overflowed the column
        ("entities", "collectivite;nom;type;population\nX;Ville;commune;{}\n", "population", "3000000000"),
        ("entities", "collectivite;nom;type;population\nX;Ville;commune;{}\n", "population", "inf"),
        ("careers", "matricule;date;type;heures\n1;01/01/2026;formation;{}\n", "heures", "1e300"),
        ("careers", "matricule;date;type;heures\n1;01/01/2026;formation;{}\n", "heures", "35000"),
    ],
)
def test_an_implausible_number_is_refused_with_its_row_and_column(
    store: Store, kind: str, text: str, column: str, value: str
) -> None:
    assert problems(store, kind, text.format(value)) == [("out_of_range", 2, column, value)]


# -- encodings ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("data", "damaged", "repaired"),
    [
        # é only: read as Windows-1252
        ("id;service\n1;Direction de la décision\n".encode("mac_roman"), "dŽcision", "décision"),
        # ç is no Windows-1252 byte: read as Latin-1
        ("id;service\n1;Langue française\n".encode("mac_roman"), "fran?aise", "française"),
        ("id;service\n1;Maîtrise d'ouvrage\n".encode("mac_roman"), "Ma”trise", "Maîtrise"),
        # converted to UTF-8 already damaged
        (
            "id;service\n1;Direction de la décision\n"
            .encode("mac_roman")
            .decode("cp1252")
            .encode("utf-8-sig"),
            "dŽcision",
            "décision",
        ),
        ("id;service\n1;Propreté\n".encode("mac_roman"), "PropretŽ", "Propreté"),  # é at the word's end
        # two accented letters in a row
        ("id;service\n1;Théâtre\n".encode("mac_roman"), "ThŽ‰tre", "Théâtre"),
        ("id;service\n1;Ouverture à l'essai\n".encode("mac_roman"), "ˆ", "à"),  # the preposition alone
        ("id;service\n1;Écoles\n".encode("mac_roman"), "ƒcoles", "Écoles"),  # a capital starting the word
    ],
)
def test_a_mac_roman_file_is_refused_naming_the_encoding(data: bytes, damaged: str, repaired: str) -> None:
    with pytest.raises(read.IngestError) as caught:
        read.read(data, "x.csv")
    problem = caught.value.problems[0]
    assert problem.code == "mojibake_macroman_file"
    assert f"« {damaged} » pour « {repaired} »" in problem.message() and "UTF-8" in problem.message()


@pytest.mark.parametrize(
    "data",
    [
        # ’ and œ are Windows-1252 bytes inside words
        "id;service\n1;Maîtrise d’ouvrage, cœur de métier\n".encode("cp1252"),
        # ž belongs to Slavic names
        "id;nom\n1;Božena Kovač\n".encode("cp1250", "replace").decode("cp1250").encode("utf-8"),
        # ™ and ” after a word, ‰ after a number
        "id;nom\n1;Logiciel Excel™ et “guillemets”, 5 ‰\n".encode("cp1252"),
    ],
)
def test_sound_windows_1252_and_utf8_are_not_taken_for_mac_roman(data: bytes) -> None:
    assert read.read(data, "x.csv").rows == 1


@pytest.mark.parametrize(
    ("data", "row"),
    [
        (b"\xef\xbb\xbfa;b\n1;2\x00\n", 2),  # after a UTF-8 BOM
        ("a;b\n1;2\n3;\x004\n".encode("utf-16"), 3),  # a NUL character, not the NUL bytes of UTF-16 itself
        # past the first 4 KB that the binary sniffing reads
        (b"a;b\n" + b"1;2\n" * 2000 + b"3;\x00\n", 2002),
    ],
)
def test_a_nul_character_is_refused_with_its_line(data: bytes, row: int) -> None:
    with pytest.raises(read.IngestError) as caught:
        read.read(data, "x.csv")
    assert [(p.code, p.row) for p in caught.value.problems] == [("nul_character", row)]
