-- Each agent's first `present` attendance at an event of each project (absent and excused rows
-- never count), as one attendance row per project and agent.
with attendance as (
    select event_id, agent_key, status from attendance
),

events as (
    select event_id, project_id, date
    from events
    where $project::varchar is null or project_id = $project
),

final as (
    select e.project_id, a.agent_key, min(e.date) as date, 'present' as status
    from attendance as a
    inner join events as e on e.event_id = a.event_id
    where a.status = 'present'
    group by e.project_id, a.agent_key
)

select * from final
order by project_id, agent_key
