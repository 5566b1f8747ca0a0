-- Every project with the date it started: its first consultation event or charter step, or its
-- decision date when it has neither (the start of "career interview since the project started").
with events as (
    select project_id, min(date) as first_event from events group by project_id
),

charter as (
    select project_id, min(planned_date) as first_step from charter_steps group by project_id
),

final as (
    select
        p.project_id,
        p.name,
        p.decision_date,
        p.go_live_date,
        least(p.decision_date, coalesce(e.first_event, p.decision_date), coalesce(c.first_step, p.decision_date))
            as start_date
    from projects as p
    left join events as e on e.project_id = p.project_id
    left join charter as c on c.project_id = p.project_id
)

select * from final
order by decision_date, project_id
