-- Agents in scope of each project (DOMAIN.md "In scope of project P"): entity among the
-- project's entities (every entity when it lists none), service among its services, active on
-- its decision date (start <= decision <= end, an empty start or end is open).
-- Parameters ($project, $entity, $category) narrow the result; null means all.
with projects as (
    select project_id, decision_date
    from projects
    where $project::varchar is null or project_id = $project
),

project_services as (
    select distinct project_id, service from project_services
),

project_entities as (
    select distinct project_id, entity_id from project_entities
),

agents as (
    select agent_key, entity_id, service, category, start_date, end_date
    from agents
    where ($entity::varchar is null or entity_id = $entity)
      and ($category::varchar is null or category = $category)
),

entities as (
    select entity_id, kind as entity_kind, population from entities
),

listed_entities as (
    select project_id, count(*) as entity_count from project_entities group by project_id
),

in_scope as (
    select p.project_id, a.agent_key, a.entity_id, a.service, a.category
    from projects as p
    inner join project_services as s on s.project_id = p.project_id
    inner join agents as a on a.service = s.service
    left join listed_entities as l on l.project_id = p.project_id
    left join project_entities as pe on pe.project_id = p.project_id and pe.entity_id = a.entity_id
    where (a.start_date is null or a.start_date <= p.decision_date)
      and (a.end_date is null or a.end_date >= p.decision_date)
      and (l.entity_count is null or pe.entity_id is not null)
),

final as (
    select i.project_id, i.agent_key, i.entity_id, e.entity_kind, e.population, i.service, i.category
    from in_scope as i
    left join entities as e on e.entity_id = i.entity_id
)

select * from final
order by project_id, agent_key
