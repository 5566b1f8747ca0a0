-- The career events careers figures can count: those of agents whose service some project pools
-- (a superset of every project's agents in scope, see in_scope_agents.sql), and the date of the
-- first career event of all (where the calendar years of the Parcours page begin).
-- The page keeps only the events of agents in scope; fewer rows to carry to it than careers_events.
with pooled_agents as (
    select a.agent_key
    from agents as a
    where a.service in (select service from project_services)
),

final as (
    select e.agent_key, e.date, e.kind, e.hours
    from career_events as e
    where e.agent_key in (select agent_key from pooled_agents)
)

select * from final
order by date, agent_key
