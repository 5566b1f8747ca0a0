"""Who sees what: the three roles, the pages each may open, and the role of a signed-in user.

Pure data and functions, no streamlit: :mod:`mututrack.ui` reads the configuration and the user's
identity claims and asks this module. Two ways to run (README, "Roles and privacy"):

- **one office machine**, no identity provider: the app listens on 127.0.0.1 only and the role is
  configured (``MUTUTRACK_ROLE`` or ``[mututrack] role`` in ``.streamlit/secrets.toml``);
- **OpenID Connect** (``[auth]`` in the secrets): the role comes from the user's group claim through
  the ``[mututrack.roles]`` table; a signed-in user with no known group gets ``council``.

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
    "page_name",
    "configured_role",
    "group_roles",
    "claimed_groups",
    "most_privileged",
    "signed_in_role",
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
}


# Settings every user shares (one value for the whole installation) -> roles that may change them.
# The slides projected to the council are chosen by those who prepare the meeting; the council sees
# the choice, and may build the pack from it, but never changes it for everyone else.
SHARED_SETTING_ROLES: dict[str, frozenset[str]] = {
    "slides_selection": frozenset({"hr", "director"}),
    "action_plans": frozenset({"hr", "director"}),  # those who decide what to do; the council follows
}


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
