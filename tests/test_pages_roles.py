"""Who sees what in the app: the navigation of each role, refused URLs, the sign-in page, the audit page."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from mututrack import audit, auth, i18n
from mututrack.store import open_store
from mututrack.ui import navigation

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 60
PAGES = [path for path, *_ in navigation.PAGES]  # the navigation's page files, in its order
RESTRICTED = [path for path in PAGES if auth.PAGE_ROLES.get(auth.page_name(path)) != frozenset(auth.ROLES)]
AUTH = {
    "redirect_uri": "http://127.0.0.1:8501/oauth2callback",
    "cookie_secret": "a-long-enough-test-cookie-secret",
    "client_id": "mututrack",
    "client_secret": "test",
    "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
}
MAPPING = {"roles": {"hr": ["GRP-RH"], "director": ["GRP-DGS"], "council": ["GRP-ELUS"]}}


def _app(
    *, role: str | None = None, user: dict | None = None, secrets: dict | None = None, monkeypatch=None
) -> AppTest:
    if role is not None:
        monkeypatch.setenv("MUTUTRACK_ROLE", role)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    if secrets:
        at.secrets = secrets
    if user is not None:
        at.user = user
    return at.run()


def _assert_navigation(at: AppTest, role: str) -> None:
    """Every allowed page can be switched to; every other page raises ValueError (not in the navigation)."""
    for path in PAGES:
        if auth.allowed(role, path):
            at.switch_page(path)
        else:
            with pytest.raises(ValueError):
                at.switch_page(path)


def test_every_listed_page_exists_has_a_permission_row_and_is_named_in_both_languages() -> None:
    assert "app_pages/audit.py" in PAGES
    texts = i18n.strings()
    for path, title, _, section in navigation.PAGES:
        assert (ROOT / path).is_file(), path
        assert auth.page_name(path) in auth.PAGE_ROLES, f"{path} is missing from auth.PAGE_ROLES"
        for key in (title, section):  # the navigation's and the links' names, the sections' headings
            named = [lang for lang in i18n.LANGUAGES if texts.get(key, {}).get(lang)]
            assert named == list(i18n.LANGUAGES), f"{path}: {key}"


@pytest.mark.parametrize("role", auth.ROLES)
def test_each_role_sees_exactly_its_pages(role: str, demo_app: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = _app(role=role, monkeypatch=monkeypatch)
    assert not at.exception
    _assert_navigation(at, role)


def test_director_has_no_import_page_and_council_only_aggregates(demo_app: Path, monkeypatch) -> None:
    at = _app(role="director", monkeypatch=monkeypatch)
    with pytest.raises(ValueError):
        at.switch_page("app_pages/import.py")
    assert not any(auth.allowed("council", path) for path in RESTRICTED)


@pytest.mark.parametrize("path", [p for p in PAGES if auth.allowed("hr", p) and p in RESTRICTED])
def test_hr_opens_every_restricted_page(path: str, demo_app: Path, monkeypatch) -> None:
    at = _app(role="hr", monkeypatch=monkeypatch)
    at.switch_page(path).run()
    assert not at.exception, at.exception
    assert not at.warning or not any("rôle" in w.value for w in at.warning)


@pytest.mark.parametrize(
    ("path", "role"),
    [(path, role) for path in RESTRICTED for role in auth.ROLES if not auth.allowed(role, path)],
)
def test_a_restricted_page_opened_directly_is_politely_refused(
    path: str, role: str, demo_app, monkeypatch
) -> None:
    """The page file itself checks the role, whatever the navigation shows: a warning, nothing else."""
    monkeypatch.setenv("MUTUTRACK_ROLE", role)
    at = AppTest.from_file(str(ROOT / path), default_timeout=TIMEOUT).run()
    assert not at.exception
    assert [w.value for w in at.warning] == [
        f"Cette page n'est pas accessible avec votre rôle ({ROLE_LABELS[role]}). "
        "Choisissez une autre page dans le menu, ou demandez l'accès à la DRH."
    ]
    assert not at.dataframe and not at.get("download_button") and not at.button and not at.title


ROLE_LABELS = {"hr": "RH", "director": "Direction", "council": "Conseil / CST"}


def _guarded_script() -> None:
    import streamlit as st

    from mututrack import ui

    ui.require_role("hr", "director")
    st.write("contenu réservé")


@pytest.mark.parametrize(("role", "shown"), [("hr", True), ("director", True), ("council", False)])
def test_require_role_shows_the_page_or_a_polite_refusal(role: str, shown: bool, monkeypatch) -> None:
    monkeypatch.setenv("MUTUTRACK_ROLE", role)
    at = AppTest.from_function(_guarded_script, default_timeout=TIMEOUT).run()
    assert not at.exception
    assert [m.value for m in at.markdown] == (["contenu réservé"] if shown else [])
    assert len(at.warning) == (0 if shown else 1)


def test_without_sign_in_the_role_comes_from_the_configuration(monkeypatch) -> None:
    at = AppTest.from_function(_role_script, default_timeout=TIMEOUT)
    at.secrets = {"mututrack": {"role": "director"}}
    assert at.run().markdown[0].value == "director · poste local"
    monkeypatch.setenv("MUTUTRACK_ROLE", "council")  # the environment wins over the secrets file
    assert at.run().markdown[0].value == "council · poste local"


def _role_script() -> None:
    import streamlit as st

    from mututrack import ui

    st.write(f"{ui.role()} · {ui.user_name()}")


def test_with_sign_in_configured_a_signed_out_user_sees_only_the_sign_in_page(demo_app, monkeypatch) -> None:
    monkeypatch.setenv("MUTUTRACK_ROLE", "hr")  # ignored once an identity provider is configured
    at = _app(secrets={"auth": AUTH, "mututrack": MAPPING}, user={"is_logged_in": False})
    assert not at.exception
    assert at.title[0].value == "Connexion"
    assert [b.label for b in at.button] == ["Se connecter"]
    assert not at.sidebar.selectbox  # no filters, no data
    for path in PAGES:
        with pytest.raises(ValueError):
            at.switch_page(path)


@pytest.mark.parametrize(
    ("groups", "role"),
    [
        (["GRP-RH"], "hr"),
        (["GRP-DGS"], "director"),
        (["GRP-ELUS"], "council"),
        (["GRP-COMPTABILITE"], "council"),  # signed in, but no known group
        ([], "council"),
    ],
)
def test_a_signed_in_user_gets_the_role_of_their_groups(groups, role, demo_app, monkeypatch) -> None:
    monkeypatch.setenv("MUTUTRACK_ROLE", "hr")  # ignored once an identity provider is configured
    user = {"is_logged_in": True, "name": "Alice Martin", "email": "alice@agglo.example", "groups": groups}
    at = _app(secrets={"auth": AUTH, "mututrack": MAPPING}, user=user)
    assert not at.exception
    assert f"Alice Martin · rôle : {ROLE_LABELS[role]}" in [c.value for c in at.sidebar.caption]
    assert "Se déconnecter" in [b.label for b in at.sidebar.button]
    _assert_navigation(at, role)


def test_a_misspelt_role_in_the_mapping_is_shown_not_raised(demo_app) -> None:
    user = {"is_logged_in": True, "name": "Alice Martin", "groups": ["GRP-RH"]}
    at = _app(secrets={"auth": AUTH, "mututrack": {"roles": {"rh": ["GRP-RH"]}}}, user=user)
    assert not at.exception
    assert "[mututrack.roles]" in at.error[0].value
    with pytest.raises(ValueError):
        at.switch_page("app_pages/overview.py")


def test_the_audit_page_lists_what_was_done_and_logs_its_own_download(demo_app, monkeypatch) -> None:
    store = open_store(demo_app)
    with store.transaction() as cur:
        audit.record(
            cur, user="Alice Martin", role="hr", action="import", detail="agents · effectifs.csv · 12"
        )
    monkeypatch.setenv("MUTUTRACK_ROLE", "hr")
    at = AppTest.from_file(str(ROOT / "app_pages/audit.py"), default_timeout=TIMEOUT).run()
    assert not at.exception
    table = at.dataframe[0].value
    assert table[["Utilisateur", "Rôle", "Action", "Détail"]].values.tolist() == [
        ["Alice Martin", "RH", "Import", "agents · effectifs.csv · 12"]
    ]
    assert at.get("download_button")


def _download_script() -> None:
    import streamlit as st

    from mututrack import ui

    st.button("Télécharger", on_click=ui.log_action, args=("export", "qvt.csv"))


def test_log_action_records_who_downloaded_without_changing_the_data_version(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("MUTUTRACK_ROLE", "director")
    store = open_store()
    before = store.data_version()
    at = AppTest.from_function(_download_script, default_timeout=TIMEOUT).run()
    at.button[0].click().run()
    assert not at.exception
    logged = audit.history(store)[["user_name", "role", "action", "detail"]].values.tolist()
    assert logged == [["poste local", "director", "export", "qvt.csv"]]
    assert store.data_version() == before
