-- Agents active on $on_date per entity kind (epci, commune, autre), with the number of entities.
with active as (
    select a.agent_key, e.kind, e.entity_id
    from agents as a
    join entities as e using (entity_id)
    where coalesce(a.start_date, date '1900-01-01') <= $on_date
      and coalesce(a.end_date, date '9999-12-31') >= $on_date
),

final as (
    select
        kind,
        count(*) as agents,
        count(distinct entity_id) as entities
    from active
    group by kind
)

select * from final
order by case kind when 'epci' then 0 when 'commune' then 1 else 2 end
