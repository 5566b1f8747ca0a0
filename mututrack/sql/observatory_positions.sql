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

-- One pass for the three sets of peers: `peers` is 3 across every territory, 1 within a size band
-- and 2 within a kind of pooling (grouping() flags the columns left out of the set).
spreads as (
    select
        wave,
        measure,
        size_band,
        pooling_kind,
        grouping(size_band, pooling_kind) as peers,
        count(*) as territories,
        median(value) as median,
        quantile_cont(value, 0.25) as q1,
        quantile_cont(value, 0.75) as q3
    from shown
    group by grouping sets ((wave, measure), (wave, measure, size_band), (wave, measure, pooling_kind))
),

final as (
    select
        f.*,
        coalesce(e.territories, 0) as territories,
        e.median, e.q1, e.q3,
        coalesce(b.territories, 0) as band_territories,
        b.median as band_median, b.q1 as band_q1, b.q3 as band_q3,
        coalesce(k.territories, 0) as kind_territories,
        k.median as kind_median, k.q1 as kind_q1, k.q3 as kind_q3
    from figures as f
    left join spreads as e
        on e.peers = 3 and e.wave = f.wave and e.measure = f.measure
    left join spreads as b
        on b.peers = 1 and b.wave = f.wave and b.measure = f.measure and b.size_band = f.size_band
    left join spreads as k
        on k.peers = 2 and k.wave = f.wave and k.measure = f.measure and k.pooling_kind = f.pooling_kind
)

select * from final
order by wave, measure, territory
