-- The agents present at an event (of the chosen project, or all), with their entity: one row per
-- event and agent present (metrics/network.py counts the entities' attendance and shared events).
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

final as (
    select a.event_id, a.agent_key, g.entity_id
    from attendance as a
    inner join events as e on e.event_id = a.event_id
    inner join agents as g on g.agent_key = a.agent_key
)

select * from final
order by event_id, agent_key
