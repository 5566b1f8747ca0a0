-- The observatory's distribution per wave and measure in Spark SQL, over a view `figures` of the
-- exported Parquet (partition columns territory and wave discovered from the folder names).
-- Spark's exact percentile interpolates linearly, as DuckDB's quantile_cont does.
select
    wave,
    measure,
    count(*) as territories,
    percentile(value, 0.5) as median,
    percentile(value, 0.25) as q1,
    percentile(value, 0.75) as q3
from figures
where breakdown = 'all' and not suppressed
group by wave, measure
