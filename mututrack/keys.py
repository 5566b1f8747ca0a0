"""The keys that protect people's identifiers: the store key, and the installation secret that wraps it.

Two levels, as in envelope encryption (NIST SP 800-38F, key wrapping):

- the **store key**, 32 random bytes made once per store: pseudonyms are HMAC-SHA256 of identifiers
  under it (:mod:`mututrack.ingest.pseudonymise`) and the kept original files are sealed with a key
  derived from it (:mod:`mututrack.ingest.vault`). It never changes, so pseudonyms, the history
  and undo stay valid whatever happens to the secret;
- the **installation secret**: ``MUTUTRACK_SECRET``, or a key file **outside the data folder**, in
  the user's configuration folder (``platformdirs.user_config_dir("mututrack")/keys``), one file per
  store named after its ``store_id`` (migration 009); ``MUTUTRACK_KEY_FILE`` puts it elsewhere. The
  database holds the store key only wrapped under it (AES-256-GCM), so a copy of the data folder
  alone gives no key; rotating the secret re-wraps the store key and touches nothing else.

A store that holds an organisation's data never gets a new key silently: when its secret is
missing or is not the one that wrapped its key, :func:`store_key` raises
:class:`KeyUnavailableError`, which says where the key file was expected (a new key would turn
every agent of a re-imported roster into a new person). A fresh store, or one holding only the
demo territory, makes its key freely. Stores pseudonymised before this scheme used the secret
itself as their key: it is adopted as their store key once it opens one of their sealed files.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import os
import secrets
from pathlib import Path
from typing import TYPE_CHECKING, Any

import platformdirs
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from mututrack import i18n
from mututrack.queries import execute, sql_text

if TYPE_CHECKING:
    from mututrack.store import Store

__all__ = [
    "StoreKeyError", "KeyInDataFolderError", "KeyUnavailableError",
    "store_key", "key_file", "legacy_key_file", "check_placement", "status", "move", "rotate",
]

SECRET_ENV, NEW_SECRET_ENV, KEY_FILE_ENV, ALLOW_ENV = (
    "MUTUTRACK_SECRET", "MUTUTRACK_NEW_SECRET", "MUTUTRACK_KEY_FILE", "MUTUTRACK_ALLOW_KEY_IN_DATA",
)
WRAP_VERSION = "v1"
NONCE = 12


class StoreKeyError(RuntimeError):
    """The store's key cannot be used as things stand; :attr:`fr` and :attr:`en` say why and what to do."""

    def __init__(self, message: str, /, **values: Any) -> None:
        self.fr, self.en = i18n.text_in("fr", message, **values), i18n.text_in("en", message, **values)
        super().__init__(f"{self.fr}\n{self.en}")

    def text(self, lang: str | None = None) -> str:
        """The message in one language (the current one by default)."""
        return self.en if (lang or i18n.language()) == "en" else self.fr


class KeyInDataFolderError(StoreKeyError):
    """The key file sits in the database's folder, where a copy of the data takes it along."""


class KeyUnavailableError(StoreKeyError):
    """The store holds pseudonymised data and its key cannot be opened: missing or another secret."""


# -- where the secret lives -----------------------------------------------------------------
def config_dir() -> Path:
    """The folder of key files: the user's configuration folder (``~/.config/mututrack/keys`` on Linux)."""
    return Path(platformdirs.user_config_dir("mututrack", appauthor=False)) / "keys"


def legacy_key_file(db_path: str | Path) -> Path:
    """Where earlier versions kept the secret: ``<database>.key``, beside the database."""
    return Path(db_path).with_suffix(".key")


def _allowed_in_data() -> bool:
    return os.environ.get(ALLOW_ENV, "").strip().lower() in ("1", "true", "yes", "oui")


def key_file(store: Store) -> Path | None:
    """The file the installation secret is read from; None when it comes from ``MUTUTRACK_SECRET``
    or the store lives in memory."""
    if os.environ.get(SECRET_ENV) or store.path == ":memory:":
        return None
    legacy = legacy_key_file(store.path)
    if _allowed_in_data() and legacy.exists() and not os.environ.get(KEY_FILE_ENV):
        return legacy
    return _key_file_outside(store)


def _key_file_outside(store: Store) -> Path:
    """``MUTUTRACK_KEY_FILE``, else the store's file in the configuration folder."""
    if os.environ.get(KEY_FILE_ENV):
        return Path(os.environ[KEY_FILE_ENV]).expanduser()
    return config_dir() / f"{store_id(store)}.key"


def store_id(store: Store) -> str:
    """The store's random id (migration 009), which names its key file."""
    return str(store.value("meta_store_id"))


def _in_data_folder(path: Path, db_path: Path) -> bool:
    folder, path = db_path.resolve().parent, path.expanduser().resolve()
    return path.is_relative_to(folder) and not path.is_relative_to(config_dir().resolve())


