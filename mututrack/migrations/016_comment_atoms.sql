-- The comment atoms of each wave's publication (publication/comments.py, docs/privacy.md): which
-- commenter stands in which comment atom (disjoint groups of at least 10 commenters), what each
-- atom's members all share, and the rule that places a commenter (kept while the wave is open).
-- Who commented and where only: no text is kept here; the comments stay in `comments` alone and
-- are joined to these rows when HR reads them.
create table publication_comment_members (
    wave varchar not null,
    respondent_id integer not null,
    atom integer not null            -- an open wave lists a new commenter only once 10 joined the atom
);
create table publication_comment_atoms (
    wave varchar not null,
    atom integer not null,
    commenters integer not null,     -- as released
    entity_id varchar,               -- the value every member shares, null when mixed
    category varchar,
    service varchar,
    projects varchar[] not null      -- the projects whose scope holds every member
);
create table publication_comment_state (
    wave varchar not null,
    tree varchar not null            -- the comment atoms' assignment rule (JSON)
);
-- Make every wave's publication be checked again and built with its comment atoms: the
-- fingerprint now covers who commented.
update publication_state set built_version = -1, fingerprint = 0;
