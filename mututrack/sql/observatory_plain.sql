-- The distribution of every territory's whole-wave figure per wave and measure, and nothing else:
-- the plain DuckDB query the benchmark compares the observatory with.
select
    wave,
    measure,
    count(value) as territories,
    median(value) as median,
    quantile_cont(value, 0.25) as q1,
    quantile_cont(value, 0.75) as q3
from read_parquet($files, hive_partitioning = true)
where breakdown = 'all'
group by wave, measure