def check_placement(db_path: str | Path) -> None:
    """Refuse a key file in the database's folder, unless ``MUTUTRACK_ALLOW_KEY_IN_DATA=1``.

    Raises :class:`KeyInDataFolderError`, whose message gives the command that moves it.
    """
    if str(db_path) == ":memory:" or _allowed_in_data():
        return
    db_path = Path(db_path)
    configured = os.environ.get(KEY_FILE_ENV)
    for path in [legacy_key_file(db_path), *([Path(configured)] if configured else [])]:
        if path.exists() and _in_data_folder(path, db_path):
            raise KeyInDataFolderError("keys.error.in_data", path=path, db=db_path)


def _read_secret(path: Path) -> bytes | None:
    try:
        return path.read_text(encoding="ascii").strip().encode("ascii") or None
    except FileNotFoundError:
        return None


def _write_new_file(path: Path, secret: bytes) -> None:
    """Write ``secret`` to a file that must not exist yet, readable by its owner only."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(handle, "wb") as out:
        out.write(secret)
        out.flush()
        os.fsync(out.fileno())


def _installation_secret(store: Store, *, create: bool) -> bytes | None:
    """``MUTUTRACK_SECRET``, else the key file's content; a new random file when ``create`` and none."""
    if os.environ.get(SECRET_ENV):
        return os.environ[SECRET_ENV].encode("utf-8")
    if store.path == ":memory:":  # a store in memory has a secret of its own, gone with it
        if create and not hasattr(store, "_memory_secret"):
            store._memory_secret = secrets.token_hex(32).encode()
        return getattr(store, "_memory_secret", None)
    path = key_file(store)
    found = _read_secret(path)
    if found is None and create:
        with contextlib.suppress(FileExistsError):  # another process made it a moment ago
            _write_new_file(path, secrets.token_hex(32).encode("ascii"))
        found = _read_secret(path)
    return found


# -- the store key, wrapped ------------------------------------------------------------------
def _wrapping_key(secret: bytes) -> bytes:
    # a key of its own for wrapping, distinct from the secret's other uses
    return hmac.new(secret, b"mututrack store key wrap v1", hashlib.sha256).digest()


def _wrap(key: bytes, secret: bytes, sid: str) -> str:
    nonce = os.urandom(NONCE)
    sealed = AESGCM(_wrapping_key(secret)).encrypt(nonce, key, sid.encode())
    return f"{WRAP_VERSION}:{base64.b64encode(nonce + sealed).decode('ascii')}"


def _unwrap(wrapped: str, secret: bytes | None, sid: str) -> bytes | None:
    """The store key, or None when ``secret`` is not the one that wrapped it."""
    if secret is None:
        return None
    raw = base64.b64decode(wrapped.split(":", 1)[1])
    try:
        return AESGCM(_wrapping_key(secret)).decrypt(raw[:NONCE], raw[NONCE:], sid.encode())
    except InvalidTag:
        return None


def _wrapped(cur) -> str | None:
    rows = cur.execute(sql_text("meta_store_key")).fetchall()
    return rows[0][0] if rows else None


def _keep_wrapped(cur, wrapped: str) -> None:
    execute(cur, sql_text("meta_store_key_keep"), v=wrapped)


def store_key(store: Store, *, keep: bool = True) -> bytes:
    """The key that pseudonymises identifiers and seals original files in ``store``.

    Made on first use in a store without an organisation's data (``keep=False``, for a dry run
    that writes nothing: a throwaway key, which finds no one since there is no one yet); raises
    :class:`KeyUnavailableError` rather than making a new one in a store that has some, and
    :class:`KeyInDataFolderError` when the secret sits in the data folder.
    """
    check_placement(store.path)
    wrapped = store.value("meta_store_key")
    if wrapped is not None:
        opened = _open_wrapped(store, wrapped)
        if opened is not None:
            return opened
    with store.transaction(bump_version=False) as cur:  # under the write lock: one key, whoever asks first
        return _settle_key(store, cur, keep=keep)


def _open_wrapped(store: Store, wrapped: str) -> bytes | None:
    """The store key opened with the secret, or with a rotation's new secret left half-way (then finished)."""
    sid = store_id(store)
    opened = _unwrap(wrapped, _installation_secret(store, create=False), sid)
    path = key_file(store)
    pending = None if path is None else path.with_name(path.name + ".new")
    if opened is None and pending is not None:
        opened = _unwrap(wrapped, _read_secret(pending), sid)
        if opened is not None:
            os.replace(pending, path)
    return opened


