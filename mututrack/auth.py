"""Who sees what: the three roles, the pages each may open, and the role of a signed-in user.

Pure data and functions, no streamlit: :mod:`mututrack.ui` reads the configuration and the user's
identity claims and asks this module. Two ways to run (README, "Roles and privacy"):

- **one office machine**, no identity provider: the app listens on 127.0.0.1 only and the role is
  configured (``MUTUTRACK_ROLE`` or ``[mututrack] role`` in ``.streamlit/secrets.toml``);
- **OpenID Connect** (``[auth]`` in the secrets): the role comes from the user's group claim through
  the ``[mututrack.roles]`` table; a signed-in user with no known group gets ``council``.

A director may also be **scoped** to one or several entities (a mayor's commune, the CCAS): they see
their entities' detail and the whole territory, nothing of the other entities' detail. The scope comes
from ``MUTUTRACK_SCOPE`` / ``[mututrack] scope`` on an office machine, or from ``[mututrack.scopes]``
(group -> entity codes) and an optional entity claim (``scope_claim``) when signed in. HR and the
council are never scoped.

Survey data on public employees are personal data (RGPD): every doubt resolves to the least
privileged role, and a page this table does not name is refused to everyone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import PurePosixPath
from typing import Any

__all__ = [
    "ROLES",
    "OFFICE_ROLE",
    "FALLBACK_ROLE",
    "PAGE_ROLES",
    "DEFAULT_GROUPS_CLAIM",
    "allowed",
    "SHARED_SETTING_ROLES",
    "may_change",
    "TEXT_ROLES",
    "may_read_text",
    "page_name",
    "configured_role",
    "group_roles",
    "claimed_groups",
    "most_privileged",
    "signed_in_role",
    "DEFAULT_SCOPE_CLAIM",
    "UnknownScopeError",
    "parse_scope",
    "configured_scope",
    "group_scopes",
    "signed_in_scope",
    "checked_scope",
]

ROLES = ("hr", "director", "council")  # most privileged first
OFFICE_ROLE = "hr"  # nothing configured on an office machine: the person who installed the tool
FALLBACK_ROLE = "council"  # no known group, or a misspelt role: aggregates only
DEFAULT_GROUPS_CLAIM = "groups"  # Keycloak's group mapper and Entra ID both name the claim so

_EVERYONE = frozenset(ROLES)
_HR = frozenset({"hr"})

# Page (its file name without ``.py``) -> roles that may open it. HR sees everything; the director
# every page but the import, the comments and the audit log; the council the presentation mode and
# the aggregate pages only.
PAGE_ROLES: dict[str, frozenset[str]] = {
    "overview": _EVERYONE,
    "present": _EVERYONE,
    "observatory": _EVERYONE,  # its own app mode (dashboard.py -- --observatory DIR): exported figures only
    "pack": _EVERYONE,  # the council pack: the same aggregates as PPTX/PDF
    "involvement": _EVERYONE,
    "concertation": _EVERYONE,
    "network": _EVERYONE,
    "participation": _EVERYONE,
    "proposals": _EVERYONE,
    "qvt": _EVERYONE,
    "careers": _EVERYONE,
    "import": _HR,  # names files, undoes imports
    "comments": _HR,  # free text, HR only (DOMAIN.md "Anonymity")
    "audit": _HR,  # who did what
    "settings": _HR,  # the anonymity threshold and the publication of waves
    "actions": _EVERYONE,  # action plans: HR and the director write them (SHARED_SETTING_ROLES)
    "glossary": _EVERYONE,  # the terms and their definitions: no data at all
}


# Settings every user shares (one value for the whole installation) -> roles that may change them.
# The slides projected to the council are chosen by those who prepare the meeting; the council sees
# the choice, and may build the pack from it, but never changes it for everyone else.
SHARED_SETTING_ROLES: dict[str, frozenset[str]] = {
    "slides_selection": frozenset({"hr", "director"}),
    "action_plans": frozenset({"hr", "director"}),  # those who decide what to do; the council follows
}


# Free text written by agents that only these roles read: the proposals' text may name people or point
# at its author (never the council, nor presentation mode, the council pack or the restitution).
TEXT_ROLES: dict[str, frozenset[str]] = {
    "proposals": frozenset({"hr", "director"}),
}


def may_read_text(role: str, source: str) -> bool:
    """True when ``role`` may read the free text of ``source`` (``proposals``); none other is named."""
    return role in TEXT_ROLES.get(source, frozenset())


def may_change(role: str, setting: str) -> bool:
    """True when ``role`` may change the shared ``setting``; a setting this table does not name is
    left to the page that writes it (HR's Settings page)."""
    return role in SHARED_SETTING_ROLES.get(setting, frozenset(ROLES))


def page_name(page: str) -> str:
    """The name of a page from its name or its file path: ``pages/import.py`` -> ``import``."""
    return PurePosixPath(page).stem


def allowed(role: str, page: str) -> bool:
    """True when ``role`` may open ``page`` (a name or a file path); an unknown page is refused."""
    return role in PAGE_ROLES.get(page_name(page), frozenset())


def configured_role(value: str | None) -> str:
    """The role of an office machine: ``value`` when it names a role, ``hr`` when unset, else ``council``."""
    if value is None or not str(value).strip():
        return OFFICE_ROLE
    chosen = str(value).strip().lower()
    return chosen if chosen in ROLES else FALLBACK_ROLE


def group_roles(settings: Mapping[str, Any]) -> dict[str, str]:
    """Group -> role, from the ``roles`` table of the ``[mututrack]`` settings (role -> its groups).

    Raises ValueError on a role name that is not one of :data:`ROLES`: a typo must not silently
    take everyone's access away (or give it).
    """
    table = settings.get("roles") or {}
    unknown = sorted(set(table) - set(ROLES))
    if unknown:
        raise ValueError(
            f"Rôle inconnu dans [mututrack.roles] : {', '.join(unknown)} (rôles : {', '.join(ROLES)}). "
            f"/ Unknown role in [mututrack.roles]: {', '.join(unknown)} (roles: {', '.join(ROLES)})."
        )
    mapping: dict[str, str] = {}
    for role in reversed(ROLES):  # a group listed under two roles grants the more privileged one
        for group in _as_list(table.get(role)):
            mapping[group] = role
    return mapping


def claimed_groups(claims: Mapping[str, Any], claim: str = DEFAULT_GROUPS_CLAIM) -> list[str]:
    """The values of the group claim ``claim`` (a list, or a single string), as strings."""
    return _as_list(claims.get(claim))


def most_privileged(roles: Iterable[str]) -> str:
    """The most privileged of ``roles``; ``council`` when none is a role."""
    granted = set(roles)
    return next((role for role in ROLES if role in granted), FALLBACK_ROLE)


def signed_in_role(claims: Mapping[str, Any], settings: Mapping[str, Any]) -> str:
    """The role of a signed-in user: the most privileged role their groups map to, else ``council``."""
    mapping = group_roles(settings)
    claim = str(settings.get("groups_claim") or DEFAULT_GROUPS_CLAIM)
    return most_privileged(mapping[group] for group in claimed_groups(claims, claim) if group in mapping)


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(item) for item in value]


