"""A survey wave: one row per respondent, one column per question -> respondents, answers, comments.

The file may come from the template, LimeSurvey (codes or full-text headers), Microsoft Forms or
Google Forms. Answer columns are mapped to question codes (:mod:`headers`), each distinct cell text is
turned into its value once, and the whole wave is melted to long rows with numpy: no Python loop
per row or per cell, so 100,000 respondents import in seconds. Respondents who answered nothing
(a LimeSurvey response opened and left) are not kept; the warnings say how many.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from concurrent import futures

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from mututrack import catalogue
from mututrack.ingest import detect, pseudonymise, read, validate
from mututrack.ingest.answers import MISSING, answer_codes
from mututrack.ingest.headers import enum_lookup, match_headers, match_questions, norm, text_frame
from mututrack.ingest.job import SAMPLE_ROWS, Context, Prepared, Understood
from mututrack.ingest.kinds import KINDS
from mututrack.ingest.problems import IngestError, Problem, error, warning
from mututrack.ingest.read import Table

__all__ = ["prepare", "SCALE_RANGES", "META_FIELDS"]

SCALE_RANGES = {"who5": (0, 5), "likert5": (1, 5), "nps11": (0, 10)}
META_FIELDS = tuple(f.name for f in KINDS["responses"].fields)
# LimeSurvey writes this date in every row of an anonymous survey: it means "no date".
ANONYMISED_DATE = pd.Timestamp("1980-01-01")


def prepare(table: Table, ctx: Context, understood: Understood) -> Prepared:
    """Validate a survey file and build its respondents, answers and comments (local respondent numbers).

    When the caller can write early (``ctx.insert_early``, an import rather than a dry run), the
    answers of a file whose questions and answers are valid start on their way into the store while
    the other columns and the wave are checked: the insert runs in DuckDB without the GIL, the checks
    in Python. The store's own cursor is then busy, so the checks read what they need from the store
    first and parse dates on a cursor of their own. A problem found later still rejects the whole file:
    the caller's transaction rolls the early rows back.
    """
    questions = ctx.known("questions").set_index("code")
    scales = questions["scale"].to_dict()  # code -> scale, looked up per column below
    ids = questions["question_id"].to_dict()  # code -> the integer id numeric answers carry (migration 006)
    meta, found, unmatched = _columns(table, ctx, questions, understood)
    warnings = [warning("unmatched_column", column=table.headers[i]) for i in unmatched if table.headers[i]]
    no_questions = [] if found else [error("no_questions")]
    waves = ctx.known("waves")
    entities = _entity_resolver(ctx.known("entities")) if "entity" in meta.values() else None
    headers = {name: table.headers[i] for i, name in meta.items()} | {
        code: table.headers[i] for i, code in found.items()
    }
    coded, choices, comments = _code_answers(table, found, scales)
    answer_problems = _check_answers(table, found, coded, scales, headers)
    answers, answered = _answer_tables(coded, choices, comments, scales, ids, table.rows)
    dates = ctx.cur.cursor()
    writing = (
        None
        if no_questions or answer_problems or ctx.insert_early is None
        else ctx.insert_early(answers, int(answered.sum()))
    )
    try:
        frame = text_frame(table, meta)
        meta_problems, parsed, date_notes = _check_meta(
            frame, headers, dates, month_first=detect.month_first(table.headers)
        )
        wave_problems, wave = _wave(frame, parsed, ctx, waves)
        problems = no_questions + meta_problems + answer_problems + wave_problems
        respondents, entity_warnings = (
            _respondents(frame, answered, wave, ctx, entities) if not problems else (None, [])
        )
    finally:
        if writing is not None:
            futures.wait([writing])  # the cursor is free again before anything else may use it
        dates.close()
    if writing is not None:
        writing.result()  # an insert that failed fails the import
    if problems:
        raise IngestError(problems)
    tables = {"respondents": respondents, **({} if writing is not None else answers)}
    count = int(answered.sum())
    notes = [warning("empty_responses", count=table.rows - count)] if count < table.rows else []
    if wave["defaulted"]:
        notes.append(warning("wave_defaulted", value=wave["wave"]))
    return Prepared(
        tables,
        rows=count,
        warnings=warnings + date_notes + entity_warnings + notes,
        wave=wave,
        respondents=count,
    )


def _columns(table: Table, ctx: Context, questions: pd.DataFrame, understood: Understood):
    remembered = {
        norm(h): code
        for h, code in ctx.known("import_column_mappings", source=ctx.source_format).itertuples(index=False)
    }
    remembered.update({norm(h): code for h, code in ctx.hand_mapping.items() if code})
    meta, rest = match_headers(table.headers, KINDS["responses"])
    for index in list(rest):
        target = remembered.get(norm(table.headers[index]))
        if target in META_FIELDS and target not in meta.values():
            meta[index] = target
            rest.remove(index)
    found, metadata, unmatched = match_questions(table.headers, rest, questions.reset_index(), remembered)
    understood.columns = {table.headers[i]: name for i, name in {**meta, **found}.items()}
    understood.metadata = [table.headers[i] for i in metadata]
    understood.unmatched = [table.headers[i] for i in unmatched if table.headers[i]]
    sample = {
        name: table.column(i).slice(0, SAMPLE_ROWS).to_pylist() for i, name in {**meta, **found}.items()
    }
    understood.sample = pd.DataFrame({"row": table.row_numbers[:SAMPLE_ROWS], **sample})
    return meta, found, unmatched


def _check_meta(
    frame: pd.DataFrame, headers: dict[str, str], dates, *, month_first: bool
) -> tuple[list[Problem], dict[str, pd.Series], list[Problem]]:
    rules = validate.Rules()
    validate.type_rules(rules, frame, KINDS["responses"], con=dates, month_first=month_first)
    if "respondent_id" in frame.columns:
        ids = pseudonymise.normalise_identifier(frame["respondent_id"])
        repeated = ids.duplicated(keep=False) & ids.ne("")
        rules.add("respondent_id", "duplicate_in_file", lambda s, m=repeated: ~m)
    return validate.check(frame, rules, headers), rules.parsed, validate.date_notes(rules, headers)


def _code_answers(table: Table, found: dict[int, str], scales: dict[str, str]):
    """Per question column: int16 codes (value / MISSING / INVALID), choice values, comment texts."""
    coded: dict[str, np.ndarray] = {}
    choices: dict[str, list[str]] = {}
    comments: dict[str, pa.Array] = {}
    for index, code in found.items():
        scale = scales[code]
        column = table.column(index)
        if scale == "text":
            comments[code] = read.trimmed(column)
            continue
        coded[code], choices[code] = answer_codes(column, scale, code)
    return coded, choices, comments


def _check_answers(table, found, coded, scales, headers) -> list[Problem]:
    """Answers outside their scale (a 7 on a 1..5 item, an unknown label), with pandera.

    Every coded column is first tested at once with numpy; only the columns holding such an answer
    go through pandera's rules, which report them (a wide survey with none skips the frame entirely).
    """
    failing = {code: values for code, values in coded.items() if _out_of_scale(values, scales[code]).any()}
    if not failing:
        return []
    rules = validate.Rules()
    frame = {}
    for code, values in failing.items():
        scale = scales[code]
        frame[code] = pd.arrays.IntegerArray(values, values == MISSING)
        low, high = SCALE_RANGES.get(scale, (0, 32000))
        labels = _labels_hint(scale, code)
        rules.add(
            code,
            "answer_out_of_scale",
            lambda s, lo=low, hi=high: s.between(lo, hi),
            low=low,
            high=high,
            labels=labels,
        )
    index_of = {code: i for i, code in found.items()}

    def raw(code: str, row: int) -> str:
        position = int(np.searchsorted(table.row_numbers, row))
        return table.column(index_of[code])[position].as_py()

    wide = pd.DataFrame(frame, index=pd.Index(table.row_numbers, name="row"))
    return validate.check(wide, rules, headers, raw)


def _out_of_scale(values: np.ndarray, scale: str) -> np.ndarray:
    """True where a coded answer is given but outside its scale (unknown labels are coded below every
    scale)."""
    low, high = SCALE_RANGES.get(scale, (0, 32000))
    return (values != MISSING) & ((values < low) | (values > high))


def _labels_hint(scale: str, code: str) -> dict[str, str]:
    """The scale's labels in each language, as the message lists them."""
    frame = catalogue.scales()
    rows = frame[frame["scale"] == (f"choice:{code}" if scale == "choice" else scale)]
    if scale == "nps11":
        return {"fr": "0 … 10", "en": "0 … 10"}
    return {lang: " ; ".join(rows[f"label_{lang}"].tolist()[:6]) for lang in ("fr", "en")}


