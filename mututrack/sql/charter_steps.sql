-- The steps of the consultation charter of each project, planned and actual dates.
with steps as (
    select project_id, step, planned_date, actual_date
    from charter_steps
    where $project::varchar is null or project_id = $project
),

final as (
    select s.project_id, p.name as project_name, p.decision_date, s.step, s.planned_date, s.actual_date
    from steps as s
    left join projects as p on p.project_id = s.project_id
)

select * from final
order by decision_date, project_id, planned_date, step
