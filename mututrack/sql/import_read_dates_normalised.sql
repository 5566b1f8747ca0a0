-- Date cells (table date_cells, column s) read with the likely formats ($likely) once normalised:
-- spaces trimmed, a time zone written after the time dropped, a two-digit year widened (00..69 is
-- 20xx, 70..99 is 19xx); years outside 1900..2100 are refused (a typo). The patterns are written
-- here, not bound: DuckDB compiles a literal pattern once, a bound one for every cell. They are
-- ZONE and SHORT_YEAR of mututrack/ingest/dates.py, which normalises a sample the same way.
with normalised as (
    select regexp_replace(
        regexp_replace(
            regexp_replace(
                trim(s),
                '(\s*(UTC|GMT|CEST|CET)\s*([+-]\d{1,2}(:?\d{2})?)?|(:\d\d(\.\d+)?)\s*(Z|[+-]\d\d(:?\d\d)?))$',
                '\5'
            ),
            '^(\d{1,2}[/.-]\d{1,2}[/.-])([0-6]\d)(\s|$)', '\120\2\3'
        ),
        '^(\d{1,2}[/.-]\d{1,2}[/.-])([7-9]\d)(\s|$)', '\119\2\3'
    ) as s
    from date_cells
),

parsed as (
    select try_strptime(s, $likely) as t from normalised
)

select case when year(t) between 1900 and 2100 then t end as t
from parsed