def _wave(
    frame: pd.DataFrame, parsed: dict[str, pd.Series], ctx: Context, existing: pd.DataFrame
) -> tuple[list[Problem], dict]:
    dates = parsed.get("submitted_at", pd.Series(pd.NaT, index=frame.index, dtype="datetime64[us]"))
    dates = dates.where(dates.dt.normalize() != ANONYMISED_DATE)
    closed = dates.max().date() if dates.notna().any() else dt.date.today()
    opened = dates.min().date() if dates.notna().any() else None
    label = (ctx.wave or "").strip() or closed.strftime("%Y-%m")
    wave = {
        "wave": label,
        "opened_at": opened,
        "closed_at": closed,
        "defaulted": not (ctx.wave or "").strip(),
        "dates": dates,
    }
    clash = existing[existing["wave"] == label]
    if clash.empty:
        return [], wave
    imports = ", ".join(str(int(i)) for i in clash["import_id"].dropna()) or "démo/demo"
    return [error("wave_exists", value=label, imports=imports)], wave


def _entity_resolver(entities: pd.DataFrame) -> tuple[Callable[[str], str], set[str]]:
    """Entity cell -> entity id (an id or an entity's name, any case or accents; unknown kept as given), and
    the known ids, from the store's ``entities`` (import_known_entities)."""
    lookup = {
        norm(v): i for i, n in zip(entities["entity_id"], entities["name"], strict=True) for v in (i, n)
    }
    return (lambda cell: lookup.get(norm(cell), cell)), set(entities["entity_id"])


