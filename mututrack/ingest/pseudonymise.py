"""Identifiers of people -> HMAC-SHA256 keys, so that no matricule, e-mail or token is ever stored.

The key is the store's pseudonymisation key (``store.secret()``: made once per store and kept wrapped
by the installation secret, :mod:`mututrack.keys`), so pseudonyms never change when the secret is
rotated: a roster re-imported later finds the same people. Matricules are normalised first the way
HR files spell them differently: spaces dropped, upper case, and leading zeros dropped from
all-digit matricules (Excel turns ``007`` into ``7``), so the roster and an attendance sheet agree.
E-mails are lower-cased. The HMAC (RFC 2104: ``H((K ^ opad) || H((K ^ ipad) || m))``) is computed once per
distinct identifier and equals Python's ``hmac`` (a test checks it).
"""

from __future__ import annotations

import hashlib
import hmac

import numpy as np
import pandas as pd

__all__ = ["normalise_matricule", "normalise_identifier", "keys", "key"]

BLOCK = 64  # SHA-256 block size in bytes


def normalise_matricule(cells: pd.Series) -> pd.Series:
    """``" 007 "`` -> ``"7"``, ``"ag 12"`` -> ``"AG12"``; empty stays empty."""
    compact = cells.astype("str").str.replace(r"\s+", "", regex=True).str.upper()
    digits = compact.str.fullmatch(r"\d+")
    return compact.where(~digits, compact.str.lstrip("0").replace("", "0")).where(compact.ne(""), "")


def normalise_identifier(cells: pd.Series) -> pd.Series:
    """Survey identifiers: trimmed; e-mails lower-cased; "anonymous" / "anonyme" count as none."""
    cells = cells.astype("str").str.strip()
    emails = cells.str.contains("@", regex=False)
    cells = cells.where(~emails, cells.str.lower())
    return cells.where(~cells.str.lower().isin(["anonymous", "anonyme", "anonyme (anonymous)"]), "")


def _pads(secret: bytes) -> tuple[bytes, bytes]:
    block = hashlib.sha256(secret).digest() if len(secret) > BLOCK else secret
    block = block.ljust(BLOCK, b"\0")
    return bytes(b ^ 0x5C for b in block), bytes(b ^ 0x36 for b in block)


def keys(cells: pd.Series, secret: bytes) -> pd.Series:
    """HMAC-SHA256 (hex) of each non-empty cell; NA where the cell is empty.

    Computed once per distinct identifier, from the two pre-hashed pads (what ``hmac`` does inside).
    """
    outer, inner = _pads(secret)
    inner_state, outer_state = hashlib.sha256(inner), hashlib.sha256(outer)

    def one(value: str) -> str:
        first = inner_state.copy()
        first.update(value.encode("utf-8"))
        second = outer_state.copy()
        second.update(first.digest())
        return second.hexdigest()

    codes, uniques = pd.factorize(cells.astype("str"))
    # tolist() first: iterating a pandas Index of Arrow strings item by item costs ~15x more
    hashed = np.array([None if u == "" else one(u) for u in uniques.tolist()] + [None], dtype=object)
    return pd.Series(hashed[codes], index=cells.index, dtype="str")


def key(value: str, secret: bytes) -> str:
    """The key of one identifier (Python's ``hmac``; what :func:`keys` computes in bulk)."""
    return hmac.new(secret, value.encode("utf-8"), hashlib.sha256).hexdigest()
