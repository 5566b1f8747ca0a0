-- Every consultation event with its project's decision date and its attendance sheet:
-- `invited` = rows of the sheet, `present` = rows marked present; with $entity or $category,
-- only the rows of agents of that entity or category.
with events as (
    select event_id, project_id, date, kind, title, entity_id
    from events
    where $project::varchar is null or project_id = $project
),

projects as (
    select project_id, name as project_name, decision_date from projects
),

agents as (
    select agent_key, entity_id, category from agents
),

sheets as (
    select a.event_id, count(*) as invited, count(*) filter (where a.status = 'present') as present
    from attendance as a
    left join agents as g on g.agent_key = a.agent_key
    where ($entity::varchar is null or g.entity_id = $entity)
      and ($category::varchar is null or g.category = $category)
    group by a.event_id
),

final as (
    select
        e.event_id,
        e.project_id,
        p.project_name,
        e.date,
        e.kind,
        e.title,
        e.entity_id,
        p.decision_date,
        coalesce(s.invited, 0) as invited,
        coalesce(s.present, 0) as present
    from events as e
    left join projects as p on p.project_id = e.project_id
    left join sheets as s on s.event_id = e.event_id
)

select * from final
order by date, event_id
