-- Every agents' proposal with the name of its entity.
with proposals as (
    select proposal_id, date, entity_id, service, theme, status, decision_date, answer, owner
    from proposals
    where $entity::varchar is null or entity_id = $entity
),

entities as (
    select entity_id, name as entity_name from entities
),

final as (
    select p.*, e.entity_name
    from proposals as p
    left join entities as e on e.entity_id = p.entity_id
)

select * from final
order by date, proposal_id
