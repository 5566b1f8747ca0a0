-- The status of one action, changed; returns its id (nothing when there is no such action).
update actions set status = $status, updated_at = $updated_at
where action_id = $action_id
returning action_id
