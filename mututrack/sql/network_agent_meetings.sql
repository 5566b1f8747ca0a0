-- Per project and agent present at one of its events: whether, at one of those events, another
-- present attendee belonged to another entity (`met_other_entity`), or to the EPCI (`met_epci`).
-- An event with present attendees of two entities or more is a meeting for every one of them.
with attendance as (
    select event_id, agent_key from attendance where status = 'present'
),

events as (
    select event_id, project_id
    from events
    where $project::varchar is null or project_id = $project
),

agents as (
    select agent_key, entity_id from agents
),

entities as (
    select entity_id, kind from entities
),

present as (
    select e.project_id, a.event_id, a.agent_key, g.entity_id, coalesce(n.kind = 'epci', false) as is_epci
    from attendance as a
    inner join events as e on e.event_id = a.event_id
    inner join agents as g on g.agent_key = a.agent_key
    left join entities as n on n.entity_id = g.entity_id
),

event_mix as (
    select event_id, count(distinct entity_id) as entity_count, bool_or(is_epci) as epci_present
    from present
    group by event_id
),

final as (
    select
        p.project_id,
        p.agent_key,
        bool_or(m.entity_count >= 2) as met_other_entity,
        bool_or(m.epci_present and not p.is_epci) as met_epci
    from present as p
    inner join event_mix as m on m.event_id = p.event_id
    group by p.project_id, p.agent_key
)

select * from final
order by project_id, agent_key
