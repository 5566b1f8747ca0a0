-- One entry of the audit log.
insert into audit_log (user_name, role, action, detail) values ($user, $role, $action, $detail)
