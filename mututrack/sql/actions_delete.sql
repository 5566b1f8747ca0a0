-- One action, deleted; returns its id (nothing when there is no such action).
delete from actions where action_id = $action_id
returning action_id
