-- Every entity with its kind, population and how many agents it ever had: what a director's scope
-- is checked against, and whether the rest of the territory is a single entity.
select e.entity_id, e.name, e.kind, e.population, count(a.agent_key) as agents
from entities as e
left join agents as a on a.entity_id = e.entity_id
group by e.entity_id, e.name, e.kind, e.population
order by e.entity_id
