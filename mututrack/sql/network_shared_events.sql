-- The entity × entity matrix of shared events: for every ordered pair of different entities,
-- the number of events (of the chosen project, or all) where both had someone present.
with attendance as (
    select event_id, agent_key from attendance where status = 'present'
),

events as (
    select event_id
    from events
    where $project::varchar is null or project_id = $project
),

agents as (
    select agent_key, entity_id from agents
),

event_entities as (
    select distinct a.event_id, g.entity_id
    from attendance as a
    inner join events as e on e.event_id = a.event_id
    inner join agents as g on g.agent_key = a.agent_key
),

final as (
    select x.entity_id as entity_a, y.entity_id as entity_b, count(*) as shared_events
    from event_entities as x
    inner join event_entities as y on y.event_id = x.event_id and y.entity_id <> x.entity_id
    group by x.entity_id, y.entity_id
)

select * from final
order by entity_a, entity_b