def _settle_key(store: Store, cur, *, keep: bool) -> bytes:
    wrapped = _wrapped(cur)
    if wrapped is not None and (opened := _open_wrapped(store, wrapped)) is not None:
        return opened
    real = bool(cur.execute(sql_text("imports_hold_real_data")).fetchall()[0][0])
    if not real:  # nothing pseudonymised to lose: a new key, and a new secret if there is none
        key = secrets.token_bytes(32)
        if not keep:
            return key
        _keep_wrapped(cur, _wrap(key, _installation_secret(store, create=True), store_id(store)))
        return key
    if wrapped is None:  # pseudonymised before keys were wrapped: the secret was the key
        legacy = _installation_secret(store, create=False)
        if legacy is not None and _opens_sealed_files(cur, legacy):
            if keep:
                _keep_wrapped(cur, _wrap(legacy, legacy, store_id(store)))
            return legacy
    raise _unavailable(store)


def _opens_sealed_files(cur, key: bytes) -> bool:
    """True when ``key`` opens the store's latest sealed original (or when it keeps none)."""
    from mututrack import vault

    rows = cur.execute(sql_text("import_files_latest_content")).fetchall()
    if not rows:
        return True
    try:
        vault.unseal(bytes(rows[0][0]), key)
    except vault.SealError:
        return False
    return True


def _unavailable(store: Store) -> KeyUnavailableError:
    path = key_file(store)
    if path is None:
        return KeyUnavailableError("keys.error.wrong_env")
    if path.exists():
        return KeyUnavailableError("keys.error.wrong_file", path=path)
    return KeyUnavailableError("keys.error.missing", path=path)


# -- what the key commands do ------------------------------------------------------------------
def status(store: Store) -> dict[str, Any]:
    """Where the store's secret is read from and whether it opens the store's key.

    ``source``: ``env`` (``MUTUTRACK_SECRET``), ``file`` (``key_file``) or ``memory``; ``state``:
    ``ok``, ``none_yet`` (no key made yet), ``missing`` (no secret where expected), ``wrong`` (a
    secret that does not open the key) or ``in_data_folder``.
    """
    path = key_file(store)
    result = {
        "store_id": store_id(store),
        "source": "env" if os.environ.get(SECRET_ENV) else ("memory" if path is None else "file"),
        "key_file": None if path is None else str(path),
        "legacy_key_file": str(legacy_key_file(store.path)) if legacy_key_file(store.path).exists() else None,
    }
    try:
        check_placement(store.path)
    except KeyInDataFolderError:
        return {**result, "state": "in_data_folder"}
    wrapped = store.value("meta_store_key")
    if wrapped is None:
        state = "none_yet"
    elif _open_wrapped(store, wrapped) is not None:
        state = "ok"
    else:
        state = "wrong" if _installation_secret(store, create=False) is not None else "missing"
    return {**result, "state": state}


def move(store: Store) -> Path:
    """Move the secret from beside the database to where it belongs (``MUTUTRACK_KEY_FILE`` or the
    configuration folder); returns the new place. The old file is removed once the new one
    is written; a different file already there is never overwritten."""
    legacy = legacy_key_file(store.path)
    secret = _read_secret(legacy)
    if secret is None:
        raise StoreKeyError("keys.error.nothing_to_move", path=legacy)
    target = _key_file_outside(store)
    if _in_data_folder(target, Path(store.path)):
        raise KeyInDataFolderError("keys.error.in_data", path=target, db=store.path)
    existing = _read_secret(target)
    if existing is None:
        _write_new_file(target, secret)
    elif existing != secret:
        raise StoreKeyError("keys.error.move_conflict", path=target)
    legacy.unlink()
    return target


def rotate(store: Store, *, user: str = "cli") -> Path | None:
    """Wrap the store key under a new secret; pseudonyms, sealed files, history and undo are unchanged.

    With a key file, a new random secret replaces it (written beside it first, as ``<file>.new``,
    so that an interruption loses nothing: :func:`store_key` finishes the move). With
    ``MUTUTRACK_SECRET``, the new secret is read from ``MUTUTRACK_NEW_SECRET``. Returns the key file.
    """
    from mututrack import audit

    key = store_key(store)  # raises when the current secret does not open it
    path = key_file(store)
    if path is None:
        if not os.environ.get(NEW_SECRET_ENV):
            raise StoreKeyError("keys.error.rotate_env")
        new = os.environ[NEW_SECRET_ENV].encode("utf-8")
    else:
        new = secrets.token_hex(32).encode("ascii")
        pending = path.with_name(path.name + ".new")
        pending.unlink(missing_ok=True)
        _write_new_file(pending, new)
    with store.transaction(bump_version=False) as cur:
        _keep_wrapped(cur, _wrap(key, new, store_id(store)))
        audit.record(cur, user=user, action="setting", detail="pseudonymisation key rotated")
    if path is not None:
        os.replace(pending, path)
    return path
