-- Every action plan (mututrack/plans.py); the view sorts them by urgency.
select
    action_id, title, owner, due_date, status, origin_kind, origin_ref, indicator, group_kind, group_value,
    created_at, updated_at, import_id
from actions
order by action_id
