-- Date cells (table date_cells, column s) read with the likely formats ($likely), in order; years
-- outside 1900..2100 are refused (a typo). mututrack/ingest/dates.py registers the cells.
with parsed as (
    select try_strptime(s, $likely) as t from date_cells
)

select case when year(t) between 1900 and 2100 then t end as t
from parsed
