-- Date cells (table date_cells, column s) read with the likely formats ($likely), in order; years
-- outside 1900..2100 are refused (a typo). mututrack/ingest/dates.py registers the cells.
select
    case
        when year(try_strptime(s, $likely)) between 1900 and 2100 then try_strptime(s, $likely)
    end as t
from date_cells
