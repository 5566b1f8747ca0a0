"""AppTest of the settings page: the anonymity threshold and the publication of waves (HR only)."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

from mututrack import audit
from mututrack.publication import suppression as privacy
from mututrack.store import Store

PAGE = str(Path(__file__).resolve().parent.parent / "app_pages" / "settings.py")


def _page(db: Path, monkeypatch, role: str = "hr") -> AppTest:
    monkeypatch.setenv("MUTUTRACK_DB", str(db))
    monkeypatch.setenv("MUTUTRACK_ROLE", role)
    return AppTest.from_file(PAGE, default_timeout=60).run()


def test_hr_changes_the_threshold_and_the_change_is_audited(demo_store: Store, monkeypatch) -> None:
    path = Path(demo_store.path)
    demo_store.close()
    at = _page(path, monkeypatch)
    assert not at.exception
    at.slider[0].set_value(7)
    at.button[0].click().run()
    assert not at.exception
    from mututrack.store import open_store

    opened = open_store(path)
    assert privacy.threshold(opened) == 7
    assert "k_threshold=7" in audit.history(opened)["detail"].tolist()


def test_publishing_the_open_wave_asks_first_then_locks_its_threshold(demo_store: Store, monkeypatch) -> None:
    path = Path(demo_store.path)
    demo_store.close()
    at = _page(path, monkeypatch)
    publish = [b for b in at.button if b.label == "Publier"]
    assert len(publish) == 1, "only the wave still collecting answers is unpublished in the demo"
    publish[0].click().run()
    from mututrack.store import open_store

    opened = open_store(path)
    assert opened.scalar("select published from waves where wave = '2026-T4'") is False  # asked, not done
    assert any("ne peut pas être dépubliée" in m.value for m in at.markdown)
    [b for b in at.button if b.label == "Publier"][-1].click().run()  # the dialog's own button
    assert not at.exception
    assert opened.scalar("select published from waves where wave = '2026-T4'") is True
    assert not [b for b in at.button if b.label == "Publier"]
    assert at.success[0].value.startswith("Vague « 2026-T4 » publiée, seuil verrouillé à ")


def test_a_publication_declined_changes_nothing(demo_store: Store, monkeypatch) -> None:
    path = Path(demo_store.path)
    demo_store.close()
    at = _page(path, monkeypatch)
    [b for b in at.button if b.label == "Publier"][0].click().run()
    [b for b in at.button if b.label == "Ne rien faire"][0].click().run()
    from mututrack.store import open_store

    assert open_store(path).scalar("select published from waves where wave = '2026-T4'") is False
    assert [b.label for b in at.button].count("Publier") == 1
    assert not [s.value for s in at.success if "publi" in s.value.lower()]  # the key's own state may say ok


def test_other_roles_are_refused(demo_store: Store, monkeypatch) -> None:
    path = Path(demo_store.path)
    demo_store.close()
    for role in ("director", "council"):
        at = _page(path, monkeypatch, role)
        assert not at.slider and at.warning, role
