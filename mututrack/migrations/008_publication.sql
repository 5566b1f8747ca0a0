-- The protected publication of each survey wave (mututrack/publication, docs/privacy.md): its atoms
-- (disjoint groups of at least k respondents), which respondent belongs to which atom, per atom the
-- frequency of each value of each measure, and the atoms whose answers to a measure are withheld
-- (too few answered, or all alike) and pooled. Pages read these, never the answers.
create table publication_state (
    wave varchar primary key,
    built_version bigint not null,   -- data_version() when last checked current
    fingerprint ubigint not null,    -- hash of what the publication is made from (publication_fingerprint.sql)
    k integer not null,
    frozen boolean not null,         -- published while collecting answers: the tree and atoms move only by k
    tree varchar not null,           -- the atom assignment rule (JSON)
    built_at timestamp not null
);
create table publication_atoms (
    wave varchar not null,
    atom integer not null,
    respondents integer not null,    -- as published (an open wave's atom changes only by k or more)
    entity_id varchar,               -- the value every member shares, null when mixed
    category varchar,
    service varchar,
    projects varchar[] not null      -- the projects whose scope holds every member
);
create table publication_members (
    wave varchar not null,
    respondent_id integer not null,
    atom integer not null
);
create table publication_histograms (
    wave varchar not null,
    atom integer not null,
    measure varchar not null,
    value double,
    klass varchar not null,
    n integer not null
);
create table publication_residuals (
    wave varchar not null,
    measure varchar not null,
    atom integer not null,           -- an atom whose answers to the measure are withheld
    pooled boolean not null          -- the measure's withheld atoms are published together (>= k, not alike)
);
