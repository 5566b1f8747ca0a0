"""Tables as CSV files that a spreadsheet opens safely: no cell is ever run as a formula.

A cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read as a formula by
Excel and LibreOffice (CSV injection, OWASP "CSV Injection"); such text gets a leading apostrophe,
which the spreadsheet shows as plain text. The full-width forms (``＝`` …) are treated the same,
and leading spaces do not hide a trigger. Numbers are left alone: ``-3`` stays a number.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

__all__ = ["FORMULA_TRIGGERS", "neutralise", "neutralise_frame", "safe_csv"]

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def neutralise(value: Any) -> Any:
    """``value`` with a leading apostrophe when it is text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.lstrip(" ").startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells and column names are neutralised."""
    out = frame.copy()
    for column in out.columns:
        if not (
            pd.api.types.is_numeric_dtype(out[column]) or pd.api.types.is_datetime64_any_dtype(out[column])
        ):
            out[column] = out[column].astype(object).map(neutralise)
    out.columns = [neutralise(str(column)) for column in out.columns]
    return out


def safe_csv(frame: pd.DataFrame, *, sep: str = ";", decimal: str = ",") -> bytes:
    """``frame`` as CSV bytes for French Excel (``;``, decimal comma, UTF-8 with BOM), neutralised."""
    text = neutralise_frame(frame).to_csv(index=False, sep=sep, decimal=decimal, lineterminator="\r\n")
    return ("\ufeff" + text).encode("utf-8")
