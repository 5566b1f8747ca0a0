-- Initial schema. Every imported row keeps its import_id so an import can be undone exactly.
create table meta (key varchar primary key, value varchar);
insert into meta values ('data_version', '0');

create sequence import_id_seq start 1;
create table imports (
    import_id integer primary key,
    kind varchar not null,
    file_name varchar,
    sha256 varchar,
    rows integer not null default 0,
    wave varchar,
    source_format varchar,
    imported_by varchar,
    imported_at timestamp not null default current_timestamp,
    status varchar not null default 'imported',   -- imported | undone | demo
    undone_at timestamp,
    undone_by varchar,
    warnings varchar
);
create table import_files (import_id integer primary key, content blob not null);

create table entities (
    entity_id varchar primary key,
    name varchar not null,
    kind varchar not null,          -- epci | commune | autre
    population integer,
    import_id integer
);
create table projects (
    project_id varchar primary key,
    name varchar not null,
    decision_date date not null,
    go_live_date date,
    objective varchar,              -- economies | qualite_service | les_deux
    import_id integer
);
create table project_services (project_id varchar, service varchar, import_id integer);
create table project_entities (project_id varchar, entity_id varchar, import_id integer);
create table charter_steps (
    project_id varchar not null,
    step varchar not null,
    planned_date date not null,
    actual_date date,
    import_id integer
);
create table agents (
    agent_key varchar primary key,  -- HMAC-SHA256 of the matricule, never the matricule itself
    entity_id varchar not null,
    service varchar not null,
    category varchar not null,      -- A | B | C
    status varchar,                 -- titulaire | contractuel
    start_date date,
    end_date date,
    import_id integer
);
create table events (
    event_id varchar primary key,
    project_id varchar not null,
    date date not null,
    kind varchar not null,
    title varchar,
    entity_id varchar,
    import_id integer
);
create table attendance (
    event_id varchar not null,
    agent_key varchar not null,
    status varchar not null default 'present',
    import_id integer
);
create table waves (
    wave varchar primary key,
    opened_at date,
    closed_at date,
    k_threshold integer,            -- locked when published
    published boolean not null default false,
    import_id integer
);
create table questions (
    code varchar primary key,
    text_fr varchar not null,
    text_en varchar,
    dimension varchar not null,
    scale varchar not null,
    reverse boolean not null default false,
    import_id integer               -- null for the standard catalogue
);
create sequence respondent_id_seq start 1;
create table respondents (
    respondent_id integer primary key,
    wave varchar not null,
    respondent_key varchar,         -- HMAC of the token or identifier, when the file had one
    entity_id varchar,
    service varchar,
    category varchar,
    submitted_at timestamp,
    import_id integer
);
create table answers (
    respondent_id integer not null,
    question_code varchar not null,
    value smallint,                 -- numeric scales (who5 0..5, likert5 1..5, nps11 0..10), raw
    choice varchar,                 -- choice scale
    import_id integer
);
create table comments (
    respondent_id integer not null,
    question_code varchar not null,
    text varchar not null,
    import_id integer
);
create table career_events (
    agent_key varchar not null,
    date date not null,
    kind varchar not null,
    hours double,
    project_id varchar,
    import_id integer
);
create table proposals (
    proposal_id varchar primary key,
    date date not null,
    entity_id varchar,
    service varchar,
    theme varchar not null,
    status varchar not null,
    decision_date date,
    answer varchar,
    import_id integer
);
-- Hand mappings of unmatched question columns, remembered per source for the next wave.
create table column_mappings (
    source varchar not null,
    header varchar not null,
    question_code varchar not null,
    primary key (source, header)
);
create table settings (key varchar primary key, value varchar not null);
