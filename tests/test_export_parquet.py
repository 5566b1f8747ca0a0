"""The Parquet export: only what the publication layer publishes, hive-partitioned, readable by DuckDB."""

from __future__ import annotations

import json
import re
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.parquet as pq
import pytest

from mututrack import cli, observatory
from mututrack.report import parquet
from mututrack.store import Store
from mututrack.views import qvt

K = 5
READ = (
    "select * from read_parquet($files, hive_partitioning = true, "
    "hive_types = {'territory': varchar, 'wave': varchar})"
)


@pytest.fixture(scope="module")
def territories(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Two demo territories (seeds 42 and 7) exported into one folder; their figures as computed."""
    from mututrack import demo

    root = tmp_path_factory.mktemp("observatory")
    second = root / "second.duckdb"
    built = Store(second)
    demo.generate(built, scale="small", seed=7)
    built.close()
    first = root / "first.duckdb"
    first.write_bytes(demo_db.read_bytes())
    out, found = root / "shared", {}
    for name, path in (("val-de-sorne", first), ("autre-agglo", second)):
        store = Store(path)
        parquet.write(store, out, name)
        found[name] = {"figures": parquet.figures(store), "waves": qvt.wave_summary(store, by="entity")}
        store.close()
    return {"out": out, **found}


def read(out: Path) -> pd.DataFrame:
    return duckdb.connect().execute(READ, {"files": str(out / "**" / "*.parquet")}).df()


def test_duckdb_reads_both_territories_partitioned_by_territory_and_wave(territories) -> None:
    rows = read(territories["out"])
    assert set(rows["territory"]) == {"val-de-sorne", "autre-agglo"}
    assert set(rows["breakdown"]) == {"all", "entity", "category", "service", "project"}
    measures = {"who5_mean", "who5_poor_share", "enps", "participation_rate", "item:wc_security"}
    assert measures <= set(rows["measure"])
    out = territories["out"]
    paths = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.parquet"))
    assert paths[0] == "territory=autre-agglo/wave=2026-T1/figures.parquet"
    assert not rows.duplicated(["territory", "wave", "breakdown", "group", "measure"]).any()


def test_metadata_names_schema_questionnaire_wave_and_profile(territories) -> None:
    path = territories["out"] / "territory=val-de-sorne" / "wave=2026-T3" / "figures.parquet"
    meta = {k.decode(): v.decode() for k, v in pq.read_schema(path).metadata.items()}
    assert meta["mututrack.schema_version"] == parquet.SCHEMA_VERSION
    assert re.fullmatch(r"sha256:[0-9a-f]{16}", meta["mututrack.questionnaire_version"])
    assert meta["mututrack.wave"] == "2026-T3" and meta["mututrack.territory"] == "val-de-sorne"
    assert (meta["mututrack.k"], meta["mututrack.pooling_kind"], meta["mututrack.size_band"]) == (
        "5", "communaute_agglomeration", "lt_1000")
    assert pq.read_schema(path).names == parquet.COLUMNS


def test_no_figure_rests_on_fewer_than_k_and_hidden_rows_carry_nothing(territories) -> None:
    rows = read(territories["out"])
    shown, hidden = rows[~rows["suppressed"]], rows[rows["suppressed"]]
    assert (shown["n"] >= K).all() and shown["value"].notna().all()
    assert len(hidden) and hidden[["n", "value", "low", "high"]].isna().all().all()


def test_no_hidden_group_can_be_derived_from_a_total_and_its_visible_groups(territories) -> None:
    rows = read(territories["out"])
    whole = rows[rows["breakdown"] == "all"].set_index(["territory", "wave", "measure"])
    parts = rows[rows["breakdown"].isin(list(parquet.BREAKDOWNS))]
    checked = 0
    for (territory, wave, _, measure), groups in parts.groupby(["territory", "wave", "breakdown", "measure"]):
        total = whole.loc[(territory, wave, measure)]
        if total["suppressed"]:
            continue
        checked += 1
        assert groups["suppressed"].sum() != 1, (territory, wave, measure, groups[groups["suppressed"]])
        # what total − visible groups gives back is nobody, or at least k people
        if measure != "participation_rate":
            rest = total["n"] - groups["n"].sum()
            assert rest == 0 or rest >= K, (territory, wave, measure, rest)
    assert checked > 500


def test_every_figure_is_the_one_the_report_publishes(territories) -> None:
    for name in ("val-de-sorne", "autre-agglo"):
        figures = territories[name]["figures"].set_index(["wave", "breakdown", "group", "measure"])
        for wave in territories[name]["waves"]:
            row = figures.loc[(wave["wave"], "all", "all", "who5_mean")]
            assert row["value"] == pytest.approx(wave["who5_index_mean"])
            assert figures.loc[(wave["wave"], "all", "all", "enps"), "value"] == pytest.approx(wave["enps"])
            for group in wave["groups"]:
                key = (wave["wave"], "entity", "_pooled" if group["pooled"] else group["group"], "who5_mean")
                if not figures.loc[key, "suppressed"]:
                    assert figures.loc[key, "value"] == pytest.approx(group["who5_index_mean"])


def test_export_reads_only_the_publication_layer() -> None:
    source = Path(parquet.__file__).read_text(encoding="utf-8")
    assert not re.search(r"\b(from|join)\s+(answers|respondents|choices|comments)\b", source, re.I)
    assert "store.sql(" not in source and "cursor(" not in source


def test_a_new_export_replaces_the_territorys_folder(demo_db: Path, tmp_path: Path) -> None:
    stale = tmp_path / "territory=val-de-sorne" / "wave=1999-T1" / "figures.parquet"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"old")
    (tmp_path / "copy.duckdb").write_bytes(demo_db.read_bytes())
    code = cli.main(["export", "--db", str(tmp_path / "copy.duckdb"), "--format", "parquet",
                     "--out", str(tmp_path), "--territory", "val-de-sorne"])
    assert code == 0 and not stale.parent.exists()
    assert len(list(tmp_path.glob("territory=val-de-sorne/wave=*/figures.parquet"))) == 4


@pytest.mark.parametrize(
    "name",
    [
        "Val de Sorne",  # a space would need quoting in every hive path
        "../outside",  # never a path outside the folder
        "",
    ],
)
def test_a_territory_name_unsafe_in_a_path_is_refused(name: str, tmp_path: Path, capsys) -> None:
    code = cli.main(
        ["export", "--db", str(tmp_path / "x.duckdb"), "--out", str(tmp_path), "--territory", name]
    )
    assert code == 1
    assert "letters, digits" in capsys.readouterr().err
    assert not list(tmp_path.glob("territory=*"))


@pytest.mark.parametrize(
    ("wave", "accepted"),
    [
        ("2026-T1", True),
        ("Vague 1 (été) 2026", True),  # an organisation's own label, spaces and accents included
        ("2026/T1", False),  # a folder level of its own
        ("T1=printemps", False),  # would read as another hive key
        ("50%", False),  # percent-encoding in a hive path
        (".T1", False),  # a hidden folder
    ],
)
def test_wave_labels_a_hive_path_cannot_carry_are_refused(wave: str, accepted: bool) -> None:
    if accepted:
        parquet._check_wave(wave)
    else:
        with pytest.raises(ValueError, match="cannot name a folder"):
            parquet._check_wave(wave)


@pytest.mark.parametrize(
    ("agents", "band"),
    [(0, "lt_1000"), (999, "lt_1000"), (1000, "1000_4999"), (19_999, "5000_19999"), (200_000, "ge_20000")],
)
def test_size_bands(agents: int, band: str) -> None:
    assert parquet.size_band(agents) == band


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Communauté d'agglomération du Val de Sorne", "communaute_agglomeration"),
        ("Communauté d’agglomération du Pays", "communaute_agglomeration"),  # typographic apostrophe
        ("Métropole du Val", "metropole"),
        ("COMMUNAUTÉ DE COMMUNES des Trois Rivières", "communaute_communes"),
        ("Syndicat mixte", "autre"),
        (None, "autre"),  # no EPCI imported
    ],
)
def test_pooling_kind_read_from_the_epci_name(name: str | None, kind: str) -> None:
    assert parquet.pooling_kind(name) == kind


def test_cli_prints_the_files_written(demo_db: Path, tmp_path: Path, capsys) -> None:
    db = tmp_path / "copy.duckdb"
    db.write_bytes(demo_db.read_bytes())
    args = ["--db", str(db), "--out", str(tmp_path / "o"), "--territory", "t1", "--kind", "metropole"]
    assert cli.main(["export", *args]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["territory"] == "t1" and len(printed["written"]) == 4
    assert set(read(tmp_path / "o")["pooling_kind"]) == {"metropole"}


# -- the observatory ------------------------------------------------------------------------------
def test_observatory_json_gives_each_territory_its_parquet_who5_mean(territories, capsys) -> None:
    assert cli.main(["observatory", str(territories["out"]), "--format", "json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    rows = read(territories["out"])
    whole = rows[(rows["breakdown"] == "all") & (rows["measure"] == "who5_mean")]
    expected = {(r.territory, r.wave): r.value for r in whole.itertuples()}
    found = {
        (v["territory"], m["wave"]): v["value"]
        for m in printed["measures"] if m["measure"] == "who5_mean" for v in m["values"]
    }
    assert found == pytest.approx(expected) and len(found) == 8
    assert {t["territory"] for t in printed["territories"]} == {"val-de-sorne", "autre-agglo"}


def test_observatory_distribution_is_median_and_quartiles_of_the_values_shown(territories) -> None:
    frame = observatory.positions(territories["out"])
    for (_, _), rows in frame.groupby(["wave", "measure"]):
        values = rows.loc[~rows["suppressed"], "value"]
        assert rows["territories"].iloc[0] == len(values)
        if len(values):
            assert rows["median"].iloc[0] == pytest.approx(values.median())
            assert rows["q1"].iloc[0] == pytest.approx(values.quantile(0.25))
            assert rows["q3"].iloc[0] == pytest.approx(values.quantile(0.75))


def test_observatory_table_lists_every_territory(territories, capsys) -> None:
    assert cli.main(["observatory", str(territories["out"]), "--format", "table"]) == 0
    text = capsys.readouterr().out
    assert "val-de-sorne" in text and "autre-agglo" in text and "who5_mean" in text


def test_observatory_on_a_folder_without_export_says_so(tmp_path: Path, capsys) -> None:
    assert cli.main(["observatory", str(tmp_path)]) == 1
    assert "No territory export" in capsys.readouterr().err


def test_observatory_refuses_another_schema_version(territories, tmp_path: Path) -> None:
    source = next(territories["out"].glob("territory=val-de-sorne/wave=*/figures.parquet"))
    table = pq.read_table(source)
    target = tmp_path / "territory=x" / "wave=2026-T1" / "figures.parquet"
    target.parent.mkdir(parents=True)
    pq.write_table(table.replace_schema_metadata({"mututrack.schema_version": "99"}), target)
    with pytest.raises(ValueError, match="Unknown schema version 99"):
        observatory.positions(tmp_path)


def test_published_rates_never_leave_a_count_under_k_to_subtraction(demo_store: Store) -> None:
    from mututrack.filters import Filters
    from mututrack.metrics import participation as rates_metrics
    from mututrack.views import participation
    from mututrack.views.involvement import DIMENSIONS

    published = participation.published_rates(demo_store)
    today = pd.Timestamp.today().date()
    _, respondents, headcount = participation._inputs(demo_store, Filters(), today=today)
    for breakdown in ("entity", "category", "service"):
        column = DIMENSIONS[breakdown]
        truth = rates_metrics.response_rates(
            respondents.rename(columns={column: "group"})[["wave", "group", "respondents"]],
            headcount.rename(columns={column: "group"})[["wave", "group", "agents_active"]],
        ).assign(group=lambda f: f["group"].fillna(""))
        rows = published[published["breakdown"] == breakdown]
        rows = rows.merge(truth, on=["wave", "group"], suffixes=("", "_true"))
        shown = rows[~rows["suppressed"]]
        assert (shown["agents_active"] >= K).all() and (shown["respondents"] >= K).all()
        for _, wave in rows.groupby("wave"):
            hidden = wave[wave["suppressed"]]
            for count in ("respondents", "agents_active_true"):
                assert hidden[count].sum() == 0 or hidden[count].sum() >= K
            assert (hidden["respondents"] > 0).sum() != 1