def _answer_tables(coded, choices, comments, scales, ids, n: int) -> tuple[dict[str, pa.Table], np.ndarray]:
    """The numeric answers, choices and comments as long tables (local respondent numbers), and who
    answered anything."""
    numeric = {c: v for c, v in coded.items() if scales[c] != "choice"}
    chosen = {c: v for c, v in coded.items() if scales[c] == "choice"}
    texts = {
        c: (col, np.asarray(pc.not_equal(col, "").to_numpy(zero_copy_only=False)))
        for c, col in comments.items()
    }
    answered = np.zeros(n, dtype=bool)
    for values in coded.values():
        answered |= values >= 0
    for _, filled in texts.values():
        answered |= filled
    local = (np.cumsum(answered) - 1).astype(np.int32)
    tables = {
        "answers": _long(numeric, local, ids=ids),
        "choices": _long(chosen, local, choices=choices),
        "comments": _comments(texts, local),
    }
    return tables, answered


def _respondents(
    frame, answered: np.ndarray, wave: dict, ctx: Context, entities
) -> tuple[pa.Table, list[Problem]]:
    """One row per respondent who answered something: wave, key, entity, service, category, date (Arrow).

    The canonical values of ``validate.typed`` (empty -> null, enums canonical, entity names -> ids),
    worked out once per distinct cell: a wave has a handful of entities, services and categories.
    """
    count = int(answered.sum())
    keep = None if count == len(frame) else pa.array(answered)

    def column(name: str, canonical: Callable[[str], str | None] = lambda cell: cell) -> pa.Array:
        if name not in frame.columns:
            return pa.nulls(count, pa.string())
        cells = pa.array(frame[name], pa.string())
        encoded = pc.dictionary_encode(cells if keep is None else cells.filter(keep))
        values = [None if cell == "" else canonical(cell) for cell in encoded.dictionary.to_pylist()]
        return pa.array(values, pa.string()).take(encoded.indices)

    categories = enum_lookup(KINDS["responses"].field("category").enum)
    entity, warnings = column("entity"), []
    if "entity" in frame.columns:
        resolve, known_ids = entities
        entity = column("entity", resolve)
        unknown = sorted(set(pc.unique(entity).drop_null().to_pylist()) - known_ids)
        if unknown:
            warnings = [warning("unknown_entities", count=len(unknown), ids=", ".join(unknown[:10]))]
    table = pa.table({
        "wave": pa.DictionaryArray.from_arrays(pa.array(np.zeros(count, np.int32)), pa.array([wave["wave"]])),
        "respondent_key": _keys(frame, ctx, answered, count),
        "entity_id": entity, "service": column("service"),
        "category": column("category", lambda cell: categories.get(norm(cell))),
        "submitted_at": pa.array(wave["dates"][answered].to_numpy(), pa.timestamp("us")),
    })
    return table, warnings


