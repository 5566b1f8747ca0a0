-- Every career event of an agent: training (with its hours), career interview, internal mobility,
-- new function, promotion.
select agent_key, date, kind, hours
from career_events
order by date, agent_key
