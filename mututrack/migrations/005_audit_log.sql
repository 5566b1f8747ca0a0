-- Audit log: who imported, undid, exported or changed a setting, and when. No import_id column on
-- purpose: undoing an import or clearing the demo must never erase the trace of who did it.
create sequence audit_id_seq start 1;
create table audit_log (
    audit_id integer primary key default nextval('audit_id_seq'),
    done_at timestamp not null default current_timestamp,
    user_name varchar not null,     -- the signed-in user's name or e-mail, or "poste local"
    role varchar,                   -- hr | director | council; null when the caller did not know it
    action varchar not null,        -- import | undo | replace | export | setting
    detail varchar not null default ''
);