def _keys(frame: pd.DataFrame, ctx: Context, answered: np.ndarray, count: int) -> pa.Array:
    """The pseudonymous key of each respondent who answered (all null when the file names nobody)."""
    if "respondent_id" not in frame.columns:
        return pa.nulls(count, pa.string())
    keys = pa.array(
        pseudonymise.keys(pseudonymise.normalise_identifier(frame["respondent_id"]), ctx.secret), pa.string()
    )
    return keys if count == len(keys) else keys.filter(pa.array(answered))


def _long(coded: dict[str, np.ndarray], local: np.ndarray, *, ids: dict[str, int] | None = None,
          choices: dict[str, list[str]] | None = None) -> pa.Table:
    """Coded answer columns -> long rows, answered cells only: (respondent, question_id, value) for
    numeric questions (``ids``: code -> question id), (respondent, question_code, choice) for choice
    questions (``choices``: each question's list of values).

    Question after question: the columns are stacked into one question x respondent grid and its
    answered cells taken in one boolean selection; a question's id, code or choice is an index
    repeated, so no string is built per answer.
    """
    codes = list(coded)
    grid = np.stack([coded[code] for code in codes]) if codes else np.empty((0, len(local)), np.int16)
    answered = grid >= 0
    cells = grid[answered]
    rows = np.broadcast_to(np.arange(len(local), dtype=np.int32), grid.shape)[answered]
    columns = np.repeat(np.arange(len(codes), dtype=np.int32), answered.sum(axis=1))
    everyone = len(local) == 0 or local[-1] == len(local) - 1  # nobody left out: the local number is the row
    respondent = pa.array(rows if everyone else local[rows])
    if choices is None:
        question_ids = np.array([ids[code] for code in codes], dtype=np.int16)[columns]
        return pa.table({
            "respondent": respondent,
            "question_id": question_ids,
            "value": pa.array(cells, pa.int16()),
        })
    table = {
        "respondent": respondent,
        "question_code": pa.DictionaryArray.from_arrays(pa.array(columns), pa.array(codes, pa.string())),
    }
    # each choice question has its own list of values: index them through one flat list
    flat = [value for code in codes for value in choices[code]]
    offsets = np.cumsum([0] + [len(choices[code]) for code in codes])[:-1].astype(np.int32)
    positions = (offsets[columns] + cells).astype(np.int32)
    return pa.table({
        **table,
        "choice": pa.DictionaryArray.from_arrays(pa.array(positions), pa.array(flat, pa.string())),
    })


def _comments(texts: dict[str, tuple[pa.Array, np.ndarray]], local: np.ndarray) -> pa.Table:
    parts = []
    for code, (column, filled) in texts.items():
        where = np.nonzero(filled)[0]
        parts.append(pa.table({
            "respondent": pa.array(local[where].astype(np.int32)),
            "question_code": pa.array([code] * len(where), pa.string()),
            "text": column.take(pa.array(where)),
        }))
    if not parts:
        return pa.table({
            "respondent": pa.array([], pa.int32()),
            "question_code": pa.array([], pa.string()),
            "text": pa.array([], pa.string()),
        })
    return pa.concat_tables(parts)
