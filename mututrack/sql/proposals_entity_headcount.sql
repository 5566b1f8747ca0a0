-- Agents of $entity active on $today: below the anonymity threshold, that entity's proposals
-- could point at their authors.
with agents as (
    select agent_key from agents
    where entity_id = $entity
      and (start_date is null or start_date <= $today::date)
      and (end_date is null or end_date >= $today::date)
),

final as (
    select count(*) as agents_active from agents
)

select * from final
