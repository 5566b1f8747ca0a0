"""The original files kept for download, sealed: AES-256-GCM with a key derived from the store key.

An accepted file is kept so that HR can download it again from the history, but it holds the clear
identifiers (matricules, e-mails, tokens) that the rest of the database never sees. Sealed, the
database file's bytes hold none of them; only the store's key (``store.secret()``, itself wrapped
by the installation secret kept outside the data folder, :mod:`mututrack.keys`) opens it. Rotating
the installation secret re-wraps that key and leaves the sealed files as they are; while the key
cannot be opened, the files are reported as unavailable.

Files are compressed (zstd, level 1: a survey CSV shrinks about 4×, at a few hundred MB/s) before
they are sealed, so that keeping every original costs the database a quarter of the space and
the import a quarter of the writing. Files sealed uncompressed (``MTV1``) still open.
"""

from __future__ import annotations

import hashlib
import hmac
import os

import pyarrow as pa
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

__all__ = ["seal", "unseal", "SealError"]

PLAIN, COMPRESSED = b"MTV1", b"MTV2"  # MTV2: the sealed text is the size (8 bytes) and the zstd frame
NONCE = 12
SIZE = 8


class SealError(ValueError):
    """The sealed bytes cannot be opened with this key."""


def _key(secret: bytes) -> bytes:
    # a key of its own for the files, distinct from the one that pseudonymises identifiers (a store
    # made before keys were wrapped has its installation secret as store key: its files still open)
    return hmac.new(secret, b"mututrack original files v1", hashlib.sha256).digest()


def _codec() -> pa.Codec | None:
    return pa.Codec("zstd", compression_level=1) if pa.Codec.is_available("zstd") else None


def seal(data: bytes, secret: bytes) -> bytes:
    """``data`` compressed, encrypted and authenticated: magic + nonce + ciphertext and tag."""
    nonce = os.urandom(NONCE)
    codec = _codec()
    if codec is None:
        return PLAIN + nonce + AESGCM(_key(secret)).encrypt(nonce, data, PLAIN)
    body = len(data).to_bytes(SIZE, "little") + codec.compress(data, asbytes=True)
    return COMPRESSED + nonce + AESGCM(_key(secret)).encrypt(nonce, body, COMPRESSED)


def unseal(sealed: bytes, secret: bytes) -> bytes:
    """The original bytes; raises SealError when ``secret`` is not the key that sealed them."""
    magic = sealed[: len(PLAIN)]
    if magic not in (PLAIN, COMPRESSED):
        raise SealError("not a sealed file")
    nonce, body = sealed[len(magic) : len(magic) + NONCE], sealed[len(magic) + NONCE :]
    try:
        opened = AESGCM(_key(secret)).decrypt(nonce, body, magic)
    except InvalidTag:
        raise SealError("wrong secret or damaged file") from None
    if magic == PLAIN:
        return opened
    size = int.from_bytes(opened[:SIZE], "little")
    return pa.Codec("zstd").decompress(opened[SIZE:], decompressed_size=size, asbytes=True)