# -- the scope of a director -------------------------------------------------------------------------
DEFAULT_SCOPE_CLAIM = None  # no claim is read unless ``scope_claim`` names one
SCOPE_SETTINGS = "MUTUTRACK_SCOPE, [mututrack] scope, [mututrack.scopes] / scope_claim"


class UnknownScopeError(ValueError):
    """A scope names entity codes the store does not know: said at start, in both languages, rather
    than leaving a director with an empty scope (every page blank) or, worse, none (everything)."""

    def __init__(self, unknown: Iterable[str], known: Iterable[str], where: str = SCOPE_SETTINGS) -> None:
        self.unknown = sorted(unknown)
        self.known = sorted(known)
        listed = ", ".join(self.unknown)
        codes = ", ".join(self.known[:20]) + (" …" if len(self.known) > 20 else "")
        super().__init__(
            f"Collectivité inconnue dans le périmètre du directeur : {listed} (codes connus : {codes}). "
            f"Corrigez {where}. / "
            f"Unknown entity in the director's scope: {listed} (known codes: {codes}). "
            f"Correct {where}."
        )


def parse_scope(value: Any) -> frozenset[str]:
    """Entity codes from a setting: ``"CA, VILLE1"`` (the environment's form) or a list; blanks dropped."""
    items = value.split(",") if isinstance(value, str) else _as_list(value)
    return frozenset(code.strip() for code in items if code and code.strip())


def configured_scope(value: Any) -> frozenset[str] | None:
    """The scope of an office machine (``MUTUTRACK_SCOPE`` or ``[mututrack] scope``); None when unset."""
    return parse_scope(value) or None


def group_scopes(settings: Mapping[str, Any]) -> dict[str, frozenset[str]]:
    """Group -> entity codes, from the ``scopes`` table of the ``[mututrack]`` settings."""
    table = settings.get("scopes") or {}
    return {str(group): parse_scope(codes) for group, codes in table.items()}


def signed_in_scope(claims: Mapping[str, Any], settings: Mapping[str, Any]) -> frozenset[str] | None:
    """The scope of a signed-in user: the entities their groups are given in ``[mututrack.scopes]``
    and those listed in the claim ``scope_claim`` names; None (everything) when neither names any."""
    claim = str(settings.get("groups_claim") or DEFAULT_GROUPS_CLAIM)
    scopes = group_scopes(settings)
    codes: set[str] = set()
    for group in claimed_groups(claims, claim):
        codes |= scopes.get(group, frozenset())
    scope_claim = settings.get("scope_claim") or DEFAULT_SCOPE_CLAIM
    if scope_claim:
        codes |= parse_scope(claims.get(str(scope_claim)))
    return frozenset(codes) or None


def checked_scope(scope: frozenset[str] | None, known: Iterable[str], role: str, *,
                  where: str = SCOPE_SETTINGS) -> frozenset[str] | None:
    """The scope ``role`` works in, with each code spelt as the store spells it (case aside); None
    for everything. Only a director is scoped. Raises :class:`UnknownScopeError` on a code the
    store does not know."""
    if role != "director" or not scope:
        return None
    spelled = {code.upper(): code for code in known}
    if not spelled:  # no entity imported yet: every page says what to import, there is nothing to hide
        return frozenset(scope)
    unknown = {code for code in scope if code.upper() not in spelled}
    if unknown:
        raise UnknownScopeError(unknown, spelled.values(), where)
    return frozenset(spelled[code.upper()] for code in scope)
