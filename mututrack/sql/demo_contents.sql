-- What the demo territory holds (the first real import removes it, and its confirmation says so)
with demo as (
    select import_id from imports where status = 'demo'
), final as (
    select 'entities' as what, count(*) as how_many, 1 as shown_order from entities where import_id in (select import_id from demo)
    union all
    select 'projects', count(*), 2 from projects where import_id in (select import_id from demo)
    union all
    select 'agents', count(*), 3 from agents where import_id in (select import_id from demo)
    union all
    select 'events', count(*), 4 from events where import_id in (select import_id from demo)
    union all
    select 'waves', count(*), 5 from waves where import_id in (select import_id from demo)
    union all
    select 'respondents', count(*), 6 from respondents where import_id in (select import_id from demo)
    union all
    select 'proposals', count(*), 7 from proposals where import_id in (select import_id from demo)
)
select what, how_many from final where how_many > 0 order by shown_order
