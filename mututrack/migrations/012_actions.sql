-- Action plans: what the organisation decided to do about a result, who owns it and by when, where
-- the need appeared and which published indicator should move. Owners are staff (a role or a name
-- typed by HR or the director), never respondents. Rows created in the app carry no import_id (an
-- undo leaves them); rows imported from a file carry theirs, like every other kind.
create table actions (
    action_id varchar primary key,     -- "PA-0001" when created in the app, the file's code otherwise
    title varchar not null,
    owner varchar not null,
    due_date date,
    status varchar not null default 'a_faire',   -- a_faire | en_cours | fait | abandonnee
    origin_kind varchar,               -- levier | alerte | proposition | autre; null when none
    origin_ref varchar,                -- the lever's code, the alert's kind and subject, the proposal's id
    indicator varchar,                 -- who5_mean | who5_poor_share | enps | a dimension or item code
    group_kind varchar not null default 'organisation',  -- organisation | entity | category | project
    group_value varchar,               -- the entity, category or project; null for the organisation
    created_at timestamp not null default current_timestamp,
    updated_at timestamp not null default current_timestamp,
    import_id integer
);
