-- Per entity: the agents present at least once at an event (of the chosen project, or all), and
-- the events they attended.
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
    select g.entity_id, count(distinct a.agent_key) as agents_present, count(distinct a.event_id) as events
    from attendance as a
    inner join events as e on e.event_id = a.event_id
    inner join agents as g on g.agent_key = a.agent_key
    group by g.entity_id
)

select * from final
order by entity_id
