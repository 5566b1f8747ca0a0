"""The real OpenID Connect sign-in: st.login against a local provider (oidc-provider-mock), roles from groups.

One provider and one Streamlit server for the module; each journey has its own browser context, hence
its own cookies. The first journey is the first request the server ever answers: a deep link must
still land on the sign-in page (a legacy ``pages/`` folder would let Streamlit run the page file directly).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import oidc_provider_mock
import pytest

from mututrack import audit
from mututrack.store import Store
from tests.e2e.conftest import Server, assert_no_exception, start_server, wait_ready

USERS = {
    "rh@agglo.example": {"name": "Alice Martin", "groups": ["GRP-MUTUTRACK-RH"]},
    "dgs@agglo.example": {"name": "Bruno Petit", "groups": ["GRP-DGS"]},
    "elu@commune.example": {"name": "Chloé Roux", "groups": ["GRP-INCONNU"]},
}
SECRETS = """
[auth]
redirect_uri = "http://127.0.0.1:{{port}}/oauth2callback"
cookie_secret = "e2e-cookie-secret-long-enough-to-sign"
client_id = "mututrack"
client_secret = "e2e-client-secret"
server_metadata_url = "{provider}/.well-known/openid-configuration"

[mututrack.roles]
hr = ["GRP-MUTUTRACK-RH"]
director = ["GRP-DGS"]
"""


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    """A local OpenID Connect provider that knows our three users and their groups."""
    users = [
        oidc_provider_mock.User(sub=sub, claims={"email": sub, **claims}) for sub, claims in USERS.items()
    ]
    with oidc_provider_mock.run_server_in_thread(user_claims=users) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture(scope="module")
def signed_server(provider: str, demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """MutuTrack with ``[auth]`` pointing at the provider (a secrets file of its own, never the project's)."""
    folder = tmp_path_factory.mktemp("login")
    secrets = folder / "secrets.toml"
    secrets.write_text(SECRETS.format(provider=provider), encoding="utf-8")
    db = folder / "login.duckdb"
    db.write_bytes(demo_db.read_bytes())
    running = start_server(db, env={"MUTUTRACK_ROLE": "hr"}, args=["--secrets.files", str(secrets)])
    yield running
    running.process.terminate()
    running.process.wait(10)


def _sign_in(page, server: Server, sub: str) -> None:
    """Sign in as ``sub`` through the provider's form; back in the app once the sidebar names them."""
    page.goto(server.url)
    wait_ready(page)
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_role("button", name=sub, exact=True).click()  # the provider's one-click button
    page.wait_for_url(re.compile("^" + re.escape(server.url)))
    page.get_by_text(f"{USERS[sub]['name']} · rôle").wait_for()
    wait_ready(page)


def _navigation(page) -> list[str]:
    """The URL path of every page in the navigation (``""`` for the default page, the overview)."""
    page.get_by_test_id("stSidebarNav").wait_for()
    links = page.locator("[data-testid='stSidebarNav'] a")
    return [urlparse(links.nth(i).get_attribute("href")).path.strip("/") for i in range(links.count())]


def test_a_signed_out_visitor_reaches_only_the_sign_in_page(signed_server: Server, page) -> None:
    for path in ("/audit", "/overview", "/"):  # the first is the first request the server answers
        page.goto(signed_server.url + path)
        wait_ready(page)
        assert page.get_by_role("button", name="Se connecter").is_visible(), path
        assert page.get_by_role("heading", name="Connexion").is_visible()
        assert page.locator("[data-testid='stSidebarNav']").count() == 0
        assert page.get_by_text("Journal d'audit").count() == 0
        assert_no_exception(page)


def test_hr_signs_in_and_sees_the_import_page(signed_server: Server, page) -> None:
    _sign_in(page, signed_server, "rh@agglo.example")
    assert_no_exception(page)
    assert page.get_by_text("Alice Martin · rôle : RH").is_visible()
    pages = _navigation(page)
    assert {"import", "audit"} <= set(pages), pages
    page.goto(signed_server.url + "/audit")  # the signed-in cookie opens a new session as the same user
    wait_ready(page)
    assert page.get_by_role("heading", name="Journal d'audit").is_visible()
    assert_no_exception(page)


def test_director_signs_in_and_has_no_import_page(signed_server: Server, page) -> None:
    _sign_in(page, signed_server, "dgs@agglo.example")
    assert page.get_by_text("Bruno Petit · rôle : Direction").is_visible()
    pages = _navigation(page)
    assert "" in pages and "import" not in pages and "audit" not in pages, pages
    for path in ("/import", "/audit"):  # typed in the address bar: a polite refusal, never the page
        page.goto(signed_server.url + path)
        wait_ready(page)
        page.get_by_text("Cette page n'est pas accessible avec votre rôle (Direction)").wait_for()
        assert page.get_by_text("Page not found").count() == 0
        assert page.get_by_test_id("stFileUploaderDropzoneInput").count() == 0
        assert page.get_by_role("heading", name="Journal d'audit").count() == 0
        assert_no_exception(page)


def test_a_user_with_no_known_group_gets_the_council_role(signed_server: Server, page) -> None:
    _sign_in(page, signed_server, "elu@commune.example")
    assert page.get_by_text("Chloé Roux · rôle : Conseil / CST").is_visible()
    assert {"import", "audit"}.isdisjoint(_navigation(page))
    assert_no_exception(page)


def test_hr_imports_a_roster_the_audit_log_names_them_and_the_server_log_holds_no_matricule(
    signed_server: Server, page, tmp_path: Path
) -> None:
    """Last of the module: the first real import replaces the demo territory of this server."""
    matricules = ["MAT-700123", "MAT-700456"]
    roster = tmp_path / "effectifs.csv"
    roster.write_text(
        "matricule;collectivite;service;categorie;statut;date_entree;date_sortie\r\n"
        f"{matricules[0]};CA;RH;B;titulaire;01/02/2015;\r\n"
        f"{matricules[1]};CA;Finances;A;contractuel;15/09/2021;\r\n",
        encoding="utf-8",
    )
    _sign_in(page, signed_server, "rh@agglo.example")
    page.goto(signed_server.url + "/import")
    wait_ready(page)
    page.get_by_test_id("stFileUploaderDropzoneInput").first.set_input_files(str(roster))
    page.get_by_text("Prêt : 2 lignes").wait_for(timeout=90_000)
    page.get_by_role("button", name="Confirmer l'import").click()
    # the demo goes
    page.get_by_role("dialog").get_by_role("button", name="Retirer la démo et importer").click()
    page.get_by_text("réussi").wait_for()
    page.goto(signed_server.url + "/audit")
    wait_ready(page)
    page.get_by_role("heading", name="Journal d'audit").wait_for()
    page.get_by_test_id("stDataFrame").first.wait_for()
    assert_no_exception(page)

    signed_server.process.terminate()  # releases the database and flushes the server's log
    signed_server.process.wait(10)
    stopped = Store(signed_server.db)
    entries = audit.history(stopped)[["user_name", "role", "action"]].values.tolist()
    stopped.close()
    assert entries[0] == ["Alice Martin", "hr", "import"]
    log = signed_server.log.read_text(encoding="utf-8")
    assert "127.0.0.1" in log  # the server did write its log
    for matricule in matricules:
        assert matricule not in log and matricule.split("-")[1] not in log
