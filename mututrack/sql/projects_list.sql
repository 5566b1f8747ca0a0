-- Every project, in decision order.
select project_id, name, decision_date, go_live_date, objective
from projects
order by decision_date, project_id
