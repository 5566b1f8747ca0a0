-- One action created in the app (no import id: undoing an import never removes it).
insert into actions (
    action_id, title, owner, due_date, status, origin_kind, origin_ref, indicator, group_kind, group_value,
    created_at, updated_at
) values (
    $action_id, $title, $owner, $due_date, $status, $origin_kind, $origin_ref, $indicator, $group_kind,
    $group_value, $created_at, $updated_at
)
