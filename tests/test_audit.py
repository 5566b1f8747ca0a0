"""The audit log: entries written inside the caller's transaction, exports logged without a cache flush."""

from __future__ import annotations

import pandas as pd
import pytest

from mututrack import audit
from mututrack.store import Store


def _entries(store: Store) -> pd.DataFrame:
    return audit.history(store).drop(columns="done_at").reset_index(drop=True)


def test_history_lists_every_entry_newest_first(store: Store) -> None:
    with store.transaction() as cur:
        audit.record(cur, user="Alice Martin", role="hr", action="import", detail="agents · roster.csv · 12")
    audit.log(store, user="Bruno Petit", role="director", action="export", detail="pack.pptx")
    with store.transaction() as cur:
        audit.record(cur, user="Alice Martin", action="undo", detail="import 1")  # role unknown to the caller

    expected = pd.DataFrame(
        {
            "user_name": ["Alice Martin", "Bruno Petit", "Alice Martin"],
            "role": [None, "director", "hr"],
            "action": ["undo", "export", "import"],
            "detail": ["import 1", "pack.pptx", "agents · roster.csv · 12"],
        }
    )
    pd.testing.assert_frame_equal(_entries(store), expected, check_dtype=False)
    assert audit.history(store)["done_at"].notna().all()


def test_an_entry_rolls_back_with_the_transaction_it_belongs_to(store: Store) -> None:
    with pytest.raises(RuntimeError), store.transaction() as cur:
        audit.record(cur, user="Alice Martin", role="hr", action="import", detail="agents")
        raise RuntimeError("the load failed halfway")
    assert audit.history(store).empty


def test_log_leaves_the_data_version_alone_so_caches_stay_valid(store: Store) -> None:
    before = store.data_version()
    audit.log(store, user="poste local", role="hr", action="export", detail="qvt.csv")
    assert store.data_version() == before
    assert len(audit.history(store)) == 1


def test_an_unknown_action_is_refused(store: Store) -> None:
    with pytest.raises(ValueError, match="unknown audit action"):
        audit.log(store, user="x", action="delete_everything")
    assert audit.history(store).empty


def test_undoing_an_import_or_clearing_the_demo_keeps_the_log(store: Store) -> None:
    with store.transaction() as cur:
        import_id = store.next_import_id(cur)
        cur.execute(
            "insert into imports (import_id, kind, status) values ($id, 'demo', 'demo')", {"id": import_id}
        )
        audit.record(cur, user="poste local", role="hr", action="import", detail="demo")
    with store.transaction() as cur:
        assert store.clear_demo(cur)
    assert len(audit.history(store)) == 1


def test_migration_adds_the_audit_log(store: Store) -> None:
    assert store.schema_version() >= 5
    assert list(audit.history(store).columns) == ["done_at", "user_name", "role", "action", "detail"]
