"""Survey answer cells -> values: the scale's value or its label, in French or English.

"Sans avis", "N/A" and empty cells are missing, never zeros; anything the scale does not know is
invalid, reported with its row and column. Each distinct cell text is looked at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from mututrack import catalogue
from mututrack.ingest.headers import norm

__all__ = ["answer_value", "answer_codes", "MISSING", "INVALID"]

MISSING = -1  # an answer left empty or "Sans avis": stored as no row
INVALID = -99  # a value outside the scale: reported with its row and column


@cache
def _scale_labels(scale: str) -> dict[str, int | str]:
    frame = catalogue.scales()
    rows = frame[frame["scale"] == scale]
    numeric = not scale.startswith("choice")
    labels: dict[str, int | str] = {}
    for value, label_fr, label_en in zip(rows["value"], rows["label_fr"], rows["label_en"], strict=True):
        for label in (value, label_fr, label_en):
            labels[norm(label)] = int(value) if numeric else value
    return labels


MISSING_NORM = frozenset(norm(label) for label in catalogue.MISSING_LABELS) | {""}


def answer_value(raw: str, scale: str, *, choices: Sequence[str] = ()) -> int | str | None:
    """One answer as its value: an int for numeric scales, a choice value, None when missing.

    Raises ValueError for a value the scale does not know.
    """
    key = norm(raw)
    if scale == "choice":
        labels = _scale_labels(f"choice:{choices[0]}") if choices else {}
        if key in labels:
            return labels[key]
        if key in MISSING_NORM:
            return None
        if not labels:
            return raw.strip()
        raise ValueError(raw)
    if key in MISSING_NORM:
        return None
    labels = _scale_labels(scale)
    if key in labels and not raw.strip().startswith("-"):  # norm("-1") is "1": a minus sign is no label
        return labels[key]
    number = raw.strip().replace(",", ".")
    try:
        value = float(number)
    except ValueError:
        raise ValueError(raw) from None
    if not value.is_integer():
        raise ValueError(raw)
    return int(value)


def answer_codes(column: pa.Array, scale: str, question: str) -> tuple[np.ndarray, list[str]]:
    """Each cell of a question column as a small int: the value, MISSING or INVALID.

    For a choice question the int indexes the returned list of choice values. The work is done once
    per distinct cell text (a survey column has a handful), then spread with numpy; on a numeric
    scale the empty and one-character cells (most answers: ``3``) are read straight from Arrow's
    bytes, and only the longer ones (``10``, labels) are looked at as text.
    """
    if scale == "choice" or column.type != pa.string() or column.null_count:
        return _codes_by_text(column, scale, question)
    offsets = np.frombuffer(column.buffers()[1], np.int32, len(column) + 1, column.offset * 4)
    lengths = np.diff(offsets)
    text = column.buffers()[2]
    if text is None or text.size == 0:  # every cell empty: every answer missing
        return np.full(len(column), MISSING, dtype=np.int16), []
    text = np.frombuffer(text, np.uint8)
    first = text[np.minimum(offsets[:-1], len(text) - 1)]  # an empty cell's offset may point past the end
    # an empty cell is a missing answer
    codes = np.where(lengths == 1, _byte_codes(scale)[first], np.int16(MISSING))
    longer = np.flatnonzero((lengths > 1) | (codes == NOT_ASCII))
    if len(longer):
        codes[longer] = _codes_by_text(column.take(pa.array(longer)), scale, question)[0]
    return codes, []


NOT_ASCII = -2  # a lone byte above 127 is no character: such a cell is read as text


@cache
def _byte_codes(scale: str) -> np.ndarray:
    """The code of every one-character ASCII cell on a numeric scale, by byte value."""
    codes = np.full(256, NOT_ASCII, dtype=np.int16)
    for byte in range(128):
        codes[byte] = _numeric_code(chr(byte), scale)
    return codes


def _numeric_code(raw: str, scale: str) -> int:
    try:
        value = answer_value(raw, scale)
    except ValueError:
        return INVALID
    if value is None:
        return MISSING
    # every scale is 0 or more; a negative number must not pass for MISSING (-1)
    return value if 0 <= value < 32000 else INVALID


def _codes_by_text(column: pa.Array, scale: str, question: str) -> tuple[np.ndarray, list[str]]:
    """:func:`answer_codes` through each distinct cell text."""
    encoded = pc.dictionary_encode(column)
    uniques = encoded.dictionary.to_pylist()
    choices: list[str] = []
    lookup = np.empty(len(uniques), dtype=np.int16)
    for position, raw in enumerate(uniques):
        if scale != "choice":
            lookup[position] = _numeric_code(raw, scale)
            continue
        try:
            value = answer_value(raw, scale, choices=(question,))
        except ValueError:
            lookup[position] = INVALID
            continue
        if value is None:
            lookup[position] = MISSING
        else:
            if value not in choices:
                choices.append(value)
            lookup[position] = choices.index(value)
    indices = encoded.indices.to_numpy(zero_copy_only=False)
    return lookup[indices] if len(uniques) else np.full(len(column), MISSING, dtype=np.int16), choices


# The codes of one-character answers on the standard numeric scales are worked out when the importer
# is loaded, rather than inside the first file a user waits for.
for _scale in ("who5", "likert5", "nps11"):
    _byte_codes(_scale)

