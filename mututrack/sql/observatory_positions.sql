-- Each territory's whole-wave figure per wave and measure (observatory, docs/observatory.md), with
-- the distribution of the published values across every territory, across those of the same size
-- band and across those of the same kind of pooling. Reads the Parquet files $files, never a store.
with figures as (
    select
        territory,
        wave,
        measure,
        n,
        value,
        suppressed,
        size_band,
        pooling_kind,
        member_communes
    from read_parquet(
        $files,
        hive_partitioning = true,
        hive_types = {'territory': varchar, 'wave': varchar}
    )
    where breakdown = 'all'
),

shown as (
    select * from figures where not suppressed
),

everyone as (
    select
        wave,
        measure,
        count(*) as territories,
        median(value) as median,
        quantile_cont(value, 0.25) as q1,
        quantile_cont(value, 0.75) as q3
    from shown
    group by wave, measure
),

same_band as (
    select
        wave,
        measure,
        size_band,
        count(*) as band_territories,
        median(value) as band_median,
        quantile_cont(value, 0.25) as band_q1,
        quantile_cont(value, 0.75) as band_q3
    from shown
    group by wave, measure, size_band
),

same_kind as (
    select
        wave,
        measure,
        pooling_kind,
        count(*) as kind_territories,
        median(value) as kind_median,
        quantile_cont(value, 0.25) as kind_q1,
        quantile_cont(value, 0.75) as kind_q3
    from shown
    group by wave, measure, pooling_kind
),

final as (
    select
        f.territory,
        f.wave,
        f.measure,
        f.n,
        f.value,
        f.suppressed,
        f.size_band,
        f.pooling_kind,
        f.member_communes,
        coalesce(e.territories, 0) as territories,
        e.median,
        e.q1,
        e.q3,
        coalesce(b.band_territories, 0) as band_territories,
        b.band_median,
        b.band_q1,
        b.band_q3,
        coalesce(k.kind_territories, 0) as kind_territories,
        k.kind_median,
        k.kind_q1,
        k.kind_q3
    from figures as f
    left join everyone as e using (wave, measure)
    left join same_band as b using (wave, measure, size_band)
    left join same_kind as k using (wave, measure, pooling_kind)
)

select * from final
order by wave, measure, territory
