-- The next number of an action created in the app ("PA-0007"), past every one already used.
select coalesce(max(try_cast(substr(action_id, 4) as integer)), 0) + 1 as next_number
from actions
where action_id like 'PA-%'
