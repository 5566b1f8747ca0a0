-- Every field of one action, changed; returns its id (nothing when there is no such action).
update actions set
    title = $title, owner = $owner, due_date = $due_date, status = $status, origin_kind = $origin_kind,
    origin_ref = $origin_ref, indicator = $indicator, group_kind = $group_kind, group_value = $group_value,
    updated_at = $updated_at
where action_id = $action_id
returning action_id
