-- The latest import of each kind still in the store (real or demo), for the sources of the council pack.
with source_imports as (
    select kind, file_name, rows, status, imported_at
    from imports
    where status in ('imported', 'demo')
),

ranked as (
    select
        *,
        row_number() over (partition by kind order by imported_at desc) as recency
    from source_imports
),

final as (
    select
        kind,
        file_name,
        rows,
        status,
        cast(imported_at as date) as imported_on
    from ranked
    where recency = 1
)

select * from final
order by kind
