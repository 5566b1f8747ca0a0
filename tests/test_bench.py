from pathlib import Path

import pytest

from mututrack import bench
from mututrack.bench import imports as bench_import
from mututrack.bench import pages as bench_pages
from mututrack.store import Store


def _figures(**overrides):
    figures = {
        "demo_seconds": 1.0, "import_rows": 100, "import_rows_per_second": 1000.0,
        "import_limit_rows_per_second": 1500.0, "import_pandas_rows_per_second": 300.0,
        "peak_rss_mb": 500.0, "demo_peak_rss_mb": 400.0,
        "pages": {"overview": {"cold_seconds": 0.5, "warm_seconds": 0.01}},
    }
    figures.update(overrides)
    return figures


def test_verdicts_hold_when_every_target_is_met() -> None:
    assert bench.verdicts({"medium": _figures(), "large": _figures()}) == []


def test_verdicts_name_each_missed_target() -> None:
    missed = bench.verdicts({
        "medium": _figures(
            import_rows_per_second=500.0, pages={"qvt": {"cold_seconds": 1.5, "warm_seconds": 0.2}}
        ),
        "large": _figures(
            peak_rss_mb=2000.0, pages={"qvt": {"cold_seconds": 4.0, "warm_seconds": 0.01}}
        ),
    })
    text = "\n".join(missed)
    assert "medium: import at 0.33× the read_csv limit" in text
    assert "medium: qvt cold 1.50 s" in text and "medium: qvt warm 200 ms" in text
    assert "large: qvt cold 4.00 s" in text and "large: peak memory 2000 MB" in text
    assert "medium: import at 1.67× the pandas path" in text


@pytest.mark.slow
def test_the_responses_file_of_the_demo_imports_and_is_timed(demo_db: Path, tmp_path: Path) -> None:
    csv_path = tmp_path / "responses.csv"
    rows = bench_import.responses_file(demo_db, csv_path)
    assert rows > 300
    header = csv_path.read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("collectivite;service;categorie;date_reponse;")
    figures = bench_import.import_figures(csv_path, rows, tmp_path)
    assert set(figures) == {
        "import_rows_per_second", "import_limit_rows_per_second", "import_pandas_rows_per_second"
    }
    assert all(value > 0 for value in figures.values())


@pytest.mark.slow
def test_page_figures_time_every_view_computed_cold_then_warm(demo_db: Path, tmp_path: Path) -> None:
    copy = tmp_path / "demo.duckdb"
    copy.write_bytes(demo_db.read_bytes())  # the figures prepare pages in the store: never the shared file
    figures = bench_pages.page_figures(copy)
    from mututrack.views import VIEWS, stored

    assert set(figures["pages"]) == set(VIEWS) and figures["prepare_seconds"] > 0
    for times in figures["pages"].values():
        assert set(times) == {"computed_seconds", "cold_seconds", "warm_seconds", "selection_seconds"}
        assert times["warm_seconds"] < times["cold_seconds"]
    kept = Store(copy).sql("select view from view_results")["view"]  # what the first visit reads back
    assert set(kept) == set(VIEWS) - stored.NOT_KEPT | {"drivers"}  # and the levers the QVT page shows


def test_table_prints_every_page(capsys) -> None:
    print(bench.table({"small": _figures()}))
    out = capsys.readouterr().out
    assert "== small ==" in out and "overview" in out


def test_false_alarms_on_null_data_are_printed_and_judged(capsys) -> None:
    null = {"heatmap_previous": 0.0, "trend": 0.3, "alerts": None, "shuffles": 10, "views": {},
            "pair": ["T2", "T3"], "within_bound": {"heatmap_previous": True, "trend": False, "alerts": True}}
    print(bench.table({"small": _figures(null_false_alarms=null)}))
    out = capsys.readouterr().out
    assert ("false alarms on null data (10 shuffles of T2 + T3): "
            "heatmap vs previous 0%, trend 30%, alerts n/a") in out
    assert bench.verdicts({"small": _figures(null_false_alarms=null)}) == [
        "small: false alarms on null data, trend starred in 30% of views over 10 shuffles (target about 5 %)"]


@pytest.mark.slow
def test_null_figures_of_the_demo(demo_db: Path, tmp_path: Path) -> None:
    copy = tmp_path / "null.duckdb"
    copy.write_bytes(demo_db.read_bytes())
    null = bench_pages.null_figures(copy, shuffles=1)
    assert null["shuffles"] == 1 and set(null["within_bound"]) == {"heatmap_previous", "trend", "alerts"}
    assert all(0 <= null[f] <= 1 for f in ("heatmap_previous", "trend", "alerts"))


@pytest.mark.slow
def test_observatory_figures_time_the_export_and_the_query_against_plain_duckdb(
    demo_db: Path, tmp_path: Path, monkeypatch
) -> None:
    copy = tmp_path / "demo.duckdb"
    copy.write_bytes(demo_db.read_bytes())
    monkeypatch.setattr(bench_pages, "OBSERVATORY_TERRITORIES", (1, 3))
    figures = bench_pages.observatory_figures(copy, tmp_path)
    assert figures["export_seconds"] > 0 and set(figures["observatory"]) == {"1", "3"}
    for times in figures["observatory"].values():
        assert set(times) == {"query_seconds", "json_seconds", "plain_duckdb_seconds"}
    assert len(list(tmp_path.glob("observatory/territory=*"))) == 3
    out = bench.table({"small": _figures(**figures)})
    assert "Parquet export of the territory" in out and "3 territories" in out
