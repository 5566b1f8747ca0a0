-- Agents of each entity active on $today: the proposals of an entity under the anonymity threshold
-- could point at their authors once a director's scope names that entity.
with agents as (
    select entity_id from agents
    where (start_date is null or start_date <= $today::date)
      and (end_date is null or end_date >= $today::date)
),

final as (
    select entity_id, count(*) as agents_active from agents group by entity_id
)

select * from final
order by entity_id
