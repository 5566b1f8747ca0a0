"""The role model: page permissions, the office machine's role, group claims mapped to roles."""

from __future__ import annotations

import pytest

from mututrack import auth

AGGREGATES = [
    "overview",
    "present",
    "pack",
    "involvement",
    "concertation",
    "network",
    "participation",
    "proposals",
    "qvt",
    "careers",
]
SENSITIVE = ["import", "comments", "audit"]


@pytest.mark.parametrize(
    ("role", "page", "expected"),
    [
        *[("hr", page, True) for page in AGGREGATES + SENSITIVE],
        *[("director", page, True) for page in AGGREGATES],
        *[("director", page, False) for page in SENSITIVE],
        *[("council", page, True) for page in AGGREGATES],
        *[("council", page, False) for page in SENSITIVE],
        ("hr", "app_pages/import.py", True),  # a file path names its page
        ("director", "app_pages/import.py", False),
        ("hr", "unknown", False),  # a page the table does not name is refused to everyone
        ("admin", "overview", False),  # not a role
    ],
)
def test_allowed(role: str, page: str, expected: bool) -> None:
    assert auth.allowed(role, page) is expected


def test_every_role_may_open_the_overview_and_only_hr_the_sensitive_pages() -> None:
    assert all(auth.allowed(role, "overview") for role in auth.ROLES)
    assert {role for role in auth.ROLES if any(auth.allowed(role, p) for p in SENSITIVE)} == {"hr"}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, "hr"),  # nothing configured: the person who installed the tool
        ("", "hr"),
        ("hr", "hr"),
        ("director", "director"),
        (" Council ", "council"),  # case and spaces forgiven
        ("rh", "council"),  # a typo never grants more than aggregates
        ("admin", "council"),
    ],
)
def test_configured_role(value: str | None, expected: str) -> None:
    assert auth.configured_role(value) == expected


SETTINGS = {
    "roles": {
        "hr": ["GRP-MUTUTRACK-RH"],
        "director": ["GRP-MUTUTRACK-DIRECTION", "GRP-DGS"],
        "council": "GRP-ELUS",  # a single group may be written without a list
    }
}


@pytest.mark.parametrize(
    ("claims", "settings", "expected"),
    [
        ({"groups": ["GRP-MUTUTRACK-RH"]}, SETTINGS, "hr"),
        ({"groups": ["GRP-DGS"]}, SETTINGS, "director"),
        ({"groups": ["GRP-ELUS"]}, SETTINGS, "council"),
        ({"groups": ["GRP-ELUS", "GRP-MUTUTRACK-RH", "GRP-DGS"]}, SETTINGS, "hr"),  # most privileged wins
        ({"groups": "GRP-DGS"}, SETTINGS, "director"),  # a provider sending one group as a string
        ({"groups": ["GRP-COMPTA"]}, SETTINGS, "council"),  # no known group
        ({"groups": []}, SETTINGS, "council"),
        ({"email": "a@agglo.fr"}, SETTINGS, "council"),  # no group claim at all
        ({"groups": ["grp-mututrack-rh"]}, SETTINGS, "council"),  # group names are exact
        ({"groups": ["GRP-DGS"]}, {}, "council"),  # nothing mapped
        # Entra ID app roles arrive in the "roles" claim: the claim's name is configurable
        ({"roles": ["MutuTrack.RH"]}, {"groups_claim": "roles", "roles": {"hr": ["MutuTrack.RH"]}}, "hr"),
        (
            {"groups": ["MutuTrack.RH"]},
            {"groups_claim": "roles", "roles": {"hr": ["MutuTrack.RH"]}},
            "council",
        ),
        # a group listed under two roles grants the more privileged one
        ({"groups": ["X"]}, {"roles": {"council": ["X"], "hr": ["X"]}}, "hr"),
    ],
)
def test_signed_in_role(claims: dict, settings: dict, expected: str) -> None:
    assert auth.signed_in_role(claims, settings) == expected


def test_a_misspelt_role_in_the_mapping_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match=r"\[mututrack.roles\].*rh"):
        auth.group_roles({"roles": {"rh": ["GRP-RH"]}})


def test_group_roles_maps_each_group_to_its_role() -> None:
    assert auth.group_roles(SETTINGS) == {
        "GRP-MUTUTRACK-RH": "hr",
        "GRP-MUTUTRACK-DIRECTION": "director",
        "GRP-DGS": "director",
        "GRP-ELUS": "council",
    }


@pytest.mark.parametrize(
    ("roles", "expected"),
    [(["council", "director"], "director"), ([], "council"), (["nobody"], "council"), (["hr"], "hr")],
)
def test_most_privileged(roles: list[str], expected: str) -> None:
    assert auth.most_privileged(roles) == expected


@pytest.mark.parametrize(("role", "setting", "expected"), [
    ("hr", "slides_selection", True),
    ("director", "slides_selection", True),
    ("council", "slides_selection", False),  # the council sees the shared choice, never changes it
    ("council", "some_page_setting", True),  # not shared: the page that writes it decides
])
def test_may_change_a_shared_setting(role: str, setting: str, expected: bool) -> None:
    assert auth.may_change(role, setting) is expected
