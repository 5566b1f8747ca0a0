-- Every entity with its kind and population, the EPCI first, then communes by size.
select entity_id, name, kind, population
from entities
order by case kind when 'epci' then 0 when 'commune' then 1 else 2 end, population desc nulls last, name
