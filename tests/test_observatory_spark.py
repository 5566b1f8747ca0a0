"""The observatory's query on Spark in local mode, when pyspark and Java are here (docs/observatory.md
"Scale")."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from mututrack import observatory
from mututrack.queries import sql_text
from mututrack.report import parquet
from mututrack.store import Store

pyspark = pytest.importorskip(
    "pyspark",
    reason="pyspark is not installed: the observatory's query was not run on Spark (pip install pyspark)",
)
if shutil.which("java") is None:
    pytest.skip(
        "no Java runtime: Spark cannot start, the observatory's query was not run on it",
        allow_module_level=True,
    )


def test_spark_gives_the_distribution_duckdb_gives(demo_db: Path, tmp_path: Path) -> None:
    from pyspark.sql import SparkSession

    copy = tmp_path / "demo.duckdb"
    copy.write_bytes(demo_db.read_bytes())
    store = Store(copy)
    parquet.write(store, tmp_path / "shared", "val-de-sorne")
    parquet.write(store, tmp_path / "shared", "grand-lac", kind="metropole")
    store.close()
    spark = (SparkSession.builder.master("local[1]").appName("observatory-test")
             .config("spark.sql.sources.partitionColumnTypeInference.enabled", "false")
             .config("spark.ui.enabled", "false").getOrCreate())
    try:
        spark.read.parquet(str(tmp_path / "shared")).createOrReplaceTempView("figures")
        found = spark.sql(sql_text("spark/observatory_distribution")).toPandas()
    finally:
        spark.stop()
    expected = observatory.positions(tmp_path / "shared").drop_duplicates(["wave", "measure"])
    expected = expected[expected["territories"] > 0][["wave", "measure", "territories", "median", "q1", "q3"]]
    key = ["wave", "measure"]
    pd.testing.assert_frame_equal(
        found.sort_values(key, ignore_index=True), expected.sort_values(key, ignore_index=True),
        check_dtype=False,
    )
