"""The original files kept for download, sealed: AES-256-GCM with a key derived from the installation secret.

An accepted file is kept so that HR can download it again from the history, but it holds the clear
identifiers (matricules, e-mails, tokens) that the rest of the database never sees. Sealed, the
database file's bytes hold none of them; only this installation (its ``store.secret()``) can open it.
A store whose secret changed cannot open its older files: they are then reported as unavailable.
"""

from __future__ import annotations

import hashlib
import hmac
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

__all__ = ["seal", "unseal", "SealError"]

MAGIC = b"MTV1"
NONCE = 12


class SealError(ValueError):
    """The sealed bytes cannot be opened with this installation's secret."""


def _key(secret: bytes) -> bytes:
    # a key of its own for the files, distinct from the one that pseudonymises identifiers
    return hmac.new(secret, b"mututrack original files v1", hashlib.sha256).digest()


def seal(data: bytes, secret: bytes) -> bytes:
    """``data`` encrypted and authenticated: ``MTV1`` + nonce + ciphertext and tag."""
    nonce = os.urandom(NONCE)
    return MAGIC + nonce + AESGCM(_key(secret)).encrypt(nonce, data, MAGIC)


def unseal(sealed: bytes, secret: bytes) -> bytes:
    """The original bytes; raises SealError when the secret is not the one that sealed them."""
    if not sealed.startswith(MAGIC):
        raise SealError("not a sealed file")
    nonce, body = sealed[len(MAGIC) : len(MAGIC) + NONCE], sealed[len(MAGIC) + NONCE :]
    try:
        return AESGCM(_key(secret)).decrypt(nonce, body, MAGIC)
    except InvalidTag:
        raise SealError("wrong secret or damaged file") from None
