-- Agents active on each wave's close date (on $today while the wave has no close date), per
-- group (entity, service, category): the denominator of the response rate.
with waves as (
    select wave, coalesce(closed_at, $today::date) as reference_date from waves
),

agents as (
    select entity_id, service, category, start_date, end_date from agents
),

final as (
    select w.wave, a.entity_id, a.service, a.category, count(*) as agents_active
    from waves as w
    inner join agents as a
        on (a.start_date is null or a.start_date <= w.reference_date)
        and (a.end_date is null or a.end_date >= w.reference_date)
    group by w.wave, a.entity_id, a.service, a.category
)

select * from final
order by wave, entity_id, service, category
